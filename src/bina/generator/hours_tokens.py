"""Reading opening hours: the words and numbers of one sentence as tokens.

Day names and abbreviations in Malay and English, ranges ("Isnin hingga Sabtu"), lists
("Sabtu & Ahad") and groups ("setiap hari", "hujung minggu"); clock times and time ranges in
every common form ("7 pagi - 11 malam", "10am-8pm", "24 jam", "6 pagi sampai habis"); and
closing words, exceptions and breaks. Each token says only what its words say: which days
the times belong to is decided afterwards, over the whole sentence, in `hours_week`. Reading
the words apart keeps the many patterns of written times in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bina.generator.profile import TimeRange

DAY_WORDS: dict[str, int] = {}
for _day, _names in enumerate(
    (
        "isnin monday mon isn",
        "selasa tuesday tues tue sel",
        "rabu wednesday wed rab",
        "khamis thursday thurs thur thu kha",
        "jumaat jumaah jumat friday fri jum",
        "sabtu saturday sat sab",
        "ahad minggu sunday sun ahd",
    )
):
    for _name in _names.split():
        DAY_WORDS[_name] = _day
_SHORT_MALAY = {"isn", "sel", "rab", "kha", "jum", "sab", "ahd"}

_GROUPS: list[tuple[re.Pattern[str], tuple[int, ...]]] = [
    (
        re.compile(
            r"setiap\s+hari|tiap[\s-]+hari|hari[\s-]+hari|every\s*day|daily|7\s*hari\s*seminggu|"
            r"7\s*days(?:\s*a\s*week)?|seven\s+days|all\s+week|sepanjang\s+minggu|24/7",
            re.I,
        ),
        (0, 1, 2, 3, 4, 5, 6),
    ),
    (re.compile(r"hari\s+(?:bekerja|kerja|biasa)|week\s?days?", re.I), (0, 1, 2, 3, 4)),
    (re.compile(r"hujung\s+minggu|week\s?ends?", re.I), (5, 6)),
    # "hari lain", "other days": every day not yet spoken about (resolved while reading).
    (
        re.compile(
            r"hari[\s-]+(?:hari\s+)?lain|lain[\s-]+lain\s+hari|other\s+days|rest\s+of\s+the\s+week",
            re.I,
        ),
        (),
    ),
]
_DAY = re.compile(r"\b(" + "|".join(sorted(DAY_WORDS, key=len, reverse=True)) + r")s?\b\.?", re.I)
_RANGE_JOIN = re.compile(
    r"^\s*(?:-|–|to|until|till|thru|through|hingga|sehingga|sampai|ke)\s*$", re.I
)
_CLOSED_AFTER = re.compile(r"^\.?\s*[:\-–]?\s*(?:tutup|closed?|cuti|off)\b", re.I)
_DAY_CONTEXT_AFTER = re.compile(
    r"^\s*(?:&\s*\w{1,8}\s*)?[:\-–]?\s*(?:\d|closed|tutup|cuti|off)", re.I
)
_LIST_JOIN = re.compile(r"^\s*(?:,|&|and|dan|/|\+|serta)?\s*(?:hari\s+)?$", re.I)

_PERIOD = (
    r"a\.?m\.?|p\.?m\.?|pagi|pg|tengah\s*hari|tengahari|tgh\s*hari|tghari|tgh|petang|ptg|"
    r"tengah\s*malam|tgh\s*malam|malam|mlm|noon|midnight|subuh"
)
CLOCK = re.compile(
    rf"(?<![\w.,/])(?P<h>\d{{1,2}})(?:[:.](?P<m>[0-5]\d))?\s*(?P<p>{_PERIOD})?(?![\w])|"
    r"(?P<word>tengah\s*malam|midnight|noon|tengah\s*hari)",
    re.I,
)
_TIME_JOIN = re.compile(
    r"^\s*(?:-|–|to|until|till|hingga|sehingga|sampai|ke)\s*(?:pukul|pkl|jam)?\s*$", re.I
)
# "Siap 2-3 hari", "1-2 jam": how long something takes, not a time of day.
_DURATION_AFTER = re.compile(
    r"^\s*(?:hari|days?|minggu|weeks?|bulan|months?|tahun|years?|jam|hours?|hrs?|minit|mins?|"
    r"minutes|orang|org|pax|pcs|biji|kali|times)\b",
    re.I,
)
_ALL_DAY = re.compile(r"\b24\s*(?:jam|hours|hrs|h)\b|24/7|sepanjang\s+masa|round the clock", re.I)
_SOLD_OUT = re.compile(
    r"^\s*(?:-|–|hingga|sehingga|sampai|until|till)?\s*(?:habis|sold\s*out)", re.I
)
_CLOSED = re.compile(
    r"\b(?:tutup|closed?|cuti|off(?:\s*day)?|rehat|bercuti|(?:lunch\s+|prayer\s+)?break)\b", re.I
)
_CLOSING_WORD = re.compile(
    r"\b(?:tutup|close|closes|closing|sampai|hingga|sehingga|until|till)\s*(?:pukul|pkl|jam|at)?\s*$",
    re.I,
)
# Between a closing word and the times of a break: "rehat 12.15-2.45", "tutup: 1-2pm".
_BREAK_GAP = re.compile(r"^\s*(?::|-|–|(?:dari|from|pukul|pkl|jam))?\s*$", re.I)
_EXCEPT = re.compile(r"\b(?:kecuali|except|selain|but)\b", re.I)
_CONTEXT = re.compile(
    r"\b(?:buka|open|opens|operasi|operating|hours|hrs|jam|waktu|masa|pukul|pkl|daily|"
    r"tutup|closed?)\b",
    re.I,
)


@dataclass
class Token:
    """What a stretch of a sentence says: days, a time, a closing word, a break or "except"."""

    kind: str  # "days", "time", "closed", "break" (closed for a time range), "except"
    start: int
    end: int
    days: tuple[int, ...] = ()
    time: TimeRange | None = None
    close: str | None = None  # a closing time said on its own ("tutup 10 malam")


def to_24h(hour: int, minute: int, period: str | None, closing: bool) -> tuple[int, int] | None:
    """(hour, minute) on a 24-hour clock; midnight as a closing time is 24:00."""
    if hour > 24 or (hour == 24 and minute):
        return None
    if period is None:
        return hour, minute
    p = re.sub(r"[\s.]", "", period.lower())
    if p in {"am", "pagi", "pg", "subuh"}:
        hour = 0 if hour == 12 else hour
    elif p in {"pm", "petang", "ptg"}:
        hour = hour if hour == 12 else hour + 12
    elif p in {"tengahhari", "tengahari", "tghhari", "tghari", "tgh", "noon"}:
        hour = hour if hour == 12 else hour + 12 if hour < 6 else hour
    elif p in {"tengahmalam", "tghmalam", "midnight"}:
        hour = 0
    elif p in {"malam", "mlm"}:
        if 6 <= hour <= 11:
            hour += 12
        elif hour == 12:
            hour = 0
    if hour == 0 and minute == 0 and closing:
        return 24, 0
    return (hour, minute) if hour <= 24 else None


def format_time(hour: int, minute: int) -> str:
    """ "HH:MM", as opening hours are stored."""
    return f"{hour:02d}:{minute:02d}"


def minutes(value: str) -> int:
    """Minutes since midnight of an "HH:MM" time."""
    hour, minute = value.split(":")
    return int(hour) * 60 + int(minute)


def clock_value(match: re.Match[str]) -> tuple[int, int, str | None]:
    """(hour, minute, period word) of a `CLOCK` match; "noon", "tengah malam" are 12 o'clock."""
    if match.group("word"):
        word = re.sub(r"\s", "", match.group("word").lower())
        return 12, 0, word
    return int(match.group("h")), int(match.group("m") or 0), match.group("p")


def _time_tokens(text: str, has_context: bool) -> list[Token]:
    """Time ranges ("7 pagi - 11 malam", "10am-8pm", "10:00-22:00") and single open times."""
    tokens: list[Token] = []
    for match in _ALL_DAY.finditer(text):
        time = TimeRange(opens="00:00", closes="24:00")
        tokens.append(Token("time", match.start(), match.end(), time=time))
    clocks = [m for m in CLOCK.finditer(text) if not re.search(r"RM\s*$", text[: m.start()], re.I)]
    clocks = [m for m in clocks if not any(t.start <= m.start() < t.end for t in tokens)]
    index = 0
    while index < len(clocks):
        first = clocks[index]
        second = clocks[index + 1] if index + 1 < len(clocks) else None
        if (
            second is not None
            and _TIME_JOIN.match(text[first.end() : second.start()])
            and not _DURATION_AFTER.match(text[second.end() :])
        ):
            start_h, start_m, start_p = clock_value(first)
            end_h, end_m, end_p = clock_value(second)
            explicit = bool(start_p or end_p or first.group("m") or second.group("m"))
            if explicit or has_context:
                if start_p is None and end_p is not None:
                    # "7-11 malam" is 7 pm to 11 pm, but "10-8pm" is 10 am to 8 pm.
                    same = to_24h(start_h, start_m, end_p, False)
                    end = to_24h(end_h, end_m, end_p, True)
                    if end and end[0] >= 12 and start_h < 12 and (start_h + 12, start_m) < end:
                        # "3-10mlm", "1-5ptg": the afternoon, as the evening end says.
                        same = (start_h + 12, start_m)
                        start_p = "pm"
                    elif same and end and end < same and end[0] < 6 <= start_h < 12:
                        start_p = "pm"  # "6-2pg", "10-2am": the evening to the small hours
                    else:
                        start_p = end_p if same and end and same < end else "am"
                opens = to_24h(start_h, start_m, start_p, False)
                closes = to_24h(end_h, end_m, end_p, True)
                if opens and closes and start_p is None and end_p is None and closes <= opens:
                    closes = (closes[0] + 12, closes[1]) if closes[0] < 12 else closes
                if opens and closes and opens[0] < 24:
                    time = TimeRange(opens=format_time(*opens), closes=format_time(*closes))
                    tokens.append(Token("time", first.start(), second.end(), time=time))
                    index += 2
                    continue
        hour, minute, period = clock_value(first)
        if period or (first.group("m") and has_context):
            opens = to_24h(hour, minute, period, False)
            sold_out = _SOLD_OUT.match(text[first.end() :])
            if (
                opens
                and opens[0] < 24
                and (
                    sold_out
                    or re.search(
                        r"(?:buka|open|opens|dari|from|mula|start)\s*(?:pukul|pkl|jam|at)?\s*$",
                        text[max(0, first.start() - 20) : first.start()],
                        re.I,
                    )
                )
            ):
                stop = first.end() + (sold_out.end() if sold_out else 0)
                time = TimeRange(opens=format_time(*opens), until_sold_out=bool(sold_out))
                tokens.append(Token("time", first.start(), stop, time=time))
            else:
                closing = _CLOSING_WORD.search(text[max(0, first.start() - 20) : first.start()])
                closes = to_24h(hour, minute, period, True)
                if closing and closes:
                    # "buka 8 pagi, tutup 10 malam": the closing time of the time before.
                    start = max(0, first.start() - 20) + closing.start()
                    tokens.append(Token("close", start, first.end(), close=format_time(*closes)))
        index += 1
    return tokens


def _join_closing(tokens: list[Token]) -> list[Token]:
    """An opening time and a closing time said apart become one range."""
    out: list[Token] = []
    for token in tokens:
        if token.kind == "close":
            opening = next((t for t in reversed(out) if t.kind == "time"), None)
            if (
                opening is not None
                and opening.time is not None
                and opening.time.closes is None
                and not opening.time.until_sold_out
                and token.close is not None
            ):
                opening.time = TimeRange(opens=opening.time.opens, closes=token.close)
            continue
        out.append(token)
    return out


def _day_tokens(text: str) -> list[Token]:
    """Day sets: single days, ranges ("Isnin hingga Sabtu"), lists and groups ("setiap hari")."""
    raw: list[Token] = []
    for pattern, days in _GROUPS:
        for match in pattern.finditer(text):
            raw.append(Token("days", match.start(), match.end(), days=days))
    for match in _DAY.finditer(text):
        if any(t.start <= match.start() < t.end for t in raw):
            continue
        raw.append(
            Token("days", match.start(), match.end(), days=(DAY_WORDS[match.group(1).lower()],))
        )
    raw.sort(key=lambda t: t.start)
    merged: list[Token] = []
    for token in raw:
        if merged and len(token.days) == 1 and len(merged[-1].days) == 1:
            between = text[merged[-1].end : token.start]
            if _RANGE_JOIN.match(between):
                first, last = merged[-1].days[0], token.days[0]
                span = [(first + step) % 7 for step in range((last - first) % 7 + 1)]
                merged[-1] = Token("days", merged[-1].start, token.end, days=tuple(span))
                merged[-1].kind = "range"
                continue
        if (
            merged
            and _LIST_JOIN.match(text[merged[-1].end : token.start])
            and merged[-1].kind != "time"
            # "setiap hari, Jumaat rehat …": every day, then Friday on its own.
            and len(merged[-1].days) < 7
            and len(token.days) < 7
            # "Sabtu-Khamis, Jumaat tutup": the day closed is not one of the days before.
            and not (merged[-1].kind == "range" and _CLOSED_AFTER.match(text[token.end :]))
        ):
            previous = merged[-1]
            days = tuple(sorted(set(previous.days) | set(token.days)))
            merged[-1] = Token(previous.kind, previous.start, token.end, days=days)
            continue
        merged.append(token)
    tokens = []
    for token in merged:
        word = text[token.start : token.end].strip(". ")
        if (
            token.kind == "days"
            and (word.lower() in _SHORT_MALAY or (word in {"sun", "sat", "wed"}))
            and not _DAY_CONTEXT_AFTER.match(text[token.end :])
        ):
            # A lone three-letter abbreviation is too likely to be an ordinary word, unless
            # times or a closing word follow it ("sat 8.30am-1pm", "sun & ph closed").
            continue
        token.kind = "days"
        tokens.append(token)
    return tokens


def sentence_tokens(text: str) -> list[Token]:
    """The tokens of one sentence in order, closing times joined and breaks recognised."""
    has_context = bool(_CONTEXT.search(text) or _DAY.search(text))
    tokens = _time_tokens(text, has_context) + _day_tokens(text)
    taken = [(t.start, t.end) for t in tokens]
    for pattern, kind in ((_CLOSED, "closed"), (_EXCEPT, "except")):
        for match in pattern.finditer(text):
            if not any(start <= match.start() < end for start, end in taken):
                tokens.append(Token(kind, match.start(), match.end()))
    tokens.sort(key=lambda t: t.start)
    return _breaks(text, _join_closing(tokens))


def _breaks(text: str, tokens: list[Token]) -> list[Token]:
    """A closing word right before a time range is a break: "Jumaat rehat 12.30-2.30ptg"."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if (
            token.kind == "closed"
            and following is not None
            and following.time is not None
            and following.time.closes is not None
            and _BREAK_GAP.match(text[token.end : following.start])
        ):
            out.append(Token("break", token.start, following.end, time=following.time))
            index += 2
            continue
        out.append(token)
        index += 1
    return out
