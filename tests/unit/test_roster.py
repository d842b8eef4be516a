"""Roster import: problems by row and column, hostile rows, good rows imported once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from modules.services import auth, identity
from modules.services import cohorts as cohort_service
from modules.services.cohorts import Forbidden
from modules.services.roster import MAX_ROWS, import_roster, parse_roster, reissue_code
from modules.storage import cohorts as cohorts_repo
from modules.storage import learners as learners_repo
from tests.unit.test_cohorts_repo import programme_registry

TRACKS = ["labour_inspector", "police"]
HEADER = "name,email,staff_id,organisation_type,sex,region,track\n"


def _problems(text: str, default: str | None = "police") -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in parse_roster(text, TRACKS, default).problems}


def test_good_rows_with_loose_headers_and_labels() -> None:
    text = (
        "\ufeffFull Name;E-mail;Staff ID;Organization type;Gender;Province;Track\n"
        "Łukasz Nowak;LUKASZ@Example.org;;Labour inspectorate;M;Mazovia;labour_inspector\n"
        "Ayşe Yılmaz;;TR-77;police;female;;\n"
        "Никита;nikita@example.org;;NGO;;;police\n"
    )
    parsed = parse_roster(text, TRACKS, "police")
    assert parsed.problems == []
    assert [
        (r.row, r.name, r.email, r.staff_id, r.organisation_type, r.sex, r.region, r.track) for r in parsed.rows
    ] == [
        (2, "Łukasz Nowak", "lukasz@example.org", None, "labour_inspectorate", "male", "Mazovia", "labour_inspector"),
        (3, "Ayşe Yılmaz", None, "TR-77", "police", "female", None, "police"),
        (4, "Никита", "nikita@example.org", None, "ngo", None, None, "police"),
    ]


def test_each_bad_cell_is_reported_by_row_and_column() -> None:
    text = HEADER + (
        "Ana,ana@example.org,,police,,,\n"  # row 2: fine
        ",no-at-sign,,police,,,\n"  # row 3: name missing, bad email
        "Ben,,,police,,,\n"  # row 4: neither email nor staff id
        "Cai,cai@example.org,,astronaut,robot,,pilot\n"  # row 5: org type, sex, track
        "Dee,ANA@example.org,,ngo,,,\n"  # row 6: same email as row 2
        "Eve,eve@example.org,,ngo,,,,extra\n"  # row 7: a stray cell
        f"{'F' * 300},f@example.org,,ngo,,,\n"  # row 8: too long
    )
    parsed = parse_roster(text, TRACKS, "police")
    got = {(p.row, p.column) for p in parsed.problems}
    assert got == {
        (3, "name"),
        (3, "email"),
        (4, "email"),
        (5, "organisation_type"),
        (5, "sex"),
        (5, "track"),
        (6, "email"),
        (7, ""),
        (8, "name"),
    }
    assert [r.row for r in parsed.rows] == [2]
    same = next(p for p in parsed.problems if p.row == 6)
    assert "row 2" in same.message and str(same).startswith("row 6, email:")


def test_hostile_rows_are_cleaned_or_refused_not_executed() -> None:
    text = HEADER + (
        '"=HYPERLINK(""http://evil.example"",""x"")",h1@example.org,,police,,,\n'  # kept as text
        "Bidi\u202eevil,h2@example.org,,police,,,\n"  # a bidi override is stripped
        "Nul\x00name,h3@example.org,,police,,,\n"  # a NUL byte is dropped
        '"Multi\nline",h4@example.org,,police,,,\n'  # a newline inside a quoted cell: removed
        "<script>alert(1)</script>,h5@example.org,,police,,,\n"
        "Robert'); DROP TABLE learners;--,h6@example.org,,police,,,\n"
        "Sam,=1+1@x.org,,police,,,\n"  # a valid address (RFC 5322 allows = and +): exports neutralise it
        "Tom,t@x.org,=cmd|' /C calc'!A0,police,,,\n"  # a staff id is just text
        "Uma,uma at x.org,,police,,,\n"  # not an address
    )
    parsed = parse_roster(text, TRACKS, "police")
    names = {r.name for r in parsed.rows}
    assert '=HYPERLINK("http://evil.example","x")' in names
    assert "Bidievil" in names and "Nulname" in names and "Multi line" in names
    assert "<script>alert(1)</script>" in names
    assert {(p.row, p.column) for p in parsed.problems} == {(10, "email")}
    assert "=1+1@x.org" in {r.email for r in parsed.rows}


def test_file_level_problems() -> None:
    assert _problems("") == {(0, "")}
    assert _problems("name,email\nAna,a@x.org\n") == {(1, "organisation_type")}
    assert _problems("name,organisation_type\nAna,police\n") == {(1, "email")}
    assert _problems("name,email,organisation_type\nAna,a@x.org,police\n", default=None) == {(1, "track")}
    assert _problems("name,email,email,organisation_type\n") == {(1, "email")}
    assert parse_roster(b"\xff\xfe\x00bad", TRACKS, "police").problems[0].row == 0  # not UTF-8
    big = HEADER + "".join(f"P{i},p{i}@x.org,,police,,,\n" for i in range(MAX_ROWS + 5))
    parsed = parse_roster(big, TRACKS, "police")
    assert len(parsed.rows) == MAX_ROWS and parsed.problems[-1].row == MAX_ROWS + 2
    assert parse_roster("x" * 1_000_001, TRACKS, "police").problems[0].row == 0


def test_a_cell_problem_names_no_field_label_the_table_has_a_column_for() -> None:
    text = HEADER + "\u200e ,a@x.org,,Police,robot,,police\n" + "x" * 61 + ",b@x.org,,Mars,,,police\n"
    messages = {(p.row, p.column): p.message for p in parse_roster(text, TRACKS, "police").problems}
    assert messages[(2, "name")] == "Please enter a name."  # only a format character: no name
    assert messages[(2, "sex")].startswith("One of: Female, ")
    assert messages[(3, "name")] == "At most 60 characters, please."
    assert messages[(3, "organisation_type")].startswith("One of: Labour inspectorate, ")
    assert not any(":" in m.split(" ")[0] for m in messages.values())  # no "Display name:", "Sex:"…


def test_unknown_columns_are_ignored_and_named() -> None:
    parsed = parse_roster("name,email,organisation_type,shoe size\nAna,a@x.org,police,42\n", TRACKS, "police")
    assert parsed.ignored_columns == ["shoe size"] and len(parsed.rows) == 1


def _facilitator(engine: Engine, name: str = "fac") -> auth.User:
    return auth.create_user(engine, name, name.title(), "facilitator", "a-long-password")


def test_import_is_idempotent_and_gives_codes_once(sqlite_engine: Engine, tmp_path: Path) -> None:
    reg = programme_registry(tmp_path)
    fac = _facilitator(sqlite_engine)
    cohort = cohort_service.create_cohort(sqlite_engine, reg, fac, cohort_service.CohortForm("N", "P", "C", "O"))
    text = HEADER + "Ana,ana@x.org,,police,female,North,\nBen,,S-2,ngo,,,labour_inspector\nbad row,,,,,,\n"
    first = import_roster(sqlite_engine, fac, cohort.id, text.encode(), TRACKS, "police")
    assert [i.name for i in first.created] == ["Ana", "Ben"]
    assert [(p.row, p.column) for p in first.problems] == [(4, "email"), (4, "organisation_type")]
    ana = first.created[0]
    found = learners_repo.by_token_hash(sqlite_engine, identity.code_hash(ana.code))
    assert found is not None and found.id == ana.learner_id and found.track == "police"
    assert len(ana.pretty_code) == 19
    again = import_roster(sqlite_engine, fac, cohort.id, text.encode(), TRACKS, "police")
    assert again.created == [] and again.already_in_cohort == [2, 3]
    member = cohorts_repo.membership(sqlite_engine, cohort.id, ana.learner_id)
    assert member is not None and (member.email, member.sex, member.region, member.source) == (
        "ana@x.org",
        "female",
        "North",
        "roster",
    )
    new_code = reissue_code(sqlite_engine, fac, cohort.id, ana.learner_id)
    assert learners_repo.by_token_hash(sqlite_engine, identity.code_hash(ana.code)) is None  # the old code stops
    assert learners_repo.by_token_hash(sqlite_engine, identity.code_hash(new_code)) is not None


def test_only_the_cohort_owner_imports(sqlite_engine: Engine, tmp_path: Path) -> None:
    reg = programme_registry(tmp_path)
    owner, other = _facilitator(sqlite_engine, "owner"), _facilitator(sqlite_engine, "other")
    cohort = cohort_service.create_cohort(sqlite_engine, reg, owner, cohort_service.CohortForm("N", "P", "C", "O"))
    with pytest.raises(Forbidden):
        import_roster(sqlite_engine, other, cohort.id, (HEADER + "Ana,a@x.org,,police,,,\n").encode(), TRACKS, "police")
    ana = import_roster(
        sqlite_engine, owner, cohort.id, (HEADER + "Ana,a@x.org,,police,,,\n").encode(), TRACKS, "police"
    )
    with pytest.raises(Forbidden):
        reissue_code(sqlite_engine, other, cohort.id, ana.created[0].learner_id)
