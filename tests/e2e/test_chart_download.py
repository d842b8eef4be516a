"""In a real browser: download a chart as PNG (for slides) from the Enforcement data page, and see a
malformed upload refused with a message instead of a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.charts.export import PNG_MAGIC
from tests.e2e.conftest import Server, wait_idle

pytestmark = pytest.mark.e2e


def _open_data_page(server: Server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/data")
    wait_idle(page)
    page.get_by_role("heading", name="Enforcement data").wait_for()
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()


def test_download_a_chart_as_png(course_server: Server, page) -> None:  # type: ignore[no-untyped-def]
    _open_data_page(course_server, page)
    button = page.get_by_role("button", name="Download PNG (for slides)").first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "enforcement_trend_2004-2024.png"
    data = Path(download.path()).read_bytes()
    assert data[:8] == PNG_MAGIC and len(data) > 10_000

    csv_button = page.get_by_role("button", name="Download data (CSV)").first
    with page.expect_download(timeout=60_000) as info:
        csv_button.click()
    text = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Year,Data,")


def test_a_malformed_upload_is_refused_with_its_row_and_column(course_server: Server, page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open_data_page(course_server, page)
    page.get_by_text("Your country's figures", exact=True).click()
    bad = tmp_path / "ruritania.csv"
    bad.write_bytes(b"year,prosecutions,convictions\n2020,12,=SUM(A1:A9)\n")
    page.locator('input[type="file"]').set_input_files(str(bad))
    wait_idle(page, settle=1.0)
    page.get_by_text("This file was not used: 1 problem to fix").wait_for()
    page.get_by_text("Nothing was stored").first.wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 5
