"""`curator history`, `backup` and `restore`: what keeps an editor's work safe.

curator history ID [--json]          every change to an article, its annotations, record
curator backup [--json]              a consistent copy now (rotated: 7 daily, 4 weekly)
curator backup --list [--json]       the library's backups, newest first
curator restore BACKUP [--json]      replace the library with a backup (after backing up
                                     the current file, so the restore can be undone)
curator recover NEW [--json]         copy what can be read from a damaged library (--db)
                                     into a new library NEW; the damaged file is only read
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from curator import backups, history, recovery
from curator.articles import get_article
from curator.paths import default_library_path
from db.library import Library

EXIT_OK = 0


def add_safety_parsers(commands: Any, common: argparse.ArgumentParser) -> None:
    command = commands.add_parser(
        "history", parents=[common], help="every change to an article, with who and when"
    )
    command.add_argument("id", type=int)
    command = commands.add_parser("backup", parents=[common], help="back up the library now")
    command.add_argument("--list", action="store_true", help="list the backups instead")
    command = commands.add_parser(
        "restore", parents=[common], help="replace the library with a backup (safely)"
    )
    command.add_argument("backup", type=Path, metavar="BACKUP")
    command = commands.add_parser(
        "recover", parents=[common], help="copy what can be read from a damaged library"
    )
    command.add_argument("target", type=Path, metavar="NEW", help="the new library file")


def _print(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def run_history(library: Library, args: argparse.Namespace) -> int:
    get_article(library, args.id)  # a missing article is an error
    revisions = history.article_history(library, args.id)
    if args.json:
        _print([revision.to_json() for revision in revisions])
        return EXIT_OK
    for revision in revisions:
        print(f"{revision.at:%Y-%m-%d %H:%M}  {revision.author:<16} #{revision.id:<6} "
              f"{revision.summary()}")  # fmt: skip
    return EXIT_OK


def run_backup(library: Library, args: argparse.Namespace) -> int:
    if args.list:
        found = backups.list_backups(library.path)
        if args.json:
            _print([backup.to_json() for backup in found])
        else:
            for backup in found:
                print(f"{backup.taken_at:%Y-%m-%d %H:%M:%S}  {backup.size_bytes:>10,}  "
                      f"{backup.path}")  # fmt: skip
        return EXIT_OK
    taken = backups.backup_now(library)
    if args.json:
        _print(taken.to_json())
    else:
        print(f"backed up to {taken.path}")
    return EXIT_OK


def run_restore(library: Library, args: argparse.Namespace) -> int:
    restored, safety = backups.restore(library, args.backup)
    restored.close()
    if args.json:
        _print({"restored_from": str(args.backup), "previous_state": safety.to_json()})
    else:
        print(f"restored {restored.path} from {args.backup}; "
              f"the state before is kept in {safety.path}")  # fmt: skip
    return EXIT_OK


def run_recover(args: argparse.Namespace) -> int:
    """Needs no open library: the damaged one may be past opening."""
    report = recovery.recover_library(
        getattr(args, "db", None) or default_library_path(), args.target
    )
    if args.json:
        _print(report.to_json())
    else:
        print(report.summary())
    return EXIT_OK
