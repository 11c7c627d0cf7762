"""Malaysian places, to tell an area ("di Kampung Baru") from any other capitalised words."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACES = """
Johor, Kedah, Kelantan, Melaka, Malacca, Negeri Sembilan, Pahang, Perak, Perlis, Pulau Pinang,
Penang, Sabah, Sarawak, Selangor, Terengganu, Kuala Lumpur, KL, Putrajaya, Labuan, Malaysia,
Johor Bahru, JB, Iskandar Puteri, Skudai, Kulai, Pasir Gudang, Muar, Batu Pahat, Kluang, Segamat,
Pontian, Mersing, Kota Tinggi, Tangkak, Alor Setar, Alor Star, Sungai Petani, Kulim, Langkawi,
Jitra, Kota Bharu, Kota Bahru, Pasir Mas, Tanah Merah, Machang, Tumpat, Bachok, Ayer Keroh,
Alor Gajah, Jasin, Seremban, Nilai, Port Dickson, Rembau, Kuala Pilah, Kuantan, Temerloh,
Bentong, Raub, Cameron Highlands, Genting Highlands, Jerantut, Pekan, Ipoh, Taiping, Teluk Intan,
Kampar, Sitiawan, Lumut, Manjung, Kuala Kangsar, Batu Gajah, Tanjung Malim, Slim River, Kangar,
Arau, George Town, Georgetown, Butterworth, Bukit Mertajam, Bayan Lepas, Balik Pulau, Gurney,
Tanjung Tokong, Batu Ferringhi, Air Itam, Jelutong, Kota Kinabalu, KK, Sandakan, Tawau, Lahad Datu,
Keningau, Semporna, Kudat, Ranau, Kuching, Miri, Sibu, Bintulu, Sri Aman, Kuala Terengganu,
Kemaman, Dungun, Marang, Besut, Chukai, Shah Alam, Petaling Jaya, PJ, Subang Jaya, Subang, USJ,
Klang, Port Klang, Puchong, Kajang, Bangi, Bandar Baru Bangi, Cyberjaya, Seri Kembangan,
Serdang, Semenyih, Rawang, Selayang, Gombak, Batu Caves, Ampang, Cheras, Sepang, Dengkil,
Banting, Kuala Selangor, Sabak Bernam, Kuala Kubu Bharu, Setia Alam, Kota Damansara, Damansara,
Mutiara Damansara, Bandar Utama, Sunway, Kelana Jaya, Ara Damansara, Bukit Jalil, Sri Petaling,
Kepong, Setapak, Wangsa Maju, Titiwangsa, Sentul, Chow Kit, Kampung Baru, Kampung Baharu,
Bangsar, Bangsar South, Mont Kiara, Sri Hartamas, Desa ParkCity, TTDI, Taman Tun Dr Ismail,
Bukit Bintang, Brickfields, Cheras, Segambut, Jalan Ipoh, Setiawangsa, Keramat, Datuk Keramat,
Pudu, Petaling Street, Chinatown, Little India, Masjid India, Jalan TAR, Jalan Tuanku Abdul Rahman,
Kuala Lumpur City Centre, KLCC, Cyberjaya, Dengkil, Salak Tinggi, Nilai, Putra Heights,
Bukit Beruntung, Bandar Sunway, Glenmarie, Bukit Raja, Meru, Kapar, Jenjarom, Tanjung Karang,
Kuala Terengganu, Kota Bharu, Pengkalan Chepa, Wakaf Bharu, Sungai Buloh, Kota Kemuning,
Bandar Baru Klang, Taman Melawati, Hulu Langat, Balakong, Cheras Selatan, Bandar Mahkota Cheras,
Bandar Tun Razak, Sri Rampai, Melawati, Ulu Klang, Sri Gombak, Batu Pahat, Senai, Gelang Patah,
Tebrau, Mount Austin, Permas Jaya, Bukit Indah, Nusajaya, Bukit Mertajam, Seberang Jaya,
Seberang Perai, Nibong Tebal, Kepala Batas, Perai, Simpang Ampat, Pantai Remis, Gopeng,
Bercham, Menglembu, Tambun, Simpang Pulai, Kuala Lipis, Mentakab, Karak, Batu Pahat,
Klang Valley, Lembah Klang, Tanah Rata, Brinchang, Ringlet, Kuala Krai, Gua Musang, Jeli,
Kuala Sepetang, Sekinchan, Jeram, Kuah, Kota Samarahan, Samarahan, Serian, Kapit, Sarikei, Mukah,
Limbang, Lawas, Betong, Papar, Tuaran, Beaufort, Kota Belud, Putatan, Penampang, Inanam,
Kuala Kubu Bharu, Bukit Beruntung, Hulu Selangor, Kuala Langat, Tanjung Sepat, Morib, Sungai
Besar, Pandamaran, Bukit Tinggi, Janda Baik, Bukit Fraser, Kuala Rompin, Rompin,
Maran, Jengka, Muadzam Shah, Kemaman, Kerteh, Paka, Setiu, Hulu Terengganu, Kuala Berang,
Pasir Puteh, Rantau Panjang, Ketereh, Kubang Kerian, Pendang, Baling,
Pokok Sena, Changlun, Bukit Kayu Hitam, Padang Besar, Kuala Perlis, Pantai Cenang, Kuala Nerang,
Parit Buntar, Bagan Serai, Kuala Kurau, Lenggong, Gerik, Kamunting, Tapah, Bidor,
Sungkai, Trolak, Tanjung Rambutan, Chemor, Sungai Siput, Seri Iskandar, Ayer Tawar,
Pantai Remis, Segari, Teluk Intan, Hutan Melintang, Bagan Datuk, Mantin, Lenggeng,
Linggi, Gemas, Bahau, Rompin, Jempol, Tampin, Masai, Ulu Tiram, Kota Masai,
Taman Universiti, Pengerang, Desaru, Yong Peng, Ayer Hitam, Parit Raja, Labis, Bukit Gambir,
Simpang Renggam, Pekan Nanas, Benut, Sri Gading, Merlimau, Masjid Tanah, Klebang, Bukit Katil,
Bukit Baru, Batu Berendam, Durian Tunggal, Pulau Sebang, Sungai Udang, Bandar Hilir,
Banda Hilir, Kuala Lumpur Sentral, KL Sentral, Bangsar Baru, Taman Desa, Old Klang Road,
Kuchai Lama, Salak Selatan, Sungai Besi, Bukit Jalil, Kinrara, Bandar Kinrara, Taman Connaught,
Taman Maluri, Pandan Indah, Pandan Jaya, Ampang Jaya, Taman Keramat, Kelana Jaya, Kota Bharu,
Senawang, Rasah, Sendayan, Bandar Baru Nilai, Bandar Enstek, Kota Kemuning,
Bandar Saujana Putra, Jenjarom, Telok Panglima Garang, Kuala Selangor, Bestari Jaya,
Batang Kali, Serendah, Sungai Buloh, Kundang, Kuang, Puncak Alam, Bandar Baru Selayang,
Desa Jaya, Kepong Baru, Jinjang, Segambut, Mont Kiara, Damansara Heights, Bukit Damansara,
Taman Sri Gombak, Sri Muda, Bandar Putra, Bayan Baru, Sungai Ara, Teluk Kumbar, Relau,
Permatang Pauh, Sungai Dua, Tasek Gelugor, Bandar Perda, Taman Tun Dr Ismail,
Semenanjung, Ipoh Garden, Greentown, Pasir Pinji, Falim, Buntong, Silibin, Jelapang, Lahat,
Kuala Kangsar, Pengkalan Hulu, Kroh, Bota, Changkat Jering, Trong, Matang, Kuala Kurau,
Sungai Petani, Bedong, Kuala Ketil, Merbok, Guar Chempedak, Alor Setar, Anak Bukit, Kepala Batas,
Tokai, Kuala Kedah, Langgar, Sungai Bakap, Jawi, Nibong Tebal, Batu Kawan, Butterworth,
Raja Uda, Bagan Ajam, Teluk Air Tawar, Penaga, Kepala Batas, Bertam, Bayan Lepas, Batu Maung,
Gelugor, Minden, Tanjung Bungah, Pulau Tikus, Air Itam, Paya Terubong, Farlim, Bukit Mertajam,
Machang Bubok, Kulim, Lunas, Padang Serai, Serdang Kedah, Kuala Lipis, Raub, Bentong, Karak,
Temerloh, Mentakab, Jerantut, Kuala Krau, Triang, Bera, Chenor, Gambang, Beserah, Balok,
Cherating, Indera Mahkota, Bandar Indera Mahkota, Semambu, Air Putih, Tanjung Lumpur, Kota SAS,
Kuala Terengganu, Batu Burok, Gong Badak, Seberang Takir, Chabang Tiga, Ajil, Jerteh, Permaisuri,
Kota Bharu, Pasir Tumboh, Kadok, Peringat, Melor, Tanah Merah, Kuala Krai, Dabong, Bachok,
Tumpat, Pengkalan Kubor, Kok Lanas, Seremban, Senawang, Nilai, Rantau, Mambau, Lukut,
Port Dickson, Si Rusa, Kuala Pilah, Johol, Tampin, Gemencheh, Ayer Keroh, Bukit Beruang,
Tangga Batu, Alor Gajah, Jasin, Merlimau, Umbai, Muar, Pagoh, Bukit Pasir, Parit Jawa, Batu Pahat,
Yong Peng, Segamat, Kluang, Kulai, Senai, Skudai, Gelang Patah, Johor Bahru, Larkin, Tampoi,
Taman Molek, Taman Daya, Ulu Tiram, Kota Tinggi, Mersing, Pontian, Kukup, Kuching, Petra Jaya,
Matang Jaya, Batu Kawa, Kota Padawan, Bau, Lundu, Siburan, Sibu, Sarikei, Bintangor, Miri,
Lutong, Marudi, Bintulu, Kota Kinabalu, Likas, Luyang, Kepayan, Sepanggar, Tamparuli, Kinarut,
Ranau, Kundasang, Sandakan, Tawau, Semporna, Lahad Datu, Keningau, Tenom, Kudat, Labuan,
Shah Alam, Klang, Meru, Kapar, Puchong, Bandar Puteri, Putra Heights, Subang Bestari,
Denai Alam, Bukit Jelutong, Kota Damansara, Sungai Buloh, Puncak Perdana, Rawang,
Kundang, Bandar Tasik Puteri, Batu Arang, Semenyih, Beranang, Kajang, Sungai Long, Cheras Perdana,
Balakong, Seri Kembangan, Puchong Jaya, Bandar Kinrara, Dengkil, Salak Tinggi, Bandar Baru Salak
Tinggi, Sepang, Cyberjaya, Putrajaya, Ampang, Pandan Perdana, Keramat, Wangsa Maju,
Setiawangsa, Gombak, Selayang, Batu Caves, Kepong, Jinjang, Segambut, Sentul, Titiwangsa,
Jalan Kuching, Setapak, Melawati, Hulu Kelang, Cheras, Taman Connaught, Bandar Tun Razak,
Sri Petaling, Bukit Jalil, OUG, Kuchai Lama, Bangsar, Mid Valley, Brickfields, Bukit Bintang,
Chow Kit, Kampung Baru, Pudu, Imbi, Jalan Alor, Petaling Street, Sri Hartamas, Mont Kiara,
Damansara, Damansara Utama, Damansara Jaya, Damansara Perdana, Kelana Jaya, Ara Damansara,
Subang Jaya, USJ, Sunway, Bandar Sunway, Petaling Jaya, Pulau Perhentian, Pulau Redang,
Pulau Tioman, Tioman, Pulau Pangkor, Pangkor, Pulau Langkawi, Pulau Kapas, Pulau Ketam,
Pulau Indah, Pulau Carey, Pulau Pinang, Pulau Aman, Pulau Jerejak,
Kuala Nerus, Hulu Perak, Kerian, Kinta, Larut, Muallim, Perak Tengah, Hilir Perak, Kubang Pasu,
Padang Terap, Kota Setar, Kuala Muda, Bandar Baharu, Jelebu, Kuala Klawang, Kota Marudu,
Kuala Penyu, Sipitang, Tambunan, Beluran, Kinabatangan, Kunak, Nabawan, Tongod, Saratok,
Kanowit, Daro, Dalat, Belaga, Tatau, Sebauh, Subis, Telang Usan, Asajaya, Simunjan,
Lubok Antu, Pusa, Kabong, Julau, Meradong, Pakan, Selangau, Tebedu, Tampin, Pasir Gudang,
Tangkak, Iskandar Puteri, Kota Tinggi, Kuala Berang, Jertih, Kuala Besut, Kampung Raja,
Chendering, Rusila, Kuala Dungun, Bukit Besi, Ketengah Jaya, Kijal, Air Putih
"""
# Short forms as people write them, in capitals only, and the place each stands for.
ABBREVIATIONS: dict[str, str] = {
    "KL": "Kuala Lumpur",
    "PJ": "Petaling Jaya",
    "JB": "Johor Bahru",
    "KK": "Kota Kinabalu",
    "KB": "Kota Bharu",
    "BM": "Bukit Mertajam",
    "KT": "Kuala Terengganu",
    "KKB": "Kuala Kubu Bharu",
    "KLCC": "KLCC",
    "USJ": "USJ",
    "TTDI": "TTDI",
}
# Words shortened in place names ("Sg Petani", "Kg Baru"), read as the full word.
_SHORT_WORDS = {
    "sg": "sungai",
    "sg.": "sungai",
    "kg": "kampung",
    "kg.": "kampung",
    "kpg": "kampung",
    "bkt": "bukit",
    "bdr": "bandar",
    "tmn": "taman",
    "jln": "jalan",
    "tg": "tanjung",
    "seri": "sri",
}

PLACES: frozenset[str] = frozenset(
    place.strip() for place in _PLACES.replace("\n", " ").split(",") if place.strip()
) | frozenset(ABBREVIATIONS)
_BY_LENGTH = sorted(PLACES, key=len, reverse=True)
PLACE_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in _BY_LENGTH) + r")\b", re.I)
# Short abbreviations only count in capitals ("KL", "PJ"), never as ordinary words.
_CASE_SENSITIVE = frozenset(ABBREVIATIONS)


@dataclass(frozen=True)
class PlaceMatch:
    """Where a known place was found (the same methods as a regex match)."""

    text: str
    begin: int
    finish: int

    def group(self) -> str:
        return self.text

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish


def _expanded(text: str) -> str:
    """Lower case, with the shortened words written out ("Sg Petani" -> "sungai petani")."""
    return " ".join(_SHORT_WORDS.get(word, word) for word in text.lower().split())


_LOWER = {_expanded(place): place for place in PLACES}
_LONGEST = max(len(place.split()) for place in PLACES)
_WORD = re.compile(r"[A-Za-z]+")
_FIRST_WORDS = frozenset(place.lower().split()[0] for place in PLACES) | frozenset(
    short for short in _SHORT_WORDS if not short.endswith(".")
)


# Words that name a neighbourhood before its name ("Kampung Jeram", "Taman Desa Jaya").
_PREFIX_WORDS = frozenset({"kampung", "kg", "kpg", "taman", "tmn", "bandar", "bdr"})


def find_places(text: str) -> list[PlaceMatch]:
    """Known Malaysian places mentioned in the text, in order (word look-ups, no big regex).

    A known place right after "Kampung", "Taman" or "Bandar" takes that word along
    ("Kampung Jeram", "Taman Desa Jaya") when that reaches further than any known place
    starting at the prefix itself ("Taman Desa").
    """
    words = list(_WORD.finditer(text))
    lowered = [word.group().lower() for word in words]

    def size_at(index: int) -> int:
        if lowered[index] not in _FIRST_WORDS:
            return 0
        for size in range(min(_LONGEST, len(words) - index), 0, -1):
            first, last = words[index], words[index + size - 1]
            written = text[first.start() : last.end()]
            if " ".join(lowered[index : index + size]) != written.lower():
                continue  # not one plain space between the words
            if _expanded(written) not in _LOWER:
                continue
            if written.upper() in _CASE_SENSITIVE and written != written.upper():
                continue
            if written[:1].islower() and size == 1:
                continue  # "perak" (silver), "sunway" in a URL and the like
            return size
        return 0

    found: list[PlaceMatch] = []
    index = 0
    while index < len(words):
        size = size_at(index)
        if (
            lowered[index] in _PREFIX_WORDS
            and words[index].group()[:1].isupper()
            and index + 1 < len(words)
            and text[words[index].end() : words[index + 1].start()] == " "
        ):
            inner = size_at(index + 1)
            if inner and inner + 1 > size:
                size = inner + 1
        if size:
            first, last = words[index], words[index + size - 1]
            found.append(PlaceMatch(text[first.start() : last.end()], first.start(), last.end()))
            index += size
        else:
            index += 1
    return found


def place_name(text: str) -> str:
    """The place as it is usually written, in full ("kampung baru" -> "Kampung Baru",
    "Sg Petani" -> "Sungai Petani", "KB" -> "Kota Bharu")."""
    if text in ABBREVIATIONS:
        return ABBREVIATIONS[text]
    known = _LOWER.get(_expanded(text), text)
    # "Seri" and "Sri" are both right; the user's spelling stays.
    same = re.sub(r"\bseri\b", "sri", text.lower()) == re.sub(r"\bseri\b", "sri", known.lower())
    return text if same and text[:1].isupper() else known


def is_place(text: str) -> bool:
    return _expanded(text) in _LOWER


# A place named by its kind of place ("Bukit Chandan", "Taman Sri Muda"), known or not.
_PLACE_SHAPED = re.compile(
    r"(?:Taman|Tmn\.?|Kampung|Kampong|Kg\.?|Bandar|Bdr\.?|Felda|Seksyen|Desa|Kuala|Sungai|Sg\.?|"
    r"Bukit|Bkt\.?|Pulau|Tanjung|Tg\.?|Teluk|Telok|Pantai|Parit|Permatang|Simpang|Kota|Bagan|"
    r"Lembah|Nanga|Batang)(?:\s+(?:[A-Z][\w'-]*|\d{1,3}[A-Z]?)){1,3}"
)


def is_place_shaped(text: str) -> bool:
    """A known place, or words shaped like a place's name ("Bukit Chandan")."""
    text = text.strip()
    return is_place(text) or _PLACE_SHAPED.fullmatch(text) is not None
