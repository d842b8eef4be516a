"""Our own sidebar menu. Navigation itself is hidden (st.navigation(position="hidden")) so that
link-only pages such as the projector stay routable without a menu entry, and so the menu is
plain headings and links (Streamlit's sectioned menu nests headings inside its list, which
axe-core reports as a serious list violation)."""

from __future__ import annotations

import streamlit as st

from modules.ui.nav import HIDDEN, PageSpec
from modules.ui.session import learner_link_params


def sidebar_menu(specs: list[PageSpec]) -> None:
    params = learner_link_params()
    sections: dict[str, list[PageSpec]] = {}
    for spec in specs:
        if spec.roles != HIDDEN:
            sections.setdefault(spec.section, []).append(spec)
    with st.sidebar:
        for section, members in sections.items():
            st.markdown(f"**{section}**")
            for spec in members:
                st.page_link(spec.path, label=spec.title, icon=spec.icon, query_params=params or None)
