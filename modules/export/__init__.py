"""Files people take away: CSV/XLSX tables (always formula-safe), xAPI statements, certificate
PDFs with a QR code, and the programme report. Plain Python, no Streamlit: pages only hand the
bytes to a download button."""
