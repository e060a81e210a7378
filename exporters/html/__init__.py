"""The report as one self-contained web page for the government website's editor."""
