"""`curator import --format tmx|xliff PATH --article ID [--replace]`: a translation
memory into a stored translation pair.

ID is either article of the pair. The file must be in the pair's languages; a pair
aligned already is replaced only with --replace. Every refusal is one line on stderr
and exit status 1; nothing is stored then.
"""

from __future__ import annotations

import argparse
import sys

from curator import translations
from curator.errors import CuratorError
from curator.formats.file_access import open_regular
from curator.i18n import _
from db.library import Library

EXIT_OK, EXIT_ERROR = 0, 1


def add_alignment_import_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--article",
        type=int,
        metavar="ID",
        help="with --format tmx or xliff: either article of the translation pair to align",
    )
    command.add_argument(
        "--replace",
        action="store_true",
        help="with --format tmx or xliff: replace the pair's existing alignment",
    )


def refuse_pair_options(args: argparse.Namespace) -> None:
    """--article and --replace belong to tmx and xliff; elsewhere they would do nothing."""
    for given, option in ((args.article is not None, "--article"), (args.replace, "--replace")):
        if given:
            raise CuratorError(
                _("{option} goes with --format tmx or xliff only").format(option=option)
            )


def run_alignment_import(library: Library, args: argparse.Namespace) -> int:
    if args.article is None:
        raise CuratorError(
            _("--format {name} imports into a translation pair: add --article ID").format(
                name=args.exchange_format
            )
        )
    if len(args.paths) != 1:
        raise CuratorError(_("a translation pair takes one alignment file at a time"))
    path = args.paths[0]
    try:
        with open_regular(path) as stream:
            data = stream.read()
    except OSError as error:
        raise CuratorError(f"{path}: {error.strerror or error}") from None
    bitext_id = translations.pair_for_article(library, args.article)
    try:
        view, problems = translations.import_alignment(
            library, bitext_id, data, path.name, args.exchange_format, replace=args.replace
        )
    except translations.ReplaceNeeded as needed:
        raise CuratorError(
            _("{reason}; add --replace to replace it").format(reason=needed)
        ) from None
    for problem in problems:
        print(f"{problem.severity:9} {problem}", file=sys.stderr)
    if view is None:
        return EXIT_ERROR
    if args.json:
        from curator.cli import _print_json

        _print_json({"pair": bitext_id, "beads": len(view.beads), "version": view.version})
    else:
        print(f"{path}: {len(view.beads)} beads imported into pair {bitext_id}")
    return EXIT_OK
