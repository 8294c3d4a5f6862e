"""Every keyboard shortcut in one registry: menus, F1 and the tests read it.

Keys are portable `QKeySequence` strings, never `QKeySequence.StandardKey`: a standard key
expands differently per platform (Redo is Ctrl+Y on Windows, Ctrl+Shift+Z on X11), which is
how one action once ended up bound twice to Ctrl+Shift+Z ("Ambiguous shortcut overload").

A binding belongs to one *context*: where the editor's focus is when the key is pressed.
The window's keys work in every context inside that window; a widget's keys (the source
text, the alignment table) only while it has the focus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from curator.i18n import N_, _

WINDOW = "window"
TEXT = "text"
ALIGNMENT = "alignment"
ALIGNMENT_TABLE = "alignment table"
TRANSLATION_BOX = "translation box"
FIND_BAR = "find bar"

CONTEXT_LABELS = {
    WINDOW: N_("Main window (anywhere)"),
    TEXT: N_("Article text"),
    ALIGNMENT: N_("Alignment editor (anywhere)"),
    ALIGNMENT_TABLE: N_("Alignment editor: the bead table"),
    TRANSLATION_BOX: N_("Alignment editor: a translation box"),
    FIND_BAR: N_("Find bar (Ctrl+F)"),
}
# The window whose keys also reach a widget context.
ENCLOSING = {
    TEXT: WINDOW, FIND_BAR: WINDOW, ALIGNMENT_TABLE: ALIGNMENT, TRANSLATION_BOX: ALIGNMENT
}


@dataclass(frozen=True)
class Binding:
    id: str
    context: str
    keys: tuple[str, ...]
    description: str  # marked with N_, translated where shown
    # A window key that a text field must not keep for itself: on X11 a QLineEdit claims
    # Ctrl+E (end of line) and Ctrl+K (delete to end of line) before the window sees them.
    beats_text_fields: bool = False


def _b(id: str, context: str, keys: str, description: str, beats: bool = False) -> Binding:
    return Binding(id, context, tuple(k.strip() for k in keys.split(",") if k.strip()),
                   description, beats)  # fmt: skip


# The type keys (P person, O organisation, …) are the library's tagset's: `type_bindings`.
BINDINGS: tuple[Binding, ...] = (
    # File
    _b("import_files", WINDOW, "Ctrl+O", N_("Import files")),
    _b("import_folder", WINDOW, "Ctrl+Shift+O", N_("Import a folder")),
    _b("paste_article", WINDOW, "Ctrl+Shift+V", N_("Paste the clipboard as a new article")),
    _b("export", WINDOW, "Ctrl+Alt+E", N_("Export")),
    _b("history", WINDOW, "Ctrl+H", N_("History of the article")),
    _b("quit", WINDOW, "Ctrl+Q", N_("Quit")),
    # Edit
    _b("undo", WINDOW, "Ctrl+Z", N_("Undo (in a text box: its typing)")),
    _b("redo", WINDOW, "Ctrl+Shift+Z, Ctrl+Y", N_("Redo (in a text box: its typing)")),
    _b("find_in_article", WINDOW, "Ctrl+F", N_("Find in the article (the find bar)")),
    _b("find_next", WINDOW, "F3", N_("Next match in the article")),
    _b("find_previous", WINDOW, "Shift+F3", N_("Previous match in the article")),
    _b("search_library", WINDOW, "Ctrl+Shift+F", N_("Focus the library's search box")),
    # Annotate
    _b("entities", WINDOW, "Ctrl+Shift+E", N_("Entities")),
    _b("link_entity", WINDOW, "Ctrl+Shift+L", N_("Link the selected mention to an entity")),
    _b("suggest", WINDOW, "Ctrl+Shift+S", N_("Suggest annotations (then review in the text)")),
    _b("accept_all", WINDOW, "Ctrl+Return", N_("Accept all suggestions")),
    _b("reject_all", WINDOW, "Ctrl+Shift+Backspace", N_("Reject all suggestions")),
    _b("all_occurrences", WINDOW, "Ctrl+Shift+A", N_("Annotate all occurrences")),
    _b("draft_record", WINDOW, "Ctrl+Shift+D", N_("Draft the record from annotations")),
    _b("next_empty_field", WINDOW, "F4", N_("Next record field without a value")),
    _b("previous_empty_field", WINDOW, "Shift+F4", N_("Previous record field without a value")),
    _b("verify_evidenced", WINDOW, "Ctrl+Shift+Y",
       N_("Verify every record value that has evidence")),
    _b("evidence", WINDOW, "Ctrl+E",
       N_("Use the selected mention as evidence of the focused record field"), True),
    # Go
    _b("next_article", WINDOW, "Ctrl+Down, Ctrl+J", N_("Next article"), True),
    _b("previous_article", WINDOW, "Ctrl+Up, Ctrl+K", N_("Previous article"), True),
    _b("focus_list", WINDOW, "Ctrl+1", N_("Focus the article list"), True),
    _b("focus_details", WINDOW, "Ctrl+2", N_("Focus the article's details"), True),
    _b("focus_text", WINDOW, "Ctrl+3", N_("Focus the article text"), True),
    _b("focus_annotations", WINDOW, "Ctrl+4", N_("Focus the annotations"), True),
    _b("focus_record", WINDOW, "Ctrl+5", N_("Focus the record"), True),
    _b("problems", WINDOW, "Ctrl+Shift+P", N_("Problems panel")),
    # Translation, Help
    _b("align", WINDOW, "Ctrl+Shift+T", N_("Align with translation")),
    _b("shortcuts", WINDOW, "F1", N_("List every shortcut")),
    # The source text (AnnotatedTextEdit.keyPressEvent)
    _b("delete_mention", TEXT, "Delete, Backspace",
       N_("Delete the selected mention (reject it if suggested)")),
    _b("accept_mention", TEXT, "Return, Enter",
       N_("Accept the selected suggestion; end a relation on the selected mention")),
    _b("step_mentions", TEXT, "Tab, Shift+Tab", N_("Next / previous mention")),
    _b("let_go", TEXT, "Escape", N_("Let go of the mention, or cancel a relation")),
    _b("relation", TEXT, "Ctrl+L", N_("Start a relation from the selected mention")),
    _b("move_end", TEXT, "Alt+Shift+Left, Alt+Shift+Right",
       N_("Move the selected mention's end a word left / right")),
    _b("move_start", TEXT, "Ctrl+Alt+Left, Ctrl+Alt+Right",
       N_("Move the selected mention's start a word left / right")),
    # The find bar over the article (ui/find_bar.py _FindEdit)
    _b("find_bar_next", FIND_BAR, "Return, Enter", N_("Next match")),
    _b("find_bar_previous", FIND_BAR, "Shift+Return, Shift+Enter", N_("Previous match")),
    _b("find_bar_close", FIND_BAR, "Escape", N_("Close the find bar, keeping the match selected")),
    # The alignment editor
    _b("merge_up", ALIGNMENT_TABLE, "Alt+Up", N_("Merge with the bead above")),
    _b("merge_down", ALIGNMENT_TABLE, "Alt+Down", N_("Merge with the bead below")),
    _b("split", ALIGNMENT_TABLE, "Ctrl+Shift+S", N_("Split the bead")),
    _b("move_up", ALIGNMENT_TABLE, "Alt+Shift+Up", N_("Move a sentence up")),
    _b("move_down", ALIGNMENT_TABLE, "Alt+Shift+Down", N_("Move a sentence down")),
    _b("empty_side", ALIGNMENT_TABLE, "Ctrl+0", N_("Insert an empty cell")),
    _b("confirm", ALIGNMENT_TABLE, "Space", N_("Confirm the bead")),
    _b("confirm_next", ALIGNMENT_TABLE, "Ctrl+Return", N_("Confirm and go to the next bead")),
    _b("enter_bead", ALIGNMENT_TABLE, "Return, Enter",
       N_("Confirm and go to the next bead (writing: open the translation box)")),
    _b("next_check", ALIGNMENT_TABLE, "F8", N_("Next bead to check")),
    _b("previous_check", ALIGNMENT_TABLE, "Shift+F8", N_("Previous bead to check")),
    _b("realign", ALIGNMENT, "Ctrl+Shift+R", N_("Re-align, keeping confirmed beads")),
    _b("alignment_undo", ALIGNMENT, "Ctrl+Z", N_("Undo")),
    _b("alignment_redo", ALIGNMENT, "Ctrl+Shift+Z, Ctrl+Y", N_("Redo")),
    _b("close_alignment", ALIGNMENT, "Ctrl+W", N_("Close the editor")),
    # A translation box (SegmentDelegate.eventFilter)
    _b("segment_save_next", TRANSLATION_BOX, "Return, Enter",
       N_("Save and go to the next sentence")),
    _b("segment_new_line", TRANSLATION_BOX, "Shift+Return", N_("New line")),
    _b("segment_step", TRANSLATION_BOX, "Tab, Shift+Tab", N_("Next / previous sentence")),
    _b("segment_confirm_next", TRANSLATION_BOX, "Ctrl+Return", N_("Confirm and go on")),
    _b("segment_leave", TRANSLATION_BOX, "Escape", N_("Leave the box")),
)  # fmt: skip

_BY_ID = {binding.id: binding for binding in BINDINGS}


def binding(binding_id: str) -> Binding:
    return _BY_ID[binding_id]


def sequences(binding_id: str) -> list[QKeySequence]:
    return [QKeySequence(key) for key in _BY_ID[binding_id].keys]


def type_bindings(types: Iterable[Any]) -> list[Binding]:
    """The tagset's type keys: with text selected, annotate; with a mention selected, retype."""
    return [
        Binding(f"type_{t.name}", TEXT, (t.key.upper(),),
                _("Annotate as {type} (or change the selected mention to it)").format(
                    type=_(t.label)))
        for t in types
        if t.key
    ]  # fmt: skip


def in_context(context: str, extra: Iterable[Binding] = ()) -> list[Binding]:
    """The bindings a key press can reach in a context: its own and its window's."""
    reach = {context, ENCLOSING.get(context, context)}
    return [b for b in (*BINDINGS, *extra) if b.context in reach]


def normalised(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)


def duplicates(bindings: Iterable[Binding]) -> dict[str, list[str]]:
    """Key sequences bound more than once (also twice within one binding): key -> ids."""
    seen: dict[str, list[str]] = {}
    for item in bindings:
        for key in item.keys:
            seen.setdefault(normalised(key), []).append(item.id)
    return {key: ids for key, ids in seen.items() if len(ids) > 1}


def bind(action: QAction, binding_id: str) -> QAction:
    """Give an action its registry keys (and the binding id, for F1 and the tests)."""
    action.setShortcuts(sequences(binding_id))
    action.setData(binding_id)
    return action


def make_action(
    parent: QObject, text: str, binding_id: str | None, slot: Callable[[], Any], tip: str = ""
) -> QAction:
    """A QAction whose keys come from the registry."""
    action = QAction(text, parent)
    if binding_id is not None:
        bind(action, binding_id)
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    return action


def _pressed(event: QKeyEvent) -> str:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeySequence(event.keyCombination().key() | modifiers).toString(
        QKeySequence.SequenceFormat.PortableText
    )


class WindowKeysFirst(QObject):
    """Keeps the window's `beats_text_fields` keys from being claimed by a text field.

    Before a shortcut fires, Qt asks the focused widget (ShortcutOverride) whether it wants
    the key; a QLineEdit on X11 says yes to Ctrl+E and Ctrl+K. This filter sits on the
    window's focused widget (it follows the focus) and answers "no" for those keys, so the
    window's action runs.
    """

    def __init__(self, window: QWidget, context: str = WINDOW) -> None:
        super().__init__(window)
        self._window = window
        self._watched: QWidget | None = None
        self._keys = {
            normalised(key)
            for item in BINDINGS
            if item.context == context and item.beats_text_fields
            for key in item.keys
        }
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._follow_focus)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None and shiboken6.isValid(self._watched):
            self._watched.removeEventFilter(self)
        self._watched = None
        if new is not None and new.window() is self._window:
            new.installEventFilter(self)
            self._watched = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and _pressed(event) in self._keys
        ):
            event.ignore()
            return True
        return False


def markdown_table(types: Iterable[Any]) -> str:
    """The README's keys table: `python -c "from ui.keys import print_table; print_table()"`."""
    lines = ["| Where | Keys | Command |", "|---|---|---|"]
    for context, label in CONTEXT_LABELS.items():
        where = f"**{label}**"
        for item in (*BINDINGS, *type_bindings(types)):
            if item.context == context:
                lines.append(f"| {where} | {', '.join(item.keys)} | {item.description} |")
                where = ""
    return "\n".join(lines)


def print_table() -> None:
    from curator.tagset import default_tagset

    print(markdown_table(default_tagset().types))
