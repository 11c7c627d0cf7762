"""Opening hours: several timetables, exceptions, breaks, Malay and English times."""

from __future__ import annotations

import pytest

from bina.generator.hours import is_timetable, parse_hours
from bina.generator.profile import OpeningHours

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _week(hours: OpeningHours) -> dict[str, str]:
    """Each day spoken about: "closed" or its ranges "HH:MM-HH:MM[,…]"."""
    out: dict[str, str] = {}
    for entry in hours.days:
        out[DAYS[entry.day]] = (
            "closed"
            if entry.closed
            else ",".join(f"{t.opens}-{t.closes or ''}" for t in entry.ranges)
        )
    return out


def _every(value: str, *days: str) -> dict[str, str]:
    return {day: value for day in days}


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Isnin-Jumaat 9-6, Sabtu 9-1, Ahad tutup",
            {**_every("09:00-18:00", *WEEKDAYS), "sat": "09:00-13:00", "sun": "closed"},
        ),
        (
            "kelas budak Sabtu 9-11 pagi, dewasa Ahad 8-10 malam",
            {"sat": "09:00-11:00", "sun": "20:00-22:00"},
        ),
        ("Buka 10pg-10mlm, tutup Isnin", {"mon": "closed", **_every("10:00-22:00", *DAYS[1:])}),
        ("Buka 11pg-10mlm setiap hari", _every("11:00-22:00", *DAYS)),
        ("Open daily 8am-2pm & 5pm-10pm", _every("08:00-14:00,17:00-22:00", *DAYS)),
        (
            "Open 9am-7pm, closed Fridays",
            {**_every("09:00-19:00", *DAYS), "fri": "closed"},
        ),
        (
            "Buka 10am-7pm, Ahad tutup",
            {**_every("10:00-19:00", *DAYS[:6]), "sun": "closed"},
        ),
        (
            "Buka 10pg-6ptg Sabtu-Khamis, Jumaat tutup",
            {**_every("10:00-18:00", *DAYS), "fri": "closed"},
        ),
        (
            "Buka 7pg-11mlm setiap hari, Jumaat rehat 12.30-2.30ptg",
            {**_every("07:00-23:00", *DAYS), "fri": "07:00-12:30,14:30-23:00"},
        ),
        (
            "Buka Isnin-Sabtu 8pg-6ptg, rehat 12.15-2.45 Jumaat",
            {**_every("08:00-18:00", *DAYS[:6]), "fri": "08:00-12:15,14:45-18:00"},
        ),
        (
            "Buka 8pg-6ptg, Jumaat tutup 12.30-2.30 utk solat",
            {**_every("08:00-18:00", *DAYS), "fri": "08:00-12:30,14:30-18:00"},
        ),
        ("Open 9am-6pm, lunch break 1-2pm", _every("09:00-13:00,14:00-18:00", *DAYS)),
        ("Isnin-Jumaat buka 8 pagi tutup 10 malam", _every("08:00-22:00", *WEEKDAYS)),
        (
            "Kelas Isnin-Khamis 2.30ptg-6ptg & Sabtu 9pg-12tgh",
            {**_every("14:30-18:00", "mon", "tue", "wed", "thu"), "sat": "09:00-12:00"},
        ),
        (
            "Kelas budak Isnin-Jumaat 5ptg-6.30ptg. Kelas dewasa Selasa & Khamis 9mlm-10mlm.",
            {
                **_every("17:00-18:30", *WEEKDAYS),
                "tue": "17:00-18:30,21:00-22:00",
                "thu": "17:00-18:30,21:00-22:00",
            },
        ),
        (
            "Open everyday except Tuesday 11am-10pm",
            {**_every("11:00-22:00", *DAYS), "tue": "closed"},
        ),
        (
            "Buka setiap hari 9-6 kecuali Jumaat 9-12",
            {**_every("09:00-18:00", *DAYS), "fri": "09:00-12:00"},
        ),
        (
            "mon-fri 8.30am-9pm, sat 8.30am-1pm, sun & ph closed",
            {**_every("08:30-21:00", *WEEKDAYS), "sat": "08:30-13:00", "sun": "closed"},
        ),
        (
            "Siap 2-3 hari bekerja, Isnin-Sabtu 9pg-6ptg",
            _every("09:00-18:00", *DAYS[:6]),
        ),
        ("Sabtu 3-10mlm", {"sat": "15:00-22:00"}),
        ("Jumaat 6-2pg", {"fri": "18:00-02:00"}),
        ("Ahad 12-3ptg", {"sun": "12:00-15:00"}),
        (
            "Buka setiap hari 9-6. Jumaat 9-12.",
            {**_every("09:00-18:00", *DAYS), "fri": "09:00-12:00"},
        ),
    ],
)
def test_timetables(text: str, expected: dict[str, str]) -> None:
    hours, _ = parse_hours(text)
    assert _week(hours) == expected


def test_every_day_except_one_without_times() -> None:
    hours, _ = parse_hours("Buka setiap hari kecuali Jumaat")
    assert _week(hours) == {"fri": "closed"}
    assert hours.open_days_without_times == (0, 1, 2, 3, 5, 6)


def test_an_opening_and_a_closing_time_said_apart() -> None:
    hours, _ = parse_hours("Buka 8 pagi, tutup 10 malam")
    assert [(t.opens, t.closes) for t in hours.times_without_days] == [("08:00", "22:00")]


def test_open_all_day() -> None:
    hours, _ = parse_hours("Kedai runcit buka 24 jam")
    assert [(t.opens, t.closes) for t in hours.times_without_days] == [("00:00", "24:00")]


def test_a_class_timetable_beside_opening_hours_is_kept_in_the_notes() -> None:
    text = "Kelas budak Sabtu 9-11 pagi, dewasa Ahad 8-10 malam. Pejabat buka Isnin-Jumaat 9-5."
    hours, _ = parse_hours(text)
    assert _week(hours) == _every("09:00-17:00", *WEEKDAYS)
    assert hours.notes == ("Kelas budak Sabtu 9-11 pagi, dewasa Ahad 8-10 malam",)


@pytest.mark.parametrize(
    ("sentence", "timetable"),
    [
        ("Kelas dewasa Ahad 8-10 malam", True),
        ("Classes Mon-Thu 8pm-10pm", True),
        ("Buka Isnin-Jumaat 9-5", False),
        ("Kelas buka setiap hari 9-5", False),
    ],
)
def test_what_is_a_class_timetable(sentence: str, timetable: bool) -> None:
    assert is_timetable(sentence) is timetable


def test_days_in_passing_are_not_hours() -> None:
    hours, _ = parse_hours("Ada kelas Sabtu untuk kanak-kanak.")
    assert hours.is_empty


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Buka 6.30-12tgh, petang 4-10mlm. Jumaat buka pagi je.",
            {**_every("06:30-12:00,16:00-22:00", *DAYS), "fri": "06:30-12:00"},
        ),
        (
            "Buka 8pg-1tgh & 3ptg-9mlm. Sabtu pagi sahaja.",
            {**_every("08:00-13:00,15:00-21:00", *DAYS), "sat": "08:00-13:00"},
        ),
        (
            "Open 9am-1pm and 2pm-6pm daily. Sunday mornings only.",
            {**_every("09:00-13:00,14:00-18:00", *DAYS), "sun": "09:00-13:00"},
        ),
        (
            "Buka 7pg-12tgh, 5ptg-11mlm. Ahad malam je.",
            {**_every("07:00-12:00,17:00-23:00", *DAYS), "sun": "17:00-23:00"},
        ),
    ],
)
def test_a_day_open_for_one_part_of_the_day(text: str, expected: dict[str, str]) -> None:
    assert _week(parse_hours(text)[0]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Buka 9pg-10mlm setiap hari, Jumaat sampai 12tgh sahaja.",
            {**_every("09:00-22:00", *DAYS), "fri": "09:00-12:00"},
        ),
        (
            "Open daily 10am-10pm, Sat until 6pm",
            {**_every("10:00-22:00", *DAYS), "sat": "10:00-18:00"},
        ),
        (
            "Open 7am-8pm every day, Sunday close at 3pm.",
            {**_every("07:00-20:00", *DAYS), "sun": "07:00-15:00"},
        ),
    ],
)
def test_a_day_that_closes_earlier_keeps_its_opening(text: str, expected: dict[str, str]) -> None:
    assert _week(parse_hours(text)[0]) == expected
