"""The Costs page's price freshness and the team's own price file: every price row says how old it is, old rows are
marked, and a loaded file's good rows are priced and travel with the link while its bad rows are refused by line."""

from datetime import date

from lib import clock
from tests.app.conftest import button, go, open_app, texts, unfold

C = "pages/3_Costs.py"
HEADER = "provider,model,kind,tier,method,billed,amount,source,date\n"
OURS = ("bedrock,nova-micro,fine_tuned,,lora,training_per_1m,2.00,our AWS contract,2026-11-20\n"
        "bedrock,nova-micro,fine_tuned,,lora,input_per_1m,0.035,our AWS contract,2026-11-20\n"
        "bedrock,nova-micro,fine_tuned,,lora,output_per_1m,0.14,our AWS contract,2026-11-20\n")
BAD = ("nobody,x,fine_tuned,,,training_per_1m,1,c,2026-12-01\n"
       "together,llama-3.1-8b,fine_tuned,,lora,training_per_1m,abc,c,2026-12-01\n")


def demo():
    at = open_app()
    button(at, "Load the demo scenario").click().run()
    return unfold(go(at, C), "price_table")


def cost_table(at):
    return next(frame.value for frame in at.dataframe if "Price read" in frame.value.columns)


def price_table(at):
    return next(frame.value for frame in at.dataframe if "read" in frame.value.columns)


def said_on(at):
    """The page's words without Markdown's escapes."""
    return texts(at).replace("\u2060", "").replace("\\", "")


def test_every_price_row_says_how_old_it_is():
    at = demo()
    table = cost_table(at)
    assert all(str(said).startswith(("read ", "date read unknown")) for said in table["Price read"])
    assert all(str(said).startswith("read ") for said in price_table(at)["read"])
    assert "Every price shown was read within the last 90 days" in texts(at)


def test_rows_read_more_than_90_days_ago_are_marked():
    with clock.pinned(date(2027, 6, 1)):
        at = demo()
        table = cost_table(at)
        assert any("over 90 days, check it" in str(said) for said in table["Price read"])
        assert "were read more than 90 days ago" in texts(at)


def test_time_billed_options_show_their_replicas_at_the_traffic():
    table = cost_table(demo())
    serving = [str(said) for said in table["Serving"]]
    assert any("at your traffic, billed by time" in said and said[0].isdigit() for said in serving)
    assert list(table.columns).index("Serving") < list(table.columns).index("Payback")  # on screen at 1280 px


def test_a_price_file_good_rows_are_used_bad_rows_refused_by_line_and_the_link_carries_them():
    at = demo()
    before = cost_table(at)
    bedrock = before[before["Option"].str.contains("Bedrock")]
    at.file_uploader[-1].upload("ours.csv", (HEADER + OURS + BAD).encode(), "text/csv").run()
    assert not at.exception
    said = said_on(at)
    assert "Line 5: provider must be one of" in said and "Line 6: training_per_1m must be a number" in said
    assert "3 of your own price rows" not in said and "1 of your own price rows are in use" in said
    after = cost_table(at)
    row = after[after["Option"].str.contains("Bedrock")]
    assert "our AWS contract" in row["Source"].iloc[0]
    assert row["One-off"].iloc[0] != bedrock["One-off"].iloc[0]  # training at $2.00 per 1M, not $1.00
    link = {key: at.query_params[key] for key in at.query_params}
    assert any(key.startswith("team.") for key in link)
    other = open_app(C, query={key: value[-1] if isinstance(value, list) else value for key, value in link.items()})
    again = cost_table(other)
    assert "our AWS contract" in again[again["Option"].str.contains("Bedrock")]["Source"].iloc[0]
    assert "Part of the shared link was not used" not in texts(other)


def test_a_toml_price_file_and_a_broken_one():
    at = demo()
    toml = ('[[prices]]\nprovider = "bedrock"\nmodel = "nova-micro"\nkind = "fine_tuned"\nmethod = "lora"\n'
            'training_per_1m = 2.0\ninput_per_1m = 0.035\noutput_per_1m = 0.14\neffective = 2026-11-20\n'
            'source = "our AWS contract"\n\n[[prices]]\nprovider = "bedrock"\n')
    at.file_uploader[-1].upload("ours.toml", toml.encode(), "application/toml").run()
    said = said_on(at)
    assert "Line 12: model is required" in said and "1 of your own price rows are in use" in said
    at.file_uploader[-1].upload("ours.csv", b"\xff\xfe\x00bad", "text/csv").run()
    assert not at.exception and "is not UTF-8 text" in said_on(at)
    button(at, "Remove your own prices").click().run()
    assert "of your own price rows are in use" not in texts(at)


def test_typed_prices_count_as_waiting_until_the_table_holds_them():
    from ui.price_file import changed_cells

    rows = [{"provider": "together", "training_per_1m": 0.48}, {"provider": "bedrock", "training_per_1m": None}]
    typed = {"edited_rows": {0: {"training_per_1m": 99.0}, "1": {"training_per_1m": 2.0}}, "added_rows": []}
    assert changed_cells(rows, typed) == 2
    applied = [{**rows[0], "training_per_1m": 99.0}, {**rows[1], "training_per_1m": 2.0}]
    assert changed_cells(applied, typed) == 0  # once applied, the table holds what was typed: nothing waits
    assert changed_cells(rows, {"edited_rows": {7: {"x": 1}, "y": {"x": 1}}}) == 0  # rows that are gone
    assert changed_cells(rows, None) == 0
