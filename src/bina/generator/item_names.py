"""Which item names read as things on a page ("nasi lemak", "Musang King"), for the sentences
and the band that list what a business sells: names that are only amounts ("set 20 biji"),
charges ("Yuran pendaftaran") or broken fragments are left out, so a filler sentence never
reads "Antara hidangan kami: set 20 biji."
"""

from __future__ import annotations

import re

from bina.generator.profile import OfferedItem
from bina.generator.text import word_set

# Words that say how much or how many, not what: "set 20 biji", "pakej 1", "yuran".
_NOT_A_NAME = word_set(
    "set sets pakej package packages paket pkg biji sebiji keping sekeping ketul seketul "
    "bungkus sebungkus pack packs pcs pc piece pieces kotak box boxes kg gram gm ml liter litre "
    "pax orang seorang unit units jam hour hours hari sehari day days sesi session sessions "
    "bulan sebulan month months minggu week weeks malam semalam night nights dozen dozens "
    "per untuk for dan and atau or rm tin botol bottle cawan cup gelas glass pinggan plate "
    "mangkuk bowl saiz size small medium large kecil besar sahaja only each setiap "
    "yuran harga fee fees price prices kadar rate rates caj charge charges deposit tambang "
    "bayaran payment kos cost min minit minutes tahun year years lain other others dll etc "
    "x hp cm m km ft kaki inch tan"
)


# Words that name a charge, not what is sold: "Caj datang rumah", "Yuran pendaftaran".
_CHARGE = word_set(
    "yuran harga fee fees price kadar rate caj charge deposit tambang bayaran kos cost"
)
_TOKEN = re.compile(r"[^\W_]+")


def _readable(name: str) -> bool:
    if len(name) > 40 or name.count("(") != name.count(")"):
        return False
    tokens = [token.lower() for token in _TOKEN.findall(name)]
    if not tokens or tokens[0] in _CHARGE:
        return False
    for token in tokens:
        letters = "".join(c for c in token if c.isalpha())
        if letters in _NOT_A_NAME:
            continue
        # A word ("kek") or a model or variety code ("D24", "A4"), not a bare number.
        if len(letters) >= 3 or (letters and letters != token):
            return True
    return False


def _proper_case(name: str, description: str) -> bool:
    """The user wrote the name capitalised in the middle of a sentence ("…, Myvi RM110")."""
    for match in re.finditer(re.escape(name), description):
        before = description[: match.start()].rstrip()
        if before and before[-1] not in ".!?:;-•*\n" and name[:1].isupper():
            return True
    return False


def readable_items(items: tuple[OfferedItem, ...], limit: int, description: str = "") -> list[str]:
    """Up to `limit` item names that read as dishes, products or services, once each
    ("nasi lemak"); names that are only amounts ("set 20 biji") or charges are left out.

    Names are lower-cased to sit inside a sentence unless the user wrote them as proper
    names ("Musang King", "Myvi")."""
    names: list[str] = []
    seen: set[str] = set()
    for item in items:
        name = " ".join(item.name.split()).strip(" ,.;:-")
        if not _readable(name) or name.lower() in seen:
            continue
        seen.add(name.lower())
        names.append(name)
        if len(names) >= limit:
            break
    proper = [_proper_case(name, description) for name in names]
    if names and sum(proper) * 2 >= len(names):
        return names  # a list of proper names ("Axia, Myvi, Alza") keeps its capitals
    return [
        name if keep else _sentence_word(name) for name, keep in zip(names, proper, strict=True)
    ]


def _sentence_word(name: str) -> str:
    rest = name.split()[1:]
    if len(name) > 1 and name[1:2].islower() and not any(w[:1].isupper() for w in rest):
        return name[0].lower() + name[1:]
    return name
