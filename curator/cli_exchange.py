"""`curator export` and `curator import --format`: exchange files on the command line.

    curator export --format F --out PATH [--status S] [--lang L] [--tag T] [--query Q]
                   [--from DATE] [--to DATE] [--ids 1,2,3] [--excel] [--replace] [--json]
    curator import --format F PATH... [--map FOREIGN=OURS]... [--add-types] [--json]
    curator import --format tmx|xliff PATH --article ID [--replace] [--json]

Formats: json, jsonl, csv, w3c, brat, conll, doccano, labelstudio, tmx, xliff. Formats
made of several files (csv, brat) write into the folder PATH, or a .zip when PATH ends
in .zip. The export is written under a temporary name and renamed at the end, so a
failure leaves nothing behind. It never writes over the library, its journals or its
backups, nor into a folder that is not empty unless that holds an earlier Curator
export of the same format; that (or an existing file) is replaced only with --replace.
`import` without --format still imports plain articles.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from curator.articles import ArticleFilter
from curator.cli_alignment_import import (
    add_alignment_import_options,
    refuse_pair_options,
    run_alignment_import,
)
from curator.exchange import labelstudio, service
from curator.exchange.destination import ReplaceNeeded
from curator.exchange.label_map import LabelOptions, parse_mapping
from curator.exchange.model import ExportCancelled
from curator.i18n import ngettext
from db.library import Library

EXIT_OK, EXIT_ERROR = 0, 1


def _ids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of ids: {text!r}") from None


def add_export_parser(
    commands: Any,
    common: argparse.ArgumentParser,
    filter_options: Callable[[argparse.ArgumentParser], None],
) -> None:
    command = commands.add_parser(
        "export",
        parents=[common],
        help="export articles with their annotations, entities, relations and records",
    )
    command.add_argument("--format", required=True, choices=service.FORMATS, dest="exchange_format")
    command.add_argument(
        "--out", required=True, type=Path, metavar="PATH", help="file, folder or .zip"
    )
    filter_options(command)
    command.add_argument("--query", default="", help="only articles matching this search")
    command.add_argument(
        "--from", dest="published_from", metavar="DATE", help="published on or after"
    )
    command.add_argument("--to", dest="published_to", metavar="DATE", help="published on or before")
    command.add_argument("--ids", type=_ids, metavar="1,2,3", help="only these articles")
    command.add_argument(
        "--excel",
        action="store_true",
        help="csv for Excel: BOM, ';' where decimals use ',', formulas neutralised",
    )
    command.add_argument(
        "--replace",
        action="store_true",
        help="replace an earlier export of the same format (or an existing file) at PATH",
    )


def add_import_format_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--format",
        choices=service.FORMATS,
        dest="exchange_format",
        default=None,
        help="import an exchange file of this format (default: plain article files)",
    )
    add_alignment_import_options(command)
    command.add_argument(
        "--map",
        action="append",
        type=_mapping,
        default=[],
        dest="label_map",
        metavar="FOREIGN=OURS",
        help="read the file's label FOREIGN as our type or relation OURS (repeatable)",
    )
    command.add_argument(
        "--add-types",
        action="store_true",
        help="add labels that match no type or relation to the library's tagset",
    )


def _mapping(text: str) -> tuple[str, str]:
    try:
        return parse_mapping(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def run_export(library: Library, args: argparse.Namespace) -> int:
    options = {"excel": True} if args.excel else None
    if args.excel and args.exchange_format != "csv":
        options = None
    try:
        report = service.export(
            library,
            args.exchange_format,
            args.out,
            ids=args.ids,
            article_filter=ArticleFilter(status=args.status, language=args.lang, tag=args.tag),
            query=args.query,
            published_from=args.published_from,
            published_to=args.published_to,
            options=options,
            replace=args.replace,
        )
    except ReplaceNeeded as needed:
        print(f"curator: error: {needed}; add --replace to replace it", file=sys.stderr)
        return EXIT_ERROR
    except ExportCancelled:
        print("curator: export cancelled; nothing written", file=sys.stderr)
        return EXIT_ERROR
    if args.json:
        from curator.cli import _print_json

        _print_json(report.to_json())
    else:
        size = ngettext("{n} byte", "{n} bytes", report.bytes).format(n=report.bytes)
        print(f"exported {report.count} to {report.path} ({size})")
        if args.exchange_format == "labelstudio":
            print(f"labelling config: {labelstudio.config_path(report.path)}")
    return EXIT_OK


def run_exchange_import(library: Library, args: argparse.Namespace) -> int:
    if args.exchange_format in service.ALIGNMENT_FORMATS:
        return run_alignment_import(library, args)
    refuse_pair_options(args)
    labels = LabelOptions(dict(args.label_map), args.add_types)
    reports = [
        service.import_file(library, args.exchange_format, path, labels=labels)
        for path in args.paths
    ]
    failed = any(report.errors for report in reports)
    if args.json:
        from curator.cli import _print_json

        _print_json(
            [
                dict(report.to_json(), path=str(p))
                for report, p in zip(reports, args.paths, strict=True)
            ]
        )
        return EXIT_ERROR if failed else EXIT_OK
    for path, report in zip(args.paths, reports, strict=True):
        for problem in report.problems:
            print(f"{problem.severity:9} {problem}", file=sys.stderr)
        print(f"{path}: {report.summary()}")
    return EXIT_ERROR if failed else EXIT_OK
