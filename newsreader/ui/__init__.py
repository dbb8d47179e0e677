"""The PySide6 user interface. Views talk to the core only through the Library."""
