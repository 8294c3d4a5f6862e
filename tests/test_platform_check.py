"""Launching on Linux without the xcb plugin's system libraries: a message naming the
Debian/Ubuntu packages, not Qt's misleading one (which names libxcb-cursor0)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ui import platform_check
from ui.platform_check import (
    chosen_platform,
    missing_libraries_message,
    missing_xcb_libraries,
    not_found_in_ldd,
)

# `ldd libqxcb.so` on a fresh Debian 12 desktop (abridged).
LDD_FRESH_DEBIAN = """\
\tlinux-vdso.so.1 (0x00007ffd0c5f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f818a77d000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f818a71a000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f81893b9000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibfoo-unknown.so.3 => not found
"""


def test_the_libraries_ldd_cannot_find_are_listed_once() -> None:
    assert not_found_in_ldd(LDD_FRESH_DEBIAN) == [
        "libxcb-icccm.so.4",
        "libxcb-keysyms.so.1",
        "libfoo-unknown.so.3",
    ]


def test_the_message_names_the_packages_to_install() -> None:
    message = missing_libraries_message(not_found_in_ldd(LDD_FRESH_DEBIAN))
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in message
    assert "libxcb-cursor0" not in message  # what Qt's own message wrongly suggests
    assert "apt-file search libfoo-unknown.so.3" in message


def test_ldd_is_run_on_the_plugin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"")
    calls = []

    def fake_run(command, **_kwargs):  # type: ignore[no-untyped-def]
        calls.append(command)
        return subprocess.CompletedProcess(command, 0, LDD_FRESH_DEBIAN, "")

    monkeypatch.setattr(platform_check.subprocess, "run", fake_run)
    monkeypatch.setattr(platform_check.shutil, "which", lambda _name: "/usr/bin/ldd")
    assert missing_xcb_libraries(plugin)[:2] == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert calls == [["/usr/bin/ldd", str(plugin)]]


@pytest.mark.parametrize(
    ("env", "platform"),
    [
        ({}, "xcb"),
        ({"QT_QPA_PLATFORM": "offscreen"}, "offscreen"),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "wayland"),
        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "wayland"),
        ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, "xcb"),
    ],
)
def test_only_the_xcb_platform_is_checked(env: dict, platform: str) -> None:
    assert chosen_platform(env) == platform


def test_no_check_off_xcb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_check, "missing_xcb_libraries", lambda: ["libxcb.so.1"])
    assert platform_check.check_platform_libraries({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_launch_stops_with_the_message_before_qt_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ui.app

    monkeypatch.setattr(
        ui.app,
        "check_platform_libraries",
        lambda: missing_libraries_message(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]),
    )
    monkeypatch.setattr(ui.app, "create_application", lambda: pytest.fail("Qt was started"))
    assert ui.app.run_app(None) == 1
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in capsys.readouterr().err
