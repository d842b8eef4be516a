"""Reusable Streamlit pieces: blocks, questions, panels."""
