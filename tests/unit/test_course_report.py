"""The course report: one printable HTML page of charts drawn from the rows the CSV holds,
with no script, no link, no free text and no client code."""

from __future__ import annotations

import csv
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.i18n import Lang, t

from ..course_folder import CANARY, make_course
from ..printing import BROWSER, printed_pages

# Stress, the day, OSA myself, OSA my environment, feedback, time per step for each of the
# two protocols (first sessions, follow-ups), the follow-ups' change.
CHARTS = 8


@pytest.fixture
def course(
    protocol: Protocol, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder, key = tmp_path / "sessions", tmp_path / "teacher.key"
    make_course(protocol, folder, key)
    return folder, key


def _report(
    course: tuple[Path, Path], tmp_path: Path, lang: Lang
) -> tuple[str, list[dict[str, str]]]:
    folder, key = course
    page, table = tmp_path / f"report-{lang}.html", tmp_path / "figures.csv"
    argv = ["stats", str(folder), "--identity", str(key), "--csv", str(table)]
    assert main([*argv, "--html", str(page), "--lang", lang]) == 0
    assert page.stat().st_mode & 0o777 == 0o600
    rows = list(csv.DictReader(table.read_text(encoding="utf-8").splitlines()))
    return page.read_text(encoding="utf-8"), rows


def _figures(page: str) -> list[str]:
    """The numbers under each chart, in words, in the page's order."""
    import html

    return [html.unescape(text) for text in re.findall(r'<p class="figures">(.*?)</p>', page)]


def test_the_report_draws_the_rows_and_nothing_else(
    course: tuple[Path, Path], tmp_path: Path
) -> None:
    page, rows = _report(course, tmp_path, "en")
    assert "<script" not in page.lower() and not re.search(r"https?:", page)
    assert "url(" not in page and "@import" not in page and "@font-face" not in page
    assert page.count("<svg") == page.count("<figure>") == CHARTS
    assert CANARY not in page and "K-" not in page
    assert not any(row["client"] in page for row in rows)

    closed = [row for row in rows if row["status"] == "closed"]
    stress, day, osa_self, osa_environment, feedback, *minutes, change = _figures(page)
    levels = Counter(row["stress"] for row in closed)
    assert stress == ", ".join(f"{level}: {levels[str(level)]}" for level in range(1, 6))

    def mean(column: str) -> str:
        values = [float(row[column]) for row in closed if row[column] != ""]
        return f"{round(statistics.fmean(values), 1):g}"

    assert (
        f"productive: Now {mean('now_productive_h')} h, Ideal {mean('ideal_productive_h')} h" in day
    )
    assert f"I was heard: {mean('feedback_heard')}" in feedback
    chosen = Counter(n for row in closed for n in row["osa_priority_self"].split())
    top, count = chosen.most_common(1)[0]
    assert osa_self.startswith(f"{top} Daily rhythm: {count}")
    chosen = Counter(n for row in closed for n in row["osa_priority_environment"].split())
    assert osa_environment.startswith(f"{chosen.most_common(1)[0][0]} ")
    firsts = [row for row in closed if row["session"] == "first"]
    spent = statistics.fmean(float(row["min_osa"]) for row in firsts)
    assert f"OSA self-assessment: {round(spent, 1):g} / 25 min" in minutes[0]
    ways = Counter(
        "lower" if int(row["stress"]) < int(row["stress_previous"]) else "same or higher"
        for row in closed
        if row["stress_previous"]
    )
    assert change.startswith(f"lower: {ways['lower']}, ")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_report_speaks_the_teachers_language(
    course: tuple[Path, Path], tmp_path: Path, lang: Lang
) -> None:
    page, _ = _report(course, tmp_path, lang)
    assert f'<html lang="{lang}">' in page
    assert t(lang, "course_report.day") in page
    assert t(lang, "feedback.heard") in page


@pytest.mark.slow
@pytest.mark.skipif(BROWSER is None, reason="no Chromium here to print with")
def test_the_report_prints_on_one_a4_page(course: tuple[Path, Path], tmp_path: Path) -> None:
    _report(course, tmp_path, "fi")
    page = (tmp_path / "report-fi.html").read_text(encoding="utf-8")
    assert printed_pages(page, tmp_path) == 1
