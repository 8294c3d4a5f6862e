"""`curator align`: align a text with its translation, from two files or a stored pair.

    curator align it.txt en.txt [--src-lang it] [--tgt-lang en]
                  [--format tsv|tmx|xliff|json] [--one-per-line] [--out PATH]
    curator align --article ID [--db PATH] [--format ...] [--out PATH]

With two files no library is needed. With --article, ID is either article of a pair
stored in the library (either the original or its translation): its stored alignment is
written, after aligning the pair first if it never was (which stores the result, as the
window's alignment editor does).

Languages are detected when not given. JSON is a list of beads, each with the 0-based
sentence indices of both sides ("src": [4], "tgt": [4, 5]), their sentences and a
confidence. Output goes to stdout, or atomically to --out. A file that cannot be read
is one line on stderr and exit status 1 (through cli.CommandError).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from curator import translations
from curator.align.beads import Alignment
from curator.align.texts import align_texts
from curator.formats.atomic_write import write_bytes_atomically
from curator.formats.bitext_tsv import write_bitext_tsv
from curator.formats.decoding import UnreadableFile, read_text_file
from curator.formats.tmx import write_tmx
from curator.formats.xliff import write_xliff
from curator.paths import default_library_path
from db.library import Library

FORMATS = ("tsv", "tmx", "xliff", "json")


class AlignCommandError(Exception):
    """A one-line message for stderr."""


def add_align_parser(commands: Any) -> None:
    """Register `align` on the subcommand parsers (argparse's _SubParsersAction)."""
    command = commands.add_parser(
        "align", help="align the sentences of a text with its translation (files or a pair)"
    )
    command.add_argument(
        "source", type=Path, nargs="?", metavar="SRC_FILE", help="the original text"
    )
    command.add_argument("target", type=Path, nargs="?", metavar="TGT_FILE", help="its translation")
    command.add_argument(
        "--article",
        type=int,
        metavar="ID",
        help="align a stored pair instead: either article's id (no files then)",
    )
    # As the other subcommands take them (SUPPRESS keeps values given before `align`).
    command.add_argument(
        "--db", type=Path, default=argparse.SUPPRESS, metavar="PATH", help="library file"
    )
    command.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="same as --format json"
    )
    command.add_argument("--src-lang", metavar="CODE", help="language of SRC_FILE (detected)")
    command.add_argument("--tgt-lang", metavar="CODE", help="language of TGT_FILE (detected)")
    command.add_argument("--format", choices=FORMATS, default="tsv", help="default: tsv")
    command.add_argument(
        "--one-per-line", action="store_true", help="each line is one sentence (line k: k-1)"
    )
    command.add_argument("--out", type=Path, metavar="PATH", help="write here, not to stdout")


def run_align(args: argparse.Namespace) -> int:
    """Align the two files (or the stored pair) and write the beads; raises
    AlignCommandError for the user."""
    if args.article is not None:
        if args.source is not None or args.target is not None:
            raise AlignCommandError("give either two files or --article ID, not both")
        return _write(args, _stored_pair(args))
    if args.source is None or args.target is None:
        raise AlignCommandError("give two files (SRC_FILE TGT_FILE) or --article ID")
    texts = []
    for path in (args.source, args.target):
        try:
            texts.append(read_text_file(path))
        except UnreadableFile as error:
            raise AlignCommandError(f"{path}: {error.reason}") from None
    alignment = align_texts(
        texts[0],
        texts[1],
        source_language=args.src_lang,
        target_language=args.tgt_lang,
        one_per_line=args.one_per_line,
    )
    return _write(args, alignment)


def _stored_pair(args: argparse.Namespace) -> Alignment:
    """The alignment of the pair an article belongs to, aligned first if it never was."""
    path = Path(getattr(args, "db", None) or default_library_path())
    if not path.exists():
        raise AlignCommandError(f"{path}: no library here; pass --db PATH")
    library = Library.open(path, create=False)
    try:
        bitext_id = translations.pair_for_article(library, args.article)
        view = translations.get_alignment(library, bitext_id)
        if not view.aligned:
            view = translations.align_pair(library, bitext_id)
        return view.to_alignment()
    finally:
        library.close()


def _write(args: argparse.Namespace, alignment: Alignment) -> int:
    data = render(alignment, "json" if getattr(args, "json", False) else args.format)
    if args.out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    try:
        write_bytes_atomically(args.out, data)
    except OSError as error:
        raise AlignCommandError(f"{args.out}: cannot write ({error.strerror or error})") from None
    return 0


def render(alignment: Alignment, chosen: str) -> bytes:
    """The alignment in one of FORMATS, as bytes."""
    if chosen == "json":
        return (json.dumps(beads_json(alignment), ensure_ascii=False, indent=2) + "\n").encode()
    if chosen == "tsv":
        return write_bitext_tsv(alignment).encode("utf-8")
    if chosen == "tmx":
        return write_tmx(alignment)
    if chosen == "xliff":
        return write_xliff(alignment)
    raise ValueError(f"unknown format {chosen!r}")


def beads_json(alignment: Alignment) -> list[dict[str, Any]]:
    return [
        {
            "src": list(bead.source),
            "tgt": list(bead.target),
            "src_sentences": [alignment.source[i] for i in bead.source],
            "tgt_sentences": [alignment.target[j] for j in bead.target],
            "confidence": bead.confidence,
        }
        for bead in alignment.beads
    ]
