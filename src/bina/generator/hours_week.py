"""Binding what a description says about opening hours into a week.

Sentence by sentence, day sets are paired with their times ("D T", "T (D)", "D T & T"),
exceptions and closed days are taken out ("kecuali Jumaat", "Ahad tutup"), and breaks are
kept apart ("Jumaat rehat 12.30-2.30"). `times_by_day` then settles each day's times: a later,
more specific statement overrides an earlier one, times without days go to the other open
days, and breaks are taken out. This is separate from reading the words (`hours_tokens`)
because it works on tokens only, never on the patterns of written times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bina.generator.hours_tokens import Token, minutes
from bina.generator.profile import TimeRange


@dataclass
class _Binding:
    days: tuple[int, ...]
    times: list[TimeRange] = field(default_factory=list)


@dataclass
class Week:
    """All that the sentences read so far have said about the week."""

    bindings: list[_Binding] = field(default_factory=list)
    closed: set[int] = field(default_factory=set)
    open_without_times: list[int] = field(default_factory=list)
    loose_times: list[TimeRange] = field(default_factory=list)
    # Times closed within open hours (Friday prayers, lunch), by the days they apply to.
    breaks: list[tuple[tuple[int, ...], TimeRange]] = field(default_factory=list)
    # Days open for one part of the day only ("Jumaat buka pagi je"): morning or later.
    parts: list[tuple[tuple[int, ...], bool]] = field(default_factory=list)


def _bound_days(week: Week) -> set[int]:
    return {day for binding in week.bindings for day in binding.days}


@dataclass
class _SentenceReader:
    """What one sentence has said so far and not yet bound, read token by token into `week`."""

    week: Week
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

    def closed(self, following: Token | None) -> None:
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

    def time(self, opening: TimeRange, previous: Token | None) -> None:
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


def _time_follows(text: str, token: Token, following: Token | None) -> bool:
    """Whether the next token is a time that belongs to `token`'s day set."""
    # "(Mon-Fri), 8am-1pm" or "kecuali Jumaat, 7-11 malam": a comma or bracket between a
    # day set and the next time means the time is not that day set's.
    return (
        following is not None
        and following.time is not None
        and not re.search(r"[,;)]", text[token.end : following.start])
    )


def read_sentence(text: str, tokens: list[Token], week: Week) -> None:
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


def _overlap(first: TimeRange, second: TimeRange) -> bool:
    if first.closes is None or second.closes is None:
        return True
    return minutes(first.opens) < minutes(second.closes) and minutes(second.opens) < minutes(
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
            and minutes(time.opens) < minutes(pause.opens)
            and minutes(pause.closes) < minutes(time.closes)
        ):
            out.append(TimeRange(opens=time.opens, closes=pause.opens))
            out.append(TimeRange(opens=pause.closes, closes=time.closes))
        else:
            out.append(time)
    return out


def times_by_day(week: Week) -> dict[int, list[TimeRange]]:
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
