"""Opening hours in Malay and English: day names, ranges, lists, exceptions and times.

Understands "Isnin hingga Sabtu 7 pagi - 11 malam", "setiap hari kecuali Jumaat",
"Tuesday to Sunday 10am-8pm", "Mon-Fri 9:00-18:00, Sat 9-1, closed Sundays",
"Jumaat 8am-12pm & 3pm-10pm", "buka 6 pagi sampai habis", "24 jam", "buka 8 pagi, tutup 10
malam", breaks ("Jumaat rehat 12.15-2.45") and "Open 9am-7pm, closed Fridays" (the times are
every other day's). Only what is said is recorded: a time with no days stays a time with no
days. A class timetable beside stated opening hours is kept word for word in the notes;
without opening hours, it is the hours.

Here a description is cut into sentences, timetables and notes are set apart and the week is
turned into `OpeningHours`; each sentence is read into tokens by `hours_tokens` and bound into
the week by `hours_week`.
"""

from __future__ import annotations

import re

from bina.generator.hours_tokens import (
    CLOCK,
    DAY_WORDS,
    Token,
    clock_value,
    format_time,
    minutes,
    sentence_tokens,
    to_24h,
)
from bina.generator.hours_week import Week, read_sentence, times_by_day
from bina.generator.profile import DayHours, OpeningHours, TimeRange

_NOTE = re.compile(
    r"cuti\s+umum|public\s+holidays?|ramadan|ramadhan|temujanji|appointment|"
    r"hari\s+raya|chinese\s+new\s+year|tahun\s+baru|by\s+booking",
    re.I,
)
_SENTENCE = re.compile(r"(?<!\d)[.!?;]+(?!\d)|\n")


# "Jumaat buka pagi je", "Sat morning only", "Ahad petang sahaja": the morning or the later
# times of the day, with no clock time written.
_PART_OF_DAY = re.compile(
    r"\b(?:(?P<morning>pagi|pg|morning|mornings)|petang|ptg|afternoon|afternoons|evening|"
    r"evenings|malam|mlm|night)\b\s*(?:je|sahaja|saja|shj|sje|jer|only|sahaja\s+ya)?\b",
    re.I,
)


def _part_of_day(sentence: str, tokens: list[Token]) -> tuple[tuple[int, ...], bool] | None:
    """(days, morning) when a sentence opens days for one part of the day only."""
    if any(t.time is not None for t in tokens):
        return None
    days = tuple(d for t in tokens if t.kind == "days" for d in (t.days or ()))
    part = _PART_OF_DAY.search(sentence)
    if not days or not part or not re.search(r"\b(?:je|sahaja|saja|shj|only)\b", sentence, re.I):
        return None
    return days, part.group("morning") is not None


_TIMETABLE = re.compile(
    r"\b(?:kelas|class|classes|lesson|lessons|sesi|session|sessions|latihan|training|kuliah|"
    r"tuisyen|tuition)\b",
    re.I,
)
_OPENING = re.compile(
    r"\b(?:buka|dibuka|open|opens|operasi|operating|business\s+hours|waktu\s+(?:perniagaan|kedai)|"
    r"office|pejabat|kaunter|counter)\b",
    re.I,
)


def is_timetable(sentence: str) -> bool:
    """Whether a sentence gives the times of classes or sessions, not of opening."""
    return bool(_TIMETABLE.search(sentence)) and not _OPENING.search(sentence)


# "Open 8am-9pm daily, Sunday till 5pm only": that day opens as the others and closes earlier.
_DAY_UNTIL = re.compile(
    r"\b(?P<day>[a-z]{3,9})\s+(?:open\s+|buka\s+)?(?:till|until|sampai|hingga|sehingga|"
    r"tutup|close[sd]?(?:\s+at)?)\s+(?:pukul\s+|pkl\s+|jam\s+)?(?=\d)",
    re.I,
)


def _close_early(text: str, by_day: dict[int, list[TimeRange]]) -> None:
    for match in _DAY_UNTIL.finditer(text):
        day = DAY_WORDS.get(match.group("day").lower())
        clock = CLOCK.match(text, match.end())
        if day is None or clock is None or len(by_day.get(day, [])) != 1:
            continue
        if re.match(r"\s*(?:-|–|to|hingga|sampai|sehingga)\s*\d", text[clock.end() :], re.I):
            continue  # "Jumaat tutup 12.30-2.30": a break, read with the times
        hour, minute, period = clock_value(clock)
        closes = to_24h(hour, minute, period, closing=True)
        current = by_day[day][0]
        if closes is None or current.opens is None or current.closes is None:
            continue
        if minutes(current.opens) < closes[0] * 60 + closes[1] < minutes(current.closes):
            by_day[day] = [current.model_copy(update={"closes": format_time(*closes)})]


def parse_hours(text: str) -> tuple[OpeningHours, list[tuple[int, int]]]:
    """The opening hours stated in `text` and the character spans that stated them."""
    week = Week()
    notes: list[str] = []
    spans: list[tuple[int, int]] = []
    start = 0
    pieces: list[tuple[int, str]] = []
    for match in _SENTENCE.finditer(text):
        pieces.append((start, text[start : match.start()]))
        start = match.end()
    pieces.append((start, text[start:]))
    read: list[tuple[int, str, list[Token]]] = []
    for offset, sentence in pieces:
        tokens = sentence_tokens(sentence)
        useful = [t for t in tokens if t.kind in {"days", "time"}]
        if not useful:
            continue
        if (
            not any(t.kind == "time" for t in tokens)
            and not re.search(
                r"\b(buka|open|opens|tutup|closed?|cuti|setiap|every|daily|kecuali|except)\b",
                sentence,
                re.I,
            )
            and _part_of_day(sentence, tokens) is None
        ):
            continue  # days mentioned in passing ("kelas Sabtu untuk kanak-kanak")
        read.append((offset, sentence, tokens))
    # With opening hours stated, a class timetable is not when the place is open: it is kept
    # word for word in the notes. Without them, the timetable is the hours.
    opening = [r for r in read if not is_timetable(r[1]) and any(t.time for t in r[2])]
    for offset, sentence, tokens in read:
        if opening and is_timetable(sentence):
            notes.append(sentence.strip(" ,;:-"))
            spans.append((offset, offset + len(sentence)))
            continue
        part = _part_of_day(sentence, tokens)
        if part is not None:
            week.parts.append(part)
        else:
            read_sentence(sentence, tokens, week)
        spans.extend((offset + t.start, offset + t.end) for t in tokens)
        if _NOTE.search(sentence):
            notes.append(sentence.strip(" ,;:-"))
    for offset, sentence in pieces:
        if (
            _NOTE.search(sentence)
            and sentence.strip(" ,;:-") not in notes
            and re.search(r"\b(buka|open|tutup|closed?|cuti)\b", sentence, re.I)
        ):
            notes.append(sentence.strip(" ,;:-"))
            spans.append((offset, offset + len(sentence)))
    by_day = times_by_day(week)
    _close_early(text, by_day)
    days: list[DayHours] = []
    for day in range(7):
        if day in week.closed:
            days.append(DayHours(day=day, closed=True))
        elif day in by_day:
            days.append(DayHours(day=day, ranges=tuple(by_day[day])))
    open_without_times = tuple(
        sorted(d for d in week.open_without_times if d not in by_day and d not in week.closed)
    )
    hours = OpeningHours(
        days=tuple(days),
        times_without_days=tuple(week.loose_times),
        open_days_without_times=open_without_times,
        notes=tuple(notes),
    )
    return hours, spans
