"""Recommendation: the verdict and the path, the dataset's findings, the costs and charts, and the report."""


import streamlit as st

from lib import clock
from lib.advice.scenario import answers_to_json
from lib.present.report import HYPERPARAMETERS, ReportInputs, chart_library, html_report, markdown_report, numbers_csv
from lib.present.words import constraint_sentence, path_words
from ui import bootstrap, costs, dataset, scenario, state
from ui.cost_views import on_the_recommendation, report_charts, show_charts, show_summary
from ui.pages import COSTS, DATASET, QUESTIONNAIRE, RECOMMENDATION
from ui.safe import md
from ui.share import share_box
from ui.sidebar import back_and_next
from ui.verdict import show_next_steps, show_verdict

bootstrap("Recommendation")

st.title("Recommendation")
present = state.present()

answers = state.answers()
advice = costs.current_advice()
verdict, comparison, route = advice.verdict, advice.comparison, advice.route

paths = {status.provider: path_words(status, comparison_option)
         for comparison_option in comparison.fine_tuned if (status := comparison_option.status) is not None}
show_verdict(verdict, compact=present, route=route, constraint=constraint_sentence(comparison), paths=paths)
if present:  # the meeting's view: the four figures, each chart on its own screen, next steps and the link
    show_summary(comparison, advice.facts, present=True)
changed = costs.dataset_change(advice)
if changed:
    st.info(md(f"What your dataset changed: {changed}", 1200), icon=":material/dataset:")
if verdict.missing and not present:
    st.page_link(QUESTIONNAIRE.path, label="Answer the remaining questions", icon=":material/checklist:",
                 query_params=scenario.scenario_query())

report = dataset.current_report()
if not present:
    st.subheader("Dataset")
    if report is None:
        st.write("No dataset analysed in this session: training costs are estimated from the questionnaire.")
        st.page_link(DATASET.path, label="Analyse your dataset for exact numbers", icon=":material/dataset:",
                     query_params=scenario.scenario_query())
    else:
        columns = st.columns(4)
        columns[0].metric("Valid examples", f"{report.n_valid:,} of {report.n_examples:,}")
        columns[1].metric("Problems", f"{report.error_count:,} errors, {report.warning_count:,} warnings")
        columns[2].metric("Training tokens billed", f"{report.billed_tokens:,}", help=f"{report.n_epochs} epochs")
        columns[3].metric("Personal data", "found" if report.pii.any_found else "none found")

st.subheader("Costs")
if not present:
    show_summary(comparison, advice.facts)
    st.page_link(COSTS.path, label="Change prices, models or traffic", icon=":material/payments:",
                 query_params=scenario.scenario_query())
drawn = on_the_recommendation(comparison)
if not present and not costs.chosen_options():
    st.caption("The charts show the model you run today, the larger model and the chosen service; the Costs page "
               "draws every service.")
show_charts(comparison, drawn, height_scale=1.5 if present else 1.0)

if present:
    show_next_steps(verdict)
    st.subheader("Share")
    share_box()
else:
    st.subheader("Hyperparameters you can set")
    for name, text in HYPERPARAMETERS:
        st.markdown(f"- **{name}**: {text}")

    st.subheader("Share")
    share_box()

    st.subheader("Export")
    st.caption("Files are built when you click. The HTML report holds the charts and opens offline.")
    inputs = ReportInputs(answers, verdict, route, clock.today(), comparison, report)
    columns = st.columns(4)
    columns[0].download_button("Report (Markdown)", lambda: markdown_report(inputs),
                               file_name="fine-tune-advisor-report.md", mime="text/markdown",
                               icon=":material/description:", on_click="ignore")
    columns[1].download_button(
        "Report (HTML)",
        lambda: html_report(ReportInputs(answers, verdict, route, clock.today(), comparison, report,
                                         report_charts(comparison, drawn)), chart_library()),
        file_name="fine-tune-advisor-report.html", mime="text/html", icon=":material/html:", on_click="ignore")
    columns[2].download_button("Numbers (CSV)", lambda: numbers_csv(comparison),
                               file_name="fine-tune-advisor-costs.csv", mime="text/csv", icon=":material/table:",
                               on_click="ignore")
    columns[3].download_button("Scenario (JSON)", lambda: answers_to_json(answers),
                               file_name="fine-tune-advisor-answers.json", mime="application/json",
                               icon=":material/data_object:", on_click="ignore")

back_and_next(RECOMMENDATION)
