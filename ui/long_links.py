"""A shared link Streamlit could not read at all.

Streamlit drops a whole query string of more than 1,000 parameters (or over 512 Ki characters) before the page
runs and only logs a warning: the page then sees no parameters, and st.context.url never carries the query, so
from inside the page such a link looks like no link. This listener hears that warning on the server, notes the
session it came from (the Streamlit session handling the request, found on the call stack), and the page says in
one sentence that the link could not be read. No script runs in the browser for it. If a later Streamlit words
the warning or names its session class differently, nothing is noted and the page behaves as before.
"""

from __future__ import annotations

import logging
import sys
import threading

_QUERY_LOGGER = "streamlit.runtime.state.query_params"
_DROPPED: dict[str, str] = {}  # session id -> why its link was dropped
_LOCK = threading.Lock()
_INSTALLED: list[logging.Handler] = []
MAX_NOTED = 1_000  # sessions whose link was dropped and whose page has not yet run: a bound, not a real case


def _session_on_stack() -> str | None:
    from streamlit.runtime.app_session import AppSession

    frame = sys._getframe(1)
    while frame is not None:
        owner = frame.f_locals.get("self")
        if isinstance(owner, AppSession):
            return owner.id
        frame = frame.f_back
    return None


class _Listener(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        message = str(record.msg)
        if not message.startswith("Ignoring query string") or not record.args:
            return
        count = record.args[0] if isinstance(record.args, tuple) else None
        if not isinstance(count, int):
            return
        what = "parameters" if "parameters" in message else "characters"
        limit = "1,000 parameters" if what == "parameters" else "512 Ki characters"
        session = _session_on_stack()
        if session is None:
            return
        with _LOCK:
            if len(_DROPPED) < MAX_NOTED:
                _DROPPED[session] = (f"This link could not be read: it carries {count:,} {what}, more than the "
                                     f"{limit} a link may hold here, so nothing in it was used and the scenario "
                                     "starts empty.")


def install() -> None:
    """Listen for Streamlit's warning, once per server process."""
    with _LOCK:
        if not _INSTALLED:
            listener = _Listener(logging.WARNING)
            logging.getLogger(_QUERY_LOGGER).addHandler(listener)
            _INSTALLED.append(listener)


def take(session_id: str | None) -> str | None:
    """The sentence for this session's dropped link, once; None when its link (if any) was read."""
    if session_id is None:
        return None
    with _LOCK:
        return _DROPPED.pop(session_id, None)
