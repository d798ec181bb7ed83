"""The Costs and Recommendation pages, with and without a dataset."""

import json
import re
from datetime import date

from tests.app.conftest import button, fold, go, open_app, selectbox, texts, unfold
from tests.conftest import TODAY
from ui import dataset

C = "pages/3_Costs.py"
R = "pages/4_Recommendation.py"


def demo():
    at = open_app()
    button(at, "Load the demo scenario").click().run()
    return at


def metrics(at):
    return {metric.label: metric.value for metric in at.metric}


ONE_OFF = "Its one-off cost"


def training(at):
    """The training part of the headline's one-off cost, as its help says it ("Training $0.04, project ...")."""
    found = next(metric for metric in at.metric if metric.label == ONE_OFF)
    return re.search(r"Training (\S+),", found.help.replace("\\", ""))[1]


def test_costs_page_without_a_dataset_estimates_from_the_questionnaire():
    at = go(demo(), C)
    assert "the questionnaire: 64 examples" in texts(at)
    assert metrics(at)["Cheapest fine-tuning open to you"] == "Amazon Bedrock"
    assert training(at) == "$0.04"  # 64 x 229 tokens x 3 epochs x $1.00 per 1M (Nova Micro)
    # by traffic and cumulative; no crossover against OpenAI, which is closed to this team
    assert len(at.get("vega_lite_chart")) == 2
    assert "closed to new users since 2026-05-07" in texts(at)


def test_costs_page_with_the_sample_dataset_uses_its_tokens():
    at = go(demo(), "pages/2_Dataset.py")
    button(at, "Use the sample dataset").click().run()
    go(at, C)
    assert "the uploaded dataset: 64 valid examples, 14,650 tokens per epoch" in texts(at)
    assert training(at) == "$0.04"  # 14,650 x 3 x $1.00 per 1M


def test_guide_button_reproduces_the_figures():
    at = go(demo(), C)
    button(at, "Reproduce the guide's figures").click().run()
    assert not at.exception
    text = texts(at).replace("\\", "")
    assert "cheaper than gpt-3.5-turbo fine-tuned, OpenAI fine-tuning above" in text and "tokens per hour" in text
    assert "Fine-tuned gpt-3.5-turbo models stopped serving on 2026-10-23" in text


def test_edited_prices_are_used_everywhere_and_can_be_reset():
    from lib.catalog.prices import apply_edits, current_rows, load_prices, to_row

    rows = [to_row(p) for p in current_rows(load_prices(), TODAY)]
    for row in rows:
        if (row["provider"], row["model"], row["kind"]) == ("bedrock", "nova-micro", "fine_tuned"):
            row["training_per_1m"] = 50.0
    at = go(demo(), C)
    at.session_state["edited_prices"] = apply_edits(load_prices(), rows)
    at.run()
    assert training(at) == "$2.20"  # 14,656 tokens x 3 epochs x $50 per 1M
    assert "Edited prices are in use." in texts(at)  # said with the price table folded away too
    button(at, "Reset to the published table").click().run()
    assert training(at) == "$0.04"


def test_recommendation_shows_verdict_path_costs_charts_and_exports():
    at = go(demo(), R)
    text = texts(at)
    assert "Verdict: Fine-tune" in text and "Where:" in text
    assert "Fine-tune nova-micro with Amazon Bedrock" in text.replace("\\", "")
    assert "not available to you" in text
    assert len(at.get("vega_lite_chart")) == 2
    labels = [d.label for d in at.get("download_button")]
    assert labels == ["Report (Markdown)", "Report (HTML)", "Numbers (CSV)", "Scenario (JSON)"]
    assert "Epochs" in text and "Learning-rate multiplier" in text


def test_each_reason_sits_under_a_heading_that_agrees_with_it():
    text = texts(go(demo(), R))
    # the demo's 5 few-shot examples fit gpt-4.1-mini's window, so its "no longer fit" goal is not repeated as fact
    assert "**Few-shot examples still fit**: Today's prompt" in text
    assert "no longer fit in the prompt" not in text and "Context size is not enough" not in text
    assert "**Prompting falls short**" in text


def _legend_labels(at):
    def legends(spec):
        if isinstance(spec, dict):
            for key, value in spec.items():
                if key == "legend" and isinstance(value, dict):
                    yield value.get("values")
                yield from legends(value)
        elif isinstance(spec, list):
            for item in spec:
                yield from legends(item)

    return [label for chart in at.get("vega_lite_chart") for labels in legends(json.loads(chart.proto.spec))
            for label in labels or []]


def test_the_recommendation_draws_what_the_verdict_weighs_unless_the_team_chose_options():
    at = go(demo(), R)
    drawn = set(_legend_labels(at))
    assert drawn == {"gpt-4.1-mini, your current model, few-shot prompt", "gpt-4.1, a larger model, few-shot prompt",
                     "gpt-4.1-mini, your current model, few-shot prompt cached",  # the baseline it must beat
                     "nova-micro fine-tuned, Amazon Bedrock"}
    go(at, C)
    assert len(set(_legend_labels(at))) > 3  # the Costs page draws every service open to the team
    at.multiselect[0].unselect("gpt-4.1, a larger model, few-shot prompt").run()
    go(at, R)
    assert "gpt-4.1, a larger model, few-shot prompt" not in _legend_labels(at)
    assert len(set(_legend_labels(at))) > 3  # the team's own choice, carried to the Recommendation


def test_present_mode_hides_inputs_keeps_the_charts_and_stays_on_across_pages():
    at = go(demo(), R)
    at.sidebar.toggle[0].set_value(True).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 2 and not at.get("download_button")
    go(at, C)
    go(at, R)
    assert at.sidebar.toggle[0].value is True and not at.get("download_button")


def test_recommendation_with_existing_openai_access_keeps_openai():
    at = open_app(R, query={"openai_access": "yes", "prompting_tried": "few_shot", "prompting_result": "poor",
                            "n_examples": "200", "personal_data": "none", "fresh_facts": "no", "scope": "narrow",
                            "goals": "best_quality"})
    assert "winding down" in texts(unfold(at, "services"))


def test_the_dataset_is_counted_for_the_model_being_priced():
    at = go(demo(), "pages/2_Dataset.py")
    button(at, "Use the sample dataset").click().run()
    selectbox(at, "Model to fine-tune").set_value("gpt-3.5-turbo").run()
    go(at, C)
    # cl100k_base counts the sample at 14,910 tokens; the priced model is the one the dataset was counted for
    assert "14,910 tokens per epoch" in texts(at)
    assert "Fine-tuned gpt-3.5-turbo models stopped serving on 2026-10-23" in texts(at)


def test_changing_the_model_on_the_costs_page_keeps_the_dataset_in_the_costs():
    at = go(demo(), "pages/2_Dataset.py")
    button(at, "Use the sample dataset").click().run()
    go(at, C)
    selectbox(at, "Model your dataset is counted for").set_value("gpt-4o").run()
    assert not at.exception
    assert "the uploded dataset" not in texts(at) and "the uploaded dataset: 64 valid examples" in texts(at)


def test_a_second_change_of_model_sticks_on_both_pages():
    at = go(demo(), "pages/2_Dataset.py")
    button(at, "Use the sample dataset").click().run()
    selectbox(at, "Model to fine-tune").set_value("gpt-3.5-turbo").run()
    selectbox(at, "Model to fine-tune").set_value("gpt-4.1-mini").run()
    assert at.session_state["fine_tune_model"] == "gpt-4.1-mini"
    go(at, C)
    assert selectbox(at, "Model your dataset is counted for").value == "gpt-4.1-mini"
    selectbox(at, "Model your dataset is counted for").set_value("gpt-4o").run()
    selectbox(at, "Model your dataset is counted for").set_value("gpt-4.1").run()
    assert at.session_state["fine_tune_model"] == "gpt-4.1"
    assert selectbox(at, "Model your dataset is counted for").value == "gpt-4.1"


def test_a_shared_link_reproduces_the_cost_settings_and_every_number():
    at = go(demo(), C)
    button(at, "Reproduce the guide's figures").click().run()
    link = {key: at.query_params[key] for key in at.query_params}
    assert link["as_of"] in ("2023-11-06", ["2023-11-06"]) and "model.azure" in link
    before = metrics(at)
    assert "show" in link and len(at.get("vega_lite_chart")) == 3  # the guide's crossover, OpenAI against Azure
    other = open_app(C, {key: value[-1] if isinstance(value, list) else value for key, value in link.items()})
    assert metrics(other) == before and len(other.get("vega_lite_chart")) == 3
    assert not [warning for warning in other.warning if "shared link was not used" in str(warning.value)]


def test_a_link_with_unusable_settings_keeps_the_rest_and_says_so():
    at = open_app(C, {"scope": "narrow", "as_of": "yesterday", "horizon": "99", "model.azure": "gpt-9",
                      "tier.nowhere": "x", "larger": "gpt-4.1"})
    text = " ".join(str(warning.value) for warning in at.warning).replace("\\", "")
    assert "'as_of' must be a date" in text and "'horizon' must be between 1 and 36" in text
    assert at.session_state["answers"] == {"scope": "narrow"} and at.session_state["cost_larger_model"] == "gpt-4.1"


def test_the_price_date_picker_offers_only_dates_with_prices_and_says_when_a_model_is_not_priced():
    at = go(demo(), C)
    picker = selectbox(at, "Prices in force on")
    assert picker.options[0].startswith("today, 2026-11-24")
    assert "2023-11-06 (a price changed)" in picker.options
    assert all(option.startswith("today") or option.endswith("(a price changed)") for option in picker.options)
    unfold(at, "service_models")
    selectbox(at, "OpenAI fine-tuning (self-serve)").set_value("gpt-4.1").run()
    fold(at, "service_models")  # said with the pickers folded away too
    selectbox(at, "Prices in force on").set_value(date(2023, 11, 6)).run()
    assert not at.exception
    said = texts(at).replace("\\", "")  # Markdown escapes are not what the user reads
    assert "gpt-4.1 has no OpenAI fine-tuning (self-serve) price in force on 2023-11-06" in said


def test_a_model_and_tier_picked_for_a_service_are_priced_and_kept_when_the_section_closes():
    at = unfold(go(demo(), C), "service_models")
    assert "tier.azure" not in at.query_params  # a default is not written into the link
    selectbox(at, "Azure OpenAI fine-tuning tier").set_value("standard").run()
    selectbox(at, "Azure OpenAI fine-tuning").set_value("gpt-4.1").run()
    assert not at.exception
    assert "gpt-4.1 fine-tuned, Azure OpenAI fine-tuning (standard)" in texts(at).replace("\\", "")
    fold(at, "service_models")
    assert not [box for box in at.selectbox if box.label == "Azure OpenAI fine-tuning tier"]  # not drawn while folded
    assert "gpt-4.1 fine-tuned, Azure OpenAI fine-tuning (standard)" in texts(at).replace("\\", "")
    assert at.query_params["tier.azure"] == "standard" and at.query_params["model.azure"] == "gpt-4.1"
    unfold(at, "service_models")
    assert selectbox(at, "Azure OpenAI fine-tuning tier").value == "standard"
    assert selectbox(at, "Azure OpenAI fine-tuning").value == "gpt-4.1"


def test_a_shared_link_carries_edited_prices_and_reproduces_every_number():
    from lib.catalog.prices import apply_edits, load_prices, to_row

    at = go(demo(), "pages/4_Recommendation.py")
    published = metrics(at)
    rows = [to_row(price) for price in load_prices() if price.provider == "bedrock" and price.kind == "fine_tuned"]
    for row in rows:
        row["training_per_1m"] = 99.0 if row["training_per_1m"] is not None else None
    at.session_state["edited_prices"] = apply_edits(load_prices(), rows)
    at.run()
    before = metrics(at)
    assert before != published  # the edit changed the numbers on screen
    link = {key: at.query_params[key] for key in at.query_params}
    assert any(key.startswith("edit.") for key in link)
    other = open_app("pages/4_Recommendation.py",
                     {key: value[-1] if isinstance(value, list) else value for key, value in link.items()})
    assert metrics(other) == before
    assert "edited_prices" in other.session_state
    assert not [warning for warning in other.warning if "was not used" in str(warning.value)]


def test_a_shared_link_carries_the_datasets_numbers_but_not_the_file():
    at = go(demo(), R)
    assert "No dataset was analysed, so whoever opens the link sees costs estimated from the answers" in texts(at)
    go(at, "pages/2_Dataset.py")
    button(at, "Use the sample dataset").click().run()
    go(at, R)
    assert "the link carries only its numbers (64 valid examples" in texts(at)
    before = metrics(at)
    link = {key: at.query_params[key] for key in at.query_params}
    assert {"data_examples", "data_tokens", "data_average", "data_longest", "data_epochs"} <= set(link)
    dataset.forget_everything_held()  # the colleague has the link, not the file
    other = open_app("pages/4_Recommendation.py",
                     {key: value[-1] if isinstance(value, list) else value for key, value in link.items()})
    costs_shown = metrics(other)  # the file's findings (valid examples, personal data) stay with the file
    assert costs_shown and costs_shown == {label: before[label] for label in costs_shown}
    assert "linked_dataset" in other.session_state and not other.exception
    go(other, C)
    shown = texts(other).replace("\\", "").replace("\u2060", "")
    assert "the dataset summary in the shared link: 64 valid examples" in shown


def test_an_incomplete_or_absurd_dataset_summary_in_a_link_is_said_and_ignored():
    at = open_app(C, {"scope": "narrow", "data_examples": "64", "data_tokens": "-3"})
    said = " ".join(str(warning.value) for warning in at.warning).replace("\\", "")
    assert "'data_tokens' must be" in said and "dataset summary is incomplete" in said
    assert "linked_dataset" not in at.session_state


def test_skipping_the_questionnaire_says_what_is_missing_not_prices():
    at = open_app(R)  # nothing answered: no examples, no traffic
    said = texts(at)
    assert "Enter the missing training prices" not in said
    assert "how many training examples you have" in said and "No traffic is given" in said
    at = open_app(R, query={"n_examples": "64", "input_tokens": "97", "output_tokens": "132"})
    said = texts(at)
    assert "Enter the missing training prices" not in said and "how many training examples" not in said
    assert "No traffic is given" in said  # the traffic is what is still missing


def test_long_legend_labels_go_on_two_lines():
    at = go(demo(), C)
    assert not at.exception
    from ui.chart_fit import LEGEND_WIDTH, lines

    label = "gpt-4.1-mini, your current model, few-shot prompt"
    split = lines(label, LEGEND_WIDTH)
    assert len(split) == 2 and all(len(line) <= LEGEND_WIDTH for line in split)
    specs = [json.dumps(json.loads(chart.proto.spec)) for chart in at.get("vega_lite_chart")]
    assert specs and all("labelExpr" in spec and json.dumps(json.dumps(split))[1:-1] in spec for spec in specs)


def test_the_shared_link_is_shown_escaped_without_a_code_block():
    """The link is drawn as plain HTML (st.code would load a 1.5 MB syntax highlighter in the browser), escaped."""
    at = go(demo(), R)
    assert not at.get("code")
    shown = next(str(element.proto.body) for element in at.get("html") if 'id="shared-link"' in
                 str(element.proto.body))
    link = re.search(r'<pre id="shared-link"[^>]*>([^<]*)</pre>', shown)[1]
    assert "?prompting_tried=" in link and "&amp;n_examples=64&amp;" in link and "&n_examples" not in link
