"""Offline copy: in the chosen language, varied, and never stating a fact the user did not give."""

from __future__ import annotations

import re

import pytest

from bina.generator.analyze import analyze
from bina.generator.copy import SiteCopy, write_offline_copy
from bina.generator.factcheck import FactChecker
from bina.generator.owner_sentences import user_sentence
from bina.generator.text import detect_language, expand_shorthand
from tests.unit.generator.generator_cases import CASES, Case

# Claims the offline writer must never make on its own.
NEVER_INVENTED = re.compile(
    r"\b(halal|jakim|sijil|certified|bertauliah|award|anugerah|terbaik|best|paling|famous|"
    r"terkenal|no\.? ?1|#1|fresh|segar|premium|murah|cheap|percuma|free|diskaun|discount|"
    r"sejak|since|tahun|years?|pengalaman|experience|tradisional|traditional|organik|organic)\b",
    re.I,
)


def _texts(copy: SiteCopy) -> list[str]:
    """Every word the copy puts on the page (not the digest it keeps of its facts)."""
    data = copy.model_dump(exclude={"written_for"})
    values = [value for value in data.values() if isinstance(value, str)]
    return values + list(copy.about) + list(copy.facts)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
@pytest.mark.parametrize("variant", [0, 1, 2])
def test_offline_copy_invents_nothing(case: Case, variant: int) -> None:
    profile = analyze(case.text, case.language)
    copy = write_offline_copy(profile, variant)
    phones = " ".join(phone.display for phone in profile.phones)
    description_numbers = set(re.findall(r"\d+", case.text + " " + phones))
    # What the user said, also with their shorthand spelled out ("5 thn" is "5 tahun").
    said = " ".join(
        {case.text, *(expand_shorthand(case.text, lang) for lang in ("ms", "en"))}
    ).lower()
    for text in _texts(copy):
        for number in re.findall(r"\d+", text):
            assert number in description_numbers, (text, number)
        for claim in NEVER_INVENTED.findall(text):
            assert re.search(rf"\b{re.escape(claim.lower())}\b", said), (text, claim)
        assert "RM" not in text or "RM" in case.text


def test_spelled_out_shorthand_is_not_an_invented_claim() -> None:
    text = "Kedai jahit Mak Som di Kuantan, pengalaman 20 thn. WhatsApp 012-345 6789"
    profile = analyze(text, "ms")
    published = " ".join(" ".join(_texts(write_offline_copy(profile, v))) for v in range(3))
    expanded = expand_shorthand(text, "ms")
    assert "tahun" in expanded and "tahun" not in text
    for claim in NEVER_INVENTED.findall(published):
        assert claim.lower() in expanded.lower(), claim


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_offline_copy_is_in_the_chosen_language(case: Case) -> None:
    for language in ("ms", "en"):
        profile = analyze(case.text, language)
        copy = write_offline_copy(profile, 0)
        ours = [copy.contact_lead, copy.about[-1], copy.cta_call]
        assert detect_language(" ".join(ours)) == language
        # The owner's own sentences are quoted whatever language they wrote them in.
        quoted = [user_sentence(sentence) for sentence in profile.highlights[:1]]
        for sentence in quoted:
            assert sentence is None or sentence in copy.about


def test_copy_varies_between_styles_and_businesses() -> None:
    profile = analyze(
        "Warung Pak Mat di Kampung Baru. Nasi lemak RM7, teh tarik RM2. WhatsApp 012-345 6789"
    )
    copies = [write_offline_copy(profile, variant) for variant in range(3)]
    assert len({copy.tagline for copy in copies}) == 3
    assert len({copy.about_title for copy in copies}) == 3
    other = analyze("Kedai Kopi Ah Seng di Ipoh. Kopi RM2. WhatsApp 012-345 6789")
    assert write_offline_copy(other, 0).tagline != copies[0].tagline


def test_copy_is_deterministic() -> None:
    profile = analyze("Salon Ayu di Bangi, potong rambut RM15. WA 013-222 1111")
    assert write_offline_copy(profile, 1) == write_offline_copy(profile, 1)


def test_no_name_is_phrased_without_one() -> None:
    profile = analyze(
        "Kedai nasi kandar di Penang, buka 7 pagi hingga 11 malam, WhatsApp 012-345 6789"
    )
    assert profile.name is None
    copy = write_offline_copy(profile, 0)
    assert copy.about[0].startswith("Kami sebuah kedai nasi kandar di Penang")
    english = write_offline_copy(analyze(profile.description, "en"), 0)
    assert english.about[0] == "We are a restaurant in Penang."


def test_malay_copy_reads_naturally() -> None:
    profile = analyze(
        "Kedai Kek Mama, Shah Alam. Kek coklat RM80, kek lapis RM60. Sejak 2005. "
        "WhatsApp 012-345 6789"
    )
    copy = write_offline_copy(profile, 0)
    assert copy.about[0] == (
        "Kedai Kek Mama ialah bakeri di Shah Alam. Kami beroperasi sejak 2005."
    ) or copy.about[0] == (
        "Kedai Kek Mama ialah bakeri yang terletak di Shah Alam. Kami beroperasi sejak 2005."
    )
    assert copy.about[1] == "Antara hidangan kami: kek coklat dan kek lapis."
    assert copy.whatsapp_message == "Salam Kedai Kek Mama, saya ingin bertanya."


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Nasi lemak terbaik di Kampung Baru!", "claim word 'terbaik'"),
        ("Halal dan sedap.", "claim word 'halal'"),
        ("Since 1985 we have served Kampung Baru.", "number 1985"),
        ("Nasi lemak only RM5.", "number 5"),
        ("Call us on 012-999 8888.", "number"),
        ("Chef Ahmad cooks every plate.", "claim word 'chef'"),
        ("Owned by Puan Rosnah.", "name 'Puan'"),
        ("Visit www.example.com for more.", "contact details"),
    ],
)
def test_fact_checker_rejects_what_the_user_did_not_say(text: str, problem: str) -> None:
    profile = analyze(
        "Warung Pak Mat di Kampung Baru. Nasi lemak RM7, teh tarik RM1.50. WhatsApp 012-345 6789"
    )
    found = FactChecker(profile).problem(text)
    assert found is not None and found.startswith(problem), found


@pytest.mark.parametrize(
    "text",
    [
        "Nasi lemak dan teh tarik di Kampung Baru.",
        "Warung Pak Mat menunggu anda setiap hari.",
        "Jom singgah! WhatsApp kami untuk bertanya.",
        "Nasi lemak RM7 dan teh tarik RM1.50.",
    ],
)
def test_fact_checker_accepts_restated_facts(text: str) -> None:
    profile = analyze(
        "Warung Pak Mat di Kampung Baru. Nasi lemak RM7, teh tarik RM1.50. WhatsApp 012-345 6789"
    )
    assert FactChecker(profile).problem(text) is None
