"""Shared links with hostile values: every page still draws, with its sidebar, and says what it dropped."""

import pytest

from tests.app.conftest import open_app

PAGES = [None, "pages/1_Questionnaire.py", "pages/2_Dataset.py", "pages/3_Costs.py", "pages/4_Recommendation.py"]
HOSTILE = [
    {"n_examples": "\u00b2"}, {"n_examples": "--5"}, {"requests_per_day": "\u2460"},
    {"requests_per_day": "9" * 5000}, {"scope": ":material/warning: " + "x" * 100_000},
    {"input_tokens": "1e400"}, {"few_shot_examples": "NaN"},
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("query", HOSTILE, ids=lambda query: next(iter(query)) + "=" + next(iter(query.values()))[:8])
def test_a_hostile_link_is_survived_on_every_page(page, query):
    at = open_app(page, query)
    assert not at.exception
    assert at.sidebar.button, "the sidebar (and so Start over) must still be there"
    warning = " ".join(str(element.value) for element in at.warning)
    assert "Part of the shared link was not used" in warning
    assert len(warning) < 1000, "a long hostile value is not echoed whole"
    assert ":material/" not in warning


def test_the_address_keeps_only_the_answers_that_were_used():
    at = open_app(None, {"scope": "narrow", "n_examples": "--5"})
    assert at.query_params.get("scope") in ("narrow", ["narrow"])
    assert "n_examples" not in at.query_params
