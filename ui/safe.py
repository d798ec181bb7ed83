"""Text from users (file names, column names, URL values) shown through Markdown, made inert.

Streamlit already refuses raw HTML in Markdown; this also stops Markdown itself: links, images, emphasis,
`:material/...:` icons and `$...$` formulas written into a file name or a shared link.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")


def md(text: object) -> str:
    """The text, every Markdown-active character escaped and line breaks flattened."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
