"""`python -m lib --help` and a mistyped command answer at once: the parser imports only what it needs, and a
command's own modules load when that command runs (bench/bench_cli.py times it)."""

import subprocess
import sys

from tests.conftest import ROOT

HEAVY = ("pandas", "numpy", "altair", "tiktoken", "streamlit", "genai_prices")


def imported_after(argv: list[str]) -> list[str]:
    code = ("import sys\nfrom lib.cli import build_parser\n"
            f"build_parser({argv!r})\n"
            f"print(','.join(name for name in {HEAVY!r} if name in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [name for name in out.strip().split(",") if name]


def test_help_imports_no_heavy_library():
    assert imported_after(["--help"]) == []
    assert imported_after(["memory", "--help"]) == []  # a light command stays light


def test_a_command_still_gets_every_argument_it_takes():
    from lib.cli import COMMANDS, build_parser

    for name in COMMANDS:
        parser = build_parser([name])
        sub = next(action for action in parser._actions if action.dest == "command").choices[name]
        assert any(action.dest == "json" for action in sub._actions) or name in ("convert", "prices"), name
