"""Enforcement data charts (Altair). Builders return charts and never call Streamlit."""
