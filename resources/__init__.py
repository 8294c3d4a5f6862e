"""Data the program reads: sample library, style sheet, icons, templates, catalogs."""
