"""The main window: library list | source text | record, with menus and undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QTextCursor,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
)

from curator import (
    annotations,
    articles,
    backups,
    entities,
    history,
    importer,
    recommender,
    records,
    search,
    suggestions,
)
from curator.annotations import AnnotationView
from curator.articles import ArticleDetail
from curator.errors import (
    CuratorError,
    EditConflictError,
    LibraryBusyError,
    LibraryOpenError,
    LibraryWriteError,
)
from curator.formats.registry import SUPPORTED_SUFFIXES
from curator.i18n import _, ngettext
from curator.importer import ImportReport
from curator.record_draft import cell_for_field, draft_from_annotations
from curator.tagset import RelationType, load_tagset
from curator.templates import FieldSpec
from db.library import Library
from ui import keys
from ui.annotations_panel import AnnotationsPanel
from ui.article_list_model import ArticleListModel
from ui.banner import Banner, with_banner
from ui.conflict_dialog import ConflictDialog
from ui.entity_browser import EntityBrowser
from ui.history_dialog import HistoryDialog
from ui.import_report_dialog import ImportReportDialog
from ui.library_pane import LibraryPane
from ui.library_watch import LibraryWatch
from ui.record_form import RecordForm
from ui.record_pane import RecordPane
from ui.settings import Settings
from ui.shortcuts_dialog import ShortcutsDialog
from ui.source_pane import SourcePane
from ui.tagset_dialog import TagsetDialog
from ui.undo_commands import (
    AddAnnotation,
    AddRelation,
    CreateEntityFromMention,
    DecideSuggestions,
    DeleteAnnotation,
    DeleteEntity,
    DeleteRelation,
    EditAnnotation,
    EditArticleField,
    EditEntity,
    EditTagset,
    MergeEntities,
    MoveAnnotation,
    RecordEdit,
    RestoreRevision,
    ServiceCommand,
    StoreSuggestions,
)
from ui.workers import Job, start_job

IMPORT_FILTER = "Articles ({})".format(" ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES))


class MainWindow(QMainWindow):
    import_finished = Signal(object)  # ImportReport, once the report is shown
    article_shown = Signal(object)  # article id or None
    recommender_trained = Signal(object)  # RecommenderStats
    library_changed_elsewhere = Signal()  # another window or process saved to the library
    library_shown = Signal(object)  # the Library, each time one is (re)shown

    def __init__(self, library: Library, settings: Settings | None = None) -> None:
        super().__init__()
        self.library = library
        self.settings = settings or Settings()
        self.undo_stack = QUndoStack(self)
        self.model = ArticleListModel(library, self)
        self._import_job: Job | None = None
        self.entity_browser: EntityBrowser | None = None
        self.history_dialog: HistoryDialog | None = None
        self._library_watch = LibraryWatch(self)
        self._library_watch.changed.connect(self.refresh_from_disk)
        self.library_changed_elsewhere.connect(self._show_recommender)
        self._training_job: Job | None = None
        self._build()
        self._build_menus()
        self._connect()
        self.window_keys_first = keys.WindowKeysFirst(self)
        self.setAcceptDrops(True)
        self.resize(1400, 860)
        self.settings.restore_window(self, self._splitters())
        self._show_library()
        from ui.problems_dock import install_problems_dock  # the checks' Problems panel

        self.problems_panel = install_problems_dock(self)
        from ui.export_dialog import install_exchange  # File ▸ Export…, Import Exchange File…

        install_exchange(self)
        from ui.library_health import install_library_health  # busy retry, damage, recover

        self.library_health = install_library_health(self)

    # --- construction -----------------------------------------------------------

    def _build(self) -> None:
        self.library_pane = LibraryPane(self.model)
        self.source_pane = SourcePane()
        self.record_pane = RecordPane()

        self.article_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.article_splitter.setObjectName("articleSplitter")
        self.annotations_panel = AnnotationsPanel()
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.setDocumentMode(True)
        # Dragging an annotation over the Record tab opens it, so it can be dropped on a field.
        self.side_tabs.tabBar().setChangeCurrentOnDrag(True)
        self.side_tabs.tabBar().setAcceptDrops(True)  # not implied by the line above
        self.record_form = RecordForm(self.library)
        self.side_tabs.addTab(self.record_pane, _("Article"))
        self.side_tabs.addTab(self.record_form, _("Record"))
        self.side_tabs.addTab(self.annotations_panel, _("Annotations"))
        self.article_splitter.addWidget(self.source_pane)
        self.article_splitter.addWidget(self.side_tabs)
        self.article_splitter.setSizes([470, 430])
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.library_pane)
        self.main_splitter.addWidget(self.article_splitter)
        self.main_splitter.setSizes([500, 900])
        for splitter in self._splitters().values():
            splitter.setChildrenCollapsible(False)
            splitter.setHandleWidth(6)
        self.banner = Banner()
        self.setCentralWidget(with_banner(self.banner, self.main_splitter))

        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(240)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setToolTip(_("Stop importing; what was imported so far is kept"))
        self.library_label = QLabel()
        self.library_label.setObjectName("libraryLabel")
        status_bar = self.statusBar()
        status_bar.addPermanentWidget(self.progress_bar)
        status_bar.addPermanentWidget(self.cancel_button)
        status_bar.addPermanentWidget(self.library_label)
        self._set_busy(False)

    def _action(
        self, text: str, slot: Callable[[], Any], binding: str | None = None, tip: str = ""
    ) -> QAction:
        """A menu action; its keys come from the registry (ui/keys.py)."""
        return keys.make_action(self, text, binding, slot, tip)

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(_("&File"))
        self.import_files_action = self._action(
            _("&Import Files…"),
            self.choose_files_to_import,
            "import_files",
            _("Import .txt, .md, .html, .json or .jsonl files"),
        )
        self.import_folder_action = self._action(
            _("Import &Folder…"),
            self.choose_folder_to_import,
            "import_folder",
            _("Import every article file in a folder and its subfolders"),
        )
        self.paste_action = self._action(
            _("&Paste as New Article"),
            self.import_clipboard,
            "paste_article",
            _("Import the text on the clipboard as a new article"),
        )
        menu.addActions([self.import_files_action, self.import_folder_action, self.paste_action])
        menu.addSeparator()
        menu.addAction(self._action(_("&History of This Article…"), self.show_history, "history"))
        menu.addAction(self._action(_("&Back Up Now"), self.back_up_now))
        menu.addAction(self._action(_("&Restore from Backup…"), self.choose_backup_to_restore))
        menu.addSeparator()
        menu.addAction(self._action(_("&Open Library…"), self.choose_library_to_open))
        menu.addAction(self._action(_("&New Library…"), self.choose_library_to_create))
        menu.addSeparator()
        menu.addAction(self._action(_("&Quit"), self.close, "quit"))

        menu = self.menuBar().addMenu(_("&Edit"))
        self.undo_action = self.undo_stack.createUndoAction(self, _("&Undo"))
        keys.bind(self.undo_action, "undo")
        self.redo_action = self.undo_stack.createRedoAction(self, _("&Redo"))
        keys.bind(self.redo_action, "redo")
        menu.addActions([self.undo_action, self.redo_action])
        menu.addSeparator()
        find_bar = self.source_pane.find_bar  # ui/find_bar.py
        self.find_action = self._action(
            _("&Find in Article…"), self.find_in_article, "find_in_article"
        )
        self.find_next_action = self._action(_("Find &Next"), find_bar.find_next, "find_next")
        self.find_previous_action = self._action(
            _("Find Pre&vious"), find_bar.find_previous, "find_previous"
        )
        self.search_library_action = self._action(
            _("&Search Library"), self.library_pane.focus_search, "search_library"
        )
        menu.addActions(
            [
                self.find_action,
                self.find_next_action,
                self.find_previous_action,
                self.search_library_action,
            ]
        )

        menu = self.menuBar().addMenu(_("&Annotate"))
        self.suggest_action = self._action(
            _("&Suggest Annotations"),
            self.suggest_annotations,
            "suggest",
            _("Find known entities, dates, money and figures in this article"),
        )
        self.accept_all_action = self._action(
            _("&Accept All Suggestions"), lambda: self.decide_all("accepted"), "accept_all"
        )
        self.reject_all_action = self._action(
            _("&Reject All Suggestions"),
            lambda: self.decide_all("rejected"),
            "reject_all",
        )
        self.all_occurrences_action = self._action(
            _("Annotate All &Occurrences"),
            lambda: self.annotate_all_occurrences(False),
            "all_occurrences",
            _("Suggest the selected annotation wherever its text appears here"),
        )
        self.all_occurrences_library_action = self._action(
            _("Annotate All Occurrences in the &Library"),
            lambda: self.annotate_all_occurrences(True),
        )
        self.draft_action = self._action(
            _("&Draft Record from Annotations"),
            self.draft_record,
            "draft_record",
            _("Fill the record's empty fields from the accepted annotations"),
        )
        self.verify_action = self._action(
            _("Veri&fy Values with Evidence"),
            self.verify_evidenced,
            "verify_evidenced",
            _("Mark verified every value of the record that has evidence (one undo step)"),
        )
        self.next_empty_action = self._action(
            _("&Next Empty Field"),
            lambda: self.focus_empty_field(1),
            "next_empty_field",
            _("Go to the record's next field that has no value yet"),
        )
        self.previous_empty_action = self._action(
            _("&Previous Empty Field"),
            lambda: self.focus_empty_field(-1),
            "previous_empty_field",
        )
        self.evidence_action = self._action(
            _("Use Selected Annotation as E&vidence"),
            self.use_selected_as_evidence,
            "evidence",
            _("Fill the focused record field from the annotation selected in the text"),
        )
        self.tagset_action = self._action(
            _("Annotation T&ypes…"),
            self.edit_tagset,
            tip=_("Add, rename, recolour or change the keys of the annotation types"),
        )
        self.train_action = self._action(
            _("&Train Recommender"),
            self.train_recommender,
            tip=_("Learn from the accepted annotations, in the background"),
        )
        self.entities_action = self._action(
            _("&Entities…"),
            self.show_entities,
            "entities",
            _("Every entity with its mentions: rename, edit aliases, merge, delete"),
        )
        self.link_entity_action = self._action(
            _("Lin&k Mention to Entity…"),
            self.focus_entity_box,
            "link_entity",
            _("Type the entity's name or alias for the selected mention"),
        )
        menu.addActions(
            [
                self.entities_action,
                self.link_entity_action,
                self.suggest_action,
                self.accept_all_action,
                self.reject_all_action,
                self.all_occurrences_action,
                self.all_occurrences_library_action,
                self.train_action,
                self.tagset_action,
                self.draft_action,
                self.verify_action,
                self.next_empty_action,
                self.previous_empty_action,
                self.evidence_action,
            ]
        )

        menu = self.menuBar().addMenu(_("&Go"))
        self.next_action = self._action(
            _("&Next Article"), lambda: self.library_pane.step(1), "next_article"
        )
        self.previous_action = self._action(
            _("&Previous Article"), lambda: self.library_pane.step(-1), "previous_article"
        )
        menu.addActions([self.next_action, self.previous_action])
        menu.addAction(
            self._action(_("Article &List"), self.library_pane.view.setFocus, "focus_list")
        )
        menu.addAction(self._action(_("Article &Details"), self.focus_record, "focus_details"))
        menu.addAction(
            self._action(_("Article &Text"), self.source_pane.text.setFocus, "focus_text")
        )
        menu.addAction(self._action(_("&Annotations"), self.focus_annotations, "focus_annotations"))
        menu.addAction(self._action(_("&Record"), self.focus_record_form, "focus_record"))

        menu = self.menuBar().addMenu(_("T&ranslation"))
        menu.addAction(
            self._action(
                _("&Align with Translation…"),
                self.align_with_translation,
                "align",
                _("Align this article with its translation, or pair it or write one first"),
            )
        )

        menu = self.menuBar().addMenu(_("&Help"))
        menu.addAction(self._action(_("&Keyboard Shortcuts"), self.show_shortcuts, "shortcuts"))
        menu.addAction(self._action(_("&About Curator"), self.show_about))

    def _connect(self) -> None:
        self.library_pane.article_selected.connect(self.show_article)
        self.record_pane.edit_requested.connect(self.edit_field)
        self.record_pane.translation_clicked.connect(self.go_to_article)
        self.cancel_button.clicked.connect(self.cancel_import)
        text = self.source_pane.text
        text.annotate_requested.connect(self.annotate)
        text.retype_requested.connect(
            lambda annotation_id, type_name: self.edit_annotation(
                annotation_id, {"type_name": type_name}
            )
        )
        text.delete_requested.connect(self.delete_annotation)
        text.span_requested.connect(self.move_annotation)
        text.decide_requested.connect(self.decide_one)
        text.relation_requested.connect(self.add_relation)
        text.relation_delete_requested.connect(self.delete_relation)
        text.hint.connect(lambda message: self.statusBar().showMessage(message, 8000))
        text.annotation_selected.connect(self.annotations_panel.show_selected)
        self.annotations_panel.annotation_activated.connect(self._show_annotation)
        form = self.record_form
        form.cell_committed.connect(self.set_record_cell)
        form.evidence_dropped.connect(self.fill_from_annotation)
        form.field_focused.connect(self.show_evidence)
        form.item_added.connect(
            lambda group: self._record_edit(
                _("Add to {group}").format(group=group),
                lambda article: records.add_item(self.library, article, group),
            )
        )
        form.item_removed.connect(
            lambda group, index: self._record_edit(
                _("Remove from {group}").format(group=group),
                lambda article: records.remove_item(self.library, article, group, index)[0],
            )
        )
        form.item_moved.connect(
            lambda group, start, to: self._record_edit(
                _("Reorder {group}").format(group=group),
                lambda article: records.move_item(self.library, article, group, start, to),
            )
        )
        form.template_chosen.connect(self.change_template)
        form.draft_requested.connect(self.draft_record)
        linker = self.annotations_panel.linker
        linker.link_requested.connect(
            lambda annotation_id, entity_id: self.edit_annotation(
                annotation_id, {"entity_id": entity_id}
            )
        )
        linker.create_requested.connect(self.create_entity_from_mention)
        self.annotations_panel.note_edited.connect(
            lambda annotation_id, note: self.edit_annotation(annotation_id, {"note": note})
        )

    def _splitters(self) -> dict[str, QSplitter]:
        return {"main": self.main_splitter, "article": self.article_splitter}

    # --- library --------------------------------------------------------------------

    def _editing(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and any(
            pane.isAncestorOf(focus) for pane in (self.record_pane, self.record_form)
        )

    def refresh_from_disk(self) -> None:
        """Show what others saved: the list, and the open article unless it is being edited."""
        self.library_changed_elsewhere.emit()
        article_id = self.source_pane.article_id
        pane = self.library_pane
        pane.blockSignals(True)  # keep the selection without re-showing the article
        try:
            self.model.reload()
            if article_id is not None:
                pane.select_article(article_id)
        finally:
            pane.blockSignals(False)
        held = self.record_pane.article
        if article_id is None or held is None or self._editing():
            return
        try:
            stored = articles.get_article(self.library, article_id)
        except CuratorError:
            self.show_article(None)  # deleted by someone else
            return
        if stored.version != held.version:
            self.show_article(article_id)
            self.statusBar().showMessage(_("Updated with changes saved elsewhere."), 5000)

    def _show_library(self) -> None:
        self._library_watch.watch(self.library)
        self.tagset = load_tagset(self.library)
        self.annotations_panel.linker.library = self.library
        self._show_recommender()
        self.source_pane.text.set_tagset(self.tagset)
        self.library_label.setText(str(self.library.path))
        self.banner.say(
            _(
                "This library is read-only ({path}): you can read, search and export it, "
                "but changes cannot be saved. Copy it somewhere writable to edit it."
            ).format(path=self.library.path)
            if self.library.read_only and not self.library.damage
            else self.library.damage or ""
        )
        self._update_title()
        self._refresh_choices()
        self.library_pane.apply_query()
        if self.model.rowCount():
            self.library_pane.select_row(0)
        else:
            self.show_article(None)
        self.library_shown.emit(self.library)

    def _refresh_annotations(self) -> None:
        article_id = self.source_pane.article_id
        rows = annotations.list_annotations(self.library, article_id) if article_id else []
        relations = annotations.list_relations(self.library, article_id) if article_id else []
        text = self.source_pane.text
        text.set_annotations(rows)
        text.set_relations(relations)
        labels: dict[int, list[str]] = {}
        for relation in relations:
            labels.setdefault(relation.source_id, []).append(text.relation_label(relation))
        self.annotations_panel.set_annotations(rows, self.tagset, labels)
        self.annotations_panel.show_selected(self.source_pane.text.selected_id)

    def _refresh_choices(self) -> None:
        tags = articles.tag_names(self.library)
        self.library_pane.refresh_filter_choices(articles.distinct_languages(self.library), tags)
        self.record_pane.set_tag_choices(tags)

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.library.path.name} — Curator")

    def switch_library(self, path: Path, *, create: bool) -> None:
        if self._import_job is not None:
            QMessageBox.information(self, "Curator", _("Wait for the import to finish first."))
            return
        try:
            library = Library.open(path, create=create)
        except LibraryOpenError as error:
            QMessageBox.warning(self, _("Cannot open library"), str(error))
            return
        self.record_pane.flush_pending()
        self.library.close()
        self.library = library
        self.undo_stack.clear()
        if self.entity_browser is not None:
            self.entity_browser.close()
            self.entity_browser = None
        self.model.set_library(library)
        self._show_library()

    def choose_library_to_open(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open Library"),
            str(self.library.path.parent),
            _("Curator libraries (*.sqlite *.db *.curator);;All files (*)"),
        )
        if path:
            self.switch_library(Path(path), create=False)

    def choose_library_to_create(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("New Library"),
            str(self.library.path.parent / "library.sqlite"),
            _("Curator libraries (*.sqlite)"),
        )
        if path:
            self.switch_library(Path(path), create=True)

    # --- the selected article ------------------------------------------------------

    def show_article(self, article_id: int | None) -> None:
        self.record_pane.flush_pending()
        self.record_form.flush_pending()  # a value typed but not yet left goes to its own record
        detail = None
        if article_id is not None:
            try:
                detail = articles.get_article(self.library, article_id)
            except CuratorError as error:
                self.statusBar().showMessage(str(error), 5000)
        self.source_pane.show_article(detail)
        self.source_pane.text.set_search_hits(
            search.hit_spans_in(detail.body, self.library_pane.search_box.text()) if detail else []
        )
        self.record_pane.show_article(detail)
        self._refresh_annotations()
        self.record_form.show_record(
            records.get_record(self.library, article_id) if detail else None, article_id
        )
        self.article_shown.emit(article_id)

    def go_to_article(self, article_id: int) -> None:
        if not self.library_pane.select_article(article_id):
            # Not in the current list (filtered out): clear the filters and try again.
            self.library_pane.search_box.clear()
            for combo in (
                self.library_pane.status_filter,
                self.library_pane.language_filter,
                self.library_pane.tag_filter,
            ):
                combo.setCurrentIndex(0)
            self.library_pane.apply_query()
            self.library_pane.select_article(article_id)

    def edit_field(self, field: str, value: Any) -> None:
        article = self.record_pane.article
        if article is None:
            return
        command = EditArticleField(
            self.library, article, field, value, self._article_changed, self._edit_refused
        )
        try:
            command.apply()
        except EditConflictError:
            self.resolve_conflict(article, field, value)
            return
        except LibraryWriteError as error:  # the disk refused: keep what was typed
            self.record_pane.show_error(str(error))
            if isinstance(error, LibraryBusyError):
                retry = lambda: self._save_again(article.id, field, value)  # noqa: E731
                self.library_health.offer_retry(str(error), retry)
            return
        except CuratorError as error:
            self.record_pane.show_article(article)
            self.record_pane.show_error(str(error))
            return
        self.undo_stack.push(command)
        if field == "tags":
            self._refresh_choices()

    def _save_again(self, article_id: int, field: str, value: Any) -> None:
        if self.source_pane.article_id != article_id:
            self.go_to_article(article_id)
        self.edit_field(field, value)

    def resolve_conflict(self, article: ArticleDetail, field: str, value: Any) -> None:
        """Someone saved the article first: show both versions and let the editor choose."""
        stored = articles.get_article(self.library, article.id)
        mine, theirs = {field: value}, {field: getattr(stored, field)}
        for name in articles.EDITABLE_FIELDS:  # what the other editor changed, for context
            if name != field and getattr(article, name) != getattr(stored, name):
                mine[name], theirs[name] = getattr(article, name), getattr(stored, name)
        dialog = ConflictDialog(stored.title, mine, theirs, {field}, self)
        current = stored
        if dialog.exec():
            for name, chosen in dialog.result_values.items():
                command = EditArticleField(
                    self.library, current, name, chosen, self._article_changed, self._edit_refused
                )
                try:
                    current = command.apply()
                except CuratorError as error:
                    self._edit_refused(str(error))
                    break
                self.undo_stack.push(command)
        self._article_changed(articles.get_article(self.library, article.id))

    def _article_changed(self, detail: ArticleDetail) -> None:
        self.model.refresh_article(detail.id)
        if self.source_pane.article_id != detail.id:
            self.library_pane.select_article(detail.id)  # show what undo/redo changed
        self.source_pane.show_article(detail)
        self.record_pane.show_article(detail)

    # --- annotations ------------------------------------------------------------------

    def _push(self, command: ServiceCommand) -> Any:
        """Apply a command and put it on the undo stack; a refusal is shown, not pushed."""
        try:
            result = command.apply()
        except CuratorError as error:
            self.statusBar().showMessage(str(error), 6000)
            if isinstance(error, LibraryBusyError):
                self.library_health.offer_retry(str(error), lambda: self._push(command))
            return None
        self.undo_stack.push(command)
        return result

    def _annotations_changed(self, article_id: int) -> None:
        if self.source_pane.article_id != article_id:
            self.go_to_article(article_id)  # show what undo/redo changed
        self._refresh_annotations()
        self._show_recommender()  # the count of new annotations since it was trained
        if self._training_job is None and recommender.needs_training(self.library):
            self.train_recommender()

    def edit_tagset(self) -> None:
        dialog = TagsetDialog(self.tagset, self)
        if dialog.exec() and dialog.result_tagset is not None:
            self._push(
                EditTagset(
                    self.library,
                    self.tagset,
                    dialog.result_tagset,
                    self._tagset_changed,
                    self._edit_refused,
                )
            )

    def _tagset_changed(self) -> None:
        self.tagset = load_tagset(self.library)
        self.source_pane.text.set_tagset(self.tagset)
        self._refresh_annotations()

    def train_recommender(self) -> None:
        """Train in the background; the window stays usable and shows the result."""
        if self._training_job is not None:
            return
        library = self.library
        self.statusBar().showMessage(_("Training the recommender…"))
        self._training_job = start_job(
            lambda progress: recommender.train(library, progress),
            self._training_done,
            self._training_failed,
        )

    def _training_done(self, stats: recommender.RecommenderStats) -> None:
        self._training_job = None
        self._show_recommender()
        self.statusBar().showMessage(self.annotations_panel.recommender_label.text(), 8000)
        self.recommender_trained.emit(stats)

    def _training_failed(self, message: str) -> None:
        self._training_job = None
        self.statusBar().showMessage(message, 8000)

    def _show_recommender(self) -> None:
        self.annotations_panel.show_recommender(
            recommender.stats(self.library), recommender.accepted_count(self.library)
        )

    def annotate(self, start: int, end: int, type_name: str) -> None:
        article_id = self.source_pane.article_id
        if article_id is None:
            return
        view = self._push(
            AddAnnotation(
                self.library,
                article_id,
                (start, end),
                type_name,
                self._annotations_changed,
                self._edit_refused,
            )
        )
        if view is not None:
            text = self.source_pane.text
            cursor = text.textCursor()
            cursor.clearSelection()
            text.setTextCursor(cursor)
            text.select_annotation(view.id, scroll=False)

    def _annotation(self, annotation_id: int) -> AnnotationView | None:
        return next((a for a in self.source_pane.text.annotations if a.id == annotation_id), None)

    def edit_annotation(self, annotation_id: int, changes: dict[str, Any]) -> None:
        annotation = self._annotation(annotation_id)
        if annotation is not None:
            self._push(
                EditAnnotation(
                    self.library,
                    annotation,
                    changes,
                    self._annotations_changed,
                    self._edit_refused,
                )
            )

    def move_annotation(self, annotation_id: int, start: int, end: int) -> None:
        annotation = self._annotation(annotation_id)
        if annotation is not None:
            self._push(
                MoveAnnotation(
                    self.library,
                    annotation,
                    (start, end),
                    self._annotations_changed,
                    self._edit_refused,
                )
            )

    def delete_annotation(self, annotation_id: int) -> None:
        annotation = self._annotation(annotation_id)
        if annotation is not None:
            self._push(
                DeleteAnnotation(
                    self.library, annotation, self._annotations_changed, self._edit_refused
                )
            )

    def _store(self, found: list[suggestions.Suggestion], article_id: int, label: str) -> None:
        if not found:
            self.statusBar().showMessage(_("No new suggestions."), 4000)
            return
        self._push(
            StoreSuggestions(
                self.library,
                article_id,
                found,
                label,
                self._annotations_changed,
                self._edit_refused,
            )
        )
        self.statusBar().showMessage(
            ngettext(
                "{n} suggestion to review: Enter accepts, Delete rejects",
                "{n} suggestions to review: Enter accepts, Delete rejects",
                len(found),
            ).format(n=len(found)),
            8000,
        )

    def suggest_annotations(self) -> None:
        article_id = self.source_pane.article_id
        if article_id is None:
            return
        found = suggestions.suggest(self.library, article_id)
        self._store(found, article_id, _("Suggest annotations"))
        pending = [a for a in self.source_pane.text.annotations if a.status == "pending"]
        if pending:  # review from the keyboard: Enter accepts, Delete rejects, Tab moves on
            self.source_pane.text.select_annotation(pending[0].id)
            self.source_pane.text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def annotate_all_occurrences(self, whole_library: bool) -> None:
        selected = self._annotation(self.source_pane.text.selected_id or -1)
        if selected is None:
            self.statusBar().showMessage(_("Select an annotation first."), 4000)
            return
        found = suggestions.all_occurrences(self.library, selected.id, whole_library)
        for article_id in sorted({s.article_id for s in found}):
            self._store(
                [s for s in found if s.article_id == article_id],
                article_id,
                _("Annotate all occurrences of “{quote}”").format(quote=selected.quote[:30]),
            )
        self._refresh_annotations()

    def decide_one(self, annotation_id: int, status: str) -> None:
        article_id = self.source_pane.article_id
        if article_id is None:
            return
        ordered = [a for a in self.source_pane.text.annotations if a.status == "pending"]
        following = [a.id for a in ordered if a.id != annotation_id]
        position = next((i for i, a in enumerate(ordered) if a.id == annotation_id), 0)
        self._push(
            DecideSuggestions(
                self.library,
                article_id,
                [annotation_id],
                status,
                self._annotations_changed,
                self._edit_refused,
            )
        )
        if following:  # on to the next suggestion, for review from the keyboard
            self.source_pane.text.select_annotation(following[min(position, len(following) - 1)])

    def decide_all(self, status: str) -> None:
        article_id = self.source_pane.article_id
        if article_id is None:
            return
        pending = suggestions.pending_ids(self.library, article_id)
        if pending:
            self._push(
                DecideSuggestions(
                    self.library,
                    article_id,
                    pending,
                    status,
                    self._annotations_changed,
                    self._edit_refused,
                )
            )

    def show_entities(self) -> EntityBrowser:
        if self.entity_browser is None:
            browser = EntityBrowser(self.library, self)
            browser.mention_activated.connect(self._go_to_mention)
            browser.rename_requested.connect(
                lambda entity, name: self._edit_entity(entity, {"name": name})
            )
            browser.aliases_requested.connect(
                lambda entity, aliases: self._edit_entity(entity, {"aliases": aliases})
            )
            browser.details_requested.connect(
                lambda entity, description, external_id: self._edit_entity(
                    entity, {"description": description, "external_id": external_id}
                )
            )
            browser.merge_requested.connect(
                lambda keep, merge: self._push(
                    MergeEntities(
                        self.library, keep, merge, self._entities_changed, self._edit_refused
                    )
                )
            )
            browser.delete_requested.connect(
                lambda entity: self._push(
                    DeleteEntity(self.library, entity, self._entities_changed, self._edit_refused)
                )
            )
            self.entity_browser = browser
        self.entity_browser.refresh()
        self.entity_browser.show()
        self.entity_browser.raise_()
        return self.entity_browser

    def _edit_entity(self, entity: entities.EntityView, changes: dict[str, Any]) -> None:
        self._push(
            EditEntity(self.library, entity, changes, self._entities_changed, self._edit_refused)
        )

    def _entities_changed(self) -> None:
        if self.entity_browser is not None:
            self.entity_browser.refresh()
        self._refresh_annotations()

    def _go_to_mention(self, article_id: int, annotation_id: int) -> None:
        self.go_to_article(article_id)
        self.side_tabs.setCurrentWidget(self.annotations_panel)
        self.source_pane.text.select_annotation(annotation_id)

    def choose_relation_type(self, options: list[RelationType]) -> str | None:
        """Ask which relation to create (a menu at the text cursor); None: cancelled."""
        if len(options) == 1:
            return options[0].name
        menu = QMenu(self)
        for option in options:
            menu.addAction(_(option.label)).setData(option.name)
        text = self.source_pane.text
        chosen = menu.exec(text.viewport().mapToGlobal(text.cursorRect().bottomLeft()))
        return chosen.data() if chosen is not None else None

    def add_relation(self, source_id: int, target_id: int) -> None:
        article_id = self.source_pane.article_id
        source, target = self._annotation(source_id), self._annotation(target_id)
        if article_id is None or source is None or target is None:
            return
        options = self.tagset.relations_between(source.type, target.type)
        if not options:
            self.statusBar().showMessage(
                _("No relation goes from {source} to {target} in this tagset.").format(
                    source=source.type, target=target.type
                ),
                6000,
            )
            return
        relation_type = self.choose_relation_type(options)
        if relation_type is not None:
            self._push(
                AddRelation(
                    self.library,
                    article_id,
                    relation_type,
                    (source, target),
                    self._annotations_changed,
                    self._edit_refused,
                )
            )

    def delete_relation(self, relation_id: int) -> None:
        article_id = self.source_pane.article_id
        relation = next((r for r in self.source_pane.text.relations if r.id == relation_id), None)
        if article_id is not None and relation is not None:
            self._push(
                DeleteRelation(
                    self.library,
                    article_id,
                    relation,
                    self._annotations_changed,
                    self._edit_refused,
                )
            )

    # --- the record ---------------------------------------------------------------------

    def _record_edit(self, text: str, operation: Callable[[int], records.RecordView]) -> None:
        article_id = self.source_pane.article_id
        if article_id is not None:
            self._push(
                RecordEdit(
                    self.library,
                    article_id,
                    text,
                    lambda: operation(article_id),
                    self._record_changed,
                    self._edit_refused,
                )
            )

    def _record_changed(self, view: records.RecordView) -> None:
        self.model.refresh_article(view.story_article_id)  # the badge of its record checks
        article_id = self.source_pane.article_id
        if (
            article_id is not None
            and records.get_record(self.library, article_id).story_article_id
            != view.story_article_id
        ):
            return  # another story's record: shown when that article is opened
        self.record_form.show_record(view, article_id)

    def _field_spec(self, path: tuple) -> FieldSpec | None:
        view = self.record_form.view
        spec = view.template.field(str(path[0])) if view else None
        if spec is not None and len(path) == 3:
            spec = next((child for child in spec.fields if child.key == path[2]), None)
        return spec

    def set_record_cell(self, path: tuple, cell: dict) -> None:
        spec = self._field_spec(path)
        label = _(spec.label) if spec else str(path[-1])
        self._record_edit(
            _("Edit {field}").format(field=label),
            lambda article: records.set_cell(self.library, article, path, cell),
        )

    def fill_from_annotation(self, path: tuple, annotation_id: int) -> None:
        spec = self._field_spec(path)
        if spec is None:
            return
        try:
            cell = cell_for_field(self.library, spec, annotation_id)
        except CuratorError as error:
            self.statusBar().showMessage(str(error), 6000)
            return
        self.set_record_cell(path, cell)

    def use_selected_as_evidence(self) -> None:
        path, annotation_id = self.record_form.focused_path, self.source_pane.text.selected_id
        if path is None or annotation_id is None:
            self.statusBar().showMessage(
                _("Select a mention in the text and focus a record field first."), 6000
            )
            return
        self.fill_from_annotation(path, annotation_id)

    def show_evidence(self, path: tuple) -> None:
        """Highlight the focused field's evidence in the text and scroll to it."""
        view = self.record_form.view
        cell = view.cell(path) if view else None
        text = self.source_pane.text
        for item in (cell or {}).get("evidence", []):
            if "annotation_id" in item and text._annotation(item["annotation_id"]):
                text.select_annotation(item["annotation_id"])
                return
            if item.get("article_id") == self.source_pane.article_id:
                cursor = text.textCursor()
                cursor.setPosition(item["start"])
                cursor.setPosition(item["end"], QTextCursor.MoveMode.KeepAnchor)
                text.setTextCursor(cursor)
                text.ensureCursorVisible()
                return
        if cell and cell.get("evidence"):
            self.statusBar().showMessage(
                _("The evidence of this value is in the other language version."), 5000
            )

    def change_template(self, template_id: str) -> None:
        set_aside: list[str] = []

        def operation(article: int) -> records.RecordView:
            view, aside = records.change_template(self.library, article, template_id)
            set_aside.extend(aside)
            return view

        self._record_edit(_("Change template"), operation)
        if set_aside:
            self.statusBar().showMessage(
                _("Kept aside, not lost: {fields}").format(fields=", ".join(set_aside)), 8000
            )

    def draft_record(self) -> None:
        self._record_edit(
            _("Draft record from annotations"),
            lambda article: draft_from_annotations(self.library, article),
        )
        self.side_tabs.setCurrentWidget(self.record_form)

    def verify_evidenced(self) -> None:
        view = self.record_form.view
        count = len(records.evidenced_unverified(view.values)) if view else 0
        if self.source_pane.article_id is None or not count:
            self.statusBar().showMessage(_("No unverified value with evidence here."), 5000)
            return
        self._record_edit(
            ngettext(
                "Verify {n} value with evidence", "Verify {n} values with evidence", count
            ).format(n=count),
            lambda article: records.verify_evidenced(self.library, article)[0],
        )
        self.side_tabs.setCurrentWidget(self.record_form)

    def focus_empty_field(self, step: int) -> None:
        self.side_tabs.setCurrentWidget(self.record_form)
        if not self.record_form.focus_empty_field(step):
            self.statusBar().showMessage(_("Every field of the record has a value."), 5000)

    def focus_record_form(self) -> None:
        self.side_tabs.setCurrentWidget(self.record_form)
        if self.record_form.editors:
            next(iter(self.record_form.editors.values())).inputs[0].setFocus()

    # --- history and backups --------------------------------------------------------------

    def show_history(self) -> HistoryDialog | None:
        article_id = self.source_pane.article_id
        if article_id is None:
            self.statusBar().showMessage(_("Select an article to see its history."), 4000)
            return None
        if self.history_dialog is None:
            self.history_dialog = HistoryDialog(self)
            self.history_dialog.restore_requested.connect(self._restore_revision)
        self._refresh_history()
        self.history_dialog.show()
        self.history_dialog.raise_()
        return self.history_dialog

    def _refresh_history(self) -> None:
        article_id = self.source_pane.article_id
        if self.history_dialog is not None and article_id is not None:
            self.history_dialog.show_history(
                articles.get_article(self.library, article_id).title,
                history.article_history(self.library, article_id),
            )

    def _restore_revision(self, revision_id: int, side: str) -> None:
        article_id = self.source_pane.article_id
        if article_id is not None:
            self._push(
                RestoreRevision(
                    self.library,
                    article_id,
                    revision_id,
                    side,
                    self._restored,
                    self._edit_refused,
                )
            )

    def _restored(self, article_id: int) -> None:
        self.model.refresh_article(article_id)
        self.show_article(article_id)
        self._refresh_history()

    def back_up_now(self) -> None:
        library = self.library
        start_job(
            lambda _progress: backups.backup_now(library),
            lambda taken: self.statusBar().showMessage(
                _("Backed up to {path}").format(path=taken.path), 8000
            ),
            lambda message: QMessageBox.warning(self, _("Backup failed"), message),
        )

    def choose_backup_to_restore(self) -> None:
        folder = backups.backup_folder(self.library.path)
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Restore from Backup"), str(folder), _("Backups (*.sqlite)")
        )
        if not path:
            return
        answer = QMessageBox.question(
            self, _("Restore from Backup"),
            _("Replace the library with this backup? The current state is backed up first, "
              "so you can go back to it."),
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            library, safety = backups.restore(self.library, Path(path))
        except (CuratorError, LibraryOpenError) as error:
            QMessageBox.warning(self, _("Cannot restore"), str(error))
            return
        self.library = library
        self.undo_stack.clear()
        self.model.set_library(library)
        self._show_library()
        self.statusBar().showMessage(
            _("Restored. The state before is kept in {path}").format(path=safety.path), 10000
        )

    def create_entity_from_mention(self, annotation_id: int) -> None:
        annotation = self._annotation(annotation_id)
        if annotation is not None:
            self._push(
                CreateEntityFromMention(
                    self.library, annotation, self._annotations_changed, self._edit_refused
                )
            )

    def _show_annotation(self, annotation_id: int) -> None:
        self.source_pane.text.select_annotation(annotation_id)
        self.source_pane.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def find_in_article(self) -> None:
        """Ctrl+F: the find bar over the article's text; with no article, the library search."""
        if self.source_pane.article_id is None:
            self.library_pane.focus_search()
        else:
            self.source_pane.find_bar.open()

    def focus_record(self) -> None:
        self.side_tabs.setCurrentWidget(self.record_pane)
        self.record_pane.title_edit.setFocus()

    def focus_annotations(self) -> None:
        self.side_tabs.setCurrentWidget(self.annotations_panel)
        self.annotations_panel.view.setFocus()

    def focus_entity_box(self) -> None:
        self.side_tabs.setCurrentWidget(self.annotations_panel)
        self.annotations_panel.linker.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.source_pane.text.selected_id is None:
            self.statusBar().showMessage(_("Select a mention in the text first."), 4000)

    def _edit_refused(self, message: str) -> None:
        QMessageBox.warning(self, _("Change not applied"), message)

    # --- importing -----------------------------------------------------------------

    def choose_files_to_import(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Import Articles"),
            self.settings.last_import_dir or str(Path.home()),
            IMPORT_FILTER,
        )
        if paths:
            self.settings.last_import_dir = str(Path(paths[0]).parent)
            self.import_paths([Path(path) for path in paths])

    def choose_folder_to_import(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self,
            _("Import a Folder of Articles"),
            self.settings.last_import_dir or str(Path.home()),
        )
        if folder:
            self.settings.last_import_dir = folder
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        """Import in the background, with progress and Cancel in the status bar."""
        if self._import_job is not None:
            self.statusBar().showMessage(_("An import is already running."), 4000)
            return
        library = self.library
        self._set_busy(True)
        self._import_job = start_job(
            lambda progress: importer.import_paths(library, paths, progress),
            self._import_done,
            self._import_failed,
            self._import_progressed,
        )

    def import_clipboard(self) -> None:
        self.import_mime_text(QGuiApplication.clipboard().mimeData(), _("clipboard"))

    def import_mime_text(self, mime: QMimeData | None, name: str) -> None:
        if mime is None:  # an empty clipboard (no clipboard owner)
            self.statusBar().showMessage(_("There is no text on the clipboard."), 4000)
            return
        if mime.hasHtml():
            report = importer.import_text(self.library, mime.html(), "html", name)
        elif mime.hasText():
            report = importer.import_text(self.library, mime.text(), "plain", name)
        else:
            self.statusBar().showMessage(_("There is no text on the clipboard."), 4000)
            return
        self._import_done(report)

    def cancel_import(self) -> None:
        if self._import_job is not None:
            self._import_job.progress.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_bar.setFormat(_("Cancelling…"))

    def _import_progressed(self, done: int, total: int, path: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_bar.setFormat(_("Importing %v of %m"))
        if path:
            self.statusBar().showMessage(Path(path).name)

    def _import_failed(self, message: str) -> None:
        self._import_job = None
        self._set_busy(False)
        self.model.reload()  # what was stored before the failure
        QMessageBox.critical(self, _("Import failed"), message)

    def _import_done(self, report: ImportReport) -> None:
        self._import_job = None
        self._set_busy(False)
        self.statusBar().showMessage(report.summary(), 8000)
        if report.imported:
            self._refresh_choices()
            self.model.reload()
            self.library_pane.select_article(report.imported[0].id)
        ImportReportDialog(report, self).open()
        self.import_finished.emit(report)

    def _set_busy(self, busy: bool) -> None:
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.progress_bar.setRange(0, 0)
        for action in ("import_files_action", "import_folder_action", "paste_action"):
            if hasattr(self, action):
                getattr(self, action).setEnabled(not busy)

    # --- drag and drop -------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        local = [Path(url.toLocalFile()) for url in mime.urls() if QUrl(url).isLocalFile()]
        if local:
            self.import_paths(local)
        else:
            self.import_mime_text(mime, _("dropped text"))
        event.acceptProposedAction()

    # --- translations --------------------------------------------------------------

    def align_with_translation(self) -> None:
        """The alignment editor on the selected article's pair (ui/alignment_editor.py)."""
        from ui.alignment_editor import open_alignment_editor

        open_alignment_editor(self)

    # --- help and closing ----------------------------------------------------------

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).open()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("About Curator"),
            _(
                "<b>Curator</b><br>Curate news articles into structured records you can trust."
                "<br><br>Library: {path}"
            ).format(path=self.library.path),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.record_pane.flush_pending()
        self._library_watch.stop()
        if self._import_job is not None:
            self._import_job.progress.cancel()
        self.settings.save_window(self, self._splitters())
        super().closeEvent(event)
