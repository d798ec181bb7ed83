"""Which door to use: the verdict plus the fine-tuning paths actually open to this team today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lib.availability import CLOSED, PathStatus, all_paths, path_status


@dataclass(frozen=True)
class Route:
    provider: str | None  # None when the verdict is not to fine-tune (yet)
    sentence: str
    chosen: PathStatus | None
    open_paths: tuple[PathStatus, ...]
    closed_paths: tuple[PathStatus, ...]


def choose_route(verdict_id: str, has_access: str | None, today: date, model: str) -> Route:
    """Prefer OpenAI only when this team can still use it; otherwise the first open path in data order."""
    paths = all_paths(today, has_access, model)
    usable = tuple(path for path in paths if path.state != CLOSED)
    closed = tuple(path for path in paths if path.state == CLOSED)
    if verdict_id != "fine_tune":
        return Route(None, "No fine-tuning path is recommended yet; if that changes, these are open to you: "
                           + ", ".join(path.label for path in usable) + ".", None, usable, closed)
    openai = path_status("openai", today, has_access, model)
    chosen = openai if openai.state != CLOSED else next((p for p in usable if p.provider == "azure"),
                                                         usable[0] if usable else None)
    if chosen is None:
        return Route(None, "Every fine-tuning path we know of is closed to you.", None, usable, closed)
    sentence = f"Fine-tune with {chosen.label}. {chosen.sentence}"
    if openai.state == CLOSED:
        sentence = f"{openai.sentence} Use {chosen.label} instead: {chosen.sentence}"
    return Route(chosen.provider, sentence, chosen, usable, closed)
