"""The course outline: tracks and the ordered modules of lessons."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from modules.domain.common import Id, Model, ShortText, Text

ALL_TRACKS = "all"
"""A lesson tagged with this track belongs to every track."""


class Track(Model):
    """A role track: learners pick one when they start, and see the lessons and quizzes of their track."""

    id: Id = Field(description="Lessons name it in their `tracks`, a final quiz in its `track`.")
    title: ShortText = Field(description="The track's name, as learners see it when they pick a track.")
    description: Text = Field(description="One or two sentences shown with the title on the home page.")
    core_objectives: list[Id] = Field(
        default_factory=list,
        description="Ids of the learning objectives that are this track's core job tasks: validation requires "
        "each final of the track to hold at least 3 questions tagged with each of them.",
    )


class CourseModule(Model):
    """A module: lessons taken in order. The app numbers modules in each track's own order, and shows a
    module only to tracks that have at least one of its lessons."""

    id: Id = Field(description="A quiz names it in its `module` to appear under this module.")
    title: ShortText = Field(description="Shown on the course map, without a number: the app numbers modules.")
    description: Text = Field(description="Shown under the title on the course map.")
    lessons: list[Id] = Field(
        min_length=1,
        description="Lesson ids in learning order. A lesson that is in no module never appears in the app, "
        "and a lesson can be in only one module.",
    )
    quiz: Id | None = Field(
        default=None,
        description="The id of the quiz that closes the module (it must exist). The quiz's own `module` "
        "is what shows it under the module; `stats` lists modules without one.",
    )


class NationalData(Model):
    """A country team's own enforcement figures, shipped in the content folder's data/ folder."""

    file: str = Field(
        pattern=r"^[A-Za-z0-9_.-]+\.csv$",
        max_length=120,
        description="The CSV file's name in the content folder's data/ folder (same columns as an upload on "
        "the Enforcement data page), for example ruritania.csv.",
    )
    name: ShortText = Field(description="How charts label the series, for example 'Ruritania'.")
    show: Literal["beside", "instead"] = Field(
        default="beside",
        description="beside: every chart draws the national series beside the global one; instead: charts "
        "draw the national series alone, and say nothing of global figures.",
    )


class Course(Model):
    """The course: its name, who it is for, the tracks and the modules in learning order."""

    id: Id = Field(
        description="Names the course. Nothing is stored under it (progress is kept by lesson, question and "
        "quiz ids), so a country copy may keep it or give its own."
    )
    title: ShortText = Field(description="The course's name, at the top of the home page.")
    description: Text = Field(description="What the course is about, on the home page.")
    audience: Text = Field(description="Who the course is for, on the home page.")
    tracks: list[Track] = Field(min_length=1, description="The role tracks learners choose between.")
    modules: list[CourseModule] = Field(min_length=1, description="The modules, in learning order.")
    national_data: NationalData | None = Field(
        default=None,
        description="Optional: national figures that the charts show beside or instead of the global ones.",
    )


class CourseFile(Model):
    """The file content/course.yaml: a single top-level key, `course`."""

    course: Course = Field(description="The course outline.")
