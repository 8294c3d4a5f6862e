"""Write a file so that readers see the old version or the new one, never half of one.

The bytes go to a new file beside the target (same folder, so the same file system),
are flushed to disk, and the new file then replaces the old in one step (os.replace).
If anything fails, the old file is left as it was and the temporary file removed.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`; raises OSError when the folder cannot be written."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
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
