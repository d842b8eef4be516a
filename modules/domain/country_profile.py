"""A country profile: what a country team adds to adapt the course without editing lessons.

Lessons name its offences (`national_law` blocks) and contacts (`contact_card` blocks) by id. Optional: a
course without content/country-profile.yaml shows those blocks as a neutral line ("your trainer will
tell you ...")."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from modules.domain.common import Id, Model, PlainShortText, ShortText, Text

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
CSV_FILE_PATTERN = r"^[A-Za-z0-9_.-]+\.csv$"


class NationalOffence(Model):
    """An offence of national law that covers forced labour or trafficking, as a `national_law` block shows it."""

    id: Id = Field(description="`national_law` blocks name the offence by it. Unique in the profile.")
    name: ShortText = Field(description="The offence's name in national law, such as Forced labour.")
    reference: ShortText = Field(
        description="Where the offence is in national law, such as Penal Code s. 123 or Labour Act art. 12."
    )
    summary: Text = Field(
        description="What the offence covers and its penalty, in two or three plain sentences (Markdown)."
    )


class Mandates(Model):
    """What the law allows the labour inspectorate and the police to do, in short plain texts. A
    `national_law` block with `show_mandates: true` shows them under the offences."""

    labour_inspectorate: Text | None = Field(
        default=None,
        description="The labour inspectorate's mandate: which workplaces it may enter, what it may check, "
        "and what it must do when it suspects forced labour (Markdown).",
    )
    police: Text | None = Field(
        default=None,
        description="The police's mandate on forced labour and trafficking, and the specialised unit if "
        "there is one (Markdown).",
    )


class Contact(Model):
    """A service learners may need to call, such as the national referral mechanism or a hotline, as a
    `contact_card` block shows it. It needs a phone number or an e-mail address, or both."""

    id: Id = Field(description="`contact_card` blocks name the contact by it. Unique in the profile.")
    name: ShortText = Field(description="The service's name, such as National Referral Mechanism Office.")
    role: ShortText = Field(
        description="What the service does for the learner, such as national referral mechanism or victim hotline."
    )
    phone: PlainShortText | None = Field(default=None, description="The phone number or hotline, as it is dialled.")
    email: Annotated[str, Field(max_length=200, pattern=EMAIL_PATTERN)] | None = Field(
        default=None, description="The e-mail address, such as referral@example.org."
    )
    hours: ShortText | None = Field(
        default=None, description="When it answers, such as 24 hours a day or Monday to Friday, 8:00 to 17:00."
    )

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not self.phone and not self.email:
            raise ValueError("a contact needs a phone number or an e-mail address (or both)")
        return self


class CountryProfile(Model):
    """The country's name, its offences, the mandates of its labour inspectorate and police, and the
    contacts learners need."""

    country: ShortText = Field(description="The country's name, as lessons show it.")
    offences: list[NationalOffence] = Field(
        default_factory=list, description="The offences of national law that `national_law` blocks name."
    )
    mandates: Mandates | None = Field(
        default=None, description="What the labour inspectorate and the police may do, in short texts."
    )
    contacts: list[Contact] = Field(default_factory=list, description="The services that `contact_card` blocks name.")
    national_data_file: Annotated[str, Field(max_length=120, pattern=CSV_FILE_PATTERN)] | None = Field(
        default=None,
        description="Optional: the CSV file of national enforcement figures in the content folder's data/ "
        "folder. When course.yaml has no `national_data`, the charts draw it beside the global figures, "
        "labelled with `country`.",
    )


class CountryProfileFile(Model):
    """The file content/country-profile.yaml: a single top-level key, `country_profile`. Optional: leave
    the file out and `national_law` and `contact_card` blocks show a neutral line instead."""

    country_profile: CountryProfile = Field(description="The country profile.")
