"""The ILO catalogue of indicators of forced labour, referenced by id everywhere."""

from __future__ import annotations

from pydantic import Field

from modules.domain.common import Id, Model, ShortText, Source, Text


class Indicator(Model):
    """One ILO indicator of forced labour: the card an `indicator` block shows, and a tag on questions."""

    id: Id = Field(description="Questions, draw rules and `indicator` blocks refer to the indicator by this id.")
    number: int = Field(ge=1, le=50, description="Its place in the ILO list (1 to 11); no two indicators share one.")
    name: ShortText = Field(description="The indicator's name, as cards and spot-the-indicators options show it.")
    summary: Text = Field(description="What the indicator means, in a sentence or two.")
    signs: list[Text] = Field(min_length=1, description="What it looks like on a worksite: one sign per item.")
    questions_to_ask: list[Text] = Field(min_length=1, description="Questions to ask a worker or an employer.")
    evidence_to_record: list[Text] = Field(min_length=1, description="What to write down or collect as evidence.")
    source: Source = Field(description="Where the indicator's wording comes from.")


class IndicatorCatalogue(Model):
    """The file content/indicators.yaml: a single top-level key, `indicators`."""

    indicators: list[Indicator] = Field(min_length=1, description="Every indicator, in any order.")
