"""Orchestration of content, scoring and storage: what pages call."""
