"""How `make run` serves the app: app.py (navigation and pages) behind a small HTTP guard
(modules/ui/http_guard.py) that keeps Streamlit's metrics endpoint private and forbids framing by
other sites. `streamlit run serve.py` takes the same options as `streamlit run app.py`."""

import streamlit as st
from starlette.middleware import Middleware

from modules.ui.http_guard import HttpGuard
from modules.ui.programme_identity import theme_at_start

theme_at_start()  # the programme's colour (course.yaml `identity`) from the first page on

app = st.App("app.py", middleware=[Middleware(HttpGuard)])
