"""Entry point: page config and navigation only; pages live in modules/ui/views/."""

import streamlit as st

from modules.ui.auth import role
from modules.ui.nav import visible_pages
from modules.ui.session import keep_code_in_url

st.set_page_config(page_title="Forced labour: see it, act on it", page_icon=":material/balance:", layout="wide")
pages = [
    st.Page(s.path, title=s.title, icon=s.icon, url_path=s.url_path, default=s.url_path == "home")
    for s in visible_pages(role(), link_only=st.query_params.get("key") is not None)
]
current = st.navigation(pages)
keep_code_in_url()
current.run()
