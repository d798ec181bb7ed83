"""The Dataset page as a user drives it: sample, uploads good and bad, model change, feeding the questionnaire."""

import json

from tests.app.conftest import button, go, open_app, selectbox, texts
from tests.conftest import SAMPLES
from tests.dataset.helpers import chat, jsonl
from ui import dataset

D = "pages/2_Dataset.py"


def metrics(at):
    return {metric.label: metric.value for metric in at.metric}


def sample_cli_numbers(model="gpt-4o-mini"):
    from lib.dataset.analysis import analyze
    from lib.dataset.reading import from_path

    return analyze(from_path(SAMPLES / "recipes.jsonl"), model)


def test_sample_dataset_shows_exact_numbers():
    at = go(open_app(), D)
    button(at, "Use the sample dataset").click().run()
    expected = sample_cli_numbers()
    assert metrics(at)["Total tokens"] == f"{expected.total_tokens:,}"
    assert metrics(at)["Billed training tokens"] == f"{expected.billed_tokens:,}"
    assert metrics(at)["Valid examples"] == "64"
    assert "chat JSONL" in texts(at)
    assert len(at.get("vega_lite_chart")) == 1  # the histogram of tokens per example


def test_upload_with_problems_lists_them_and_keeps_the_rest():
    at = go(open_app(), D)
    data = jsonl(*[chat(user=str(i)) for i in range(12)]) + b"{broken\n" + jsonl(chat(user="me: x@example.com"))
    at.file_uploader[0].upload("train.jsonl", data, "application/jsonl").run()
    assert not at.exception
    assert metrics(at)["Examples"] == "14" and metrics(at)["Valid examples"] == "13"
    assert "Likely personal data found" in texts(at)
    problem_table = at.dataframe[1].value
    assert 13 in set(problem_table["line"]) and "Not valid JSON" in set(problem_table["problem"])


def test_unreadable_upload_gets_a_message_and_answers_survive():
    at = go(open_app(), D)
    at.session_state["answers"] = {"scope": "narrow"}
    at.run()
    at.file_uploader[0].upload("data.xlsx", b"PK\x03\x04zip", "application/octet-stream").run()
    assert not at.exception
    assert "could not be analysed" in texts(at) and "ZIP archive" in texts(at)
    assert at.session_state["answers"] == {"scope": "narrow"}


def test_changing_the_model_changes_the_numbers():
    at = go(open_app(), D)
    button(at, "Use the sample dataset").click().run()
    before = metrics(at)["Total tokens"]
    selectbox(at, "Model to fine-tune").set_value("gpt-3.5-turbo").run()
    assert metrics(at)["Total tokens"] == f"{sample_cli_numbers('gpt-3.5-turbo').total_tokens:,}" != before


def test_choosing_epochs_changes_the_bill():
    at = go(open_app(), D)
    button(at, "Use the sample dataset").click().run()
    at.toggle[0].set_value(True).run()
    at.number_input[0].set_value(5).run()
    expected = sample_cli_numbers()
    assert metrics(at)["Epochs"] == "5"
    assert metrics(at)["Billed training tokens"] == f"{5 * expected.total_tokens:,}"


def test_the_dataset_survives_a_page_change_without_recounting():
    at = go(open_app(), D)
    button(at, "Use the sample dataset").click().run()
    [held] = dataset._HELD.values()  # one session in this test
    reports = dict(held.reports)
    go(at, "pages/3_Costs.py")
    go(at, D)
    assert metrics(at)["Valid examples"] == "64"
    assert all(held.reports[key] is report for key, report in reports.items())  # the same objects: no recount


def test_findings_feed_the_questionnaire():
    at = go(open_app(), D)
    data = jsonl(*[chat(user=f"{i} call +44 20 7946 0958") for i in range(12)])
    at.file_uploader[0].upload("train.jsonl", data, "application/jsonl").run()
    button(at, "Use these findings in the questionnaire (12 valid examples, personal data to check)").click().run()
    assert at.session_state["answers"] == {"n_examples": 12, "personal_data": "unsure"}


def test_json_array_upload_is_explained():
    at = go(open_app(), D)
    at.file_uploader[0].upload("data.json", json.dumps([chat()] * 3).encode(), "application/json").run()
    assert "one JSON object per line" in texts(at)


def test_remove_forgets_only_the_file():
    at = go(open_app(), D)
    at.session_state["answers"] = {"scope": "narrow"}
    button(at, "Use the sample dataset").click().run()
    button(at, "Remove").click().run()
    assert "No dataset yet" in texts(at)
    assert at.session_state["answers"] == {"scope": "narrow"}


def test_choosing_a_door_checks_the_file_by_its_rules_and_says_the_counts_are_estimates():
    at = go(open_app(), D)
    button(at, "Use the sample dataset").click().run()
    selectbox(at, "Where you will fine-tune").set_value("bedrock").run()
    assert not at.exception
    assert at.session_state[dataset.MODEL] == "nova-micro"
    assert "Total tokens (estimate)" in metrics(at)
    shown = texts(at)
    assert "Amazon Bedrock" in shown and "not available offline" in shown
    assert "download it converted below" in shown  # a chat file is not what Bedrock takes


def test_the_file_downloads_converted_for_the_chosen_door_with_what_was_left_out():
    at = go(open_app(), D)
    button(at, "Use the sample dataset").click().run()
    selectbox(at, "Convert for").set_value("bedrock").run()
    assert not at.exception
    download = next(element for element in at.get("download_button") if "Amazon Bedrock" in element.proto.label)
    assert "(64 examples)" in download.proto.label
    selectbox(at, "Convert for").set_value("together").run()
    assert any("Together" in element.proto.label for element in at.get("download_button"))


def test_a_pretty_printed_json_upload_is_read_object_by_object():
    at = go(open_app(), D)
    content = "\n".join(json.dumps(chat(user=f"Soup {n}?"), indent=2) for n in range(11)).encode()
    at.file_uploader[0].upload("pretty.json", content, "application/json").run()
    assert not at.exception
    assert metrics(at)["Examples"] == "11" and "pretty-printed JSON" in texts(at)


def test_model_pickers_mark_retired_models_with_their_date():
    at = go(open_app(query={"openai_access": "yes"}), D)  # OpenAI's dates: the provider open to this team
    picker = selectbox(at, "Model to fine-tune")
    shown = set(picker.options)
    assert any("retired on 2026-10-23" in option for option in shown)
    assert any("retires on 2027-01-14" in option for option in shown)


def test_the_greyed_epochs_field_shows_the_epochs_the_figures_bill():
    at = go(open_app(), D)
    at.file_uploader[0].upload("five.jsonl", jsonl(*[chat(user=str(i)) for i in range(5)]), "application/jsonl").run()
    assert not at.exception
    field = next(box for box in at.number_input if box.label == "Epochs")
    assert field.disabled and field.value == 20  # the Cookbook's rule: 100 // 5 examples
    assert metrics(at)["Epochs"] == "20"


def test_without_a_dataset_the_greyed_epochs_field_follows_the_questionnaire():
    at = go(open_app(query={"n_examples": "10"}), D)
    field = next(box for box in at.number_input if box.label == "Epochs")
    assert field.disabled and field.value == 10  # what the cost pages bill for 10 examples


def test_the_default_provider_is_one_open_to_the_team():
    labels = {"azure": "Azure OpenAI", "aws": "Amazon Bedrock", "none": "Together AI"}
    for cloud, label in labels.items():
        at = go(open_app(query={"openai_access": "no", "cloud": cloud}), D)
        box = selectbox(at, "Where you will fine-tune")
        assert box.value != "openai", cloud
        assert label in box.format_func(box.value), (cloud, box.value)
    at = go(open_app(query={"openai_access": "yes"}), D)
    assert selectbox(at, "Where you will fine-tune").value == "openai"  # open to a team with existing access
