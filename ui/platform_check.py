"""Before Qt starts on Linux: are the system libraries of its xcb platform plugin there?

Qt only says it "could not load the Qt platform plugin xcb" and names libxcb-cursor0, even
when other libraries are what is missing (a fresh Debian 12 lacks libxcb-icccm4 and
libxcb-keysyms1). This asks the dynamic linker (`ldd` on the plugin) which libraries are not
found and names the Debian/Ubuntu packages to install. No Qt is imported here.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from importlib.util import find_spec
from pathlib import Path

from curator.i18n import _

# The libraries Qt 6's xcb plugin (and libQt6XcbQpa) load, and their Debian/Ubuntu packages.
XCB_PACKAGES = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libglib-2.0.so.0": "libglib2.0-0",
}


def chosen_platform(env: Mapping[str, str]) -> str:
    """The platform plugin Qt will load: QT_QPA_PLATFORM, else wayland in a Wayland
    session, else xcb."""
    if requested := env.get("QT_QPA_PLATFORM", "").strip():
        return requested.split(";")[0].split(":")[0]
    if env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb"


def xcb_plugin() -> Path | None:
    spec = find_spec("PySide6")
    if spec is None or spec.origin is None:
        return None
    plugin = Path(spec.origin).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def not_found_in_ldd(output: str) -> list[str]:
    """The library names `ldd` could not resolve, in order, once each."""
    missing: list[str] = []
    for line in output.splitlines():
        name, _arrow, where = line.strip().partition("=>")
        if where.strip() == "not found" and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def missing_xcb_libraries(plugin: Path | None = None) -> list[str]:
    """System libraries the xcb plugin needs and the linker cannot find."""
    plugin = plugin or xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is not None and ldd is not None:
        try:
            result = subprocess.run(
                [ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False
            )
        except (OSError, subprocess.SubprocessError):
            result = None
        if result is not None and result.returncode == 0:
            return not_found_in_ldd(result.stdout)
    # No ldd (or no plugin to ask about): look the known libraries up one by one.
    return [
        name
        for name in XCB_PACKAGES
        if ctypes.util.find_library(name.removeprefix("lib").split(".so")[0]) is None
    ]


def missing_libraries_message(missing: list[str]) -> str:
    packages = [XCB_PACKAGES[name] for name in missing if name in XCB_PACKAGES]
    unknown = [name for name in missing if name not in XCB_PACKAGES]
    lines = [
        _("Curator cannot open its window: the Qt platform plugin “xcb” needs system "
          "libraries that are not installed: {names}.").format(names=", ".join(missing)),
    ]  # fmt: skip
    if packages:
        lines.append(
            _("On Debian or Ubuntu, install them with:\n    sudo apt install {packages}").format(
                packages=" ".join(packages)
            )
        )
    if unknown:
        lines.append(
            _("To find the package of {names}: apt-file search {first}").format(
                names=", ".join(unknown), first=unknown[0]
            )
        )
    lines.append(_("The command line (python main.py SUBCOMMAND) works without them."))
    return "\n".join(lines)


def check_platform_libraries(env: Mapping[str, str] | None = None) -> str | None:
    """A message naming the packages to install, or None when the window can start."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux") or chosen_platform(env) != "xcb":
        return None
    missing = missing_xcb_libraries()
    return missing_libraries_message(missing) if missing else None
