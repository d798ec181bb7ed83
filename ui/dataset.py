"""The uploaded dataset and its analysis, held per session so page changes never lose or recount them.

The uploader widget forgets its file when its page is not shown, so the bytes are kept here. They are
held in a registry keyed by the session's id rather than in session state: Streamlit keeps a closed tab's
session for a while and frees it only when another session connects, so a sweeper thread drops a
session's dataset and reports once it has been gone for GRACE_SECONDS (a dropped connection that comes
back sooner keeps them). Reports are cached per session by (content hash, model, epochs), a few at most.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib import clock
from lib.advice.scenario import default_provider
from lib.catalog.availability import rule_for
from lib.costs.settings import DEFAULT_FINE_TUNE_MODEL
from lib.dataset.analysis import analyze
from lib.dataset.doors import door_rules, fit_for_door, load_door_rules
from lib.dataset.export import cleaned_jsonl, train_validation_split
from lib.dataset.formats import Conversion, Fit, Format
from lib.dataset.reading import TextSource, UnreadableFile, from_bytes
from lib.dataset.records import convert_file
from lib.dataset.report import DatasetReport
from ui import state
from ui.state import Keys

MODEL, EPOCHS, DOOR, UPLOADS = Keys.FINE_TUNE_MODEL, Keys.EPOCHS, Keys.DOOR, Keys.UPLOADS
MAX_REPORTS = 4
GRACE_SECONDS = 60
SWEEP_EVERY_SECONDS = 15


@dataclass(frozen=True)
class StoredDataset:
    name: str
    data: bytes
    digest: str
    upload_id: str  # the uploader's id for this upload, so a rerun does not store it again

    @property
    def size_mb(self) -> float:
        return len(self.data) / 1_000_000


@dataclass
class _Held:
    dataset: StoredDataset | None = None
    reports: dict[tuple[str, str, int | None, str], DatasetReport] = field(default_factory=dict)
    conversions: dict[tuple[str, str, str, Format], Conversion] = field(default_factory=dict)
    gone_since: float | None = None


_HELD: dict[str, _Held] = {}
_LOCK = threading.Lock()
_SWEEPER: list[threading.Thread] = []


def _session_id() -> str:
    context = get_script_run_ctx()
    return context.session_id if context else "outside-a-session"


def _mine() -> _Held:
    with _LOCK:
        return _HELD.setdefault(_session_id(), _Held())


def sweep(held: dict[str, _Held], is_active: Callable[[str], bool], now: float,
          grace: float = GRACE_SECONDS) -> list[str]:
    """Drop what sessions that have been gone longer than `grace` hold; returns their ids."""
    dropped = []
    for session_id, entry in list(held.items()):
        if is_active(session_id):
            entry.gone_since = None
        elif entry.gone_since is None:
            entry.gone_since = now
        elif now - entry.gone_since >= grace:
            del held[session_id]
            dropped.append(session_id)
    return dropped


def _give_memory_back() -> None:
    """Collect the freed objects and ask the allocators to return freed pages to the system.

    Without this the server's resident memory stays at its peak after sessions leave: glibc keeps freed memory for
    reuse (Linux only), and so does the memory pool of pyarrow, which Streamlit turns every table it sends into."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: the memory is still free to reuse
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with contextlib.suppress(ImportError, AttributeError):
        import pyarrow  # Streamlit's own dependency

        pyarrow.default_memory_pool().release_unused()


def _sweep_forever() -> None:
    while True:
        time.sleep(SWEEP_EVERY_SECONDS)
        if Runtime.exists():
            runtime = Runtime.instance()
            with _LOCK:
                dropped = sweep(_HELD, runtime.is_active_session, time.monotonic())
            for session_id in dropped:
                # Streamlit's upload manager keeps the session's files until the session is shut down, which
                # for a closed tab happens only when another session connects
                runtime.uploaded_file_mgr.remove_session_files(session_id)
                _close_streamlit_session(runtime, session_id)
            if dropped:
                _give_memory_back()


def _close_streamlit_session(runtime: Runtime, session_id: str) -> None:
    """Ask Streamlit to shut a closed tab's session down now, on its event loop.

    Streamlit keeps a disconnected session (its widget state and messages, about the size of the file it
    showed) until another visitor connects, so an idle server kept every closed tab's memory. It has no public
    call for this from another thread; its own logout path uses the one below, so this is skipped quietly if a
    later Streamlit renames it (memory then waits for the next visitor, as before).
    """
    close = getattr(runtime, "_close_inactive_session_on_event_loop", None)
    if close is not None and not runtime.is_active_session(session_id):
        with contextlib.suppress(Exception):
            close(session_id)


def _start_sweeper() -> None:
    with _LOCK:
        if not _SWEEPER and Runtime.exists():  # under AppTest there is no runtime and nothing to sweep
            thread = threading.Thread(target=_sweep_forever, name="dataset-sweeper", daemon=True)
            thread.start()
            _SWEEPER.append(thread)


def forget_everything_held() -> None:
    """For tests: every session's datasets and reports."""
    with _LOCK:
        _HELD.clear()


def store(name: str, data: bytes, upload_id: str) -> None:
    _start_sweeper()
    held = _mine()
    held.dataset = StoredDataset(name, data, hashlib.sha256(data).hexdigest(), upload_id)
    held.reports.clear()  # one file at a time: the previous file's reports go with it
    held.conversions.clear()


def uploader_key() -> str:
    return state.widget_key(f"dataset_file_{st.session_state.get(UPLOADS, 0)}")


def take_upload(name: str, data: bytes, upload_id: str) -> None:
    """Keep one copy of an upload: store it, then give the page a new, empty uploader.

    The uploader widget keeps its file in the session's widget state and Streamlit's upload manager, a second
    and third copy that would live as long as the session (for a closed tab, until another session connects).
    A new uploader key drops the old widget's state on the next run, and its file leaves the upload manager now.
    """
    store(name, data, upload_id)
    st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
    context = get_script_run_ctx()
    if context is not None and Runtime.exists():
        with contextlib.suppress(Exception):  # a file the manager no longer has is already gone
            Runtime.instance().uploaded_file_mgr.remove_file(context.session_id, upload_id)


def stored() -> StoredDataset | None:
    return _mine().dataset


def forget() -> None:
    with _LOCK:
        _HELD.pop(_session_id(), None)


def source() -> TextSource | None:
    dataset = stored()
    return from_bytes(dataset.data) if dataset else None


def report(model: str, epochs: int | None, progress: Callable[[float], None] | None = None,
           provider: str | None = None) -> DatasetReport:
    """The analysis of the stored dataset for one door; raises UnreadableFile for files that cannot be read."""
    held = _mine()
    dataset = held.dataset
    if dataset is None:
        raise UnreadableFile("No dataset has been uploaded.")
    provider = provider or chosen_door()
    key = (dataset.digest, model, epochs, provider)
    if key not in held.reports:
        held.reports[key] = analyze(from_bytes(dataset.data), model, epochs=epochs, file_name=dataset.name,
                                    progress=progress, provider=provider)
        while len(held.reports) > MAX_REPORTS:
            held.reports.pop(next(iter(held.reports)))
    return held.reports[key]


def _fit(door: str | None) -> Fit | None:
    """What the door does not train on (media kinds, reasoning) taken out, for its default model."""
    rules = door_rules(door) if door else None
    return partial(fit_for_door, rules=rules.for_model(rule_for(door).default_model)) if rules and door else None


def conversion_summary(report: DatasetReport, target: Format, door: str | None = None) -> Conversion:
    """How many of the stored dataset's valid examples (as `report` judged them) `target` can hold, and what
    it leaves out (also what `door` does not train on); counted once, holding no converted copy."""
    held = _mine()
    if held.dataset is None:
        raise UnreadableFile("No dataset has been uploaded.")
    key = (held.dataset.digest, report.provider, report.model, target, door)
    if key not in held.conversions:
        while len(held.conversions) >= MAX_REPORTS:
            held.conversions.pop(next(iter(held.conversions)))
        held.conversions[key] = convert_file(from_bytes(held.dataset.data), report, target, keep=False,
                                             fit=_fit(door))
    return held.conversions[key]


# Download builders. Streamlit calls a download's callable on a thread of its own, outside the script run, where no
# session can be looked up; so each builder is made during the page run with that run's session id, and reads
# the held file by that id when clicked. It never falls back to another bucket: a session that has gone (or a
# builder made outside a session) gets an empty file. Capturing the bytes themselves would keep them alive as long
# as Streamlit keeps the session, long after its tab closed.

def _source_of(session_id: str | None) -> TextSource | None:
    with _LOCK:
        held = _HELD.get(session_id) if session_id is not None else None
    return from_bytes(held.dataset.data) if held is not None and held.dataset is not None else None


def _this_session() -> str | None:
    context = get_script_run_ctx()
    return context.session_id if context else None


def converted_download(report: DatasetReport, target: Format, door: str | None = None) -> Callable[[], str]:
    session_id = _this_session()

    def build() -> str:
        held = _source_of(session_id)
        return convert_file(held, report, target, fit=_fit(door)).text() if held else ""
    return build


def cleaned_download(report: DatasetReport) -> Callable[[], str]:
    session_id = _this_session()

    def build() -> str:
        held = _source_of(session_id)
        return cleaned_jsonl(held, report) if held else ""
    return build


def split_download(report: DatasetReport, validation_share: float, part: int) -> Callable[[], str]:
    """The training (part 0) or validation (part 1) split of the valid examples."""
    session_id = _this_session()

    def build() -> str:
        held = _source_of(session_id)
        return train_validation_split(held, report, validation_share)[part] if held else ""
    return build


def choose_model(widget_key: str) -> None:
    """A model picker's callback: the choice is stored before the page runs, so every page sees it."""
    st.session_state[MODEL] = st.session_state[widget_key]


def chosen_model() -> str:
    return st.session_state.get(MODEL, DEFAULT_FINE_TUNE_MODEL)


def chosen_epochs() -> int | None:
    return st.session_state.get(EPOCHS)


def set_model(model: str) -> None:
    st.session_state[MODEL] = model


def set_epochs(epochs: int | None) -> None:
    st.session_state[EPOCHS] = epochs


def set_door(door: str) -> None:
    st.session_state[DOOR] = door


def chosen_door() -> str:
    """The provider the dataset is checked for: the team's choice, else one open to the team by its answers (its
    cloud, its OpenAI access), preferring one that fine-tunes the chosen model."""
    chosen = st.session_state.get(DOOR)
    if isinstance(chosen, str) and door_rules(chosen):
        return chosen
    return default_provider(list(load_door_rules()), state.answers(), clock.today(), chosen_model())


def choose_door(widget_key: str) -> None:
    """A door picker's callback: the door's default model comes with it (the model picker can change it after)."""
    door = st.session_state[widget_key]
    st.session_state[DOOR] = door
    st.session_state[MODEL] = st.session_state[state.widget_key("dataset_model")] = rule_for(door).default_model


def current_report() -> DatasetReport | None:
    """The report for the current settings if it was already computed (other pages never trigger one)."""
    held = _mine()
    if held.dataset is None:
        return None
    return held.reports.get((held.dataset.digest, chosen_model(), chosen_epochs(), chosen_door()))
