"""The client's privacy notice (issue 29, part 2): every fact the course gives, each one it
leaves out said plainly with whom to ask, the client's rights and the authority in every
language, course texts escaped, 12 pt type whatever the course holds; and its command."""

from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path

import pytest

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.client import notice
from hyvinvointi_tui.core.model.course import DEFAULT_RETENTION_DAYS, Course, Privacy
from hyvinvointi_tui.i18n import LANGUAGES, Lang, t
from hyvinvointi_tui.store.course import write_course

FULL = Privacy(
    controller="Esimerkin ammattikorkeakoulu",
    contact="tietosuoja@amk.example",
    purpose="Opetus ja ohjattu harjoittelu; peruste: asiakkaan suostumus.",
    retention_days=365,
    supervisor_phone="040 000 0000",
)
AUTHORITY = {
    "fi": ("tietosuojavaltuutetulle", "Tietosuojavaltuutetun toimisto"),
    "en": ("Data Protection Ombudsman", "Office of the Data Protection Ombudsman"),
    "sv": ("dataombudsmannen", "Dataombudsmannens byrå"),
}
# What the sheet must say in every language, by its words (a key of the notice section).
ALWAYS = ("what", "readers", "limits", "rights", "complain", "no_changes_nothing")
MISSING = ("controller_missing", "contact_missing", "phone_missing", "purpose_missing")


def text_of(html: str) -> str:
    """The sheet's words, as a reader sees them."""
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", " ", html.split("<body>")[1]))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_notice_names_every_fact_the_course_gives(lang: Lang) -> None:
    html = notice.to_html(notice.build(FULL, lang))
    words = " ".join(text_of(html).split())
    for value in (FULL.controller, FULL.contact, FULL.purpose, FULL.supervisor_phone):
        assert value in words
    assert t(lang, "notice.retention", days=365) in words
    for key in ALWAYS:
        assert t(lang, f"notice.{key}") in words, key
    for name in AUTHORITY[lang]:
        assert name in words
    assert "tietosuoja.fi" in words
    assert 'class="missing"' not in html, "nothing is said to be missing"
    assert f'lang="{lang}"' in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_a_course_every_fact_is_said_to_be_missing_and_whom_to_ask(lang: Lang) -> None:
    html = notice.to_html(notice.build(Privacy(), lang))
    words = " ".join(text_of(html).split())
    for key in MISSING:
        assert t(lang, f"notice.{key}") in words, key
    # The retention the app applies is on the sheet, with the course's own said to be missing.
    assert t(lang, "notice.retention_missing", days=DEFAULT_RETENTION_DAYS) in words
    assert str(DEFAULT_RETENTION_DAYS) in words
    assert html.count('class="missing"') == 5
    for key in ALWAYS:
        assert t(lang, f"notice.{key}") in words, key


def test_a_partly_given_course_marks_only_what_is_missing() -> None:
    html = notice.to_html(notice.build(FULL.replace(contact="", retention_days=0), "fi"))
    words = " ".join(text_of(html).split())
    assert t("fi", "notice.contact_missing") in words
    assert FULL.controller in words and FULL.supervisor_phone in words
    assert html.count('class="missing"') == 2


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_fact_given_with_its_own_full_stop_ends_with_one(lang: Lang) -> None:
    given = FULL.replace(controller="Esimerkin AMK Oy.", contact="tietosuoja@amk.example. ")
    words = " ".join(text_of(notice.to_html(notice.build(given, lang))).split())
    assert "Esimerkin AMK Oy." in words and "tietosuoja@amk.example." in words
    assert ".." not in words


def test_course_texts_with_markup_and_control_characters_are_shown_as_text() -> None:
    hostile = Privacy(
        controller='<script>alert("x")</script> & Co',
        contact="<a href='javascript:x'>mail</a>",
        purpose="\x1b[31mred\x1b[0m <b>bold</b>\u0085",
        supervisor_phone="<img src=x onerror=y>",
    )
    html = notice.to_html(notice.build(hostile, "en"))
    body = html.split("<body>")[1]
    assert "<script" not in body and "<a " not in body and "<b>" not in body
    assert "<img" not in body and "\x1b" not in html and "\u0085" not in html
    assert escape('<script>alert("x")</script> & Co') in body
    assert "␛[31mred␛[0m" in body  # the escape is shown, never sent


def test_the_body_is_never_smaller_than_12_pt() -> None:
    sizes = [float(size) for size in re.findall(r"font-size:\s*([\d.]+)pt", notice.CSS)]
    assert sizes and min(sizes) >= 12
    assert "html {" in notice.CSS and f"font-size: {notice.BODY_PT}pt" in notice.CSS
    assert notice.BODY_PT >= 12
    assert not re.search(r"font-size:\s*[\d.]+(em|%|px|rem)", notice.CSS), "sizes in pt only"
    longest = Privacy(
        controller="x" * 120, contact="y" * 120, purpose="z" * 400, supervisor_phone="1" * 40
    )
    # Whatever the course holds, the type stays the same: the sheet is never shrunk to fit.
    for privacy in (Privacy(), longest):
        assert notice.to_html(notice.build(privacy, "fi")).count(notice.CSS) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_missing_line_names_the_facts_or_says_nothing(lang: Lang) -> None:
    line = notice.missing_line(Privacy(), lang)
    for name in ("controller", "contact", "purpose", "retention_days", "supervisor_phone"):
        assert t(lang, f"notice.fact_{name}") in line
    assert notice.missing_line(FULL, lang) == ""
    partial = notice.missing_line(FULL.replace(retention_days=0), lang)
    assert t(lang, "notice.fact_retention_days") in partial
    assert t(lang, "notice.fact_controller") not in partial


# --- the command ---------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    base = tmp_path / "home"
    monkeypatch.setenv("HYVINVOINTI_HOME", str(base))
    return base


@pytest.mark.parametrize(
    "lang, name",
    [("fi", "tietosuojaseloste"), ("en", "privacy-notice"), ("sv", "dataskyddsbeskrivning")],
)
def test_the_command_without_a_course_writes_the_sheet_with_the_facts_missing(
    home: Path, capsys: pytest.CaptureFixture[str], lang: Lang, name: str
) -> None:
    assert main(["notice", "--lang", lang]) == 0
    out = capsys.readouterr().out
    path = home / "notices" / f"{name}.html"
    assert out.splitlines()[0] == str(path)
    assert "you have joined no course" in out and "controller" in out
    html = path.read_text(encoding="utf-8")
    assert t(lang, "notice.controller_missing") in text_of(html)
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_command_takes_the_facts_of_a_course_file(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: Lang
) -> None:
    course = tmp_path / "course.toml"
    write_course(course, Course(name="OT-3", privacy=FULL))
    out_file = tmp_path / "seloste.html"
    assert main(["notice", "--lang", lang, "--course", str(course), "-o", str(out_file)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == str(out_file) and "Missing" not in out
    words = " ".join(text_of(out_file.read_text(encoding="utf-8")).split())
    assert FULL.controller in words and t(lang, "notice.retention", days=365) in words
    if os.name == "posix":
        assert out_file.stat().st_mode & 0o777 == 0o600


def test_the_command_follows_the_joined_course(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hyvinvointi_tui.store.course import join

    home.mkdir()
    join(home, Course(name="OT-3", privacy=FULL.replace(purpose="")))
    assert main(["notice", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Missing from your course" in out and "purpose and legal basis" in out
    html = (home / "notices" / "privacy-notice.html").read_text(encoding="utf-8")
    assert FULL.controller in html and t("en", "notice.purpose_missing") in html


def test_the_command_never_writes_over_a_link_a_fifo_or_a_folder(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(kept)
    targets = [link, tmp_path]
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.html"
        os.mkfifo(fifo)
        targets.append(fifo)
    reasons = ["it is a symbolic link", "it is a folder", "it is not a regular file"]
    for target, reason in zip(targets, reasons, strict=False):
        assert main(["notice", "-o", str(target)]) == 1
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and reason in err
        assert "Traceback" not in err
    assert kept.read_text(encoding="utf-8") == "keep me" and link.is_symlink()


def test_the_command_says_in_one_line_when_it_cannot_write_or_read(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("x")
    assert main(["notice", "-o", str(tmp_path / "a-file" / "x.html")]) == 1
    assert "a part of the path is a file" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("privacy = { retention_days = -1 }", encoding="utf-8")
    assert main(["notice", "--course", str(bad)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "no notice was written" in err
    assert not (home / "notices").exists() or not any((home / "notices").iterdir())
