"""The clerk's window (PySide6). Thin: widgets generated from the format definition, bound to model/."""
