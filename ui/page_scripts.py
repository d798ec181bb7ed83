"""The app's own scripts (ui/assets/*.js), never fed user text: closing the menu on a phone, and "Copy link".

Read when first drawn, not when a module is imported, and kept for the life of the server.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"


@cache
def script_tag(name: str) -> str:
    return f"<script>{(ASSETS / f'{name}.js').read_text(encoding='utf-8')}</script>"
