"""Forced-labour training app: domain logic importable without Streamlit (see README)."""
