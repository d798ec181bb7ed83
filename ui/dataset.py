"""The uploaded dataset and its analysis, kept in session state so page changes never lose or recount them.

The uploader widget forgets its file when its page is not shown, so the bytes are copied into our
own key. Reports are cached per session by (content hash, model, epochs), a few at most.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from lib.comparison import DEFAULT_FINE_TUNE_MODEL
from lib.dataset.analysis import analyze
from lib.dataset.reading import TextSource, UnreadableFile, from_bytes
from lib.dataset.report import DatasetReport

DATASET = "dataset"
REPORTS = "dataset_reports"
MODEL = "fine_tune_model"  # shared with the cost pages: tokens are counted for the model being priced
EPOCHS = "dataset_epochs"  # None: the Cookbook's default rule
MAX_REPORTS = 4


@dataclass(frozen=True)
class StoredDataset:
    name: str
    data: bytes
    digest: str
    upload_id: str  # the uploader's id for this upload, so a rerun does not store it again

    @property
    def size_mb(self) -> float:
        return len(self.data) / 1_000_000


def store(name: str, data: bytes, upload_id: str) -> None:
    st.session_state[DATASET] = StoredDataset(name, data, hashlib.sha256(data).hexdigest(), upload_id)


def stored() -> StoredDataset | None:
    return st.session_state.get(DATASET)


def forget() -> None:
    st.session_state.pop(DATASET, None)
    st.session_state.pop(REPORTS, None)


def source() -> TextSource | None:
    dataset = stored()
    return from_bytes(dataset.data) if dataset else None


def report(model: str, epochs: int | None, progress: Callable[[float], None] | None = None) -> DatasetReport:
    """The analysis of the stored dataset; raises UnreadableFile for files that cannot be read."""
    dataset = stored()
    if dataset is None:
        raise UnreadableFile("No dataset has been uploaded.")
    key = (dataset.digest, model, epochs)
    reports: dict = st.session_state.setdefault(REPORTS, {})
    if key not in reports:
        reports[key] = analyze(from_bytes(dataset.data), model, epochs=epochs, file_name=dataset.name,
                               progress=progress)
        while len(reports) > MAX_REPORTS:
            reports.pop(next(iter(reports)))
    return reports[key]


def choose_model(widget_key: str) -> None:
    """A model picker's callback: the choice is stored before the page runs, so every page sees it."""
    st.session_state[MODEL] = st.session_state[widget_key]


def chosen_model() -> str:
    return st.session_state.get(MODEL, DEFAULT_FINE_TUNE_MODEL)


def chosen_epochs() -> int | None:
    return st.session_state.get(EPOCHS)


def current_report() -> DatasetReport | None:
    """The report for the current settings if it was already computed (other pages never trigger one)."""
    dataset = stored()
    if dataset is None:
        return None
    return st.session_state.get(REPORTS, {}).get((dataset.digest, chosen_model(), chosen_epochs()))
