"""The official layout of each form: the Excel and PDF writers and the Excel reader."""
