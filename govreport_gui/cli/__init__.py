"""``govreport``: the command line (argparse), a thin front-end over ``core``."""
