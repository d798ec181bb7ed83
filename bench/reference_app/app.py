"""The plain Streamlit app bench/bench_pages.py times beside Fine-Tune Advisor: five pages, each with a few widgets, a
table and one Altair chart, and nothing else. A page switch here is as fast as Streamlit allows for such a page."""

import streamlit as st

PAGES = [st.Page(f"pages/page_{number}.py", title=title) for number, title in
         enumerate(("Questionnaire", "Dataset", "Costs", "Recommendation", "Strategies"), start=1)]
st.navigation(PAGES).run()
