"""Where the project's data files live, so nothing else hard-codes a path.

FINE_TUNE_ADVISOR_DATA names an overlay folder: a file there replaces the shipped one of the same name.
That is how a test adds a made-up provider without touching code, and how a team keeps its own prices.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SAMPLES_DIR = DATA_DIR / "samples"
OVERLAY_VARIABLE = "FINE_TUNE_ADVISOR_DATA"


def data_file(name: str) -> Path:
    overlay = os.environ.get(OVERLAY_VARIABLE, "").strip()
    if overlay and (Path(overlay) / name).is_file():
        return Path(overlay) / name
    return DATA_DIR / name
