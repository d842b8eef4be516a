"""The browser's network address, for the limits that count per device (sign-in failures, wrong
live join codes, joins per phone). Behind the cluster's load balancer every browser arrives from
the balancer's address, so when TRUST_PROXY_HEADERS=1 (set by `make cluster`, whose replicas only
the balancer can reach) the address the balancer saw, the last entry of X-Forwarded-For, is used.
Never trust that header on a server browsers reach directly: anyone can write it."""

from __future__ import annotations

import os

import streamlit as st


def address() -> str | None:
    try:
        if os.environ.get("TRUST_PROXY_HEADERS") == "1":
            forwarded = st.context.headers.get("X-Forwarded-For")
            if isinstance(forwarded, str) and forwarded.strip():
                return forwarded.split(",")[-1].strip()[:64] or None
        found = st.context.ip_address
    except Exception:  # no request context: one shared bucket
        return None
    return found if isinstance(found, str) else None
