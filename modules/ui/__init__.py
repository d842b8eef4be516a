"""The only package that imports Streamlit: cached resources, components and page views."""
