"""Each page's browser title names the page (WCAG 2.4.2): tabs, history and screen readers tell
pages apart. app.py titles every page after its menu entry; a page about one thing (a lesson, a
quiz) names it too. The last part is the programme's name (course.yaml `identity.name`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from modules.ui import programme_identity

FAVICON = Path(__file__).with_name("assets") / "favicon.png"  # the course's mark, served locally


def set_title(*parts: str) -> None:
    """The browser title: the given parts, most specific first, then the programme's name."""
    st.set_page_config(page_title=" · ".join([*(p for p in parts if p), programme_identity.current().name]))
