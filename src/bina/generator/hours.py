"""Opening hours in Malay and English: day names, ranges, lists, exceptions and times.

Understands "Isnin hingga Sabtu 7 pagi - 11 malam", "setiap hari kecuali Jumaat",
"Tuesday to Sunday 10am-8pm", "Mon-Fri 9:00-18:00, Sat 9-1, closed Sundays",
"Jumaat 8am-12pm & 3pm-10pm", "buka 6 pagi sampai habis", "24 jam", "buka 8 pagi, tutup 10
malam", breaks ("Jumaat rehat 12.15-2.45") and "Open 9am-7pm, closed Fridays" (the times are
every other day's). Only what is said is recorded: a time with no days stays a time with no
days. A class timetable beside stated opening hours is kept word for word in the notes;
without opening hours, it is the hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bina.generator.profile import DayHours, OpeningHours, TimeRange

_DAY_WORDS: dict[str, int] = {}
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
        _DAY_WORDS[_name] = _day
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
_DAY = re.compile(r"\b(" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + r")s?\b\.?", re.I)
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
_CLOCK = re.compile(
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
_NOTE = re.compile(
    r"cuti\s+umum|public\s+holidays?|ramadan|ramadhan|temujanji|appointment|"
    r"hari\s+raya|chinese\s+new\s+year|tahun\s+baru|by\s+booking",
    re.I,
)
_SENTENCE = re.compile(r"(?<!\d)[.!?;]+(?!\d)|\n")


@dataclass
class _Token:
    kind: str  # "days", "time", "closed", "break" (closed for a time range), "except"
    start: int
    end: int
    days: tuple[int, ...] = ()
    time: TimeRange | None = None
    close: str | None = None  # a closing time said on its own ("tutup 10 malam")


@dataclass
class _Binding:
    days: tuple[int, ...]
    times: list[TimeRange] = field(default_factory=list)


def _to_24h(hour: int, minute: int, period: str | None, closing: bool) -> tuple[int, int] | None:
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


def _format(hour: int, minute: int) -> str:
    return f"{hour:02d}:{minute:02d}"


def _clock_value(match: re.Match[str]) -> tuple[int, int, str | None]:
    if match.group("word"):
        word = re.sub(r"\s", "", match.group("word").lower())
        return 12, 0, word
    return int(match.group("h")), int(match.group("m") or 0), match.group("p")


def _time_tokens(text: str, has_context: bool) -> list[_Token]:
    """Time ranges ("7 pagi - 11 malam", "10am-8pm", "10:00-22:00") and single open times."""
    tokens: list[_Token] = []
    for match in _ALL_DAY.finditer(text):
        time = TimeRange(opens="00:00", closes="24:00")
        tokens.append(_Token("time", match.start(), match.end(), time=time))
    clocks = [m for m in _CLOCK.finditer(text) if not re.search(r"RM\s*$", text[: m.start()], re.I)]
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
            start_h, start_m, start_p = _clock_value(first)
            end_h, end_m, end_p = _clock_value(second)
            explicit = bool(start_p or end_p or first.group("m") or second.group("m"))
            if explicit or has_context:
                if start_p is None and end_p is not None:
                    # "7-11 malam" is 7 pm to 11 pm, but "10-8pm" is 10 am to 8 pm.
                    same = _to_24h(start_h, start_m, end_p, False)
                    end = _to_24h(end_h, end_m, end_p, True)
                    if end and end[0] >= 12 and start_h < 12 and (start_h + 12, start_m) < end:
                        # "3-10mlm", "1-5ptg": the afternoon, as the evening end says.
                        same = (start_h + 12, start_m)
                        start_p = "pm"
                    elif same and end and end < same and end[0] < 6 <= start_h < 12:
                        start_p = "pm"  # "6-2pg", "10-2am": the evening to the small hours
                    else:
                        start_p = end_p if same and end and same < end else "am"
                opens = _to_24h(start_h, start_m, start_p, False)
                closes = _to_24h(end_h, end_m, end_p, True)
                if opens and closes and start_p is None and end_p is None and closes <= opens:
                    closes = (closes[0] + 12, closes[1]) if closes[0] < 12 else closes
                if opens and closes and opens[0] < 24:
                    time = TimeRange(opens=_format(*opens), closes=_format(*closes))
                    tokens.append(_Token("time", first.start(), second.end(), time=time))
                    index += 2
                    continue
        hour, minute, period = _clock_value(first)
        if period or (first.group("m") and has_context):
            opens = _to_24h(hour, minute, period, False)
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
                time = TimeRange(opens=_format(*opens), until_sold_out=bool(sold_out))
                tokens.append(_Token("time", first.start(), stop, time=time))
            else:
                closing = _CLOSING_WORD.search(text[max(0, first.start() - 20) : first.start()])
                closes = _to_24h(hour, minute, period, True)
                if closing and closes:
                    # "buka 8 pagi, tutup 10 malam": the closing time of the time before.
                    start = max(0, first.start() - 20) + closing.start()
                    tokens.append(_Token("close", start, first.end(), close=_format(*closes)))
        index += 1
    return tokens


def _join_closing(tokens: list[_Token]) -> list[_Token]:
    """An opening time and a closing time said apart become one range."""
    out: list[_Token] = []
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


def _day_tokens(text: str) -> list[_Token]:
    """Day sets: single days, ranges ("Isnin hingga Sabtu"), lists and groups ("setiap hari")."""
    raw: list[_Token] = []
    for pattern, days in _GROUPS:
        for match in pattern.finditer(text):
            raw.append(_Token("days", match.start(), match.end(), days=days))
    for match in _DAY.finditer(text):
        if any(t.start <= match.start() < t.end for t in raw):
            continue
        raw.append(
            _Token("days", match.start(), match.end(), days=(_DAY_WORDS[match.group(1).lower()],))
        )
    raw.sort(key=lambda t: t.start)
    merged: list[_Token] = []
    for token in raw:
        if merged and len(token.days) == 1 and len(merged[-1].days) == 1:
            between = text[merged[-1].end : token.start]
            if _RANGE_JOIN.match(between):
                first, last = merged[-1].days[0], token.days[0]
                span = [(first + step) % 7 for step in range((last - first) % 7 + 1)]
                merged[-1] = _Token("days", merged[-1].start, token.end, days=tuple(span))
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
            merged[-1] = _Token(previous.kind, previous.start, token.end, days=days)
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


def _sentence_tokens(text: str) -> list[_Token]:
    has_context = bool(_CONTEXT.search(text) or _DAY.search(text))
    tokens = _time_tokens(text, has_context) + _day_tokens(text)
    taken = [(t.start, t.end) for t in tokens]
    for pattern, kind in ((_CLOSED, "closed"), (_EXCEPT, "except")):
        for match in pattern.finditer(text):
            if not any(start <= match.start() < end for start, end in taken):
                tokens.append(_Token(kind, match.start(), match.end()))
    tokens.sort(key=lambda t: t.start)
    return _breaks(text, _join_closing(tokens))


def _breaks(text: str, tokens: list[_Token]) -> list[_Token]:
    """A closing word right before a time range is a break: "Jumaat rehat 12.30-2.30ptg"."""
    out: list[_Token] = []
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
            out.append(_Token("break", token.start, following.end, time=following.time))
            index += 2
            continue
        out.append(token)
        index += 1
    return out


@dataclass
class _Week:
    bindings: list[_Binding] = field(default_factory=list)
    closed: set[int] = field(default_factory=set)
    open_without_times: list[int] = field(default_factory=list)
    loose_times: list[TimeRange] = field(default_factory=list)
    # Times closed within open hours (Friday prayers, lunch), by the days they apply to.
    breaks: list[tuple[tuple[int, ...], TimeRange]] = field(default_factory=list)
    # Days open for one part of the day only ("Jumaat buka pagi je"): morning or later.
    parts: list[tuple[tuple[int, ...], bool]] = field(default_factory=list)


def _bound_days(week: _Week) -> set[int]:
    return {day for binding in week.bindings for day in binding.days}


@dataclass
class _SentenceReader:
    """What one sentence has said so far and not yet bound, read token by token into `week`."""

    week: _Week
    pending_days: tuple[int, ...] = ()
    pending_times: list[TimeRange] = field(default_factory=list)
    current: _Binding | None = None
    excepting: bool = False
    closing: bool = False
    excepted: set[int] = field(default_factory=set)
    pending_break: TimeRange | None = None

    def closed_break(self, time: TimeRange, days_follow: bool) -> None:
        """A break: for the days just read ("Jumaat rehat 12.30-2.30"), else the next ones."""
        if days_follow:
            self.pending_break = time  # "rehat 12.15-2.45 Jumaat"
        elif self.pending_days:
            self.week.breaks.append((self.pending_days, time))
            self.pending_days = ()
        elif self.current is not None:
            self.week.breaks.append((self.current.days, time))
        else:
            self.pending_break = time

    def closed(self, following: _Token | None) -> None:
        """A closing word: after days ("D tutup") it closes them, else the days that follow."""
        if self.pending_days and (following is None or following.kind != "days"):
            self.week.closed.update(self.pending_days)
            self.pending_days = ()
        else:
            self.closing = True

    def days(self, token_days: tuple[int, ...], time_follows: bool) -> None:
        """A day set: closed, taken out of the days read before it, or bound to its times."""
        week = self.week
        days = token_days or tuple(
            sorted(set(range(7)) - _bound_days(week) - week.closed - set(self.pending_days))
        )
        if self.pending_break is not None and not time_follows:
            # "rehat 12.15-2.45 Jumaat": the break is that day's.
            week.breaks.append((days, self.pending_break))
            self.pending_break = None
            return
        if self.excepting:
            self.excepted.update(days)
        # "Open everyday except Tuesday 11am-10pm": with no times yet for the days before,
        # the time after the excepted day is theirs, and the excepted day is closed.
        unbound = self.excepting and time_follows and len(self.pending_days) > len(days)
        if self.closing or (self.excepting and not time_follows) or unbound:
            week.closed.update(days)
            self.pending_days = tuple(d for d in self.pending_days if d not in days)
            self.closing = self.excepting = False
            return
        if self.excepting:
            self._except(days)
        if self.pending_times and not time_follows:
            self.current = _Binding(days, list(self.pending_times))
            week.bindings.append(self.current)
            self.pending_times = []
        else:
            self.pending_days = tuple(sorted(set(self.pending_days) | set(days)))

    def _except(self, days: tuple[int, ...]) -> None:
        """Excepted days with times of their own: the days read before them keep no times."""
        self.pending_days = tuple(d for d in self.pending_days if d not in days)
        for binding in self.week.bindings:
            binding.days = tuple(d for d in binding.days if d not in days)
        self.excepting = False
        if self.pending_days:
            self.week.open_without_times.extend(self.pending_days)
        self.pending_days = ()

    def time(self, opening: TimeRange, previous: _Token | None) -> None:
        """A time: for the days just read, another for the same days ("D T & T"), or pending."""
        if self.pending_days:
            self.current = _Binding(self.pending_days, [opening])
            self.week.bindings.append(self.current)
            self.pending_days = ()
        elif self.current is not None and previous is not None and previous.kind == "time":
            self.current.times.append(opening)
        else:
            self.pending_times.append(opening)
        self.closing = self.excepting = False

    def finish(self, bound_before: int) -> None:
        """Days left without times stay open without times; times left without days stay loose."""
        week = self.week
        if self.pending_break is not None:
            week.breaks.append((tuple(range(7)), self.pending_break))
        if self.pending_days:
            week.open_without_times.extend(
                d for d in self.pending_days if d not in week.open_without_times
            )
        if self.pending_times and self.excepted and len(week.bindings) == bound_before:
            # "Buka 6 pagi sampai habis, kecuali Isnin": every other day, at those times.
            others = tuple(d for d in range(7) if d not in self.excepted)
            week.bindings.append(_Binding(others, list(self.pending_times)))
            self.pending_times = []
        week.loose_times.extend(self.pending_times)


def _time_follows(text: str, token: _Token, following: _Token | None) -> bool:
    """Whether the next token is a time that belongs to `token`'s day set."""
    # "(Mon-Fri), 8am-1pm" or "kecuali Jumaat, 7-11 malam": a comma or bracket between a
    # day set and the next time means the time is not that day set's.
    return (
        following is not None
        and following.time is not None
        and not re.search(r"[,;)]", text[token.end : following.start])
    )


def _read_sentence(text: str, tokens: list[_Token], week: _Week) -> None:
    """Pair day sets with times: "D T", "T (D)", "D T & T", "D kecuali D", "tutup D", "D tutup"."""
    reader = _SentenceReader(week)
    bound_before = len(week.bindings)
    skip: int | None = None
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if index == skip:
            continue
        if token.kind == "except":
            reader.excepting = True
        elif token.kind == "closed":
            reader.closed(following)
        elif token.kind == "break" and token.time is not None:
            days_follow = (
                following is not None
                and following.kind == "days"
                and not re.search(r"[,;]", text[token.end : following.start])
            )
            reader.closed_break(token.time, days_follow)
        elif (
            token.kind == "days"
            and following is not None
            and following.kind == "closed"
            and re.match(r"^\s*[:\-–]?\s*$", text[token.end : following.start])
            and not reader.excepting
        ):
            # "Ahad tutup", "Isnin: cuti": those days are closed, whatever came before.
            week.closed.update(token.days or ())
            reader.pending_days = tuple(d for d in reader.pending_days if d not in token.days)
            skip = index + 1
        elif token.kind == "days":
            reader.days(token.days, _time_follows(text, token, following))
        elif token.time is not None:
            reader.time(token.time, tokens[index - 1] if index else None)
    reader.finish(bound_before)


def _minutes(value: str) -> int:
    hour, minute = value.split(":")
    return int(hour) * 60 + int(minute)


def _overlap(first: TimeRange, second: TimeRange) -> bool:
    if first.closes is None or second.closes is None:
        return True
    return _minutes(first.opens) < _minutes(second.closes) and _minutes(second.opens) < _minutes(
        first.closes
    )


def _without_break(ranges: list[TimeRange], pause: TimeRange) -> list[TimeRange]:
    """The ranges with a break taken out: 7:00-23:00 less 12:30-14:30 is two ranges."""
    if pause.closes is None:
        return ranges
    out: list[TimeRange] = []
    for time in ranges:
        if (
            time.closes is not None
            and _minutes(time.opens) < _minutes(pause.opens)
            and _minutes(pause.closes) < _minutes(time.closes)
        ):
            out.append(TimeRange(opens=time.opens, closes=pause.opens))
            out.append(TimeRange(opens=pause.closes, closes=time.closes))
        else:
            out.append(time)
    return out


def _times_by_day(week: _Week) -> dict[int, list[TimeRange]]:
    """Each day's times: a later day set replaces the times of an earlier one ("setiap hari
    9-6, Jumaat 9-12"), unless both are timetables of their own that do not overlap ("kelas
    budak Isnin-Jumaat 5-6.30ptg, kelas dewasa Selasa 9-10mlm")."""
    by_day: dict[int, list[TimeRange]] = {}
    from_every_day: set[int] = set()
    for binding in week.bindings:
        for day in binding.days:
            known = by_day.get(day)
            if (
                known
                and day not in from_every_day
                and not any(_overlap(a, b) for a in known for b in binding.times)
            ):
                by_day[day] = sorted([*known, *binding.times], key=lambda t: t.opens)
            else:
                by_day[day] = list(binding.times)
            if len(binding.days) == 7:
                from_every_day.add(day)
            else:
                from_every_day.discard(day)
    if week.loose_times and (by_day or week.closed or week.breaks or week.parts):
        # "Open 9am-7pm, closed Fridays": the times are those of every other day.
        targets = week.open_without_times or [d for d in range(7) if d not in week.closed]
        for day in targets:
            if day not in by_day and day not in week.closed:
                by_day[day] = list(week.loose_times)
        week.loose_times = []
        week.open_without_times = []
    for days, pause in week.breaks:
        for day in days:
            if day in by_day:
                by_day[day] = _without_break(by_day[day], pause)
    for days, morning in week.parts:
        for day in days:
            kept = [t for t in by_day.get(day, []) if (t.opens < "12:00") == morning]
            if kept:
                by_day[day] = kept
    return by_day


# "Jumaat buka pagi je", "Sat morning only", "Ahad petang sahaja": the morning or the later
# times of the day, with no clock time written.
_PART_OF_DAY = re.compile(
    r"\b(?:(?P<morning>pagi|pg|morning|mornings)|petang|ptg|afternoon|afternoons|evening|"
    r"evenings|malam|mlm|night)\b\s*(?:je|sahaja|saja|shj|sje|jer|only|sahaja\s+ya)?\b",
    re.I,
)


def _part_of_day(sentence: str, tokens: list[_Token]) -> tuple[tuple[int, ...], bool] | None:
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
        day = _DAY_WORDS.get(match.group("day").lower())
        clock = _CLOCK.match(text, match.end())
        if day is None or clock is None or len(by_day.get(day, [])) != 1:
            continue
        if re.match(r"\s*(?:-|–|to|hingga|sampai|sehingga)\s*\d", text[clock.end() :], re.I):
            continue  # "Jumaat tutup 12.30-2.30": a break, read with the times
        hour, minute, period = _clock_value(clock)
        closes = _to_24h(hour, minute, period, closing=True)
        current = by_day[day][0]
        if closes is None or current.opens is None or current.closes is None:
            continue
        if _minutes(current.opens) < closes[0] * 60 + closes[1] < _minutes(current.closes):
            by_day[day] = [current.model_copy(update={"closes": _format(*closes)})]


def parse_hours(text: str) -> tuple[OpeningHours, list[tuple[int, int]]]:
    """The opening hours stated in `text` and the character spans that stated them."""
    week = _Week()
    notes: list[str] = []
    spans: list[tuple[int, int]] = []
    start = 0
    pieces: list[tuple[int, str]] = []
    for match in _SENTENCE.finditer(text):
        pieces.append((start, text[start : match.start()]))
        start = match.end()
    pieces.append((start, text[start:]))
    read: list[tuple[int, str, list[_Token]]] = []
    for offset, sentence in pieces:
        tokens = _sentence_tokens(sentence)
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
            _read_sentence(sentence, tokens, week)
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
    by_day = _times_by_day(week)
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
