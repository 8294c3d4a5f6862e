"""The README as written: its keys table is the registry's, its command lines run as typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from curator import cli
from curator.tagset import default_tagset
from ui import keys

README = Path(__file__).resolve().parent.parent / "README.md"


def shell_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_keys_table_is_the_registry() -> None:
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- keys table: generated -->\n")[1].split("\n<!-- end")[0]
    assert table.strip() == keys.markdown_table(default_tagset().types)


def test_command_examples_run_without_activating_the_venv() -> None:
    bare = [
        line
        for line in shell_lines()
        if line.startswith(("python main.py", "python3 main.py", "curator "))
    ]
    assert bare == []
    assert len(cli_examples()) > 15


def cli_examples() -> list[list[str]]:
    examples = []
    for line in shell_lines():
        command = line.split("#")[0].split()
        if command[:2] == [".venv/bin/python", "main.py"] and len(command) > 2:
            examples.append(command[2:])
        elif command[:1] == [".venv/bin/curator"]:
            examples.append(command[1:])
    return examples


@pytest.mark.parametrize("argv", cli_examples(), ids=lambda argv: " ".join(argv[:2]))
def test_every_subcommand_in_the_readme_exists(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.parse([argv[0], "--help"])
    assert raised.value.code == 0
