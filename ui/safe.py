"""Text from users (file names, column names, URL values) shown through Markdown, made inert.

Streamlit already refuses raw HTML in Markdown; this also stops Markdown itself: links, images, emphasis
and `$...$` formulas written into a file name or a shared link. Backslash escapes do not stop Streamlit's
`:material/...:` icons and `:emoji:` shortcodes, which are replaced after Markdown is parsed, so an
invisible word joiner follows every colon. Long values are cut, so a 100 KB link cannot fill the page.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$=&])")
WORD_JOINER = "\u2060"
MAX_SHOWN = 200
WHOLE = 4000  # for the app's own notes and sources: shown whole, the bound only guards against a runaway value


def md(text: object, limit: int = MAX_SHOWN) -> str:
    """The text, every Markdown-active character escaped, line breaks flattened, cut to `limit` characters."""
    flat = " ".join(str(text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return _SPECIAL.sub(r"\\\1", flat).replace(":", ":" + WORD_JOINER)
