"""Two app replicas behind cookie-sticky HAProxy sharing PostgreSQL (scripts/cluster.py), in real
Chromium: learners on both replicas submit attempts, a live session spans both replicas, and a
replica killed with SIGKILL mid-quiz loses nothing while its learners continue on the other."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from modules.services import auth, live
from modules.storage.db import make_engine
from modules.storage.schema import attempt_answers, quiz_attempts
from modules.storage.schema_live import live_answers
from scripts.localpg import free_port
from tests.conftest import FIXTURES, fresh_database, missing_dependency
from tests.e2e.conftest import choose, sign_in, submit_quiz, wait_idle

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, postgres_url: str) -> Iterator[object]:
    """Two replicas and HAProxy on a fresh database of the test PostgreSQL server (`postgres_url`: the
    throwaway local server, or TEST_DATABASE_URL). A missing server or HAProxy fails the run under CI."""
    if not (shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists()):
        missing_dependency("HAProxy not found (apt-get install haproxy; scripts/system-deps.sh installs it)")
    from scripts.cluster import Cluster

    content = tmp_path_factory.mktemp("replicas") / "set"
    shutil.copytree(FIXTURES / "valid", content)
    with fresh_database(postgres_url) as database_url:
        lb_port = free_port()
        c = Cluster(
            2,
            lb_port=lb_port,
            database_url=database_url,
            extra_env={
                "CONTENT_DIR": str(content / "content"),
                "QUIZZES_DIR": str(content / "quizzes"),
                # the load balancer as phones on the room's network would open it (TEST-NET-1)
                "PUBLIC_URL": f"http://192.0.2.10:{lb_port}",
            },
        )
        try:
            c.start()
            yield c
        finally:
            c.stop()


@pytest.fixture(scope="module")
def db(cluster) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    engine = make_engine(cluster.database_url)
    yield engine
    engine.dispose()


def _replica_of(context) -> str:  # type: ignore[no-untyped-def]
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    return cookies.get("SRV", "")


def _learner_on(browser, base: str, name: str):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(base)
    wait_idle(page)
    page.get_by_role("textbox", name="Display name").fill(name)
    choose(page, "Police")
    page.get_by_role("button", name="Start").click()
    wait_idle(page)
    code = re.search(r"[?&]r=([0-9A-Z]{16})", page.url)
    assert code, page.url
    return context, page, code.group(1)


def _take_quiz(page, base: str, code: str, submit: bool = True) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/quiz?id=quiz-one&r={code}")
    wait_idle(page)
    page.get_by_role("button", name=re.compile("Start the quiz|Start a new attempt")).click()
    wait_idle(page)
    choose(page, "The job differs from the one promised.")
    wait_idle(page)
    choose(page, "False")
    wait_idle(page)
    if submit:
        submit_quiz(page)
        page.get_by_text(re.compile(r"you scored \d+\.\d%")).wait_for()


def _submitted(db: Engine) -> int:
    with db.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(quiz_attempts).where(quiz_attempts.c.status == "submitted")
            ).scalar_one()
        )


def test_learners_on_both_replicas_and_the_same_results_everywhere(cluster, db: Engine, browser) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, str] = {}
    for name in ("Ana", "Ben", "Chloé", "Dev"):  # round robin: new browsers alternate replicas
        context, page, code = _learner_on(browser, cluster.url, name)
        seen[_replica_of(context)] = code
        _take_quiz(page, cluster.url, code)
        context.close()
    assert set(seen) == {"r0", "r1"}, seen  # sticky cookies put learners on both replicas
    assert _submitted(db) == 4
    with db.connect() as conn:
        doubles = conn.execute(
            select(attempt_answers.c.attempt_id, attempt_answers.c.question_id)
            .group_by(attempt_answers.c.attempt_id, attempt_answers.c.question_id)
            .having(func.count() > 1)
        ).all()
    assert doubles == []
    for code in seen.values():  # each replica, asked directly, shows the same result
        texts = []
        for i in range(2):
            page = browser.new_page()
            page.goto(f"{cluster.replica_url(i)}/results?r={code}")
            wait_idle(page)
            page.get_by_text("Review Quiz one, attempt 1").wait_for()
            texts.append(page.locator('[data-testid="stMain"]').inner_text())
            page.close()
        assert texts[0] == texts[1]


def _phone(browser, base: str, code: str, name: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(30_000)
    phone.goto(f"{base}/join?code={code}")
    wait_idle(phone)
    phone.get_by_label("Nickname (optional)").fill(name)
    phone.get_by_role("button", name="Join").click()
    wait_idle(phone)
    return context, phone


def _answer(phone) -> None:  # type: ignore[no-untyped-def]
    """The phone answers the launched bank question (q-single) with its first option."""
    phone.get_by_text("Which is a sign of deception?").first.wait_for(timeout=15_000)
    wait_idle(phone)
    phone.get_by_text("A. The job differs").click()
    phone.get_by_role("button", name="Send my answer").click()
    wait_idle(phone)
    phone.get_by_text("Answer received:").wait_for()


def test_live_session_spans_replicas(cluster, db: Engine, browser) -> None:  # type: ignore[no-untyped-def]
    """The facilitator's projector is served by one replica, the phones by the other."""
    from modules.content.loader import load_registry

    trainer = auth.create_user(db, "trainer-replicas", "Trainer", "facilitator", "a-long-password-1")
    session = live.start_session(db, trainer.id, "Room across replicas")
    projector = browser.new_page()
    projector.goto(f"{cluster.replica_url(0)}/projector?session={session.id}&key={session.screen_key}")
    wait_idle(projector)
    phones = [_phone(browser, cluster.replica_url(1), session.code, name)[1] for name in ("Ana", "Ben")]
    projector.get_by_text("2 joined").first.wait_for(timeout=15_000)
    reg = load_registry([Path(cluster.extra_env["CONTENT_DIR"]), Path(cluster.extra_env["QUIZZES_DIR"])])
    live.launch(db, session.id, live.spec_from_bank(reg.questions["q-single"]))  # as the console does
    for phone in phones:
        _answer(phone)
    projector.get_by_text("2 answers · 2 joined").first.wait_for(timeout=15_000)
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(live_answers)).scalar_one() == 2


def test_replica_killed_mid_quiz_loses_nothing(cluster, db: Engine, browser) -> None:  # type: ignore[no-untyped-def]
    before = _submitted(db)
    done_context, done_page, _ = _learner_on(browser, cluster.url, "Submitted first")
    victim_replica = _replica_of(done_context)
    _take_quiz(done_page, cluster.url, _resume(done_page))
    # a second learner on the same replica, in the middle of a quiz
    for _ in range(4):
        context, page, code = _learner_on(browser, cluster.url, "Mid quiz")
        if _replica_of(context) == victim_replica:
            break
        context.close()
    assert _replica_of(context) == victim_replica
    _take_quiz(page, cluster.url, code, submit=False)
    cluster.kill_replica(int(victim_replica[1:]))  # SIGKILL, no shutdown
    assert _submitted(db) == before + 1  # the submitted attempt is safe in the database

    page.goto(f"{cluster.url}/quiz?id=quiz-one&r={code}")  # reconnect: HAProxy sends it to the survivor
    wait_idle(page, settle=1.0)
    assert _replica_of(context) != victim_replica
    # the open attempt continues on the survivor, with the answers given before the kill
    assert page.get_by_role("radio", name="False").is_checked()
    assert page.get_by_role("radio", name="The job differs from the one promised.").is_checked()
    submit_quiz(page)
    page.get_by_text(re.compile(r"you scored \d+\.\d%")).wait_for()
    assert _submitted(db) == before + 2
    cluster.start_replica(int(victim_replica[1:]))  # leave the cluster whole for other tests


def _resume(page) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r"[?&]r=([0-9A-Z]{16})", page.url)
    assert match
    return match.group(1)


def test_the_facilitator_keeps_the_console_when_their_replica_dies(cluster, db: Engine, browser) -> None:  # type: ignore[no-untyped-def]
    """Review F1: the console's tab reconnects to the survivor signed in, on the same session, and the
    reveal reaches every phone, whichever replica served it."""
    from modules.content.loader import load_registry

    auth.create_user(db, "trainer-failover", "Trainer", "facilitator", "a-long-password-2")
    console_context = browser.new_context(viewport={"width": 1366, "height": 900})
    console = console_context.new_page()
    console.set_default_timeout(30_000)
    console.goto(f"{cluster.url}/sign-in")
    wait_idle(console)
    sign_in(console, "trainer-failover", "a-long-password-2")
    console.goto(f"{cluster.url}/facilitate")
    wait_idle(console)
    console.get_by_role("textbox", name="Title shown to participants (optional)").fill("Failover room")
    console.get_by_role("button", name="Start the session").click()
    wait_idle(console, settle=0.5)
    session_id = int(re.search(r"[?&]session=(\d+)", console.url).group(1))  # type: ignore[union-attr]
    session = live.get_session(db, session_id)
    assert session is not None
    # Every screen advertises the load balancer, never its own replica's port (review F2).
    join = f"{cluster.extra_env['PUBLIC_URL']}/join?code={session.code}"
    console.get_by_text(join, exact=True).wait_for()
    for i in range(2):  # the projector screen, as each replica serves it
        projector = browser.new_page()
        projector.goto(f"{cluster.replica_url(i)}/projector?session={session.id}&key={session.screen_key}")
        wait_idle(projector)
        projector.get_by_text(join, exact=True).wait_for()
        projector.close()

    phones = [_phone(browser, cluster.url, session.code, name) for name in ("Ana", "Ben", "Chloé", "Dev")]
    assert {_replica_of(context) for context, _ in phones} == {"r0", "r1"}  # phones on both replicas
    reg = load_registry([Path(cluster.extra_env["CONTENT_DIR"]), Path(cluster.extra_env["QUIZZES_DIR"])])
    live.launch(db, session_id, live.spec_from_bank(reg.questions["q-single"]))
    for _, phone in phones:
        _answer(phone)
    console.get_by_text("4 answers · 4 joined").first.wait_for(timeout=15_000)

    victim = _replica_of(console_context)
    killed_at = time.monotonic()
    cluster.kill_replica(int(victim[1:]))  # SIGKILL: no goodbye to the browser
    try:
        # The tab notices, reconnects to the survivor by itself, signs in from its own memory, same session.
        console.wait_for_selector('[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"])', timeout=15_000)
        wait_idle(console)
        console.get_by_role("button", name="Reveal the answer").wait_for(timeout=30_000)
        back_after = time.monotonic() - killed_at
        assert _replica_of(console_context) != victim
        assert f"session={session_id}" in console.url
        console.get_by_text("4 answers · 4 joined").first.wait_for(timeout=15_000)
        assert console.get_by_role("textbox", name="Password").count() == 0  # no password typed again
        wait_idle(console)
        console.get_by_role("button", name="Reveal the answer").click()
        wait_idle(console)
        for _, phone in phones:
            phone.get_by_text("You got it right").first.wait_for(timeout=15_000)
        with db.connect() as conn:
            answers = conn.execute(
                select(func.count()).select_from(live_answers).where(live_answers.c.session_id == session_id)
            ).scalar_one()
        assert answers == 4
        print(f"\nconsole back, signed in, {back_after:.1f} s after its replica was killed")
    finally:
        cluster.start_replica(int(victim[1:]))  # leave the cluster whole for other tests
        for context, _ in phones:
            context.close()
        console_context.close()
