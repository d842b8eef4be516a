"""Roster import: a facilitator uploads a CSV of participants and gets a learner record each.

Columns (header names are matched loosely: case, spaces and a few synonyms do not matter):
    name (required), email and/or staff_id (at least one), organisation_type (required: labour
    inspectorate, police, prosecution, judiciary, NGO, other), sex and region (optional, for the
    disaggregated reports), track (optional; otherwise the default chosen on import).

Every problem is reported as (row, column, message), with rows numbered as a spreadsheet shows them
(the header is row 1). Good rows are imported even when others are bad. Importing the same file
again adds nobody twice: a person is identified within the cohort by e-mail or staff id (the
database enforces it too, so two facilitators pressing Import at once cannot double a person).
A problem's message is in the language of the page that imported the file; its column is the file's
own name for it (a data key, never translated).

Each new learner gets a resume code, returned once so the facilitator can hand codes out; only a
hash is stored, so a lost code is reissued (the old one stops working), never read back.

Hostile input: names are kept as text (a name that starts with '=' is someone's name, or a test);
exports neutralise formula triggers (export/safe_cells.py), pages escape Markdown, and control and
bidi-override characters are removed before anything is stored.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import Engine

from modules.i18n import format_number, ngettext
from modules.i18n import gettext as _
from modules.services import identity, policy
from modules.services.cohorts import Cohort, check_organisation_type, check_sex, clean_text, cohort_for, facts
from modules.services.learners import MAX_NAME, InvalidInput, clean_display_name
from modules.services.policy import Action
from modules.storage import cohorts as repo
from modules.storage.cohorts import Member, NewMember
from modules.storage.users import User

log = logging.getLogger(__name__)

MAX_BYTES = 1_000_000
MAX_ROWS = 2_000
MAX_CELL = 254

COLUMNS = ("name", "email", "staff_id", "organisation_type", "sex", "region", "track")
_ALIASES = {
    "name": ("name", "full name", "fullname", "participant", "participant name", "display name"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail"),
    "staff_id": ("staff id", "staffid", "staff number", "staff no", "employee id", "personnel number", "badge number"),
    "organisation_type": (
        "organisation type",
        "organization type",
        "org type",
        "organisation",
        "organization",
        "agency type",
        "institution type",
    ),
    "sex": ("sex", "gender"),
    "region": ("region", "province", "district", "state"),
    "track": ("track", "course track"),
}
_HEADER = {alias: column for column, aliases in _ALIASES.items() for alias in aliases}
_EMAIL = re.compile(r"^[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"']+$")


@dataclass(frozen=True)
class RowProblem:
    row: int
    """Spreadsheet row (header = 1); 0 for a problem with the whole file."""
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            if self.row:
                # TRANSLATORS: a problem in a roster file; {row} is a spreadsheet row number, {column} the file's
                # own column name (such as "email"), {message} what is wrong.
                return _("row {row}, {column}: {message}", row=self.row, column=self.column, message=self.message)
            # TRANSLATORS: a problem with a roster file as a whole; {column} is the file's own column name.
            return _("file, {column}: {message}", column=self.column, message=self.message)
        if self.row:
            # TRANSLATORS: a problem in a roster file; {row} is a spreadsheet row number, {message} what is wrong.
            return _("row {row}: {message}", row=self.row, message=self.message)
        # TRANSLATORS: a problem with a roster file as a whole; {message} says what is wrong.
        return _("file: {message}", message=self.message)


@dataclass(frozen=True)
class RosterRow:
    row: int
    name: str
    email: str | None
    staff_id: str | None
    organisation_type: str
    sex: str | None
    region: str | None
    track: str


@dataclass(frozen=True)
class ParsedRoster:
    rows: list[RosterRow]
    problems: list[RowProblem]
    ignored_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Issued:
    """A learner created by the import, with the resume code shown to the facilitator once."""

    row: int
    learner_id: int
    name: str
    email: str | None
    staff_id: str | None
    code: str

    @property
    def pretty_code(self) -> str:
        return identity.pretty(self.code)


@dataclass(frozen=True)
class ImportResult:
    created: list[Issued]
    already_in_cohort: list[int]
    """Rows skipped because the person (same e-mail or staff id) is already a member."""
    problems: list[RowProblem]
    ignored_columns: list[str] = field(default_factory=list)


def _normalise_header(raw: str) -> str:
    text = raw.replace("\ufeff", "").replace("_", " ").strip().casefold()
    return " ".join(text.split())


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # TRANSLATORS: File › Save As › 'CSV UTF-8 (comma delimited)' are Excel's menu and file type: use the
        # names Excel shows in your language.
        raise InvalidInput(
            _("The file is not UTF-8 text. In Excel choose File › Save As › 'CSV UTF-8 (comma delimited)'.")
        ) from None


def _dialect(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def parse_roster(data: bytes | str, tracks: list[str], default_track: str | None) -> ParsedRoster:
    """Check every row; return the good ones and every problem (nothing is stored here)."""
    problems: list[RowProblem] = []
    if len(data) > MAX_BYTES:
        # TRANSLATORS: {size} is a number of kilobytes, such as "1,000".
        too_big = _("The file is larger than {size} kB: split it.", size=format_number(MAX_BYTES // 1000))
        return ParsedRoster([], [RowProblem(0, "", too_big)])
    try:
        text = _decode(data).replace("\x00", "")
    except InvalidInput as exc:
        return ParsedRoster([], [RowProblem(0, "", str(exc))])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return ParsedRoster([], [RowProblem(0, "", _("The file is empty: the first row must name the columns."))])
    columns: list[str | None] = []
    ignored: list[str] = []
    for raw in header:
        column = _HEADER.get(_normalise_header(raw))
        if column is not None and column in columns:
            problems.append(RowProblem(1, column, _("This column appears twice.")))
            column = None
        columns.append(column)
        if column is None and raw.strip():
            ignored.append(raw.strip()[:40])
    for required in ("name", "organisation_type"):
        if required not in columns:
            problems.append(RowProblem(1, required, _("Missing column: the header row must have it.")))
    if "email" not in columns and "staff_id" not in columns:
        # TRANSLATORS: email and staff_id are column names of the file: keep them as they are.
        problems.append(RowProblem(1, "email", _("Missing column: give an email or a staff_id column.")))
    if "track" not in columns and default_track is None:
        # TRANSLATORS: track is a column name of the file: keep it as it is.
        problems.append(RowProblem(1, "track", _("No track column: choose a default track for everyone.")))
    if problems:
        return ParsedRoster([], problems, ignored)

    rows: list[RosterRow] = []
    seen_email: dict[str, int] = {}
    seen_staff: dict[str, int] = {}
    row_no = 1
    try:
        for cells in reader:
            row_no += 1
            if row_no - 1 > MAX_ROWS:
                # TRANSLATORS: {most} is the largest number of participants one file may list, such as "2,000".
                too_many = _("More than {most} participants: split the file.", most=format_number(MAX_ROWS))
                problems.append(RowProblem(row_no, "", too_many))
                break
            if not any(c.strip() for c in cells):
                continue
            parsed = _check_row(row_no, cells, columns, tracks, default_track, seen_email, seen_staff, problems)
            if parsed is not None:
                rows.append(parsed)
                if parsed.email:
                    seen_email[parsed.email] = row_no
                if parsed.staff_id:
                    seen_staff[parsed.staff_id] = row_no
    except csv.Error as exc:
        # TRANSLATORS: {error} is the CSV reader's own message, in English.
        unreadable = _("Unreadable CSV ({error}); rows from here on were not read.", error=exc)
        problems.append(RowProblem(row_no, "", unreadable))
    return ParsedRoster(rows, problems, ignored)


def _check_row(
    row_no: int,
    cells: list[str],
    columns: list[str | None],
    tracks: list[str],
    default_track: str | None,
    seen_email: dict[str, int],
    seen_staff: dict[str, int],
    problems: list[RowProblem],
) -> RosterRow | None:
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(RowProblem(row_no, column, message))

    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        bad("", _("More cells than the header has columns (a stray comma or semicolon?)."))
    value: dict[str, str] = {}
    for column, cell in zip(columns, cells, strict=False):
        if column is None:
            continue
        if len(cell) > MAX_CELL:
            bad(column, ngettext("Longer than {n} character.", "Longer than {n} characters.", MAX_CELL))
            continue
        value[column] = cell

    name = None
    try:
        name = clean_display_name(value.get("name", ""))
    except InvalidInput:
        bad("name", _name_problem(value.get("name", "")))

    email = None
    raw_email = "".join(value.get("email", "").split()).casefold()
    if raw_email:
        if _EMAIL.match(raw_email) and len(raw_email) <= MAX_CELL:
            email = raw_email
            if email in seen_email:
                # TRANSLATORS: {row} is the number of the earlier row with the same e-mail address.
                bad("email", _("Same email as row {row}: one person, one row.", row=seen_email[email]))
        else:
            bad("email", _("Not an email address."))

    staff_id = None
    try:
        staff_id = clean_text(value.get("staff_id"), None, 64, required=False)
    except InvalidInput as exc:
        bad("staff_id", str(exc))
    if staff_id is not None and staff_id in seen_staff:
        # TRANSLATORS: {row} is the number of the earlier row with the same staff id.
        bad("staff_id", _("Same staff id as row {row}: one person, one row.", row=seen_staff[staff_id]))
    if email is None and staff_id is None and "email" not in {p.column for p in problems[before:]}:
        bad(
            "email",
            _("Give an email or a staff id, so that importing the file again does not add this person twice."),
        )

    org = None
    try:
        org = check_organisation_type(value.get("organisation_type"), named=False)
    except InvalidInput as exc:
        bad("organisation_type", str(exc))

    sex = None
    try:
        sex = check_sex(value.get("sex"), named=False)
    except InvalidInput as exc:
        bad("sex", str(exc))

    region = None
    try:
        region = clean_text(value.get("region"), None, 80, required=False)
    except InvalidInput as exc:
        bad("region", str(exc))

    track = (value.get("track") or "").strip() or default_track
    if track not in tracks:
        # TRANSLATORS: {choices} lists the accepted values (here the tracks' ids, such as "inspector, police").
        bad("track", _("One of: {choices}.", choices=", ".join(tracks)))

    if len(problems) > before or name is None or org is None or track is None:
        return None
    return RosterRow(row_no, name, email, staff_id, org, sex, region, track)


def _name_problem(raw: str) -> str:
    """Why clean_display_name refused a roster's name, without its "Display name:" label (the problem
    table names the column): nothing but spaces and control characters, or too long."""
    if not any(not ch.isspace() and unicodedata.category(ch)[0] != "C" for ch in raw):
        return _("Please enter a name.")
    return ngettext("At most {n} character, please.", "At most {n} characters, please.", MAX_NAME)


def import_roster(
    engine: Engine,
    user: User,
    cohort_id: int,
    data: bytes | str,
    tracks: list[str],
    default_track: str | None,
) -> ImportResult:
    """Parse, then store the good rows for a cohort this account manages."""
    cohort_for(engine, user, cohort_id)
    parsed = parse_roster(data, tracks, default_track)
    codes = {r.row: identity.new_code() for r in parsed.rows}
    outcomes = repo.import_members(
        engine,
        cohort_id,
        [
            NewMember(
                row=r.row,
                display_name=r.name,
                track=r.track,
                token_hash=identity.code_hash(codes[r.row]),
                organisation_type=r.organisation_type,
                email=r.email,
                staff_id=r.staff_id,
                sex=r.sex,
                region=r.region,
            )
            for r in parsed.rows
        ],
        by_user_id=user.id,
    )
    by_row = {r.row: r for r in parsed.rows}
    created = [
        Issued(o.row, o.learner_id, by_row[o.row].name, by_row[o.row].email, by_row[o.row].staff_id, codes[o.row])
        for o in outcomes
        if o.learner_id is not None
    ]
    skipped = [o.row for o in outcomes if o.learner_id is None]
    return ImportResult(created, skipped, parsed.problems, parsed.ignored_columns)


def reissue_code(engine: Engine, user: User, cohort_id: int, learner_id: int) -> str:
    """A new resume code for a member who lost theirs (the old code stops working at once).

    Only where the policy allows it (a member enrolled from this cohort's roster, or one who
    agreed beforehand), because the code takes over the learner's whole record; who reissued it,
    when and on what grounds is recorded."""
    cohort = cohort_for(engine, user, cohort_id)
    member = repo.membership(engine, cohort_id, learner_id)
    if member is None:
        raise InvalidInput(_("This learner is not a member of the cohort."))
    target = policy.MemberFacts(facts(cohort), member.source, member.reissue_consent)
    actor = policy.require(engine, user, Action.REISSUE_RESUME_CODE, target)
    code = identity.new_code()
    basis = "roster" if member.source == "roster" else "consent"
    if not repo.reissue_token(engine, cohort_id, learner_id, identity.code_hash(code), actor.id, basis):
        raise InvalidInput(_("This learner is not a member of the cohort."))
    log.info("resume code reissued: cohort=%s learner=%s by=%s basis=%s", cohort_id, learner_id, actor.id, basis)
    return code


def reissue_log(engine: Engine, user: User, cohort_id: int) -> list[dict[str, object]]:
    """Who issued which member a new code, when and on what grounds (for the cohort's managers)."""
    cohort_for(engine, user, cohort_id)
    return repo.reissues(engine, cohort_id)


def reissuable(user: User, cohort: Cohort, members: list[Member]) -> list[Member]:
    """The members this account may issue a new code to (for the form's list)."""
    return [
        m
        for m in members
        if policy.allowed(
            user, Action.REISSUE_RESUME_CODE, policy.MemberFacts(facts(cohort), m.source, m.reissue_consent)
        )
    ]


TEMPLATE = "name,email,staff_id,organisation_type,sex,region,track\n"
"""A header-only CSV a facilitator can download and fill in."""
