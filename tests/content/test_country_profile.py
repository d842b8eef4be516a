"""The country profile (content/country-profile.yaml) and the `national_law` and `contact_card` blocks:
optional, checked against the blocks only when it exists, and the shipped example validates when copied
into a copy of the course."""

from __future__ import annotations

import shutil
from pathlib import Path

from modules.content.loader import load_registry
from modules.content.registry import Registry
from modules.domain.lesson import ContactCardBlock, NationalLawBlock

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "country-profile" / "country-profile.yaml"

PROFILE = """\
country_profile:
  country: Testland
  offences:
    - id: forced-labour
      name: Forced labour
      reference: Penal Code s. 1
      summary: Making a person work under threat.
    - id: trafficking
      name: Trafficking in persons
      reference: Penal Code s. 2
      summary: Recruiting or moving a person to exploit them.
  mandates:
    labour_inspectorate: Enters every workplace.
    police: Investigates.
  contacts:
    - id: nrm
      name: Referral office
      role: National referral mechanism
      phone: "0800 000"
      email: help@example.org
      hours: Always
"""

BLOCKS = """\
      - kind: national_law
        offences: [forced-labour, trafficking]
        show_mandates: true
      - kind: contact_card
        contact: nrm
"""


def _load(root: Path) -> Registry:
    return load_registry([root / "content", root / "quizzes"])


def _problems(root: Path) -> list[str]:
    return [str(p).replace(f"{root}/", "") for p in _load(root).problems]


def _with_blocks(root: Path, blocks: str = BLOCKS) -> None:
    lesson = root / "content" / "lessons" / "l-two.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8") + blocks, encoding="utf-8")


def _with_profile(root: Path, text: str = PROFILE) -> None:
    (root / "content" / "country-profile.yaml").write_text(text, encoding="utf-8")


def test_without_a_profile_the_blocks_are_valid_and_the_course_complete(valid_set: Path) -> None:
    _with_blocks(valid_set, BLOCKS.replace("nrm", "no-such-contact").replace("trafficking", "nothing"))
    reg = _load(valid_set)
    assert reg.problems == () and reg.country_profile is None
    kinds = [b.kind for b in reg.lessons["l-two"].sections[0].blocks]
    assert kinds == ["check", "national_law", "contact_card"]


def test_a_valid_profile_is_in_the_registry(valid_set: Path) -> None:
    _with_blocks(valid_set)
    _with_profile(valid_set)
    reg = _load(valid_set)
    assert reg.problems == ()
    assert reg.country_profile is not None and reg.country_profile.country == "Testland"
    blocks = reg.lessons["l-two"].sections[0].blocks
    assert isinstance(blocks[1], NationalLawBlock) and blocks[1].show_mandates
    assert isinstance(blocks[2], ContactCardBlock) and blocks[2].contact == "nrm"


def test_with_a_profile_an_unknown_offence_or_contact_is_a_problem_at_the_block(valid_set: Path) -> None:
    _with_blocks(valid_set, BLOCKS.replace("contact: nrm", "contact: nmr").replace(", trafficking]", ", trafficing]"))
    _with_profile(valid_set)
    assert _problems(valid_set) == [
        "content/lessons/l-two.yaml:19: unknown offence id 'trafficing' (the country profile, "
        "content/country-profile.yaml, has 'forced-labour', 'trafficking'); did you mean 'trafficking'?",
        "content/lessons/l-two.yaml:22: unknown contact id 'nmr' (the country profile, "
        "content/country-profile.yaml, has 'nrm'); did you mean 'nrm'?",
    ]
    assert "l-two" not in _load(valid_set).lessons  # like any broken reference: left out, so never half-shown


def test_profile_mistakes_are_located(valid_set: Path) -> None:
    _with_profile(
        valid_set,
        PROFILE.replace("id: trafficking", "id: forced-labour")
        .replace('      phone: "0800 000"\n', "")
        .replace("email: help@example.org", "email: help-at-example")
        + "  national_data_file: testland.csv\n",
    )
    assert _problems(valid_set) == [
        "content/country-profile.yaml:19: country_profile, contact 1 ('nrm'), email: must be an e-mail address "
        "such as name@example.org (got 'help-at-example')"
    ]  # the schema's problem comes alone: the ids and the data file are checked once the profile is valid
    _with_profile(
        valid_set, PROFILE.replace("id: trafficking", "id: forced-labour") + "  national_data_file: testland.csv\n"
    )
    assert _problems(valid_set) == [
        "content/country-profile.yaml:8: duplicate id 'forced-labour' (also used at content/country-profile.yaml:4)",
        "content/country-profile.yaml:22: national data file 'testland.csv' not found in the content folder's data/ "
        "folder (or it is a link to a file outside it): put the CSV there, or remove national_data_file",
    ]


def test_a_contact_needs_a_phone_or_an_email(valid_set: Path) -> None:
    _with_profile(
        valid_set, PROFILE.replace('      phone: "0800 000"\n', "").replace("      email: help@example.org\n", "")
    )
    problems = _problems(valid_set)
    assert len(problems) == 1 and "phone number or an e-mail address" in problems[0], problems


def test_the_profile_s_data_file_feeds_the_charts_when_course_yaml_names_none(valid_set: Path) -> None:
    (valid_set / "content" / "data").mkdir(exist_ok=True)
    (valid_set / "content" / "data" / "testland.csv").write_text("year,prosecutions\n2023,4\n", encoding="utf-8")
    _with_profile(valid_set, PROFILE + "  national_data_file: testland.csv\n")
    reg = _load(valid_set)
    assert reg.problems == ()
    wanted = reg.national_data()
    assert wanted is not None and (wanted.file, wanted.name, wanted.show) == ("testland.csv", "Testland", "beside")


def test_the_example_profile_is_fictional_and_validates_in_a_copy_of_the_course(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.startswith("# EXAMPLE ONLY") and "fictional" in text
    assert not (ROOT / "content" / "country-profile.yaml").exists(), "the example must never ship to learners"
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "content", copy / "content")
    shutil.copytree(ROOT / "quizzes", copy / "quizzes")
    shutil.copy(EXAMPLE, copy / "content" / "country-profile.yaml")
    reg = _load(copy)
    ours = [
        str(p)
        for p in reg.problems
        if any(
            name in p.path for name in ("country-profile", "l5-charging-and-cooperation", "l6-partners-and-referral")
        )
    ]
    assert ours == []
    assert reg.country_profile is not None and "fictional" in reg.country_profile.country
    assert {"l5-charging-and-cooperation", "l6-partners-and-referral"} <= set(reg.lessons)


def test_the_shipped_lessons_use_both_blocks() -> None:
    reg = load_registry()
    l5 = [b for s in reg.lessons["l5-charging-and-cooperation"].sections for b in s.blocks]
    l6 = [b for s in reg.lessons["l6-partners-and-referral"].sections for b in s.blocks]
    assert any(isinstance(b, NationalLawBlock) for b in l5)
    assert any(isinstance(b, ContactCardBlock) for b in l6)
