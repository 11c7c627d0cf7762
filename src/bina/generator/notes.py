"""Facts that fit no other field: seasons, lead times, conditions, what a service includes,
qualifications, and timetables that are not opening hours.

Each note is a clause the user wrote, with shorthand spelled out. A clause is taken only when
it carries one of these kinds of fact (its words say so); prices, phones and hours are left
to their own fields, so a priced clause gives only what it says besides the price
("Pakej sanding penuh: termasuk pelamin").
"""

from __future__ import annotations

import itertools
import re

from bina.generator.text import expand_shorthand, is_symbol, sentences

MAX_NOTES = 8

_CUE = re.compile(
    r"\b(?:"
    # seasons
    r"musim|season|seasonal|luar musim|off[- ]season|bulan puasa|ramadan|cuti sekolah|"
    r"school holidays?|"
    # lead times
    r"awal|early|in advance|ahead|notice|sebelum|before|b4|order by|siap|ready|next day|esok|"
    r"keesokan|within|dalam \d+\s?\w*|same day|hari sama|hari yang sama|lead time|advance|pukul|"
    r"while you wait|tunggu siap|proses|processing|hari bekerja|working days?|business days?|"
    r"turnaround|done in|completed in|ready in|siap dalam|ambil masa|"
    # a job and how long it takes, said alone: "binding 2 days", "jahit baju 3-5 hari"
    r"^\s*[^\W\d_]+(?:\s+[^\W\d_]+){0,2}\s+\d+(?:\s?-\s?\d+)?\s?(?:working\s+)?"
    r"(?:days?|hari|weeks?|minggu)(?=\s*[.!]?\s*$)|"
    r"takes? (?:about |around )?\d+|"
    r"(?:in|dalam) (?:about |around |lebih kurang |kira-kira )?\d+(?:\s?-\s?\d+)?\s?"
    r"(?:min(?:ute)?s?|minit|hours?|hrs?|jam|days?|hari|weeks?|minggu)|"
    # conditions
    r"minimum|min\.?(?= ?(?:order|\d))|max(?:imum)?(?= ?\d)|max\.|maksimum|deposit|syarat|"
    r"conditions?|terms|wajib|must|required|diperlukan|perlu|subject to|quote|quotation|"
    r"sebut harga|caj tambahan|extra charge|surcharge|luar kawasan|above|atas rm|"
    r"sekurang[- ]kurangnya|sekurang2nya|at least|diskaun|discount|percubaan|trial|"
    r"check stock|cek stok|stok terhad|limited|slots?|penuh|first come|ikut|depending|"
    r"depends|bergantung|ke atas|and above|or more|kalau|jika|sekiranya|if|"
    r"dilarang|not allowed|tidak dibenarkan|prohibited|no smoking|no pets|no durian|"
    r"insurans|insurance|insured|ansuran|instal+ments?|payment|bayaran (?:penuh|separuh|awal)|"
    r"bayar (?:dulu|separuh|penuh|awal)|pendahuluan|upfront|batal|cancel\w*|refunds?|"
    r"promo\w*|tawaran|offer|diskaun|\d+\s?%|stok terhad|limited|sold out|pre-?order|"
    r"by order|custom\w*|ikut citarasa|percuma|free|disediakan|provided|on request|"
    r"atas permintaan|sesi|session|runding|nego\w*|boleh bincang|mengikut|tertakluk|"
    r"bayar selepas|pay after|caj|charges?|hidden|"
    # what a service includes, counted: "300+ edited photos", "4 lessons x 45min",
    # "2 photographers", "4 classes a month"
    r"\d+\+?\s?(?:edited\s+|edit\s+|siap\s+)?(?:photos?|gambar|pictures?|videos?|workers?|"
    r"pekerja|helpers?|lessons?|classes|kelas|photographers?|jurugambar|jurukamera|sesi|"
    r"sessions?)|"
    r"termasuk|includes?|included|including|incl\.?|excl\.?|excluding|exclude[sd]?|"
    r"labour only|upah sahaja|bring (?:our|their|my|your) own|bawa sendiri|beli sendiri|"
    # "Bawa tuala & air sendiri", "bawa laptop sendiri", "bring your own mat"
    r"(?:bawa|beli|sediakan)\s+(?:[\w&-]+\s+){1,6}sendiri|bring (?:your|their|a|an) (?:own )?\w+|"
    # a service kept up over time: "Annual maintenance contract (quarterly visits)"
    r"contracts?|kontrak|annual|tahunan|quarterly|suku tahun|berkala|periodic|"
    r"sediakan sendiri|(?:supply|provide) (?:your|their) own|guna|using|free of charge|"
    r"\d+ kali|times (?:a|per) (?:day|week)|"
    # what the team does as part of the job ("We wrap your furniture", "Kami balut perabot")
    r"(?:we|kami|saya|sy)\s+(?:also\s+|juga\s+|akan\s+|will\s+)?(?:wrap|pack|balut|bungkus|"
    r"dismantle|assemble|pasang semula|cabut|protect|lindungi|handle|uruskan|angkat|carry|"
    r"clean up|kemas|setup|set up)|"
    # qualifications and experience
    r"berdaftar|registered|certified|certificate|sijil(?! halal)|bertauliah|tauliah|"
    r"licen[cs]ed|berlesen|lesen|berpengalaman|bertauliah|graduate|graduated|lulusan|graduan|"
    r"member|ahli|pengalaman|"
    r"experience|experienced|diploma|degree|ijazah|gred|grade|accredited|diiktiraf|"
    r"approved|kelulusan|warranty|waranti|jaminan|guarantee|qualified|qualifications?|"
    r"kelayakan|cemerlang|bekas guru|ex-?teacher|former teacher|tesol|tefl|celta|"
    # an electrician's grade ("wireman PW2", "chargeman A0") and years in the trade
    r"wireman|chargeman|pw\s?[1-6]|kompeten|competent|"
    r"\d+\+?\s?(?:years?|yrs|tahun|thn)\s+(?:in|di|of|experience|pengalaman|mengajar|teaching|"
    r"berkhidmat|serving|dalam|bekerja|working|buat|membuat|berniaga|masak|memasak|bake|"
    r"baking|cooking|making)|"
    r"(?:dah|sudah|lebih|over|more than)\s+\d+\+?\s?(?:tahun|thn|years?|yrs)|"
    # where the owner learnt or worked, and parts that are genuine
    r"ex-\w+|bekas (?:chef|cikgu|jururawat|tentera|polis)|former \w+|trained|terlatih|"
    r"dilatih|genuine|original parts?|"
    r"(?:barang|alat ganti|spare ?parts?) (?:asli|original|ori)|"
    # capacity and ages
    r"muat|capacity|kapasiti|up to|umur|ages?|aged|years? old|tahun ke atas|per class|"
    r"sekelas|students|pelajar|guests|tetamu|sleeps|small groups?|kumpulan kecil|"
    r"\d+\s?(?:pax|orang|people|persons?|guests?|students?|pelajar|murid|kanak-kanak)|"
    r"\d+\s?(?:-|hingga|to)\s?\d+\s?(?:tahun|years?|yrs|bulan|months)|"
    # on call
    r"emergency|kecemasan"
    r")\b",
    re.I,
)
_PRICE = re.compile(r"(?:RM|rm|Rm)\s?\d[\d,]*(?:\.\d+)?(?:\s?-\s?(?:RM|rm)?\s?\d[\d,]*(?:\.\d+)?)?")
_TIME = re.compile(
    r"\b\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm|pg|ptg|pagi|petang|mlm|malam|tgh|tengah hari)\b",
    re.I,
)
_DAYS = re.compile(
    r"\b(?:isnin|selasa|rabu|khamis|jumaat|sabtu|ahad|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|weekends?|hujung minggu)s?\b",
    re.I,
)
_OPENING_WORDS = re.compile(r"\b(?:buka|open|opens|opening|tutup|closed|close|hours|waktu)\b", re.I)
_INCLUDES = re.compile(
    r"\b(?:tak termasuk|tidak termasuk|termasuk|includes?|including|incl\.?|excl\.?|"
    r"excluding)\b.*",
    re.I,
)
_CONTACT_LEAD = re.compile(
    r"\s*(?:hubungi|call|contact|whatsapp|ws|wa|tel|sms|mesej|message|pm|dm|email|e-mel)\b",
    re.I,
)
_PAREN = re.compile(r"\(([^()]{2,120})\)")
_LEAD_IN = re.compile(r"^(?:dari|from|bermula|start(?:ing)? from|harga|price)\s+", re.I)
_UNIT_AFTER_PRICE = re.compile(r"^\s*(?:/\s*\w+|per \w+|se\w+|a \w+|each)?\s*", re.I)


def _clauses(sentence: str) -> list[str]:
    """The sentence split at commas and semicolons that are not inside parentheses."""
    parts: list[str] = []
    depth = 0
    current = ""
    for index, char in enumerate(sentence):
        depth += char == "("
        depth -= char == ")" and depth > 0
        follows_space = sentence[index + 1 : index + 2] in (" ", "")
        if char in ",;" and not depth and follows_space:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


def _tidy(text: str, language: str) -> str:
    text = "".join(" " if is_symbol(c) and c not in "+%&/=" else c for c in text)
    text = expand_shorthand(" ".join(text.split()), language).strip(" ,.;:-–")
    # Chat particles that end a sentence ("order 3 days before lah") say nothing more.
    text = re.sub(r"(?:\s+(?:lah|la|ya|ye|yer|ok|okay|k))+[\s!.]*$", "", text, flags=re.I)
    return text[:1].upper() + text[1:] if text else text


def _cue(text: str) -> bool:
    return bool(_CUE.search(text) or _CUE.search(expand_shorthand(text)))


# "RM60 and above", "RM100 ke atas": the amount after it is a threshold.
_THRESHOLD_AFTER = re.compile(
    r"\s*(?:(?:and|&|dan|or|atau)\s+)?(?:above|ke\s+atas|keatas|or\s+more|onwards|and\s+over)\b",
    re.I,
)


def _priced_notes(clause: str) -> list[str]:
    """From a priced clause, only what it says besides the price."""
    notes: list[str] = []
    price = _PRICE.search(clause)
    if price is None:
        return notes
    before = clause[: price.start()]
    condition = r"\b(?:above|atas|over|melebihi|minimum|(?<!\d )min|lebih|deposit|caj \w+)\.?\s*$"
    if re.search(condition, before, re.I):
        return [clause]  # "Free delivery for orders above RM300", "deposit RM100"
    if _THRESHOLD_AFTER.match(clause[price.end() :]) and re.search(
        r"\b(?:free|percuma|delivery|penghantaran|hantar|pos|order|tempahan|belian|purchase|spend|"
        r"diskaun|discount)\b",
        before,
        re.I,
    ):
        return [clause]  # "Free delivery for RM60 and above": the amount is the condition
    item = _LEAD_IN.sub("", before.strip(" :-"))
    item = re.sub(r"\s+(?:dari|dr|frm|from|bermula|starting|start)$", "", item, flags=re.I)
    item = _PAREN.sub("", item).strip(" :-")
    rest = clause[price.end() :]
    colon = re.match(r"\s*(?:/\s*\w+)?\s*:\s*(.+)", rest)
    if colon:  # "Pakej A RM150: 30 min, 10 gambar edit"
        return [f"{item}: {colon.group(1)}" if item else colon.group(1)]
    for inner in _PAREN.finditer(clause):
        content = inner.group(1)
        # "(tak termasuk barang)", "(minyak + cek brek)": a condition, or what is included.
        if (_cue(content) or " + " in content) and not _PRICE.search(content):
            notes.append(f"{item}: {content}" if item else content)
    unit = _UNIT_AFTER_PRICE.match(rest)
    tail = _PAREN.sub(" ", rest[unit.end() if unit else 0 :]).strip(" ,.")
    if tail and _cue(tail) and not _PRICE.search(tail):
        notes.append(f"{item}: {tail}" if item else tail)
    prices = list(_PRICE.finditer(clause))
    for current, following in itertools.pairwise(prices):
        # Run-on text: "3 ton lorry RM350 per trip include 2 workers extra worker RM60".
        between = clause[current.end() : following.start()]
        unit = _UNIT_AFTER_PRICE.match(between)
        included = _INCLUDED_RUN.match(between[unit.end() if unit else 0 :])
        if included:
            notes.append(included.group(1).strip(" ,."))
    return notes


# What a price includes, up to where the next thing charged for is named.
_INCLUDED_RUN = re.compile(
    r"\s*((?:includes?|including|incl\.?|termasuk)\s+.+?)"
    r"(?=\s+(?:extra|additional|add-on|tambahan|tambah)\b|\s*[,;]|\s*$)",
    re.I,
)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


# Said of the premises or the way of selling, these are features, not notes
# ("Free wifi", "Parking percuma", "Free hantar").
_FEATURE_ONLY = re.compile(
    r"^(?:(?:free|percuma|ada|has|with|dengan|dan|and|&|,|\s)*(?:wi-?fi|parking|"
    r"tempat letak kereta|aircond|air-?cond\w*|surau|hantar|delivery|penghantaran|pos|"
    r"postage|cod)\b)+(?:\s*(?:free|percuma|disediakan|provided))?\s*[.!]*$",
    re.I,
)


def find_notes(
    text: str, language: str, hour_spans: list[tuple[int, int]] | None = None
) -> list[str]:
    """Notes read from `text` (contacts already blanked out), in the order written.

    `language` is the language the text is written in (for spelling out shorthand);
    `hour_spans` are what the hours reader took, so a timetable is not said twice.
    """
    spans = hour_spans or []
    # An emoji ends a sentence as a full stop does ("3 months warranty 👍 Walk-in …"); the
    # stand-in keeps every offset where it was.
    text = "".join("." if is_symbol(c) and c not in "+%&/=" else c for c in text)
    notes: list[str] = []
    position = 0
    for sentence in sentences(text):
        start = text.find(sentence, position)
        position = max(position, start + len(sentence))
        whole = _PRICE.search(sentence) is not None
        colon = re.match(r"(.*?)(" + _PRICE.pattern + r")\s*(?:/\s*\w+)?\s*:\s*(.+)", sentence)
        parts = [sentence] if colon else _clauses(sentence)
        for clause in parts:
            offset = start + max(sentence.find(clause), 0)
            if _CONTACT_LEAD.match(clause):
                # "Hubungi … untuk sebut harga" asks to get in touch; what is in brackets
                # after a contact ("WS Dr Sarah … (vet berdaftar)") may still be a fact.
                notes += [m.group(1) for m in _PAREN.finditer(clause) if _cue(m.group(1))]
                continue
            if whole and _PRICE.search(clause):
                notes += _priced_notes(clause)
                continue
            if _cue(clause):
                outside = _cue(_PAREN.sub(" ", clause))
                inside = [m.group(1) for m in _PAREN.finditer(clause) if _cue(m.group(1))]
                notes += inside if inside and not outside else [clause]
            elif (
                (_TIME.search(clause) or _DAYS.search(clause))
                and not _OPENING_WORDS.search(clause)
                and not _overlaps(offset, offset + len(clause), spans)
            ):
                # A timetable that is not the opening hours: "Roti keluar panas pukul 7pg",
                # "Hantar hari Sabtu sahaja".
                notes.append(clause)
    out: list[str] = []
    seen: set[str] = set()
    for note in notes:
        tidy = _tidy(note, language)
        key = re.sub(r"\W+", " ", tidy.lower()).strip()
        if len(key) < 4 or key in seen or not re.search(r"[^\W\d_]{2}", tidy):
            continue
        if _FEATURE_ONLY.match(tidy):
            continue
        seen.add(key)
        out.append(tidy)
        if len(out) >= MAX_NOTES:
            break
    return out
