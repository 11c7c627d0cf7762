"""Where the prices are in a text: the amount as written ("RM1.2k", "10 ringgit", "50 sen"),
the top of a range ("RM80-RM120", "antara RM80 dan RM120"), the unit right after it
("RM25/jam", "RM180 semalam") and "and up" ("RM89 ke atas").

Finding the prices is a step of its own, so every way of writing an amount and its unit is in
one place and the readers of what each price is for start from prices already found.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from bina.generator import item_words as w
from bina.generator.item_phrases import is_audience
from bina.generator.units import unit_key

MAX_PRICES = 40


def _amount_pattern(name: str) -> str:
    return rf"(?P<{name}>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(?P<{name}_cents>\d{{1,2}}))?"


PRICE = re.compile(
    rf"(?:\bRM|\bMYR)\s?{_amount_pattern('low')}(?P<low_k>k\b)?"
    r"(?:\s*(?:-|–|~|hingga|sehingga|sampai|to|ke)\s*(?:RM|MYR)?\s?"
    rf"{_amount_pattern('high')}(?P<high_k>k\b)?)?"
    rf"(?!\s*%)|(?<![\w.]){_amount_pattern('words')}\s?(?:ringgit|MYR)\b|"
    r"(?<![\w.])(?P<sen>\d{1,2})\s?sen\b",
    re.I,
)
_BETWEEN_HIGH = re.compile(
    r"\s*(?:dan|and|&)\s*(?:RM|MYR)\s?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)", re.I
)


def _amount(whole: str | None, cents: str | None, thousands: bool) -> tuple[Decimal, str] | None:
    if whole is None:
        return None
    text = whole + (f".{cents}" if cents else "")
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only matches digits
        return None
    if thousands:
        # "RM1.2k" is 1200 (not 1200.0), shown as written.
        return (value * 1000).quantize(Decimal(1)), text + "k"
    return value, text


def _read_unit(after: str) -> tuple[str | None, int]:
    """The unit right after a price and how many characters it takes."""
    pages = re.match(r"^\s*(?:/|per|se|setiap)\s*muka\s+surat\b", after, re.I)
    if pages:
        return "page", pages.end()
    area = w.AREA_UNIT.match(after)
    if area:
        return " ".join(area.group(1).lower().split()), area.end()
    match = w.UNIT_AFTER.match(after)
    if not match:
        return None, 0
    join = (match.group("join") or "").lower()
    word = match.group("word")
    key = unit_key(word)
    if match.group("unit") and join in {"per", "/", "setiap"}:
        return "unit", match.end()
    if join in {"per", "/", "setiap", "each", "for each"} and word.lower() in {"satu", "one"}:
        return "piece", match.end("word")
    lower = word.lower()
    if key is not None:
        if not join and not (lower in w.BARE_UNITS or lower.startswith("se")):
            return None, 0
        return key, match.end("word")
    if not join and lower.startswith("se") and lower[2:] in w.OTHER_UNITS:
        return lower[2:], match.end("word")
    if join in {"/", "per", "setiap", "for each"} and len(word) >= 2 and not is_audience(word):
        return lower, match.end("word")
    return None, 0


@dataclass
class Price:
    """One price in a text; `price_context.bind_prices` fills in the words around it."""

    start: int
    end: int  # after the unit and any "ke atas"
    low: tuple[Decimal, str]
    high: tuple[Decimal, str] | None
    unit: str | None
    price_from: bool
    head: str = ""  # the words before it, back to the previous item
    head_delimiter: str = ""  # the delimiter just before `head`
    # the pieces before it in the same sentence, latest first
    earlier: list[str] = field(default_factory=list)
    tail: str = ""  # the words after it, up to the next delimiter
    tail_end: int = 0
    sibling: bool = False  # follows the previous price in the same sentence
    alternative: bool = False  # no words of its own before it: "RM99/month or RM999/year"
    between: str = ""  # the text since the previous price


def scan_prices(text: str) -> list[Price]:
    """The prices in `text`, in order, each with its amount, range top and unit."""
    prices: list[Price] = []
    # A page lists a couple of dozen items at most; more prices than this is not a menu.
    for match in itertools.islice(PRICE.finditer(text), MAX_PRICES):
        if prices and match.start() < prices[-1].end:
            continue  # the top of a range read with the price before
        low: tuple[Decimal, str] | None
        if match.group("sen"):
            cents = int(match.group("sen"))
            low = (Decimal(cents) / 100, f"0.{cents:02d}")
            high = None
        elif match.group("words"):
            low = _amount(match.group("words"), match.group("words_cents"), False)
            high = None
        else:
            low = _amount(match.group("low"), match.group("low_cents"), bool(match.group("low_k")))
            high = _amount(
                match.group("high"), match.group("high_cents"), bool(match.group("high_k"))
            )
        if low is None:
            continue
        end = match.end()
        if high is not None and high[0] < low[0]:
            # "RM50 - 2 kelas seminggu": not a range; the price ends at its own amount.
            high = None
            end = max(match.end(g) for g in ("low", "low_cents", "low_k") if match.group(g))
        between = _BETWEEN_HIGH.match(text, end)
        if high is None and between and re.search(r"(?:antara|between)\s*$", text[: match.start()]):
            # "antara RM80 dan RM120": one range, not two prices.
            whole, _, fraction = between.group(1).partition(".")
            high, end = _amount(whole, fraction or None, False), between.end()
        bracketed = re.match(r"\)", text[end:]) and re.search(r"\(\s*$", text[: match.start()])
        if bracketed and _read_unit(text[end + 1 :])[0]:
            end += 1  # "Nasi lemak (RM7) sebungkus": the unit after the bracket
        unit, used = _read_unit(text[end:])
        end += used
        after_from = w.FROM_AFTER.match(text[end:])
        end += after_from.end() if after_from else 0
        prices.append(Price(match.start(), end, low, high, unit, bool(after_from)))
    return prices
