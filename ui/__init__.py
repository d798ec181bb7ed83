"""Streamlit pieces shared by every page: the bootstrap call, session state and the sidebar."""

from ui.bootstrap import bootstrap

__all__ = ["bootstrap"]
