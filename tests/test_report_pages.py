"""The report pages in a real browser (headless Chromium, Debian's `chromium` package).

Every report, in both languages, is rendered by `python -m analysis report` on the synthetic
corpus, on an empty corpus and with a filter that leaves nothing; each page is opened at
1,366 px and must: be no wider than the window, have every CSV link resolve to a file, raise
no script error, and sort and filter its tables. Without Chromium the browser checks skip
and say so, except where `ANALYSIS_REQUIRE_BROWSER=1` (CI's `.ci/run`), where they fail.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from analysis import schemas
from analysis.reports import LANGS, REPORTS
from tests.report_corpus import SCRIPT, write_synthetic

CHROMIUM = os.environ.get("ANALYSIS_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("ANALYSIS_REQUIRE_BROWSER") == "1"
# On a closed network Chromium stalls on its background services without these.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
WIDTH = 1366
# What each page must say in its own language, and must not say in the other.
TITLES = {("casualties_by_region", "en"): "Casualties by region", ("casualties_by_region", "ar"): "الضحايا حسب المنطقة",
          ("civilian_facilities", "en"): "Attacks on civilian facilities",
          ("civilian_facilities", "ar"): "استهداف المنشآت المدنية",
          ("territorial_control", "en"): "Territorial control", ("territorial_control", "ar"): "السيطرة الميدانية"}


def _render(tables: Path, out: Path, *extra: str) -> None:
    from analysis.cli import main

    assert main(["report", "--all", "--tables", str(tables), "--out", str(out), *extra]) == 0


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("report-corpora")
    write_synthetic(root / "synthetic")
    write_synthetic(root / "empty", {t: [] for t in schemas.TABLE_NAMES})
    return {"synthetic": root / "synthetic", "empty": root / "empty"}


@pytest.fixture(scope="module")
def pages(corpora, tmp_path_factory) -> dict[str, list[Path]]:
    """Every report, both languages, on the synthetic corpus; on an empty corpus; filtered to nothing."""
    out = tmp_path_factory.mktemp("report-pages")
    _render(corpora["synthetic"], out / "synthetic")
    _render(corpora["empty"], out / "empty")
    _render(corpora["synthetic"], out / "nothing", "-p", "governorates", "SY-QU", "-p", "start", "2030-01-01")
    return {kind: sorted((out / kind).glob("*.html")) for kind in ("synthetic", "empty", "nothing")}


def test_every_report_renders_everywhere(pages):
    for kind, found in pages.items():
        assert len(found) == len(REPORTS) * len(LANGS), kind


@pytest.mark.parametrize("kind", ["synthetic", "empty", "nothing"])
def test_pages_are_self_contained_in_one_language(pages, kind):
    for path in pages[kind]:
        page = path.read_text(encoding="utf-8")
        name, lang = re.match(r"(\w+?)__lang-(\w\w)", path.stem).groups()
        other = "ar" if lang == "en" else "en"
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
        assert TITLES[name, lang] in page and TITLES[name, other] not in page
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"(https?:)?//", page)  # nothing fetched
        assert "open_report(" not in page and "from analysis" not in page  # no code
        assert SCRIPT not in page


def test_pages_link_every_event_and_say_where_numbers_come_from(pages):
    page = next(p for p in pages["synthetic"] if p.stem == "casualties_by_region__lang-en").read_text(encoding="utf-8")
    charts = page.count('<figure class="chart"')
    assert charts >= 5 and page.count("Source: 5 documents from 3 outlets, published 2017-09-01 – 2017-09-20") == charts
    assert 'href="https://shaam.example/0909"' in page and "javascript:alert" not in page.split("<tbody>", 1)[1]
    assert "≈40" in page and "35–45" in page  # an estimate with its range
    assert "al-Latamneh" in page and "Harasta" in page  # English place names from the gazetteer
    assert "shaam_0909 [0–" in page  # doc_id and character span
    assert 'href="#events"' in page and 'id="events"' in page


# --- in the browser -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    missing = "playwright is not installed" if sync_playwright is None else (
        None if shutil.which(CHROMIUM) else f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    if missing:
        if REQUIRED:
            pytest.fail(f"browser tests required (ANALYSIS_REQUIRE_BROWSER=1) but {missing}")
        pytest.skip(f"browser tests skipped: {missing}")
    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                       viewport={"width": WIDTH, "height": 900})
        yield context
        context.close()


def _open(browser, path: Path):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, errors


WIDER_THAN_WINDOW = """() => {
  const w = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth > w) out.push('page ' + document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const clipped = el.closest('.table-scroll') && el.closest('.table-scroll') !== el;
    if (!clipped && r.width && (r.right > w + 1 || r.left < -1)) out.push(el.tagName + '.' + el.className);
    if (el.classList.contains('table-scroll') && el.scrollWidth > el.clientWidth + 1)
      out.push('table wider than its box: ' + el.scrollWidth + ' > ' + el.clientWidth);
  }
  return out.slice(0, 5);
}"""


@pytest.mark.parametrize("kind", ["synthetic", "empty", "nothing"])
def test_pages_fit_link_and_run_in_chromium(browser, pages, kind):
    for path in pages[kind]:
        page, errors = _open(browser, path)
        try:
            assert page.evaluate(WIDER_THAN_WINDOW) == [], path.name
            hrefs = page.eval_on_selector_all("a[href$='.csv']", "els => els.map(a => a.href)")
            assert hrefs, path.name
            for href in hrefs:  # every CSV link resolves to a file beside the page
                assert Path(unquote(urlsplit(href).path)).is_file(), href
            assert errors == [], (path.name, errors)
        finally:
            page.close()


def test_tables_sort_and_filter(browser, pages):
    path = next(p for p in pages["synthetic"] if p.stem == "casualties_by_region__lang-en")
    page, errors = _open(browser, path)
    try:
        table = page.locator("#events + .table-block table")
        killed = table.locator("thead th", has_text="Killed")
        first = "#events + .table-block table tbody tr:first-child td:nth-child(6)"
        killed.click()
        assert page.inner_text(first).startswith("1")  # ascending: the smallest toll first
        killed.click()
        assert page.inner_text(first).startswith("≈40")  # descending: the largest, an estimate
        box = page.locator("#events + .table-block input[type=search]")
        box.fill("Harasta")
        assert table.locator("tbody tr:not([hidden])").count() == 1
        assert "Rows: 1" in page.inner_text("#events + .table-block .table-tools")
        assert errors == []
    finally:
        page.close()


def test_plain_papermill_and_nbconvert_give_the_cli_page(corpora, pages, tmp_path):
    """The documented two commands write the same page, byte for byte, as `report`."""
    import papermill

    from analysis.reports import render

    cli = next(p for p in pages["synthetic"] if p.stem == "civilian_facilities__lang-ar")
    executed = tmp_path / "run.ipynb"
    papermill.execute_notebook(str(render.notebook("civilian_facilities")), str(executed),
                               parameters={"tables": str(corpora["synthetic"]), "lang": "ar",
                                           "out_dir": str(cli.parent)},
                               progress_bar=False, cwd=str(tmp_path), kernel_name="python3")
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "report", str(executed)],
                   check=True, capture_output=True)
    assert (tmp_path / cli.name).read_bytes() == cli.read_bytes()
