"""Write a file so that readers see the old version or the new one, never half of one.

The bytes go to a new file beside the target (same folder, so the same file system),
are flushed to disk, and the new file then replaces the old in one step (os.replace).
If anything fails, the old file is left as it was and the temporary file removed.

Temporary names are recognisably ours — ``.<name>.curator-tmp-<host>-<pid>-<hex>`` — so
what a killed process left behind (no ``finally`` runs after SIGKILL or a power cut) is
removed by the next write into the same folder from the same computer (a shared folder
may hold another computer's work in progress), once no running process has that pid. An
earlier export moved aside (``…curator-old-…``) whose place is still empty — the process
was killed between the two renames — is put back instead.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import socket
from pathlib import Path

#: ".<name>.curator-tmp-<host>-<pid>-<8 hex>" (being written) or "…curator-old-…" (an
#: earlier export folder moved aside while the new one takes its place).
_TEMPORARY = re.compile(
    r"^\.(?P<name>.+)\.curator-(?P<kind>tmp|old)-(?P<host>[0-9a-f]{6})-(?P<pid>\d+)-[0-9a-f]{8}$"
)
#: this computer, in temporary names: a pid means something only on its own host
HOST = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:6]


def temporary_name(destination: Path, kind: str = "tmp") -> Path:
    """A fresh hidden name beside `destination` that sweep_temporaries() recognises."""
    token = secrets.token_hex(4)
    return destination.with_name(f".{destination.name}.curator-{kind}-{HOST}-{os.getpid()}-{token}")


def _running(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":
        return True  # this process may be writing it; on Windows os.kill would kill
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or unknowable: leave its files alone
    return True


def sweep_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files and folders a killed writer left in `folder`; the removed."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None or match["host"] != HOST or _running(int(match["pid"])):
            continue
        original = Path(folder, match["name"])
        try:
            if match["kind"] == "old" and not os.path.lexists(original):
                os.rename(entry.path, original)  # the earlier export, back in its place
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue  # not ours to fight over: left for the next time
        removed.append(Path(entry.path))
    return removed


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`; raises OSError when the folder cannot be written."""
    path = Path(path)
    sweep_temporaries(path.parent)
    temporary = temporary_name(path)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
