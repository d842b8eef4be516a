"""Entry point: page config and navigation only; pages live in modules/ui/views/."""

import streamlit as st

from modules.ui.auth import role
from modules.ui.menu import sidebar_menu
from modules.ui.nav import visible_pages
from modules.ui.session import keep_code_in_url

st.set_page_config(page_title="Forced labour: see it, act on it", page_icon=":material/balance:", layout="wide")
specs = visible_pages(role())
pages = [
    st.Page(s.path, title=s.title, icon=s.icon, url_path=s.url_path, default=s.url_path == "home") for s in specs
]
current = st.navigation(pages, position="hidden")
keep_code_in_url()
sidebar_menu(specs)
current.run()
