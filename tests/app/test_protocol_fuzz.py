"""Protocol files fuzzed (hypothesis): whatever an organisation's file holds, `protocol check`
and `new --protocol` answer with a report or "ok", never a traceback; and any text in a valid
file's texts (Rich markup, control characters, very long lines) is shown without a crash."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hyvinvointi_tui import cli
from hyvinvointi_tui.cli import sessions
from hyvinvointi_tui.core.model.help_contacts import MAX_DESCRIPTION, MAX_NAME, MAX_PURPOSE
from hyvinvointi_tui.core.model.protocol import parse_protocol
from hyvinvointi_tui.i18n import LANGUAGES, Lang
from hyvinvointi_tui.ui.app import HyvinvointiApp

from ..helpers import screen_text

PROTOCOLS = Path(__file__).resolve().parents[2] / "protocols"
SHIPPED = {
    path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
    for path in sorted(PROTOCOLS.glob("*.toml"))
}
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Hypothesis: hundreds of generated protocol files.
pytestmark = pytest.mark.slow


def places(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and list item in a TOML document, as paths from the top."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += places(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += places(value, (*prefix, index))
    return found


PLACES = {name: places(data) for name, data in SHIPPED.items()}
SCALARS = st.one_of(
    st.text(max_size=30),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A shipped protocol with one to four places changed, deleted or doubled."""
    name = draw(st.sampled_from(sorted(SHIPPED)))
    data = tomllib.loads(tomli_w.dumps(SHIPPED[name]))  # a deep copy
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PLACES[name]))
        parent: Any = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            last = path[-1]
            action = draw(st.sampled_from(["replace", "delete", "double"]))
            if action == "replace":
                parent[last] = draw(VALUES)
            elif action == "delete":
                del parent[last]
            elif isinstance(parent, list):
                parent.append(parent[last])
            else:
                parent[f"{last}_"] = parent[last]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or reshaped this place
    return tomli_w.dumps(data).encode()


def check_and_new(
    raw: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fuzzed.toml"
    path.write_bytes(raw)
    code = cli.main(["protocol", "check", str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in out + err
    assert (code == 0) == out.startswith("ok"), (code, out, err)
    if code == 1:
        assert f"{path}" in err and err.strip(), err
    # `new --protocol` reads the file first; past it, no passphrase here, so it stops.
    monkeypatch.setattr(sessions, "_unlock", lambda lang: None)
    checked = code
    code = cli.main(["new", "--protocol", str(path), "--client", "K-1"])
    err_new = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err_new
    # A protocol that checks (with or without warnings) gets as far as the passphrase.
    expected = "no passphrase was given" if checked == 0 else err.strip().splitlines()[0]
    assert expected in err_new, err_new


@FUZZ
@given(raw=mutated())
def test_mutated_protocols_get_a_report_or_ok(
    raw: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    check_and_new(raw, tmp_path, capsys, monkeypatch)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_any_bytes_as_a_protocol_get_a_report(
    raw: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    check_and_new(raw, tmp_path, capsys, monkeypatch)


@FUZZ
@given(
    lines=st.lists(
        st.sampled_from(
            [
                'id = "x"',
                "[[steps]]",
                "[steps.title]",
                'fi = "a"',
                'kind = "notes"',
                "budget_minutes = 5",
                "total_minutes = 90",
                "[title]",
                'en = """',
                '"""',
                "[[steps.items]]",
                "number = 1",
                "x = [1, 'a']",
                "[steps.guidance]",
            ]
        ),
        max_size=20,
    )
)
def test_protocol_shaped_lines_get_a_report(
    lines: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    check_and_new("\n".join(lines).encode(), tmp_path, capsys, monkeypatch)


BOUNDED = {"name": MAX_NAME, "purpose": MAX_PURPOSE, "description": MAX_DESCRIPTION}


def texts(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The places of the texts people read: a string under a language code (a phone
    number per language is not a text: it has its own length limit)."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "phone":
                continue
            if key in LANGUAGES and isinstance(value, str):
                found.append((*prefix, key))
            else:
                found += texts(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += texts(value, (*prefix, index))
    return found


SHOWN = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from("[]/\\=@#\t\x1b"),
    min_size=1,
    max_size=200,
).filter(str.strip)  # a text of only spaces is "empty": the protocol check refuses it


@settings(max_examples=1, deadline=None)  # about 5 s each: a walk through every step
@given(text=SHOWN, lang=st.sampled_from(LANGUAGES))
@example(text="[/] [bold]x[/bold] [link=file:///etc]y[/link] \\[z] [@click=quit]q[/]", lang="fi")
async def test_any_text_in_a_valid_protocol_is_shown_on_every_step(text: str, lang: Lang) -> None:
    """Every text of the default protocol replaced by the same odd text (markup such as
    `[/]`, escapes, tabs): the protocol is still valid, and every step draws."""
    data = tomllib.loads(tomli_w.dumps(SHIPPED["hyvinvointikeskustelu"]))
    for path in texts(data):
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        # A help contact's and a service's texts are bounded (the emergency screen and the
        # client's page list them all).
        parent[path[-1]] = text[: BOUNDED.get(path[-2], len(text))]
    protocol = parse_protocol(tomli_w.dumps(data).encode())
    app = HyvinvointiApp.demo(protocol, lang=lang, clock=lambda: 0.0)
    async with app.run_test(size=(120, 40)) as pilot:
        for step in protocol.steps:
            app.go_to(step.id)
            await pilot.pause()
            assert app.session.state.step == step.id
            screen_text(app)
        await pilot.press("ctrl+q")


def test_the_places_cover_the_shipped_files() -> None:
    assert all(len(found) > 300 for found in PLACES.values())
    assert len(texts(SHIPPED["hyvinvointikeskustelu"])) > 100
