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
Bercham, Menglembu, Tambun, Simpang Pulai, Kuala Lipis, Mentakab, Karak, Batu Pahat
"""

PLACES: frozenset[str] = frozenset(
    place.strip() for place in _PLACES.replace("\n", " ").split(",") if place.strip()
)
_BY_LENGTH = sorted(PLACES, key=len, reverse=True)
PLACE_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in _BY_LENGTH) + r")\b", re.I)
# Short abbreviations only count in capitals ("KL", "PJ"), never as ordinary words.
_CASE_SENSITIVE = frozenset({"KL", "PJ", "JB", "KK", "USJ", "TTDI", "KLCC"})


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


_LOWER = {place.lower(): place for place in PLACES}
_LONGEST = max(len(place.split()) for place in PLACES)
_WORD = re.compile(r"[A-Za-z]+")
_FIRST_WORDS = frozenset(place.lower().split()[0] for place in PLACES)


def find_places(text: str) -> list[PlaceMatch]:
    """Known Malaysian places mentioned in the text, in order (word look-ups, no big regex)."""
    words = list(_WORD.finditer(text))
    lowered = [word.group().lower() for word in words]
    found: list[PlaceMatch] = []
    index = 0
    while index < len(words):
        if lowered[index] not in _FIRST_WORDS:
            index += 1
            continue
        for size in range(min(_LONGEST, len(words) - index), 0, -1):
            first, last = words[index], words[index + size - 1]
            written = text[first.start() : last.end()]
            if " ".join(lowered[index : index + size]) != written.lower():
                continue  # not one plain space between the words
            if written.lower() not in _LOWER:
                continue
            if written.upper() in _CASE_SENSITIVE and written != written.upper():
                continue
            if written[:1].islower() and size == 1:
                continue  # "perak" (silver), "sunway" in a URL and the like
            found.append(PlaceMatch(written, first.start(), last.end()))
            index += size - 1
            break
        index += 1
    return found


def place_name(text: str) -> str:
    """The place as it is usually written ("kampung baru" -> "Kampung Baru")."""
    for place in PLACES:
        if place.lower() == text.lower():
            return place
    return text


def is_place(text: str) -> bool:
    return text.lower() in {place.lower() for place in PLACES}
