"""How a page words opening hours: one line for a card ("Setiap hari kecuali Jumaat, 7.00
pagi – 6.00 petang"), and rows for the hours table."""

from __future__ import annotations

import pytest

from bina.generator.profile import DayHours, OpeningHours, TimeRange
from bina.generator.wording import hours_rows, hours_summary


def _days(days: range | tuple[int, ...], opens: str, closes: str) -> tuple[DayHours, ...]:
    return tuple(DayHours(day=d, ranges=(TimeRange(opens=opens, closes=closes),)) for d in days)


@pytest.mark.parametrize(
    ("hours", "malay", "english"),
    [
        (
            OpeningHours(
                days=(DayHours(day=4, closed=True),),
                times_without_days=(TimeRange(opens="07:00", closes="18:00"),),
            ),
            "Setiap hari kecuali Jumaat, 7.00 pagi – 6.00 petang",
            "Daily except Friday, 7:00 am – 6:00 pm",
        ),
        (
            OpeningHours(
                days=(DayHours(day=4, closed=True), *_days((0, 1, 2, 3, 5, 6), "07:00", "18:00"))
            ),
            "Setiap hari kecuali Jumaat, 7.00 pagi – 6.00 petang",
            "Daily except Friday, 7:00 am – 6:00 pm",
        ),
        (
            OpeningHours(days=(*_days(range(6), "09:00", "18:00"), DayHours(day=6, closed=True))),
            "Isnin–Sabtu 9.00 pagi – 6.00 petang · Ahad tutup",
            "Monday–Saturday 9:00 am – 6:00 pm · Closed Sunday",
        ),
        (
            OpeningHours(days=_days(range(7), "10:00", "22:00")),
            "Setiap hari, 10.00 pagi – 10.00 malam",
            "Open daily, 10:00 am – 10:00 pm",
        ),
        (
            OpeningHours(days=_days(range(7), "00:00", "24:00")),
            "Buka 24 jam",
            "Open 24 hours",
        ),
        (
            OpeningHours(
                days=(
                    *_days(range(5), "09:00", "18:00"),
                    *_days((5,), "09:00", "13:00"),
                    DayHours(day=6, closed=True),
                )
            ),
            "Isnin–Jumaat 9.00 pagi – 6.00 petang · Sabtu 9.00 pagi – 1.00 petang · Ahad tutup",
            "Monday–Friday 9:00 am – 6:00 pm · Saturday 9:00 am – 1:00 pm · Closed Sunday",
        ),
        (
            OpeningHours(times_without_days=(TimeRange(opens="07:00", closes="23:00"),)),
            "7.00 pagi – 11.00 malam",
            "7:00 am – 11:00 pm",
        ),
        (
            OpeningHours(open_days_without_times=(5, 6)),
            "Sabtu & Ahad buka",
            "Saturday & Sunday open",
        ),
        (OpeningHours(notes=("Tutup cuti umum",)), None, None),
    ],
)
def test_hours_are_summarised_in_one_line(
    hours: OpeningHours, malay: str | None, english: str | None
) -> None:
    assert hours_summary(hours, "ms") == malay
    assert hours_summary(hours, "en") == english


def test_the_hours_table_puts_the_times_before_the_day_off() -> None:
    hours = OpeningHours(
        days=(DayHours(day=4, closed=True),),
        times_without_days=(TimeRange(opens="07:00", closes="18:00"),),
    )
    assert hours_rows(hours, "ms") == [
        ("Waktu buka", "7.00 pagi – 6.00 petang", False),
        ("Jumaat", "Tutup", True),
    ]
