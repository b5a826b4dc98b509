"""The protocol file: the shipped script is valid and complete; broken files get clear errors."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.model.protocol import (
    Protocol,
    ProtocolError,
    builtin_protocols,
    parse_protocol,
    resolve_protocol,
)
from hyvinvointi_tui.core.model.steps import ClosingStep, OsaStep
from hyvinvointi_tui.i18n import LANGUAGES, Lang

from ..helpers import step_of

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "protocols" / "hyvinvointikeskustelu.toml"


def test_default_protocol_follows_the_90_minute_plan(protocol: Protocol) -> None:
    assert protocol.total_minutes == 90
    plan = [(step.id, step.kind, step.budget_minutes) for step in protocol.steps]
    assert plan == [
        ("orientation", "orientation", 5),
        ("wellbeing", "conversation", 10),
        ("stress", "stress", 10),
        ("time_circle", "time_circle", 15),
        ("osa", "osa", 25),
        ("summary", "summary", 10),
        ("goals", "goals", 10),
        ("closing", "closing", 5),
    ]
    assert len(protocol.sha256) == 64


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_has_guidance_and_lines_in_every_language(
    protocol: Protocol, lang: Lang
) -> None:
    for step in protocol.steps:
        assert len(step.title(lang)) > 2
        assert len(step.guidance(lang)) > 80, step.id
        assert step.say, step.id
        assert all(line(lang).strip() for line in step.say)


def test_default_protocol_ships_osa_topics_and_environment_items_marked_as_own_words(
    protocol: Protocol,
) -> None:
    osa = step_of(protocol, "osa", OsaStep)
    assert [item.number for item in osa.items] == list(range(1, 30))
    # The environment beside motivation, habits and performance: items 22–29.
    environment = [item.number for item in osa.items if item.part == "environment"]
    assert environment == list(range(22, 30))
    assert "own words" in osa.items_note("en")
    assert "omia" in osa.items_note("fi")


def test_shipped_services_carry_no_invented_contact_details(protocol: Protocol) -> None:
    closing = step_of(protocol, "closing", ClosingStep)
    assert closing.services
    assert all(service.contact == "" for service in closing.services)
    raw = DEFAULT.read_text(encoding="utf-8")
    assert "@" not in raw and "+358" not in raw
    # The only address is the page the help contacts' numbers were checked against.
    assert set(re.findall(r"https?://\S+", raw)) == {"http://mieli.fi/helpline,"}


def test_the_shipped_protocols_are_found_by_name() -> None:
    assert "hyvinvointikeskustelu" in [path.stem for path in builtin_protocols()]
    assert resolve_protocol("hyvinvointikeskustelu").id == "hyvinvointikeskustelu"


@pytest.mark.parametrize("path", list(builtin_protocols()), ids=lambda path: path.stem)
def test_a_shipped_protocol_built_without_pydantic_is_the_validated_one(path: Path) -> None:
    """Start-up builds the shipped protocols without pydantic (core/model/protocol.py); what it
    builds must be exactly what validation gives, field by field and type by type."""
    built = resolve_protocol(path.stem)
    validated = parse_protocol(path.read_bytes(), str(path))
    assert built == validated
    assert repr(built) == repr(validated)  # 5 and 5.0 are equal; their reprs are not


def test_a_shipped_protocol_edited_into_a_wrong_one_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hyvinvointi_tui.core.model import protocol as protocol_module

    data = _default_data()
    data["steps"][2]["budget_minutes"] = "ten"
    data["steps"][3]["surprise"] = 1
    (tmp_path / "protocols").mkdir()
    (tmp_path / "protocols" / "hyvinvointikeskustelu.toml").write_bytes(_toml(data))
    monkeypatch.setattr(protocol_module, "_builtin_dir", lambda: tmp_path / "protocols")
    with pytest.raises(ProtocolError) as caught:
        resolve_protocol("hyvinvointikeskustelu")
    assert len(caught.value.problems) == 2
    assert "budget_minutes" in caught.value.problems[0]


def test_the_demo_starts_without_pydantic() -> None:
    """Importing pydantic and building its schemas cost ~150 ms of start-up: the first
    screen needs neither (start-up within 1.5× a minimal Textual app, docs/RELIABILITY.md)."""
    code = (
        "import sys\n"
        "from hyvinvointi_tui.core.model.protocol import resolve_protocol\n"
        "from hyvinvointi_tui.ui.app import HyvinvointiApp\n"
        "app = HyvinvointiApp.demo(resolve_protocol(), lang='fi')\n"
        "assert 'pydantic' not in sys.modules, 'pydantic imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _default_data() -> dict[str, Any]:
    return tomllib.loads(DEFAULT.read_text(encoding="utf-8"))


def _toml(data: dict[str, Any]) -> bytes:
    import tomli_w

    return tomli_w.dumps(data).encode()


def _broken(change: Callable[[dict[str, Any]], None]) -> bytes:
    data = _default_data()
    change(data)
    return _toml(data)


def _set(path: list[Any], value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return change


def _delete(path: list[Any]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node = data
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return change


BROKEN = {
    "missing language": (
        _delete(["steps", 2, "guidance", "sv"]),
        ["step 'stress' (no. 3) → guidance.sv: is missing"],
    ),
    "unknown step kind": (
        _set(["steps", 1, "kind"], "meditation"),
        ["step 'wellbeing' (no. 2)", "unknown step kind 'meditation'"],
    ),
    "negative budget": (
        _set(["steps", 0, "budget_minutes"], -5),
        ["step 'orientation' (no. 1) → budget_minutes", "greater than 0"],
    ),
    "budget not a number": (
        _set(["steps", 3, "budget_minutes"], "fifteen"),
        ["step 'time_circle' (no. 4) → budget_minutes", "'fifteen'"],
    ),
    "budgets over the total": (
        _set(["steps", 4, "budget_minutes"], 40),
        ["add up to 105 min, more than total_minutes = 90"],
    ),
    "duplicate ids": (
        _set(["steps", 6, "id"], "summary"),
        ["step id 'summary' is used twice"],
    ),
    "unknown key": (
        _set(["steps", 5, "colour"], "blue"),
        ["step 'summary' (no. 6) → colour: is not a known key"],
    ),
    "unknown top-level key": (
        _set(["totl_minutes"], 90),
        ["totl_minutes: is not a known key"],
    ),
    "stress levels not five": (
        lambda data: data["steps"][2]["levels"].pop(),
        ["step 'stress' (no. 3) → levels", "at least 5"],
    ),
    "empty title": (
        _set(["steps", 7, "title", "fi"], ""),
        ["step 'closing' (no. 8) → title.fi: is empty"],
    ),
    "no steps": (_set(["steps"], []), ["steps", "at least 1"]),
    "bad step id": (
        _set(["steps", 0, "id"], "Orientation Step"),
        ["step 'Orientation Step' (no. 1) → id"],
    ),
    "duplicate OSA numbers": (
        _set(["steps", 4, "items", 1, "number"], 1),
        ["step 'osa' (no. 5) → items", "same number"],
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_protocol_names_the_problem_and_its_place(name: str) -> None:
    change, expected = BROKEN[name]
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(_broken(change), "broken.toml")
    report = caught.value.report()
    for fragment in expected:
        assert fragment in report, report


def test_all_problems_are_reported_at_once() -> None:
    def change(data: dict[str, Any]) -> None:
        del data["steps"][0]["guidance"]["en"]
        data["steps"][1]["budget_minutes"] = "ten"
        data["steps"][2]["kind"] = "panic"

    with pytest.raises(ProtocolError) as caught:
        parse_protocol(_broken(change))
    assert len(caught.value.problems) == 3


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"this is = not [toml", "not valid TOML"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'id = "x"\n', "title: is missing"),
    ],
)
def test_files_that_are_not_protocols(raw: bytes, expected: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(raw)
    assert expected in caught.value.report()


def test_protocol_check_command_ok_and_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["protocol", "check", str(DEFAULT)]) == 0
    assert capsys.readouterr().out.startswith("ok")

    bad = tmp_path / "bad.toml"
    bad.write_bytes(_broken(_delete(["steps", 2, "guidance", "sv"])))
    assert main(["protocol", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "guidance.sv: is missing" in err
    assert "Traceback" not in err

    assert main(["protocol", "check", str(tmp_path / "nothing.toml")]) == 1
    assert "nothing.toml: no such file" in capsys.readouterr().err


def test_protocol_check_in_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[steps]]\nid = 3\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "hyvinvointi_tui.cli", "protocol", "check", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "cannot be used" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_new_with_a_broken_protocol_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("not toml at all [", encoding="utf-8")
    assert main(["new", "--protocol", str(bad), "--client", "K-1"]) == 1
    assert "not valid TOML" in capsys.readouterr().err
    assert main(["new", "--protocol", "no-such-script"]) == 1
    assert "no shipped protocol of that name" in capsys.readouterr().err
