"""Regenerate the demo session: a complete, fictional 90-minute Hyvinvointikeskustelu.

DEMO ONLY. The client, the students and everything typed are invented. The session is
encrypted to `demo-teacher.key` beside this file, a key that is public on purpose: never use
it for a real course.

    python sessions/demo/make_demo.py        # rewrites demo-session.age (and the key if missing)
    hyvinvointi replay sessions/demo/demo-session.age --identity sessions/demo/demo-teacher.key

The session is built with the app's own event API (the same calls the screens make), with a
clock moved by hand, so it replays exactly like a real one.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The scripted sessions live with the tests (tests/scripted.py), at the top of the checkout.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from hyvinvointi_tui.core.model.client_events import ConsentRecorded, FeedbackGiven
from hyvinvointi_tui.core.model.protocol import resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import (
    MarkerAdded,
    Paused,
    Resumed,
    RolesSet,
    SessionClosed,
    StepEntered,
    one_of,
)
from hyvinvointi_tui.core.model.step_events import (
    SUMMARY_ORIGINS,
    ActivitySet,
    AppointmentReasonsSet,
    AppointmentSet,
    ClosingChosen,
    OrientationRecorded,
    OsaPrioritiesSet,
    ServiceChosen,
    StressRated,
    SummaryAgreed,
    SummaryEntryAdded,
    TakeawayChosen,
)
from hyvinvointi_tui.core.model.text_keys import (
    feedback_key,
    focus_key,
    preparation_key,
    reflection_key,
)
from hyvinvointi_tui.store import keys
from tests.scripted import HandClock, day, goal, osa, started, type_notes
from tests.session_saving import save, session_document

HERE = Path(__file__).parent
KEY = HERE / "demo-teacher.key"
OUT = HERE / "demo-session.age"
# The students prepare for 15 minutes (not counted in the 90) and begin at 09:00.
CREATED = "2026-11-16T08:45:00+00:00"
BEGIN = 900
STUDENTS = ["Opiskelija A", "Opiskelija B"]

# OSA (competence, value) for the 29 items (22–29: the environment): a few important but
# hard ones, some strengths; the sister's support (26) a strength, income (24) a worry.
OSA = {n: (3, 3) for n in range(1, 30)} | {
    24: (2, 4),
    26: (4, 4),
    1: (2, 4),
    3: (2, 3),
    12: (1, 4),
    14: (1, 4),
    5: (4, 4),
    10: (4, 3),
    17: (2, 4),
}


def build() -> Session:
    protocol = resolve_protocol()
    clock = HandClock()
    session = started(
        protocol,
        clock,
        client_code="DEMO-7",
        students=STUDENTS,
        created=CREATED,
        session_id="demo00000001",
        prepare=True,
    )
    record = session.record

    # 0. Preparation (15 min before the clock): what they know, the plan, who leads what
    clock.t = 120
    write(
        session,
        preparation_key("referral"),
        "Ohjattu työllisyyspalveluista; lomautettuna syksystä, etsii töitä ICT-alalta.",
    )
    clock.t = 420
    write(
        session,
        preparation_key("plan"),
        "A vetää alun ja stressin, B ajankäytön ja OSAn. Kuunnellaan unta ja rytmiä.",
    )
    clock.t = 600
    write(
        session,
        preparation_key("questions"),
        "Miten otamme puheeksi taloushuolet, jos ne nousevat esiin?",
    )
    b_leads = {"time_circle", "osa", "goals"}
    for step in protocol.steps:
        lead, notes = STUDENTS[::-1] if step.id in b_leads else STUDENTS
        record(RolesSet(step=step.id, lead=lead, note_taker=notes))
    clock.t = BEGIN
    session.begin()

    # 1. Orientation (5 min)
    clock.t = BEGIN + 60
    record(OrientationRecorded(step="orientation", value="partly"))
    clock.t = BEGIN + 150  # told what is written down and who reads it; the client's answers
    record(ConsentRecorded(step="orientation", item="notes", given=True))
    record(ConsentRecorded(step="orientation", item="figures", given=True))
    record(ConsentRecorded(step="orientation", item="contact", given=True))
    type_notes(
        session,
        clock,
        "orientation",
        ["Tiesi tarkoituksen, ei rakennetta.", "Kerrottiin infoteksti omin sanoin."],
        4.0,
    )
    clock.t = BEGIN + 290
    record(StepEntered(step="wellbeing"))

    # 2. Wellbeing (10 min)
    type_notes(
        session,
        clock,
        "wellbeing",
        [
            "Lomautettu syyskuussa, päivät venyvät.",
            "Nukkuu huonosti, valvoo puhelimen kanssa.",
            "Sisko auttaa, käy kylässä viikoittain.",
            "Haluaisi takaisin liikunnan pariin.",
        ],
        9.0,
    )
    record(MarkerAdded(step="wellbeing", tag="strength"))
    clock.t = BEGIN + 880
    record(Paused())
    clock.t = BEGIN + 1000  # the client took a phone call
    record(Resumed())
    clock.t = BEGIN + 1010
    record(StepEntered(step="stress"))

    # 3. Stress (10 min); halfway, B takes the lead (f2)
    clock.t = BEGIN + 1100
    record(StressRated(step="stress", value=3))
    type_notes(
        session,
        clock,
        "stress",
        ["Talous ja epävarmuus kuormittavat.", "Ei akuuttia kriisiä; uni parantaisi jaksamista."],
        8.0,
    )
    record(RolesSet(step="stress", lead=STUDENTS[1], note_taker=STUDENTS[0]))
    clock.t = BEGIN + 1600
    record(StepEntered(step="time_circle"))

    # 4. Time circle (15 min): hours and two named activities
    clock.t = BEGIN + 1700
    day(session, "now", (2, 9, 13), clock=clock, every=20)
    day(session, "before", (8, 4, 12), clock=clock, every=20)
    day(session, "ideal", (6, 6, 12), clock=clock, every=20)
    clock.t += 60
    record(
        ActivitySet(
            step="time_circle",
            activity_id="a1",
            name="työnhaku",
            category="productive",
            hours={"now": 2, "before": 0, "ideal": 4},
        )
    )
    record(
        ActivitySet(
            step="time_circle",
            activity_id="a2",
            name="kurssi",
            category="productive",
            hours={"before": 8, "ideal": 2},
        )
    )
    type_notes(
        session,
        clock,
        "time_circle",
        ["Vapaa-aika on nyt pääosin ruutuaikaa.", "Ihanteessa enemmän tekemistä ja rytmiä."],
        10.0,
    )
    record(MarkerAdded(step="time_circle", tag="ask_teacher"))
    clock.t = BEGIN + 2560
    record(StepEntered(step="osa"))

    # 5. OSA (25 min): the client rates, then ranks what to change
    clock.t = BEGIN + 2620
    osa(session, OSA, clock=clock, every=(29, 14))
    clock.t += 120
    record(OsaPrioritiesSet(step="osa", items=[14]))
    clock.t += 40
    record(OsaPrioritiesSet(step="osa", items=[14, 12]))
    clock.t += 40
    record(OsaPrioritiesSet(step="osa", items=[14, 12, 17]))
    type_notes(
        session,
        clock,
        "osa",
        ["Päivärytmi ja rentoutuminen tärkeimmät.", "Huolehtii toisista hyvin: vahvuus."],
        10.0,
    )
    record(MarkerAdded(step="osa", tag="important"))
    clock.t = BEGIN + 4150
    record(StepEntered(step="summary"))

    # 6. Summary (10 min)
    # Where each came from: a suggestion as it was, one the students edited, their own.
    for number, (column, text, suggestion, origin) in enumerate(
        [
            ("strengths", "Sisko tukena, huolehtii toisista", "osa_s:osa:5", "edited"),
            ("strengths", "Motivaatio liikkua", "", "own"),
            ("challenges", "Päivärytmi hajonnut lomautuksen jälkeen", "osa:osa:14", "edited"),
            ("challenges", "Uni ja rentoutuminen", "osa:osa:12", "edited"),
            (
                "challenges",
                "Toivoisi enemmän aikaa tuottavaan toimintaan (+4 h päivässä)",
                "time:time_circle:productive",
                "suggestion",
            ),
        ]
    ):
        clock.t += 60
        record(
            SummaryEntryAdded(
                step="summary",
                entry_id=f"s{number}",
                column=column,
                text=text,
                suggestion=suggestion,
                origin=one_of(origin, SUMMARY_ORIGINS),
            )
        )
    clock.t += 90
    record(SummaryAgreed(step="summary", agreed=True))
    clock.t = BEGIN + 4760
    record(StepEntered(step="goals"))

    # 7. Goals (10 min)
    clock.t += 180
    goal(
        session,
        "g1",
        "Herään arkisin kahdeksalta",
        ["Herätyskello huoneen toiselle puolelle", "Aamukävely koiran kanssa"],
        due="2026-12-07",
        source="osa:14",
    )
    clock.t += 240
    goal(session, "g2", "Puhelin pois makuuhuoneesta", ["Lataus keittiössä"], source="osa:12")
    record(MarkerAdded(step="goals", tag="follow_up"))
    clock.t = BEGIN + 5360
    record(StepEntered(step="closing"))

    # 8. Closing (5 min)
    clock.t += 40
    record(ClosingChosen(step="closing", value="new_appointment"))
    record(AppointmentSet(step="closing", date="2026-12-07", time="10:00"))
    record(AppointmentReasonsSet(step="closing", reasons=["goals", "guidance"]))
    clock.t += 30
    session.edit_text(focus_key("closing"), "Miten aamurytmi ja uni ovat lähteneet sujumaan")
    record(ServiceChosen(step="closing", service=protocol.step("closing").services[2].name("fi")))
    record(TakeawayChosen(step="closing", parts=["summary"]))
    clock.t += 60  # the client's own view of the conversation
    for question, value in (("heard", 4), ("mattered", 4), ("way", 3), ("next", 4)):
        record(FeedbackGiven(step="closing", question=question, value=value))
    session.edit_text(feedback_key("closing"), "Oli hyvä puhua, aika meni nopeasti.")
    type_notes(session, clock, "closing", ["Asiakas tyytyväinen, sovittu seuranta."], 6.0)
    clock.t = BEGIN + 5640
    record(SessionClosed(step="closing"))

    # 9. The students' reflection, after the client has left
    for part, text in (
        ("went_well", "Asiakas kertoi avoimesti; koonti osui, hän tunnisti sen omakseen."),
        ("hard", "Aikataulu: OSA venyi ja tavoitteille jäi vähän aikaa."),
        ("differently", "Jakaisimme OSAn kohdat ja pitäisimme kellosta kiinni."),
        ("ask_teacher", "Oliko oikein jättää taloushuolet seuraavaan kertaan?"),
        ("motivation", "Haluaa takaisin liikunnan pariin; uskoo pystyvänsä pieniin askeliin."),
        ("habits", "Työrooli katosi lomautuksessa, päivärytmi hajosi sen mukana."),
        ("performance", "Jaksaminen heikkoa huonon unen vuoksi; taidot kunnossa."),
        ("environment", "Sisko tukena; toimeentulo huolettaa; koti rauhallinen."),
    ):
        clock.t += 45
        write(session, reflection_key(part), text)
    return session


def write(session: Session, key: str, text: str) -> None:
    """A field written in one go (as a pause in typing reports it)."""
    session.edit_text(key, text)


def main() -> None:
    if KEY.exists():
        public = str(keys.read_identity_file(KEY)[0].to_public())
    else:
        public = keys.write_identity_file(KEY)
    session = build()
    doc = session_document(session, saved_t=session.now())
    save(OUT, doc, [keys.parse_recipient(public)])
    print(f"{OUT}: {len(session.events)} events, {OUT.stat().st_size} bytes, to {public}")


if __name__ == "__main__":
    main()
