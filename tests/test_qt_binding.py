"""The Qt binding in use must not corrupt Python's reference counts.

PySide6 6.12.0 released a reference to None every time C++ called a Python model's
data() that returned None: a long session with the library list open would abort
the program. Models return None for every role they do not handle, so this guards
the PySide6 version pinned in pyproject.toml.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt


class _NoData(QAbstractListModel):
    def rowCount(self, parent=QModelIndex()) -> int:  # type: ignore[no-untyped-def]  # noqa: B008
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        return None


def test_a_model_answering_none_leaves_none_alone(qapp) -> None:  # type: ignore[no-untyped-def]
    model = _NoData()  # kept alive: an index outlives nothing
    index = model.index(0)
    before = sys.getrefcount(None)
    for _ in range(1000):
        index.data(Qt.ItemDataRole.ToolTipRole)  # through C++, as the views call it
    assert sys.getrefcount(None) - before > -100
