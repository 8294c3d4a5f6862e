"""Export and import: curated data out to the files other tools read, and back in.

Every format is one module here exposing:

- ``MULTI_FILE: bool`` — whether it writes a folder of files (brat, csv) or one file;
- ``write(articles: Iterable[ExportedArticle], out, progress: Progress) -> int`` — writes
  the articles and returns how many; ``out`` is a text stream (one file; the service
  opens it atomically) or, for MULTI_FILE formats, a folder Path (a temporary folder the
  service renames, or zips, when complete). It must stream: never hold all articles.
  It checks ``progress.cancelled`` now and then and stops (raising ExportCancelled).
- ``read(path: Path) -> ImportResult`` — for formats that can be read back: the articles
  found (offsets re-anchored on their text) and a named problem for every item that
  could not be taken as it was.

curator/exchange/service.py dispatches by format name and does the atomic writing.
"""
