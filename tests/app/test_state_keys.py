"""Session state has one set of keys (ui.state.Keys) and three modules that change it; pages only call them."""

import re

from tests.conftest import ROOT
from ui.state import Keys

OWNERS = {"ui/state.py", "ui/scenario.py", "ui/costs.py", "ui/dataset.py"}
WRITES = re.compile(r"session_state\[[^\]]+\]\s*=[^=]|session_state\.(?:pop|__setitem__|update|setdefault|clear)\(")
LITERAL_KEY = re.compile(r"session_state(?:\[|\.get\(|\.pop\()\s*[\"']")


def _sources():
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        yield str(path.relative_to(ROOT)), path.read_text()


def test_only_the_state_modules_change_session_state():
    writers = {name for name, text in _sources() if WRITES.search(text)}
    assert writers <= OWNERS, f"these change session state directly: {sorted(writers - OWNERS)}"
    assert writers == OWNERS


def test_no_key_is_spelled_out_outside_the_keys_class():
    spelled = {name for name, text in _sources() if LITERAL_KEY.search(text)}
    assert not spelled, f"session-state keys written as strings in {sorted(spelled)}; add them to ui.state.Keys"


def test_keys_are_distinct():
    values = [value for name, value in vars(Keys).items() if name.isupper()]
    assert len(values) == len(set(values))
