"""Phone numbers, e-mail and web links in a description, normalised.

Malaysian numbers come in many shapes (`012-345 6789`, `+60 12-300 4455`, `03-6257 1234`,
`6019 222 3333`, `1-300-88-1234`); each becomes a `Phone` with a national display form and
digits-only international form (`60…`) for `wa.me` and `tel:` links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bina.generator.profile import Link, LinkKind, Phone, PhoneKind

# Digit groups separated by at most one space, dash, dot or slash-free bracket.
_NUMBER_RUN = re.compile(r"(?<![\w.,])\+?\(?\d[\d()]*(?:[ .\-]{1,2}\(?\d[\d()]*)*")
_GROUP = re.compile(r"\+?\d+")

# "WhatsApp", "wasap", "WA", "WS" (the Malay chat shorthand), "wa.me" links.
_WHATSAPP = re.compile(
    r"whats\s*app|wh?ats?app|whatsap\b|wasap|watsap|wassap|\bw\.?a\b|\bwa\.me|\bw\.?s\b|"
    r"\bwsap+\b|\bwsp\b",
    re.I,
)
_FAX = re.compile(r"\bfa[kx]s?\b", re.I)
_VOICE = re.compile(r"\b(tel|telefon|phone|call|hubungi|talian|hp|h/p|mobile)\b|☎|📞", re.I)
_JOINER = re.compile(r"^[\s/,&|]*(atau|or|dan|and|/|,|&|\|)?[\s/,&|]*$", re.I)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    phone: Phone


def _national_kind(national: str) -> PhoneKind | None:
    """What kind of Malaysian number `national` (starting with 0) is, or None if not one."""
    length = len(national)
    if national.startswith("01"):
        return "mobile" if length in (10, 11) else None
    if national.startswith("03"):
        return "landline" if length in (9, 10) else None
    if national[:2] in {"04", "05", "06", "07", "09", "08"}:
        return "landline" if length in (9, 10) else None
    return None


def _display(national: str, kind: PhoneKind) -> str:
    if kind == "mobile":
        head, rest = national[:3], national[3:]
        return f"{head}-{rest[:-4]} {rest[-4:]}"
    if national.startswith("03") or len(national) == 10:
        return f"{national[:2]}-{national[2:6]} {national[6:]}"
    if national.startswith("08"):
        return f"{national[:3]}-{national[3:6]} {national[6:]}"
    return f"{national[:2]}-{national[2:5]} {national[5:]}"


def parse_number(raw: str) -> tuple[str, str, PhoneKind] | None:
    """(display, international digits, kind) for one written number, or None."""
    digits = re.sub(r"\D", "", raw)
    plus = raw.lstrip("(").startswith("+")
    if digits.startswith(("1300", "1800", "1700")) and len(digits) == 10 and not plus:
        display = f"{digits[0]}-{digits[1:4]}-{digits[4:6]}-{digits[6:]}"
        return display, digits, "toll_free"
    if digits.startswith("600"):
        digits = "60" + digits[3:]
    if digits.startswith("60") and (plus or len(digits) >= 11):
        national = "0" + digits[2:]
    elif digits.startswith("0") and not plus:
        national = digits
    elif plus and 8 <= len(digits) <= 15:
        return "+" + " ".join(_GROUP.findall(raw)).lstrip("+"), digits, "international"
    else:
        return None
    kind = _national_kind(national)
    if kind is None:
        return None
    return _display(national, kind), "60" + national[1:], kind


def _split_run(run: str, offset: int) -> list[tuple[int, int, str]]:
    """Valid numbers inside one run of digit groups (it may hold two numbers side by side)."""
    groups = list(re.finditer(r"\+?\(?\d[\d()]*", run))
    found: list[tuple[int, int, str]] = []
    index = 0
    while index < len(groups):
        best: int | None = None
        for stop in range(index, min(index + 6, len(groups))):
            piece = run[groups[index].start() : groups[stop].end()]
            if len(re.sub(r"\D", "", piece)) > 13:
                break
            if parse_number(piece) is not None:
                best = stop
        if best is None:
            index += 1
            continue
        start, end = groups[index].start(), groups[best].end()
        found.append((offset + start, offset + end, run[start:end]))
        index = best + 1
    return found


def find_phones(text: str) -> tuple[list[Phone], list[tuple[int, int]]]:
    """The phone numbers in `text` (first mention first, no duplicates) and their spans."""
    found: list[_Found] = []
    # The label the numbers so far come under: for chat, and for calls too ("Call/WA").
    labelled_wa = labelled_voice = False
    calls_only: list[int] = []  # landlines under "Call/WA", for when no mobile takes the chat
    for run in _NUMBER_RUN.finditer(text):
        for start, end, raw in _split_run(run.group(), run.start()):
            parsed = parse_number(raw)
            if parsed is None:
                continue
            display, digits, kind = parsed
            label_start = found[-1].end if found else max(0, start - 40)
            before = text[max(label_start, start - 40) : start]
            after = re.match(r"\s*[(\[]([^)\]\n]{0,25})[)\]]", text[end:])
            context = before + " " + (after.group(1) if after else "")
            whatsapp = bool(_WHATSAPP.search(context))
            voice = bool(_VOICE.search(context))
            fax = bool(_FAX.search(before[-15:]))
            if (
                found
                and _JOINER.match(text[found[-1].end : start])
                and not (_WHATSAPP.search(context) or _VOICE.search(before) or fax)
            ):
                whatsapp, voice, fax = labelled_wa, labelled_voice, found[-1].phone.fax
            labelled_wa, labelled_voice = whatsapp, voice
            if whatsapp and voice and kind == "landline":
                # "Call/WA 09-725 4410 / 013-901 4477": one calls the landline and
                # chats on the mobile.
                whatsapp = False
                calls_only.append(len(found))
            phone = Phone(display=display, digits=digits, kind=kind, whatsapp=whatsapp, fax=fax)
            found.append(_Found(start, end + (after.end() if after else 0), phone))
    if calls_only and not any(item.phone.whatsapp for item in found):
        for index in calls_only:  # "Call/WA 03-5566 7788" alone: the landline chats too
            item = found[index]
            found[index] = _Found(
                item.start, item.end, item.phone.model_copy(update={"whatsapp": True})
            )
    phones: list[Phone] = []
    for item in found:
        duplicate = next((p for p in phones if p.digits == item.phone.digits), None)
        if duplicate is None:
            phones.append(item.phone)
        elif item.phone.whatsapp and not duplicate.whatsapp:
            phones[phones.index(duplicate)] = duplicate.model_copy(update={"whatsapp": True})
    return phones, [(item.start, item.end) for item in found]


_EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL_CHARS = r"[A-Za-z0-9._~:/?#@!$&*+,;=%\-]"
_URL = re.compile(
    rf"\b(?:https?://{_URL_CHARS}+|www\.{_URL_CHARS}+|"
    r"(?<![@\w.])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|my|net|org|shop|store|biz|co|io)"
    rf"(?:\.my)?(?:/{_URL_CHARS}*)?)(?!\w)",
    re.I,
)
_HANDLE = re.compile(
    r"\b(instagram|insta|ig|tiktok|tik tok|facebook|fb)\b\s*[:\-]?\s*(?:page\s*)?"
    r"@?([A-Za-z0-9_.]{2,30})",
    re.I,
)
_SOCIAL_HOSTS: dict[str, LinkKind] = {
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "tiktok.com": "tiktok",
}


def find_email(text: str) -> str | None:
    match = _EMAIL.search(text)
    return match.group().rstrip(".") if match else None


def find_links(text: str) -> list[Link]:
    """Instagram, Facebook, TikTok handles and web addresses, as https URLs."""
    links: list[Link] = []
    without_emails = _EMAIL.sub(" ", text)
    for match in _URL.finditer(without_emails):
        raw = match.group().rstrip(".,;:!?)")
        url = raw if raw.lower().startswith("http") else "https://" + raw
        host = re.sub(r"^https?://(www\.)?", "", url, flags=re.I).split("/")[0].lower()
        kind = _SOCIAL_HOSTS.get(host, "website")
        label = re.sub(r"^https?://(www\.)?", "", raw, flags=re.I).rstrip("/")
        links.append(Link(kind=kind, url=url, label=label))
    url_spans = [match.span() for match in _URL.finditer(without_emails)]
    for match in _HANDLE.finditer(without_emails):
        if any(start < match.end() and match.start() < end for start, end in url_spans):
            continue
        platform, handle = match.group(1).lower(), match.group(2).rstrip(".")
        if handle.lower() in {"com", "page", "kami", "us", "our", "www"} or "." in handle[:4]:
            continue
        if platform in {"instagram", "insta", "ig"}:
            url = f"https://www.instagram.com/{handle}/"
            links.append(Link(kind="instagram", url=url, label="@" + handle))
        elif platform in {"tiktok", "tik tok"}:
            links.append(
                Link(kind="tiktok", url=f"https://www.tiktok.com/@{handle}", label="@" + handle)
            )
        elif "@" in match.group() or "_" in handle or handle.islower():
            links.append(
                Link(kind="facebook", url=f"https://www.facebook.com/{handle}", label=handle)
            )
    unique: dict[str, Link] = {}
    for link in links:
        key = link.url.lower().rstrip("/")
        if not any(key == other.lower().rstrip("/") for other in unique):
            unique[link.url] = link
    return list(unique.values())
