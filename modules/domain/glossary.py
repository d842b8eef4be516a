"""The glossary: the terms learners meet in lessons, each explained in plain words with its source.

Optional: a course without content/glossary.yaml has no term links and an empty Glossary page."""

from __future__ import annotations

from pydantic import Field

from modules.domain.common import Id, Model, ShortText, Source, Text


class GlossaryTerm(Model):
    """One term: the Glossary page shows it with its definition and source, and the first time a lesson's
    text (a `text` or `key_point` block) uses the term or one of its aliases, the word links to this entry."""

    id: Id = Field(
        description="Names the term in links to the Glossary page (glossary?term=<id>). Unique in the glossary."
    )
    term: ShortText = Field(
        description="The term as learners see it, such as debt bondage. Unique in the glossary, whatever the case."
    )
    aliases: list[ShortText] = Field(
        default_factory=list,
        description="Other forms of the term found in lessons (a plural, another spelling, a longer name), "
        "linked like the term itself, such as remedy for remedies. Each form belongs to one term only.",
    )
    definition: Text = Field(
        description="What the term means, in plain words a B1-B2 reader understands: one to three short "
        "sentences, in your own words (not a quote). Markdown."
    )
    source: Source = Field(description="Where the meaning comes from: best an ILO or UN text.")
    link_in_lessons: bool = Field(
        default=True,
        description="false for a term that is also an everyday word (means, as in 'this means that'): the "
        "Glossary page lists it, but lessons never link it and the presenter's list of terms leaves it out.",
    )

    def forms(self) -> list[str]:
        """The term and its aliases: what lessons are searched for."""
        return [self.term, *self.aliases]


class GlossaryFile(Model):
    """The file content/glossary.yaml: a single top-level key, `glossary`. Optional: leave the file out and
    lessons have no term links."""

    glossary: list[GlossaryTerm] = Field(
        min_length=1, description="Every term, in any order: the Glossary page sorts them alphabetically."
    )
