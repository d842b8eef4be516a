"""Page paths shared by app.py and links between pages (st.page_link needs the same source)."""

from __future__ import annotations

HOME = "modules/ui/views/home.py"
COURSE = "modules/ui/views/course.py"
LESSON = "modules/ui/views/lesson.py"
QUIZ = "modules/ui/views/quiz.py"
RESULTS = "modules/ui/views/results.py"
DATA = "modules/ui/views/data.py"
