"""Entry point: page config and navigation only; pages live in modules/ui/views/."""

import streamlit as st
from streamlit.runtime.scriptrunner import StopException

from modules import logs
from modules.ui import auth, language, nav_state, outage, programme_identity
from modules.ui.components import aria, focus
from modules.ui.nav import PAGES
from modules.ui.page_title import FAVICON, set_title
from modules.ui.session import keep_code_in_url

logs.configure()  # one line per event, ids only (adds its handler once per process)
# The favicon is a file of ours, served by this server: a Material icon as page_icon makes every page
# fetch it from a font server on the internet, which an offline training room does not have.
st.set_page_config(page_icon=str(FAVICON), layout="wide")
language.current()  # before anything reads the course or a message: both follow the tab's language
programme_identity.apply()  # the programme's name, logo and colour (course.yaml `identity`)
database_down: BaseException | None = None
try:
    auth.restore_from_tab()
    user = auth.current_user()
    who = user.role if user is not None else None
    language.match_signed_in(user)  # a signed-in learner or account finds the language they chose
except Exception as exc:  # an outage is shown below, in the page's place; anything else is a bug
    database_down, who = exc, None


def _pages(role: str | None) -> list[st.Page]:
    """The menu's pages, made once per session, role and language: making a page resolves its file on disk
    (a dozen stat calls each), which was a tenth of a lesson's rerun. Kept per session, not per process:
    Streamlit marks the page being run on the page object itself. The titles are in the tab's language,
    so a language change makes the pages again."""
    made = st.session_state.get("app:pages")
    wanted = (role, language.current())
    if made is None or made[0] != wanted:
        made = (
            wanted,
            [
                st.Page(
                    s.path,
                    title=s.shown_title(),
                    icon=s.icon,
                    url_path=s.url_path,
                    default=s.url_path == "home",
                    visibility="visible" if s.in_menu(role) else "hidden",
                )
                for s in PAGES
            ],
        )
        st.session_state["app:pages"] = made
    return made[1]


current = st.navigation(_pages(who), expanded=True)  # every menu item, no "View more"
set_title(current.title)  # a page about one thing (a lesson, a quiz) names it in its own run
nav_state.show_same_page_params(current.url_path)
keep_code_in_url()
language.keep_in_url()
with st.sidebar:
    language.picker("menu")
notice = st.container(key=outage.NOTICE_KEY)  # outage messages: above the page, kept in view
told = False
try:
    if database_down is not None:
        raise database_down
    with notice:
        told = outage.before_page()
    try:
        current.run()
    except StopException:  # a page that ended early (st.stop) reached the database all the same
        outage.ended()
        raise
    focus.apply()  # a page that stops early calls it itself: nothing can be drawn after st.stop
    aria.apply()
    outage.ended()
except Exception as exc:
    with notice:
        if not outage.page_failed(exc, shown=told):
            raise
finally:
    nav_state.remember_params(current.url_path)
