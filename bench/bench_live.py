"""Live session under a full room: 60 simulated phones on one server process, through Streamlit's
own websocket protocol (BackMsg / ForwardMsg protobufs on ws://127.0.0.1:PORT/_stcore/stream).

Each phone opens /join?code=..., joins with a nickname through the page's form, and keeps the page
open with its polling fragment running (the client re-sends the fragment rerun every interval the
server asks for, as the browser does). The facilitator launches a question; every phone waits for
it to appear, then all answer at the same moment (each taps "Send" twice). Measured:

- every answer recorded exactly once (database count and distinct participants);
- time from submit to recorded (database timestamp) and to the page's answer (script finished), p50/p95;
- time from launch to the question on the phones, p50/p95;
- the projector (a signed-in websocket client on /projector) showing the right count, and how long
  after the last answer it did;
- server memory per connected phone, and the share of one core the 60 polling phones use;
- the participant page's full reruns and its polling fragment against a bare page, as rerun rates
  under saturation, measured in the same run.

Loopback only; every loop is bounded in count and time. Results merge into bench/results.json
under "live". Usage: python bench/bench_live.py [--participants 60] [--seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stclient import (  # noqa: E402
    EXTRA_FLAGS,
    Client,
    Element,
    Server,
    choice_state,
    ms,
    saturate,
    start_bare,
    start_server,
    text_state,
    trigger,
)

RESULTS = Path(__file__).with_name("results.json")
PASSWORD = "bench-password-123"


# -- the server ---------------------------------------------------------------------------------
async def join_phone(port: int, code: str, name: str, poll: bool = True) -> Client:
    phone = Client(port, "join", f"code={code}", poll=poll)
    await phone.connect()
    await phone.run()
    nickname = phone.find("text_input", "Nickname (optional)")
    button = phone.find("button", "Join")
    phone.elements = []
    await phone.rerun([text_state(nickname, name), trigger(button)])
    end = time.monotonic() + 60
    while not any(e.kind == "text" and e.body.startswith("You: ") for e in phone.elements):
        await phone.wait_full(max(0.1, end - time.monotonic()))
    assert "p=" in phone.query, phone.query
    return phone


async def signed_in_projector(port: int, session_id: int) -> Client:
    screen = Client(port, "sign-in")
    await screen.connect()
    await screen.run()
    user, password = screen.find("text_input", "Username"), screen.find("text_input", "Password")
    button = screen.find("button", "Sign in")
    await screen.rerun([text_state(user, "bench-trainer"), text_state(password, PASSWORD), trigger(button)])
    await screen.wait_full()
    screen.page_name, screen.page_hash, screen.query = "projector", "", f"session={session_id}"
    await screen.run()
    return screen


async def room(port: int, server: Server, engine: Any, session: Any, n: int) -> dict[str, Any]:
    from sqlalchemy import func, select

    from modules.services import live
    from modules.storage.live import aware
    from modules.storage.schema_live import live_answers, live_participants

    # the projector: watches for "<n> answers" in what its 1 s fragment draws
    seen_counts: list[tuple[float, int]] = []

    def watch(el: Element) -> None:
        if el.kind == "markdown" and " answer" in el.body and "joined" in el.body:
            with contextlib.suppress(ValueError):
                seen_counts.append((time.time(), int(el.body.lstrip("# ").split()[0])))

    projector = await signed_in_projector(port, session.id)
    projector.on_element = watch
    await asyncio.sleep(2)
    rss_before = server.rss_mb()

    phones: list[Client] = []
    joined_at = time.monotonic()
    for batch in range(0, n, 10):  # a room arrives over a few seconds, not in one instant
        phones += await asyncio.gather(
            *(join_phone(port, session.code, f"Phone {i}") for i in range(batch, min(n, batch + 10)))
        )
    join_seconds = time.monotonic() - joined_at
    pid: dict[int, int] = {}
    for i, p in enumerate(phones):  # which participant row each phone is, from the token in its URL
        token = dict(kv.split("=", 1) for kv in p.query.split("&") if "=" in kv)["p"]
        me = live.rejoin(engine, session, urllib.parse.unquote(token))
        assert me is not None
        pid[i] = me.id
    with engine.connect() as conn:
        joined = conn.execute(
            select(func.count()).select_from(live_participants).where(live_participants.c.session_id == session.id)
        ).scalar_one()

    await asyncio.sleep(4)  # every phone polling
    cpu0, polls0, t0 = server.cpu_seconds(), sum(p.polls_sent for p in phones), time.monotonic()
    await asyncio.sleep(10)
    idle_cpu = (server.cpu_seconds() - cpu0) / (time.monotonic() - t0)
    polls_per_s = (sum(p.polls_sent for p in phones) - polls0) / (time.monotonic() - t0)
    rss_after = server.rss_mb()

    # launch: each phone's poll notices within its interval and redraws with the question form
    ready: dict[int, float] = {}
    events = [asyncio.Event() for _ in phones]

    def waiter(i: int) -> Any:
        def on(el: Element) -> None:
            if el.kind == "radio" and i not in ready:
                ready[i] = time.time()
                events[i].set()

        return on

    for i, p in enumerate(phones):
        p.on_element = waiter(i)
    question = live.launch(
        engine, session.id, live.spec_adhoc("Which is an indicator?", "single", "*Debt\nPay\nLeave\nRest")
    )
    launched = time.time()
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in events)), 60)
    await asyncio.sleep(0.3)

    # every phone answers at the same moment, tapping "Send" twice
    sent: dict[int, float] = {}
    done: dict[int, float] = {}

    async def answer(i: int, phone: Client) -> None:
        radio = phone.find("radio")
        button = phone.find("button", "Send my answer")
        widgets = [choice_state(radio, i), trigger(button)]
        phone.elements = []
        sent[i] = time.time()
        await phone.rerun(widgets)
        await asyncio.sleep(0.005)
        await phone.rerun(widgets)
        end = time.monotonic() + 60
        while not any("Answer received" in e.body or "not counted" in e.body for e in phone.elements):
            await phone.wait_full(max(0.1, end - time.monotonic()))
        done[i] = time.time()

    await asyncio.gather(*(answer(i, p) for i, p in enumerate(phones)))

    with engine.connect() as conn:
        rows = conn.execute(
            select(live_answers.c.participant_id, live_answers.c.answered_at).where(
                live_answers.c.question_id == question.id
            )
        ).all()
    recorded = {r.participant_id: aware(r.answered_at).timestamp() for r in rows}
    last_recorded = max(recorded.values(), default=time.time())
    by_participant = sorted(r.participant_id for r in rows)
    submit_to_recorded = [recorded[pid[i]] - sent[i] for i in sent if pid[i] in recorded]

    # the projector: how long after the last answer did it show the full count?
    shown_at = None
    end = time.monotonic() + 10
    while time.monotonic() < end:
        hits = [t for t, c in seen_counts if c == n and t >= launched]
        if hits:
            shown_at = min(hits)
            break
        await asyncio.sleep(0.05)
    projector_max = max((c for t, c in seen_counts if t >= launched), default=0)

    first_send = min(sent.values())
    for p in [*phones, projector]:
        await p.close()

    return {
        "participants": n,
        "joined": joined,
        "join_seconds_for_all": round(join_seconds, 1),
        "answers_recorded": len(rows),
        "distinct_participants_answering": len(set(by_participant)),
        "exactly_once": len(rows) == n and len(set(by_participant)) == n,
        "double_taps_sent": 2 * n,
        "launch_to_question_on_phone": ms([t - launched for t in ready.values()]),
        "submit_to_recorded": ms(submit_to_recorded),
        "submit_to_page_confirmed": ms([done[i] - sent[i] for i in done]),
        "all_recorded_after_first_submit_s": round(last_recorded - first_send, 2),
        "projector_showed_full_count": shown_at is not None,
        "projector_max_count_seen": projector_max,
        "projector_lag_after_last_answer_s": round(shown_at - last_recorded, 2) if shown_at else None,
        "polling": {
            "polls_per_s": round(polls_per_s, 1),
            "server_cpu_share_of_one_core": round(idle_cpu, 3),
        },
        "memory": {
            "rss_before_mb": round(rss_before, 1),
            "rss_with_participants_mb": round(rss_after, 1),
            "per_participant_mb": round((rss_after - rss_before) / n, 3),
        },
    }


async def main_async(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    from modules.services import live
    from modules.services.auth import create_user
    from modules.storage.db import make_engine

    # 1) a bare page, for the ratio, under the app's own config.toml (bench/stclient.py start_bare)
    bare = await start_bare(tmp, tmp / "bare.log")
    try:

        async def bare_tab(_: int) -> Client:
            tab = Client(bare.port, "")
            await tab.connect()
            await tab.run()
            return tab

        await saturate(bare_tab, 2, 1.0)  # warm up
        bare_full = await saturate(bare_tab, args.tabs, args.seconds)
    finally:
        bare.stop()

    # 2) the app, with its own SQLite database
    db_url = f"sqlite:///{tmp / 'bench.db'}"
    engine = make_engine(db_url)
    trainer = create_user(engine, "bench-trainer", "Bench trainer", "facilitator", PASSWORD)
    env = dict(os.environ) | {"DATABASE_URL": db_url}
    app = start_server(ROOT / "serve.py", env, tmp / "app.log")
    try:
        probe = live.start_session(engine, trainer.id, "Probe room")

        async def waiting_phone(i: int) -> Client:
            return await join_phone(app.port, probe.code, f"Probe {i}", poll=False)

        await saturate(waiting_phone, 2, 1.0)  # warm up imports and caches
        page_full = await saturate(waiting_phone, args.tabs, args.seconds)
        page_poll = await saturate(waiting_phone, args.tabs, args.seconds, fragment=True)
        live.end_session(engine, probe.id)

        session = live.start_session(engine, trainer.id, "Bench room")
        result = await room(app.port, app, engine, session, args.participants)
    finally:
        app.stop()
        engine.dispose()

    needed = args.participants / 2.0  # every phone polls every 2 s
    return {
        "what": f"{args.participants} phones on one server process via Streamlit's websocket protocol",
        "server_flags": EXTRA_FLAGS,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "room": result,
        "rerun_rates": {
            "tabs": args.tabs,
            "seconds": args.seconds,
            "bare_page_full": bare_full,
            "bare_page_config": bare.config,
            "participant_page_full": page_full,
            "participant_poll_fragment": page_poll,
            "ratio_participant_full_to_bare": round(page_full["reruns_per_s"] / bare_full["reruns_per_s"], 2),
            "ratio_poll_to_bare": round(page_poll["reruns_per_s"] / bare_full["reruns_per_s"], 2),
            "polls_needed_per_s": needed,
            "poll_capacity_used": round(needed / page_poll["reruns_per_s"], 2),
        },
    }


def save(key: str, value: Any) -> None:
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data[key] = value
    RESULTS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--tabs", type=int, default=8, help="concurrent tabs for the rerun-rate phases")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each rerun-rate phase")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument(
        "--no-post-script-gc", action="store_true", help="run the servers with --runner.postScriptGC false, to compare"
    )
    args = parser.parse_args()
    if args.no_post_script_gc:
        EXTRA_FLAGS.extend(["--runner.postScriptGC", "false"])
    tmp = Path(tempfile.mkdtemp(prefix="bench-live-"))
    try:
        result = asyncio.run(main_async(args, tmp))
    finally:
        if os.environ.get("BENCH_KEEP"):
            print("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(result, indent=2))
    if not args.no_save:
        save("live", result)


if __name__ == "__main__":
    main()
