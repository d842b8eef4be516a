"""Checks on the country profile (content/country-profile.yaml) and on the lesson blocks that name it.

A `national_law` or `contact_card` block is checked against the profile only when there is one: without a
profile the blocks show a neutral line, so a course with no profile is complete as it is."""

from __future__ import annotations

from collections.abc import Callable

from modules.content.model_errors import did_you_mean
from modules.content.problems import Problem
from modules.content.registry import SourceRef
from modules.domain.country_profile import CountryProfile
from modules.domain.lesson import ContactCardBlock, Lesson, NationalLawBlock

Profile = tuple[CountryProfile, SourceRef]
"""The profile and where it was written."""


def profile_problems(profile: CountryProfile, ref: SourceRef, data_file_exists: Callable[[str], bool]) -> list[Problem]:
    """Offence and contact ids used twice, and a national data file that is not in the data/ folder."""
    out: list[Problem] = []
    base = ("country_profile",)
    for key, ids in (("offences", [o.id for o in profile.offences]), ("contacts", [c.id for c in profile.contacts])):
        seen: dict[str, int] = {}
        for i, item_id in enumerate(ids):
            if item_id in seen:
                first = ref.line(*base, key, seen[item_id], "id")
                out.append(
                    ref.problem(f"duplicate id '{item_id}' (also used at {ref.path}:{first})", *base, key, i, "id")
                )
            else:
                seen[item_id] = i
    wanted = profile.national_data_file
    if wanted and not data_file_exists(wanted):
        out.append(
            ref.problem(
                f"national data file '{wanted}' not found in the content folder's data/ folder (or it is a link "
                "to a file outside it): put the CSV there, or remove national_data_file",
                *base,
                "national_data_file",
            )
        )
    return out


def block_problems(lesson: Lesson, ref: SourceRef, profile: Profile | None) -> list[Problem]:
    """Offences and contacts that the lesson's blocks name but the profile lacks (none without a profile)."""
    if profile is None:
        return []
    found, where = profile
    offences = {o.id for o in found.offences}
    contacts = {c.id for c in found.contacts}
    out: list[Problem] = []
    for s, section in enumerate(lesson.sections):
        for b, block in enumerate(section.blocks):
            at = ("sections", s, "blocks", b)
            if isinstance(block, NationalLawBlock):
                for i, offence in enumerate(block.offences):
                    if offence not in offences:
                        out.append(
                            ref.problem(
                                f"unknown offence id '{offence}' (the country profile, {where.path}, has "
                                f"{_known(offences)}){did_you_mean(offence, offences)}",
                                *at,
                                "offences",
                                i,
                            )
                        )
            elif isinstance(block, ContactCardBlock) and block.contact not in contacts:
                out.append(
                    ref.problem(
                        f"unknown contact id '{block.contact}' (the country profile, {where.path}, has "
                        f"{_known(contacts)}){did_you_mean(block.contact, contacts)}",
                        *at,
                        "contact",
                    )
                )
    return out


def _known(ids: set[str]) -> str:
    return ", ".join(f"'{i}'" for i in sorted(ids)) if ids else "none"
