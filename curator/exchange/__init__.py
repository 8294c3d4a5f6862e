"""Export and import: curated data out to the files other tools read, and back in."""
