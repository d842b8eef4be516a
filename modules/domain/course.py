"""The course outline: tracks and the ordered modules of lessons."""

from __future__ import annotations

from pydantic import Field

from modules.domain.common import Id, Model, ShortText, Text

ALL_TRACKS = "all"
"""A lesson tagged with this track belongs to every track."""


class Track(Model):
    id: Id
    title: ShortText
    description: Text


class CourseModule(Model):
    id: Id
    title: ShortText
    description: Text
    lessons: list[Id] = Field(min_length=1)
    quiz: Id | None = None


class Course(Model):
    id: Id
    title: ShortText
    description: Text
    audience: Text
    tracks: list[Track] = Field(min_length=1)
    modules: list[CourseModule] = Field(min_length=1)


class CourseFile(Model):
    course: Course
