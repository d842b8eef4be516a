"""Enforcement data (TIP Report) and ILO global estimates: loading, validation and pure measures.

Plain Python and pandas, no Streamlit: the same code serves the app, the tests and the command line.
"""
