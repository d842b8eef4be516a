"""Certificates: who earns one, issued once, the PDF prints any name, the QR code and the public
verification reveal only what the certificate shows."""

from __future__ import annotations

import re
import zlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from modules.export.certificate_pdf import CertificateContent, certificate_pdf, long_date, qr_png
from modules.services import certificates as service
from modules.services import cohorts as cohort_service
from modules.services import data_protection, identity
from modules.services.auth import create_user
from modules.storage import learners as learners_repo
from tests.unit.test_cohorts_repo import programme_registry, record_attempt


# -- a small PDF text reader (fpdf2 writes text as glyph ids with a ToUnicode map per font) ------------
def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.S)}


def _stream(body: bytes) -> bytes:
    m = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
    assert m, body[:200]
    raw = m.group(1)
    return zlib.decompress(raw) if b"/FlateDecode" in body.split(b"stream", 1)[0] else raw


def _unescape(literal: bytes) -> bytes:
    out = bytearray()
    i = 0
    simple = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(literal):
        c = literal[i]
        if c == 0x5C and i + 1 < len(literal):  # backslash
            nxt = literal[i + 1]
            if nxt in simple:
                out.append(simple[nxt])
                i += 2
            elif 0x30 <= nxt <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", literal[i + 1 : i + 4])
                assert digits
                out.append(int(digits.group(0), 8))
                i += 1 + len(digits.group(0))
            else:
                out.append(nxt)
                i += 2
        else:
            out.append(c)
            i += 1
    return bytes(out)


def pdf_text(data: bytes) -> str:
    """Every text string the PDF draws, decoded through each font's ToUnicode map, one per line."""
    objects = _objects(data)
    maps: dict[bytes, dict[int, str]] = {}
    for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", data):
        font = objects[int(ref)]
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font)
        if not to_unicode:
            continue
        cmap = _stream(objects[int(to_unicode.group(1))])
        mapping: dict[int, str] = {}
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            for a, b in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                mapping[int(a, 16)] = bytes.fromhex(b.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for a, z, b in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                for k in range(int(z, 16) - int(a, 16) + 1):
                    mapping[int(a, 16) + k] = chr(int(b, 16) + k)
        maps[name] = mapping
    lines: list[str] = []
    for body in objects.values():
        if b"stream" not in body or b"/Length" not in body:
            continue
        try:
            content = _stream(body)
        except zlib.error:
            continue
        if b"Tf" not in content:
            continue
        font: dict[int, str] = {}
        for m in re.finditer(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\)", content, re.S):
            if m.group(1):
                font = maps.get(m.group(1), {})
                continue
            raw = _unescape(m.group(2))
            lines.append("".join(font.get(int.from_bytes(raw[i : i + 2], "big"), "?") for i in range(0, len(raw), 2)))
    return "\n".join(lines)


NAMES = ["Łukasz Żółć", "Ayşe Yılmaz", "Никита Ёлкин", "Zoë Ångström", "Ἀθηνᾶ", "Nguyễn Thị Minh Khai"]


def _content(name: str, **extra: object) -> CertificateContent:
    values: dict[str, object] = {
        "learner_name": name,
        "course_title": "Forced labour: see it, act on it",
        "track_title": "Labour inspector",
        "programme": "Capacity building 2025: North",
        "completed_on": date(2025, 3, 7),
        "hours": "2.5 hours",
        "score": 83.3,
        "code": "ABCD-EFGH-JKMN",
        "verify_url": "https://training.example.org/verify?code=ABCD-EFGH-JKMN",
    }
    values.update(extra)
    return CertificateContent(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", NAMES)
def test_certificate_prints_unicode_names(name: str, caplog: pytest.LogCaptureFixture) -> None:
    pdf = certificate_pdf(_content(name))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert name in text
    for part in (
        "CERTIFICATE OF COMPLETION",
        "Forced labour: see it, act on it",
        "Track: Labour inspector",
        "Programme: Capacity building 2025: North",
        "7 March 2025",
        "2.5 hours",
        "score 83%",
        "ABCD-EFGH-JKMN",
    ):
        assert part in text, part
    assert "missing" not in caplog.text.lower()  # fpdf2 logs glyphs the font lacks


def test_long_names_shrink_to_fit() -> None:
    long = "Maximilian-Alexander " * 6
    assert long.strip() in pdf_text(certificate_pdf(_content(long.strip())))


def test_qr_code_is_a_png_of_the_url() -> None:
    png = qr_png("https://training.example.org/verify?code=ABCD")
    assert png.startswith(b"\x89PNG")
    assert long_date(date(2025, 12, 1)) == "1 December 2025"


def test_codes_and_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    code = service.new_code()
    assert len(code) == 12 and service.normalise_code(code.lower()) == code
    assert service.normalise_code(service.pretty_code(code)) == code
    assert service.normalise_code("ABCD-EFGH-JKMO") == "ABCDEFGHJKM0"  # O read as 0
    assert service.normalise_code("short") is None and service.normalise_code(None) is None
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    assert service.verification_url("ABCDEFGHJKMN") == "http://localhost:8501/verify?code=ABCD-EFGH-JKMN"
    monkeypatch.setenv("PUBLIC_URL", "https://training.example.org/")
    assert service.verification_url("ABCDEFGHJKMN") == "https://training.example.org/verify?code=ABCD-EFGH-JKMN"
    assert service.format_hours(45) == "45 minutes" and service.format_hours(150) == "2.5 hours"
    assert service.format_hours(120) == "2 hours"


def _learner(engine: Engine, name: str, track: str = "labour_inspector") -> int:
    return learners_repo.create(engine, identity.code_hash(identity.new_code()), name, track).id


FINAL_RIGHT = {"q-single": 1.0, "q-tf": 1.0, "q-multi": 0.0}  # 66.7 % >= 60
FINAL_WRONG = {"q-single": 0.0, "q-tf": 1.0, "q-multi": 0.0}  # 33.3 %


def test_only_a_passed_final_of_the_own_track_earns_a_certificate(sqlite_engine: Engine, tmp_path: Path) -> None:
    reg = programme_registry(tmp_path)
    inspector = _learner(sqlite_engine, "Никита")
    police = _learner(sqlite_engine, "Ayşe", "police")
    assert service.issue(sqlite_engine, reg, inspector) is None  # nothing taken yet
    record_attempt(sqlite_engine, inspector, "final-inspector", FINAL_WRONG, pass_mark=60)
    assert service.issue(sqlite_engine, reg, inspector) is None  # failed
    record_attempt(sqlite_engine, inspector, "final-inspector", FINAL_RIGHT, pass_mark=60)
    record_attempt(sqlite_engine, police, "final-inspector", FINAL_RIGHT, pass_mark=60)  # not their track's final
    assert service.issue(sqlite_engine, reg, police) is None
    cert = service.issue(sqlite_engine, reg, inspector)
    assert cert is not None
    assert (cert.learner_name, cert.quiz_id, cert.track_title, cert.score) == (
        "Никита",
        "final-inspector",
        "Labour inspector",
        66.7,
    )
    assert cert.minutes == 10  # the inspectors' track: lesson one only
    assert cert.programme is None and cert.cohort_id is None  # self-paced
    again = service.issue(sqlite_engine, reg, inspector)
    assert again == cert  # issued once
    assert [c.code for c in service.for_learner(sqlite_engine, inspector)] == [cert.code]


def test_certificate_names_the_cohort_programme(sqlite_engine: Engine, tmp_path: Path) -> None:
    reg = programme_registry(tmp_path)
    fac = create_user(sqlite_engine, "fac", "Fac", "facilitator", "a-long-password")
    cohort = cohort_service.create_cohort(
        sqlite_engine, reg, fac, cohort_service.CohortForm("North", "Capacity building", "Ruritania", "MoL")
    )
    lid = _learner(sqlite_engine, "Łukasz")
    cohort_service.join(sqlite_engine, lid, cohort.join_code, "labour_inspectorate")
    record_attempt(sqlite_engine, lid, "final-inspector", FINAL_RIGHT, pass_mark=60)
    cert = service.issue(sqlite_engine, reg, lid)
    assert cert is not None and cert.cohort_id == cohort.id and cert.programme == "Capacity building: North"


def test_verification_reveals_only_what_the_certificate_shows(sqlite_engine: Engine, tmp_path: Path) -> None:
    reg = programme_registry(tmp_path)
    lid = _learner(sqlite_engine, "Ayşe")
    record_attempt(sqlite_engine, lid, "final-inspector", FINAL_RIGHT, pass_mark=60)
    cert = service.issue(sqlite_engine, reg, lid)
    assert cert is not None
    record = service.verify(sqlite_engine, service.pretty_code(cert.code).lower())
    assert record is not None and record.status == "valid"
    assert set(record.__dataclass_fields__) == {
        "code",
        "status",
        "holder",
        "name_recorded_by_programme",
        "course",
        "track",
        "programme",
        "completed_on",
        "issued_on",
        "status_since",
        "language",  # the language it is written in, which the certificate itself shows
    }  # never the score, the hours, the reason for a revocation or anything about other learners
    assert (record.holder, record.course, record.track) == ("Ayşe", "Test course", "Labour inspector")
    assert not record.name_recorded_by_programme and record.programme is None  # self-declared, self-paced
    assert service.verify(sqlite_engine, "AAAA-BBBB-CCCC") is None
    assert service.verify(sqlite_engine, "' OR 1=1 --") is None
    data_protection.delete_learner(sqlite_engine, lid)
    assert service.verify(sqlite_engine, cert.code) is None  # erased with the learner


def _cohort_with_final(engine: Engine, tmp_path: Path):  # type: ignore[no-untyped-def]
    reg = programme_registry(tmp_path)
    fac = create_user(engine, "fac", "Fac", "facilitator", "a long password")
    cohort = cohort_service.create_cohort(
        engine, reg, fac, cohort_service.CohortForm("North", "Capacity building", "Ruritania", "MoL")
    )
    return reg, fac, cohort


def test_a_typed_name_is_certified_as_self_declared_until_the_programme_confirms_it(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    """The probe's F2: anyone could get a certificate for any typed name, and verification said 'valid'."""
    reg, fac, cohort = _cohort_with_final(sqlite_engine, tmp_path)
    lid = _learner(sqlite_engine, "Another Official")
    cohort_service.join(sqlite_engine, lid, cohort.join_code, "labour_inspectorate")
    record_attempt(sqlite_engine, lid, "final-inspector", FINAL_RIGHT, pass_mark=60)
    first = service.issue(sqlite_engine, reg, lid)
    assert first is not None and first.basis == "self_declared"
    shown = service.verify(sqlite_engine, first.code)
    assert shown is not None and not shown.name_recorded_by_programme
    assert shown.programme == "Capacity building: North"
    assert service.name_note(first) == "Self-declared name, not yet confirmed by the programme"
    # the facilitator checks the person's ID, records the real name, and re-issues
    cohort_service.confirm_name(sqlite_engine, fac, cohort.id, lid, "Real Name")
    second = service.reissue(sqlite_engine, reg, fac, first.id, "name checked against ID")
    assert (second.learner_name, second.basis) == ("Real Name", "programme")
    assert second.code != first.code
    old = service.verify(sqlite_engine, first.code)
    assert old is not None and old.status == "superseded" and old.status_since is not None
    assert service.issue(sqlite_engine, reg, lid) == second  # downloading again gives the current one


def test_revocation_keeps_who_and_why_and_is_never_undone_by_a_download(sqlite_engine: Engine, tmp_path: Path) -> None:
    reg, fac, cohort = _cohort_with_final(sqlite_engine, tmp_path)
    stranger = create_user(sqlite_engine, "olu", "Olu", "facilitator", "a long password")
    lid = _learner(sqlite_engine, "Ana")
    cohort_service.join(sqlite_engine, lid, cohort.join_code, "police")
    record_attempt(sqlite_engine, lid, "final-inspector", FINAL_RIGHT, pass_mark=60)
    cert = service.issue(sqlite_engine, reg, lid)
    assert cert is not None
    with pytest.raises(service.policy.Forbidden):
        service.revoke(sqlite_engine, stranger, cert.id, "not my learner")
    with pytest.raises(service.CertificateRefused, match="Reason"):
        service.revoke(sqlite_engine, fac, cert.id, "")
    revoked = service.revoke(sqlite_engine, fac, cert.id, "answers shared before the final")
    assert (revoked.status, revoked.revoked_by, revoked.revoked_reason) == (
        "revoked",
        fac.id,
        "answers shared before the final",
    )
    shown = service.verify(sqlite_engine, cert.code)
    assert shown is not None and shown.status == "revoked" and shown.status_since is not None
    with pytest.raises(service.CertificateRefused, match="revoked"):
        service.issue(sqlite_engine, reg, lid)  # the learner cannot simply download a fresh one
    with pytest.raises(service.CertificateRefused):
        service.reissue(sqlite_engine, reg, fac, cert.id, "too late")


def test_a_self_paced_certificate_is_revoked_by_an_administrator_only(sqlite_engine: Engine, tmp_path: Path) -> None:
    reg = programme_registry(tmp_path)
    fac = create_user(sqlite_engine, "fac", "Fac", "facilitator", "a long password")
    admin = create_user(sqlite_engine, "admin", "Admin", "admin", "a long password")
    lid = _learner(sqlite_engine, "Solo")
    record_attempt(sqlite_engine, lid, "final-inspector", FINAL_RIGHT, pass_mark=60)
    cert = service.issue(sqlite_engine, reg, lid)
    assert cert is not None
    with pytest.raises(service.policy.Forbidden):
        service.revoke(sqlite_engine, fac, cert.id, "no reason")
    assert service.revoke(sqlite_engine, admin, cert.id, "duplicate identity").status == "revoked"


def test_a_roster_name_is_recorded_by_the_programme(sqlite_engine: Engine, tmp_path: Path) -> None:
    from modules.services.roster import import_roster

    reg, fac, cohort = _cohort_with_final(sqlite_engine, tmp_path)
    roster = "name,email,organisation_type,track\nAna Roster,ana@x.org,police,labour_inspector\n"
    [ana] = import_roster(sqlite_engine, fac, cohort.id, roster.encode(), ["labour_inspector"], None).created
    record_attempt(sqlite_engine, ana.learner_id, "final-inspector", FINAL_RIGHT, pass_mark=60)
    cert = service.issue(sqlite_engine, reg, ana.learner_id)
    assert cert is not None and (cert.learner_name, cert.basis) == ("Ana Roster", "programme")


def test_a_certificate_records_the_language_it_was_issued_in(sqlite_engine: Engine, tmp_path: Path) -> None:
    from modules.i18n import use

    reg = programme_registry(tmp_path)
    learner = _learner(sqlite_engine, "Élodie Núñez")
    record_attempt(sqlite_engine, learner, "final-inspector", FINAL_RIGHT, pass_mark=60)
    with use("fr"):
        cert = service.issue(sqlite_engine, reg, learner)
    assert cert is not None and cert.language == "fr"
    with use("es"):
        again = service.issue(sqlite_engine, reg, learner)
    assert again == cert  # issued once: a later visit in another language reprints the same certificate
    assert service.verify(sqlite_engine, cert.code) is not None
