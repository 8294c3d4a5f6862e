"""Curator's one entry point: no subcommand opens the window, a subcommand runs the CLI."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from curator import cli

    args = cli.parse(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        from ui.app import run_app

        return run_app(getattr(args, "db", None))
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
