"""Reading a report as it was published (web page, Word, PDF, text) back into a draft."""
