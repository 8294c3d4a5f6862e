"""`curator align SRC_FILE TGT_FILE`: align a text with its translation, without a library.

    curator align it.txt en.txt [--src-lang it] [--tgt-lang en]
                  [--format tsv|tmx|xliff|json] [--one-per-line] [--out PATH]

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

from curator.align.beads import Alignment
from curator.align.texts import align_texts
from curator.formats.atomic_write import write_bytes_atomically
from curator.formats.bitext_tsv import write_bitext_tsv
from curator.formats.decoding import UnreadableFile, read_text_file
from curator.formats.tmx import write_tmx
from curator.formats.xliff import write_xliff

FORMATS = ("tsv", "tmx", "xliff", "json")


class AlignCommandError(Exception):
    """A one-line message for stderr."""


def add_align_parser(commands: Any) -> None:
    """Register `align` on the subcommand parsers (argparse's _SubParsersAction)."""
    command = commands.add_parser(
        "align", help="align the sentences of a text with its translation (no library)"
    )
    command.add_argument("source", type=Path, metavar="SRC_FILE", help="the original text")
    command.add_argument("target", type=Path, metavar="TGT_FILE", help="its translation")
    command.add_argument("--src-lang", metavar="CODE", help="language of SRC_FILE (detected)")
    command.add_argument("--tgt-lang", metavar="CODE", help="language of TGT_FILE (detected)")
    command.add_argument("--format", choices=FORMATS, default="tsv", help="default: tsv")
    command.add_argument(
        "--one-per-line", action="store_true", help="each line is one sentence (line k: k-1)"
    )
    command.add_argument("--out", type=Path, metavar="PATH", help="write here, not to stdout")


def run_align(args: argparse.Namespace) -> int:
    """Align the two files and write the beads; raises AlignCommandError for the user."""
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
