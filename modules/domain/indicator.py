"""The ILO catalogue of indicators of forced labour, referenced by id everywhere."""

from __future__ import annotations

from pydantic import Field

from modules.domain.common import Id, Model, ShortText, Source, Text


class Indicator(Model):
    id: Id
    number: int = Field(ge=1, le=50)
    name: ShortText
    summary: Text
    signs: list[Text] = Field(min_length=1)
    questions_to_ask: list[Text] = Field(min_length=1)
    evidence_to_record: list[Text] = Field(min_length=1)
    source: Source


class IndicatorCatalogue(Model):
    indicators: list[Indicator] = Field(min_length=1)
