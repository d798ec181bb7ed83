"""The app's pages in journey order: the one list the sidebar and the page-to-page buttons read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageInfo:
    path: str
    label: str
    icon: str


WELCOME = PageInfo("app.py", "Welcome", ":material/home:")
QUESTIONNAIRE = PageInfo("pages/1_Questionnaire.py", "Questionnaire", ":material/checklist:")
DATASET = PageInfo("pages/2_Dataset.py", "Dataset", ":material/dataset:")
COSTS = PageInfo("pages/3_Costs.py", "Costs", ":material/payments:")
RECOMMENDATION = PageInfo("pages/4_Recommendation.py", "Recommendation", ":material/verified:")
STRATEGIES = PageInfo("pages/5_Strategies.py", "Strategies", ":material/memory:")

JOURNEY = (WELCOME, QUESTIONNAIRE, DATASET, COSTS, RECOMMENDATION, STRATEGIES)


def neighbours(page: PageInfo) -> tuple[PageInfo | None, PageInfo | None]:
    """The pages before and after this one in the journey."""
    index = JOURNEY.index(page)
    return (JOURNEY[index - 1] if index > 0 else None,
            JOURNEY[index + 1] if index + 1 < len(JOURNEY) else None)
