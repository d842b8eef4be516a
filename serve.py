"""How `make run` serves the app: app.py (navigation and pages) behind a small HTTP guard
(modules/ui/http_guard.py) that keeps Streamlit's metrics endpoint private and forbids framing by
other sites, with two routes of our own that serve a programme's typeface to the pages
(/programme-font/regular and /bold, modules/ui/programme_identity.py). `streamlit run serve.py` takes
the same options as `streamlit run app.py` (which shows a programme's typeface only on the charts
and PDFs: the pages fall back to sans-serif without those routes)."""

import streamlit as st
from starlette.middleware import Middleware

from modules.ui.http_guard import HttpGuard
from modules.ui.programme_identity import font_routes, theme_at_start

theme_at_start()  # the programme's colour and typeface (course.yaml `identity`) from the first page on

app = st.App("app.py", middleware=[Middleware(HttpGuard)], routes=font_routes())
