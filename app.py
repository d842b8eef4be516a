"""Entry point: page config and navigation only; pages live in modules/ui/views/."""

import streamlit as st

from modules.ui import nav
from modules.ui.session import keep_code_in_url

st.set_page_config(page_title="Forced labour: see it, act on it", page_icon=":material/balance:", layout="wide")
pages = [
    st.Page(nav.HOME, title="Home", icon=":material/home:", url_path="home", default=True),
    st.Page(nav.COURSE, title="Course map", icon=":material/map:", url_path="course"),
    st.Page(nav.LESSON, title="Lesson", icon=":material/menu_book:", url_path="lesson"),
    st.Page(nav.QUIZ, title="Quizzes", icon=":material/quiz:", url_path="quiz"),
    st.Page(nav.RESULTS, title="My results", icon=":material/insights:", url_path="results"),
    st.Page(nav.DATA, title="Enforcement data", icon=":material/bar_chart:", url_path="data"),
]
page = st.navigation(pages)
keep_code_in_url()
page.run()
