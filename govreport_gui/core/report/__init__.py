"""The whole annual report (issue 16): its sections of text beside the tables, the figures quoted in
the text, and the checks of that text. Knows nothing of Qt or argparse, like the rest of core."""
