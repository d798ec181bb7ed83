"""The scenario comparison: options, training data source, gaps, curves and takeaways."""

from datetime import date

from lib import charts
from lib.comparison import (
    CostSettings,
    azure_curve,
    azure_marks,
    compare,
    cumulative_curve,
    epochs_curve,
    payback_marks,
    takeaways,
    training_data,
    volume_curve,
    volume_grid,
    volume_marks,
)
from lib.pricing import load_prices
from lib.scenario import demo_answers

TODAY = CostSettings(as_of=date(2026, 11, 24))
GUIDE = CostSettings(as_of=date(2023, 11, 6), small_model="gpt-3.5-turbo", larger_model="gpt-4-turbo")


def demo(settings=TODAY, tokens=None):
    answers = demo_answers()
    data = training_data(answers, tokens, None, 65_536, None)
    return compare(answers, data, settings, load_prices())


def test_all_four_options_are_priced_for_the_demo():
    comparison = demo()
    assert [cost.option.id for cost in comparison.monthly] == ["few_shot_base", "fine_tuned", "larger_base",
                                                               "fine_tuned_azure"]
    few_shot, tuned = comparison.option("few_shot_base"), comparison.option("fine_tuned")
    assert few_shot.prompt_tokens == 120 + 6 * 570 and tuned.prompt_tokens == 120
    assert comparison.option("fine_tuned_azure").hosting_usd == 720 * comparison.option(
        "fine_tuned_azure").option.price.hosting_per_hour
    assert comparison.gaps == ()


def test_questionnaire_estimate_until_a_dataset_is_analysed():
    estimated = demo().data
    assert estimated.examples == 80 and estimated.tokens_per_epoch == 80 * 570 and "questionnaire" in estimated.source
    exact = demo(tokens=[100, 200, 70_000]).data
    assert exact.tokens_per_epoch == 100 + 200 + 65_536 and "uploaded dataset" in exact.source


def test_missing_prices_become_gaps_not_guesses():
    comparison = demo(GUIDE)
    assert comparison.option("fine_tuned_azure") is not None  # late-2023 Azure row exists
    assert comparison.training_azure.usd is None  # hourly billing without hours
    missing = demo(CostSettings(as_of=date(2023, 11, 6), small_model="gpt-4.1-mini"))
    assert any("No fine-tuned price for openai gpt-4.1-mini" in gap for gap in missing.gaps)


def test_volume_grid_includes_the_teams_own_volume():
    grid = volume_grid(150_000)
    assert 150_000 in grid and grid == sorted(grid) and grid[0] == 100


def test_curves_and_charts_build_for_the_demo_and_the_guide():
    for comparison in (demo(), demo(GUIDE)):
        frames = [volume_curve(comparison), cumulative_curve(comparison), azure_curve(comparison),
                  epochs_curve(comparison)]
        assert all(not frame.empty for frame in frames)
        assert (frames[0]["monthly_usd"] >= 0).all()
        for chart in (charts.cost_vs_volume_chart(frames[0], volume_marks(comparison)),
                      charts.cumulative_chart(frames[1], payback_marks(comparison)),
                      charts.azure_openai_chart(frames[2], azure_marks(comparison)),
                      charts.training_epochs_chart(frames[3], comparison.data.epochs)):
            assert chart.to_dict()


def test_volume_curve_is_monotone_per_option():
    curve = volume_curve(demo())
    for _, rows in curve.groupby("option"):
        assert rows.sort_values("requests_per_month")["monthly_usd"].is_monotonic_increasing


def test_takeaways_are_sentences_with_numbers():
    said = takeaways(demo())
    assert said["volume"].startswith("At 150,000 requests/month the cheapest option is")
    assert "tokens per hour" in said["azure"] and "$" in said["epochs"]


def test_the_guide_scenario_shows_the_2_5_million_crossover_at_an_even_mix():
    answers = {**demo_answers(), "input_tokens": 300, "output_tokens": 300}
    data = training_data(answers, None, None, None, None)
    comparison = compare(answers, data, GUIDE, load_prices())
    assert round(comparison.crossover.value) == 2_545_455
