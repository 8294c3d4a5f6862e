"""The command line: a second front end over the same services as the window.

Every subcommand that works on a library takes --db PATH and --json (`align` needs no
library). Errors are one line on stderr and exit status 1; an import that refused some
files prints its report and also exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from curator import (
    annotations,
    articles,
    entities,
    importer,
    recommender,
    record_draft,
    records,
    search,
    stats,
    suggestions,
    templates,
)
from curator.cli_align import AlignCommandError, add_align_parser, run_align
from curator.cli_alignment_import import refuse_pair_options
from curator.cli_check import add_check_parsers, run_check, run_dismiss
from curator.cli_exchange import (
    add_export_parser,
    add_import_format_option,
    run_exchange_import,
    run_export,
)
from curator.cli_safety import (
    add_safety_parsers,
    run_backup,
    run_history,
    run_recover,
    run_restore,
)
from curator.errors import CuratorError, LibraryOpenError
from curator.i18n import _, ngettext, set_locale, system_locale_name
from curator.paths import data_dir, default_library_path
from curator.search_query import QuerySyntaxError
from db import health
from db.library import Library

EXIT_OK, EXIT_ERROR = 0, 1


class CommandError(Exception):
    """A one-line message for stderr."""


def _common_options() -> argparse.ArgumentParser:
    # SUPPRESS keeps a value given before the subcommand from being reset after it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help=f"library file (default: {default_library_path()})",
    )
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print machine-readable JSON",
    )
    return common


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", choices=articles.STATUSES, help="only articles with status")
    parser.add_argument("--lang", metavar="CODE", help="only articles in this language (en, it)")
    parser.add_argument("--tag", help="only articles with this tag")


def build_parser() -> argparse.ArgumentParser:
    common = _common_options()
    parser = argparse.ArgumentParser(
        prog="curator",
        description="Curator: curate news articles into structured records. "
        "With no command, opens the window.",
        parents=[common],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    command = commands.add_parser(
        "import", parents=[common], help="import files and folders (.txt .md .html .json .jsonl)"
    )
    command.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add_import_format_option(command)
    add_export_parser(commands, common, _filter_options)

    command = commands.add_parser("list", parents=[common], help="list articles")
    _filter_options(command)
    command.add_argument("--sort", choices=sorted(articles.SORT_ORDERS), default="newest")
    command.add_argument("--limit", type=int, default=None)

    command = commands.add_parser("show", parents=[common], help="show one article")
    command.add_argument("id", type=int)

    command = commands.add_parser("search", parents=[common], help="full-text search")
    command.add_argument(
        "query", help='words, "phrases", prefix*, AND / OR / NOT, -word, title:word'
    )
    _filter_options(command)
    command.add_argument("--limit", type=int, default=20)

    commands.add_parser("stats", parents=[common], help="counts by status, language and tag")

    command = commands.add_parser(
        "annotations", parents=[common], help="annotations (mentions) of an article or all"
    )
    command.add_argument("--article", type=int, metavar="ID")
    command.add_argument(
        "--pending", action="store_true", help="include suggestions awaiting a decision"
    )

    command = commands.add_parser(
        "suggest", parents=[common], help="suggested annotations: gazetteer and rules"
    )
    command.add_argument("--article", type=int, metavar="ID", help="one article (default: all)")
    command.add_argument(
        "--store", action="store_true", help="save them as pending suggestions for editors"
    )

    command = commands.add_parser(
        "record", parents=[common], help="an article's structured record with its evidence"
    )
    command.add_argument("id", type=int)
    command.add_argument(
        "--draft", action="store_true", help="first fill empty fields from the annotations"
    )
    command.add_argument(
        "--verify-all",
        action="store_true",
        help="then mark verified every value that has evidence",
    )
    commands.add_parser("templates", parents=[common], help="the record templates")

    commands.add_parser(
        "train",
        parents=[common],
        help="train the annotation recommender on the accepted annotations",
    )

    command = commands.add_parser(
        "entities",
        parents=[common],
        help="the entity registry; `entities delete ID` deletes one, unlinking its mentions",
    )
    command.add_argument("--type", dest="entity_type", metavar="TYPE", help="e.g. ORG, PERSON")
    command.add_argument("action", nargs="?", choices=("list", "delete"), default="list")
    command.add_argument("entity_id", nargs="?", type=int, metavar="ID")
    add_align_parser(commands)
    add_check_parsers(commands, common)
    add_safety_parsers(commands, common)
    return parser


def _open(args: argparse.Namespace, *, create: bool) -> Library:
    path = getattr(args, "db", None) or default_library_path()
    if not create and not Path(path).exists():
        raise CommandError(
            f"{path}: no library here yet; import articles into it first "
            "(curator import PATH) or pass --db PATH."
        )
    return Library.open(path, create=create)


def _filter(args: argparse.Namespace) -> articles.ArticleFilter:
    return articles.ArticleFilter(status=args.status, language=args.lang, tag=args.tag)


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _cmd_import(library: Library, args: argparse.Namespace) -> int:
    if getattr(args, "exchange_format", None):
        return run_exchange_import(library, args)
    refuse_pair_options(args)
    if getattr(args, "label_map", None) or getattr(args, "add_types", False):
        print("curator: error: --map and --add-types need --format", file=sys.stderr)
        return EXIT_ERROR
    report = importer.import_paths(library, args.paths)
    if args.json:
        _print_json(report.to_json())
    else:
        for item in report.imported:
            print(f"imported  #{item.id}  {item.title}")
        for dup in report.duplicates:
            print(f"duplicate {dup.origin}: already in the library as #{dup.existing_id}")
        for problem in report.problems:
            print(f"{problem.severity:9} {problem}", file=sys.stderr)
        print(report.summary())
    return EXIT_ERROR if report.errors else EXIT_OK


def _cmd_list(library: Library, args: argparse.Namespace) -> int:
    rows = articles.list_articles(
        library, _filter(args), order=articles.SORT_ORDERS[args.sort], limit=args.limit
    )
    if args.json:
        _print_json([row.to_json() for row in rows])
        return EXIT_OK
    for row in rows:
        published = row.published.isoformat() if row.published else "—"
        print(
            f"{row.id:>6}  {row.status:<11} {row.language or '?':<3} {published:<10}  {row.title}"
        )
    return EXIT_OK


def _cmd_show(library: Library, args: argparse.Namespace) -> int:
    detail = articles.get_article(library, args.id)
    if args.json:
        _print_json(detail.to_json())
        return EXIT_OK
    print(f"#{detail.id}  {detail.title}")
    for label, value in (
        ("status", detail.status),
        ("language", detail.language),
        ("published", detail.published.isoformat() if detail.published else None),
        ("source", detail.source_name),
        ("url", detail.url),
        ("tags", ", ".join(detail.tags)),
        ("notes", detail.notes),
        ("version", detail.version),
    ):
        if value:
            print(f"{label:>10}: {value}")
    for link in detail.translations:
        role = "original" if link.is_source else "translation"
        print(f"{role:>10}: #{link.article_id} ({link.language}) {link.title}")
    print()
    print(detail.body)
    return EXIT_OK


def _cmd_search(library: Library, args: argparse.Namespace) -> int:
    results = search.search_articles(library, args.query, _filter(args), limit=args.limit)
    if args.json:
        _print_json([hit.to_json() for hit in results.hits])
        return EXIT_OK
    bold = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("[", "]")
    for hit in results.hits:
        print(f"#{hit.id}  {hit.title}")
        print(f"        {hit.snippet_text(*bold)}")
    summary = ngettext("{n} matching article", "{n} matching articles", results.total).format(
        n=f"{results.total:,}"
    )
    if results.total > len(results.hits):
        summary += _(", showing {n}").format(n=len(results.hits))
    if results.ranked_among < results.total:
        summary += _("; the best among the {n} most recently imported").format(
            n=f"{results.ranked_among:,}"
        )
    print(summary)
    return EXIT_OK


def _cmd_stats(library: Library, args: argparse.Namespace) -> int:
    figures = stats.library_stats(library)
    if args.json:
        _print_json(figures.to_json())
        return EXIT_OK
    print(f"library      {figures.path} ({figures.size_bytes / 1_048_576:.1f} MB)")
    print(f"articles     {figures.articles}")
    for title, counts in (
        ("status", figures.by_status),
        ("language", figures.by_language),
        ("tags", figures.top_tags),
    ):
        listed = ", ".join(f"{name} {count}" for name, count in counts.items()) or "—"
        print(f"{title:<12} {listed}")
    pairs = figures.translation_pairs
    print("translations " + ngettext("{n} pair", "{n} pairs", pairs).format(n=pairs))
    return EXIT_OK


def _cmd_annotations(library: Library, args: argparse.Namespace) -> int:
    statuses = ("accepted", "pending") if args.pending else ("accepted",)
    if args.article is not None:
        articles.get_article(library, args.article)  # a missing article is an error
    rows = annotations.list_annotations(library, args.article, statuses)
    if args.json:
        _print_json([row.to_json() for row in rows])
        return EXIT_OK
    for row in rows:
        linked = f" -> {row.entity_name}" if row.entity_name else ""
        pending = " (suggested)" if row.status == "pending" else ""
        print(
            f"#{row.article_id}  {row.start:>6}-{row.end:<6} {row.type:<9} {row.quote}"
            f"{linked}{pending}"
        )
    return EXIT_OK


def _cmd_suggest(library: Library, args: argparse.Namespace) -> int:
    ids = [args.article] if args.article is not None else articles.list_article_ids(library)
    gazetteer = suggestions.Gazetteer(entities.all_aliases(library))
    found = [s for article_id in ids for s in suggestions.suggest(library, article_id, gazetteer)]
    if args.store:
        for article_id in ids:
            suggestions.store_suggestions(library, [s for s in found if s.article_id == article_id])
    if args.json:
        _print_json([suggestion.to_json() for suggestion in found])
        return EXIT_OK
    for s in found:
        print(f"#{s.article_id}  {s.start:>6}-{s.end:<6} {s.type:<9} {s.text}  ({s.source})")
    print(
        ngettext("{n} suggestion", "{n} suggestions", len(found)).format(n=len(found))
        + (_(", stored as pending") if args.store else "")
    )
    return EXIT_OK


def _cmd_entities(library: Library, args: argparse.Namespace) -> int:
    if args.action == "delete":
        return _delete_entity(library, args)
    rows = entities.list_entities(library, args.entity_type)
    if args.json:
        _print_json([row.to_json() for row in rows])
        return EXIT_OK
    for row in rows:
        others = ", ".join(alias for alias, _language in row.aliases if alias != row.name)
        print(
            f"{row.id:>5}  {row.type:<9} {row.name}  ("
            + ngettext("{n} mention", "{n} mentions", row.mentions).format(n=row.mentions)
            + ")"
            + (f"  aka {others}" if others else "")
        )
    return EXIT_OK


def _delete_entity(library: Library, args: argparse.Namespace) -> int:
    if args.entity_id is None:
        raise CommandError("entities delete: say which entity, e.g. `entities delete 12`")
    removed = entities.remove_entity(library, args.entity_id)
    if args.json:
        _print_json(
            {
                "deleted": removed.entity.to_json(),
                "unlinked_annotations": list(removed.unlinked_annotation_ids),
                "unlinked_record_values": len(removed.record_values),
            }
        )
        return EXIT_OK
    count = len(removed.unlinked_annotation_ids)
    print(
        f"deleted entity #{removed.entity.id} “{removed.entity.name}” ({removed.entity.type}); "
        f"{count} mention{'' if count == 1 else 's'} unlinked, still annotated; "
        f"{len(removed.record_values)} record values keep its name as text"
    )
    return EXIT_OK


def _cmd_train(library: Library, args: argparse.Namespace) -> int:
    try:
        trained = recommender.train(library)
    except ValueError as error:
        raise CommandError(str(error)) from error
    if args.json:
        _print_json(trained.to_json())
        return EXIT_OK
    annotations_text = ngettext(
        "{n} annotation", "{n} annotations", trained.annotations
    ).format(n=trained.annotations)
    articles_text = ngettext("{n} article", "{n} articles", trained.articles).format(
        n=trained.articles
    )
    if not trained.measured:
        print(
            f"trained on {annotations_text} in {articles_text}; "
            f"not enough to measure yet: precision and recall need at least "
            f"{recommender.MIN_ARTICLES_TO_MEASURE} annotated articles"
        )
        return EXIT_OK
    held_text = ngettext("{n} article", "{n} articles", trained.held_out_articles).format(
        n=trained.held_out_articles
    )
    print(
        f"trained on {annotations_text} in {articles_text}; "
        f"cross-validated over {held_text} in {trained.folds} folds: "
        f"precision {trained.precision:.2f}, recall {trained.recall:.2f}, F1 {trained.f1:.2f}"
    )
    for type_name, score in trained.per_type.items():
        print(
            f"  {type_name:<9} P {score.precision:.2f}  R {score.recall:.2f}  "
            f"F1 {score.f1:.2f}  ({score.support} held out)"
        )
    return EXIT_OK


def _cmd_record(library: Library, args: argparse.Namespace) -> int:
    if args.draft:
        record_draft.draft_from_annotations(library, args.id)
    verified = records.verify_evidenced(library, args.id)[1] if args.verify_all else None
    data = records.record_json(library, args.id)
    if args.json:
        _print_json(data if verified is None else {**data, "verified_now": verified})
        return EXIT_OK
    if verified is not None:
        print(f"verified {verified} value{'' if verified == 1 else 's'} with evidence")
    print(f"record of #{data['story_article_id']} ({data['template']} v{data['template_version']})")
    for key, value in data["fields"].items():
        cells = value if isinstance(value, list) else [{"": value}]
        for item in cells:
            for sub, cell in item.items():
                label = f"{key}.{sub}" if sub else key
                quotes = "; ".join(e.get("text", "?") for e in cell["evidence"]) or "no evidence"
                print(
                    f"  {label:<24} {json.dumps(cell['value'], ensure_ascii=False)}"
                    f"  [{cell['status']}]  <- {quotes}"
                )
    return EXIT_OK


def _cmd_templates(args: argparse.Namespace) -> int:
    found = templates.list_templates()
    if args.json:
        _print_json([template.to_json() for template in found])
    else:
        for template in found:
            print(
                f"{template.id:<20} v{template.version}  {template.name}  "
                "("
                + ngettext("{n} field", "{n} fields", len(template.fields)).format(
                    n=len(template.fields)
                )
                + f", {template.origin})"
            )
    for problem in templates.template_problems():
        print(f"curator: warning: {problem}", file=sys.stderr)
    return EXIT_OK


LibraryCommand = tuple[Callable[[Library, argparse.Namespace], int], bool]
#: name: (handler(library, args), may create the library); a command that needs no
#: library is its handler(args) alone.
COMMANDS: dict[str, LibraryCommand | Callable[[argparse.Namespace], int]] = {
    "align": run_align,
    "import": (_cmd_import, True),
    "export": (run_export, False),
    "list": (_cmd_list, False),
    "show": (_cmd_show, False),
    "search": (_cmd_search, False),
    "stats": (_cmd_stats, False),
    "annotations": (_cmd_annotations, False),
    "entities": (_cmd_entities, False),
    "suggest": (_cmd_suggest, False),
    "train": (_cmd_train, False),
    "check": (run_check, False),
    "dismiss": (run_dismiss, False),
    "history": (run_history, False),
    "backup": (run_backup, False),
    "restore": (run_restore, False),
    "recover": run_recover,
    "record": (_cmd_record, False),
    "templates": _cmd_templates,
}


def run(args: argparse.Namespace) -> int:
    """Run a parsed subcommand; errors become one line on stderr and exit status 1."""
    args.json = getattr(args, "json", False)
    set_locale(system_locale_name())
    health.remember_verified_in(data_dir() / "verified-libraries.json")
    command = COMMANDS[args.command]
    try:
        if not isinstance(command, tuple):
            return command(args)
        handler, may_create = command
        library = _open(args, create=may_create)
        try:
            return handler(library, args)
        finally:
            library.close()
    except (
        CommandError,
        AlignCommandError,
        CuratorError,
        LibraryOpenError,
        QuerySyntaxError,
    ) as error:
        print(f"curator: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (e.g. `curator list | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("curator: " + _("interrupted"), file=sys.stderr)
        return 130
    except Exception as error:  # a bug: still one line, never a traceback
        if os.environ.get("CURATOR_DEBUG"):
            raise
        print(
            f"curator: error: unexpected {type(error).__name__}: {error} "
            "(set CURATOR_DEBUG=1 for details, and please report it)",
            file=sys.stderr,
        )
        return EXIT_ERROR


def parse(argv: Sequence[str]) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))
