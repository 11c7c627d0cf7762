"""The words that belong to each price: the piece before it back to the previous item (its
head), the words after it up to the next delimiter (its tail), the pieces earlier in the same
sentence, and whether it runs on from the price before.

Cutting a text at commas, bullets, brackets and sentence ends is kept apart from naming, so
the naming rules only ever see the words of one price.
"""

from __future__ import annotations

import re

from bina.generator import item_words as w
from bina.generator.item_phrases import clean_name, is_emoji
from bina.generator.prices import Price

# Where one item's words end: commas, semicolons, bullets, line breaks, a colon, " - ".
# A spaced dash or slash before a number ("1.0hp - 1.5hp") is a range, not two items.
# Dots leading to a price ("Nasi lemak ..... RM9") end no sentence.
_HARD_DELIMITER = re.compile(r"[,;•|\n!?:]|(?<!\.)\.(?=\s)|\s[-–/]\s(?!\d)")
# Lines of a list are one run of prices; a full stop ends it.
_SENTENCE_BREAK = re.compile(r"[!?]|(?<!\.)\.(?=\s)")
_SOFT_DELIMITER = re.compile(r"[,;•|\n(!?]|\.(?=\s)|\s-\s|\s–\s|:|\bdan\b|\band\b|&")


def _pieces(window: str) -> list[tuple[str, str]]:
    """`window` cut at delimiters outside brackets: (delimiter before, piece), in order."""
    pieces: list[tuple[str, str]] = []
    depth = 0
    start = 0
    before = ""
    index = 0
    opened: list[int] = []
    while index < len(window):
        char = window[index]
        if char == "(":
            depth += 1
            opened.append(index)
        elif char == ")":
            depth = max(0, depth - 1)
            if opened:
                opened.pop()
        elif depth == 0 and is_emoji(char):
            # An emoji between words ends a phrase: "Bentong 🌳 Musang King RM45".
            pieces.append((before, window[start:index]))
            before, start = "•", index + 1
        elif depth == 0:
            cut = _HARD_DELIMITER.match(window, index)
            if cut:
                pieces.append((before, window[start:index]))
                before = cut.group().strip() or " "
                start = index = cut.end()
                continue
        index += 1
    if opened and opened[-1] >= start and window[opened[-1] + 1 :].strip():
        # "Sell new bicycles (kids bike from RM180": a price inside an open bracket belongs
        # to the words inside it; the words before the bracket are the heading of a list.
        pieces.append((before, window[start : opened[-1]]))
        before, start = "(", opened[-1] + 1
    pieces.append((before, window[start:]))
    return pieces


# Delimiters inside one sentence: the piece before one may name what the price after it is for.
_SAME_SENTENCE = frozenset({",", ":", ";", "-", "–", "/", "|", "•", "\n", "("})


def _earlier_pieces(pieces: list[tuple[str, str]]) -> list[str]:
    """The non-empty pieces before the final one within the same sentence, latest first."""
    found: list[str] = []
    for position in range(len(pieces) - 1, 0, -1):
        if pieces[position][0] not in _SAME_SENTENCE:
            break
        piece = pieces[position - 1][1]
        if piece.strip():
            found.append(piece)
    return found


def _head(pieces: list[tuple[str, str]]) -> tuple[str, str, list[str]]:
    """(delimiter before the head, the head, the pieces before it) of the text before a price.

    "Nasi lemak: RM7", "Nasi lemak - RM7": a colon or dash right before the price only
    separates the name from it, so the name is the head.
    """
    delimiter, head = pieces[-1]
    if (
        not head.strip()
        and delimiter in {":", "-", "–"}
        and len(pieces) > 1
        and pieces[-2][1].strip()
        and not w.PRICE_LIST.match(re.sub(r"[^\w\s]", " ", pieces[-2][1]).strip())
        and not w.CAPACITY.match(pieces[-2][1].strip())
    ):
        pieces = pieces[:-1]
        delimiter, head = pieces[-1]
    return delimiter, head, _earlier_pieces(pieces)


_TAIL_LEAD = re.compile(r"^[ \t]*[-–:=][ \t]+(?=[^\W\d_])")


def _split_segment(segment: str) -> tuple[str, int, str, str, list[str]]:
    """Between two prices: the first one's tail (and its length), then the second one's head,
    the delimiter before that head and the non-empty piece before that delimiter."""
    tail, tail_length = "", 0
    lead = _TAIL_LEAD.match(segment)
    if lead:
        # "RM15 - potong rambut": the words after a dash are the price's own.
        head_part = _split_segment(segment[lead.end() :])
        return head_part[0], head_part[1] + lead.end(), head_part[2], head_part[3], head_part[4]
    bracket = re.match(r"\s*\(([^()]{1,40})\)", segment)
    rest = segment
    if bracket:
        tail, tail_length = bracket.group(1), bracket.end()
        rest = segment[bracket.end() :]
    pieces = _pieces(rest)
    if len(pieces) == 1:
        return tail, tail_length, pieces[0][1], "", []
    if not bracket:
        tail, tail_length = pieces[0][1], len(pieces[0][1])
    # The piece after the first delimiter starts the next price's words.
    delimiter, head, earlier = _head([("", ""), *pieces[1:]])
    return tail, tail_length, head, delimiter, earlier


def bind_prices(text: str, prices: list[Price]) -> None:
    """Fill in each price's head, tail and the words between them."""
    floor = 0
    for index, price in enumerate(prices):
        segment = text[floor : price.start]
        if index == 0:
            price.head_delimiter, price.head, price.earlier = _head(_pieces(segment))
        else:
            previous = prices[index - 1]
            tail, length, head, delimiter, earlier = _split_segment(segment)
            previous.tail, previous.tail_end = tail, previous.end + length
            price.head, price.head_delimiter, price.earlier = head, delimiter, earlier
            price.sibling = not _SENTENCE_BREAK.search(segment)
            price.between = segment
            price.alternative = (
                price.sibling and not clean_name(head) and not re.search(r"[;•|]", segment)
            )
        price.price_from = price.price_from or bool(w.FROM_BEFORE.search(segment))
        floor = price.end
    if prices:
        last = prices[-1]
        rest = text[last.end :]
        bracket = re.match(r"\s*\(([^()]{1,40})\)", rest)
        lead = _TAIL_LEAD.match(rest)
        skip = lead.end() if lead else 0
        if bracket:
            last.tail, last.tail_end = bracket.group(1), last.end + bracket.end()
        else:
            cut = _SOFT_DELIMITER.search(rest, skip)
            last.tail = rest[skip : cut.start()] if cut else rest[skip:]
            last.tail_end = last.end + skip + len(last.tail)
