"""The report's words against its figures: numbers read from prose, years, repetition, sentences from the tables."""
