"""Entry point: page config and navigation only; pages live in modules/ui/views/."""

import streamlit as st

from modules.ui.auth import role
from modules.ui.nav import visible_pages
from modules.ui.session import keep_code_in_url

st.set_page_config(page_title="Forced labour: see it, act on it", page_icon=":material/balance:", layout="wide")
sections: dict[str, list] = {}
for spec in visible_pages(role()):
    page = st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.url_path, default=spec.url_path == "home")
    sections.setdefault(spec.section, []).append(page)
current = st.navigation(sections)
keep_code_in_url()
current.run()
