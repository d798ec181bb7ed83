"""Dataset: upload, validation and token counting (being built)."""

import streamlit as st

from ui import bootstrap

bootstrap("Dataset", ":material/dataset:")
st.title("Dataset")
st.info("Not built yet: upload a fine-tuning file to validate it line by line and count its tokens exactly.")
