"""Costs: monthly cost of each option and break-even charts (being built)."""

import streamlit as st

from ui import bootstrap

bootstrap("Costs", ":material/payments:")
st.title("Costs")
st.info("Not built yet: monthly cost of each option at your traffic, break-even charts and open providers.")
