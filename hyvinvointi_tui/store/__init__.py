"""Keys, age encryption, atomic saving and file discovery. No Textual here."""
