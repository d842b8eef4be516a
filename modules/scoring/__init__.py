"""Pure scoring: answers in, results out. No storage, no Streamlit."""
