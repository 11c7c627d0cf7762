"""An owner's edit of a site's facts: normalised like analysis output, or refused with the
field at fault; hostile text stays text all the way to the page."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from bina.generator import (
    BusinessProfile,
    PagePhoto,
    PagePhotos,
    ProfileEditError,
    apply_profile_edit,
    render_site_page,
    style_keys,
)
from bina.generator.analyze import analyze
from bina.generator.profile_edit import LIMITS, parse_price
from tests.unit.generator.generator_cases import CASES
from tests.unit.generator.test_render import parse

WARUNG = (
    "Warung Pak Mat di Kampung Baru. Nasi lemak RM7, teh tarik RM2. "
    "Buka setiap hari 7 pagi - 11 malam. WhatsApp 012-345 6789"
)


@pytest.fixture
def current() -> BusinessProfile:
    return analyze(WARUNG, "ms")


def as_json(profile: BusinessProfile) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(profile.model_dump_json())
    return data


def edit(current: BusinessProfile, **changes: Any) -> BusinessProfile:
    return apply_profile_edit(current, as_json(current) | changes)


def refused(current: BusinessProfile, **changes: Any) -> ProfileEditError:
    with pytest.raises(ProfileEditError) as caught:
        edit(current, **changes)
    return caught.value


def test_an_unchanged_profile_comes_back_unchanged() -> None:
    for case in CASES:
        for language in ("ms", "en"):
            profile = analyze(case.text, language)
            assert apply_profile_edit(profile, as_json(profile)) == profile, case.id


def test_a_profile_read_with_more_than_an_edit_may_hold_can_still_be_edited() -> None:
    numbers = ", ".join(f"01{n}-345 6789" for n in (2, 3, 4, 6, 7, 8, 9))
    profile = analyze(f"Kedai runcit di Ipoh. Tel {numbers}.", "ms")
    assert len(profile.phones) > LIMITS["phones"]
    edited = edit(profile, tagline="Serba ada")
    assert edited.phones == profile.phones and edited.tagline == "Serba ada"
    more = [*as_json(profile)["phones"], "011-2345 6789"]
    assert refused(profile, phones=more).field == "profile.phones"


# Text ------------------------------------------------------------------------------------------


def test_strings_are_trimmed_and_empty_ones_removed(current: BusinessProfile) -> None:
    edited = edit(
        current,
        name="  Warung   Pak Mat\n ",
        tagline="  Sarapan\tpagi  ",
        area="",
        address="   ",
        specialty=None,
        about="  Perenggan satu\nsambung.  \n\n\n  Perenggan dua.\r\n\r\n",
    )
    assert edited.name == "Warung Pak Mat"
    assert edited.tagline == "Sarapan pagi"
    assert edited.area is None and edited.address is None and edited.specialty is None
    assert edited.about == "Perenggan satu sambung.\n\nPerenggan dua."
    assert edit(current, about="\n \n").about is None


def test_control_characters_are_removed(current: BusinessProfile) -> None:
    edited = edit(current, name="Warung\x00 Pak\x1b Mat", about="A\x00B\n\nC")
    assert edited.name == "Warung Pak Mat"
    assert edited.about == "A B\n\nC"


@pytest.mark.parametrize(
    ("field", "limit"),
    [("name", 80), ("tagline", 120), ("about", 1500)],
)
def test_length_caps(current: BusinessProfile, field: str, limit: int) -> None:
    assert getattr(edit(current, **{field: "a" * limit}), field) == "a" * limit
    error = refused(current, **{field: "a" * (limit + 1)})
    assert error.field == f"profile.{field}"
    assert str(limit) in error.message


def test_item_and_list_caps(current: BusinessProfile) -> None:
    item = {"name": "Nasi lemak"}
    assert len(edit(current, items=[item] * 60).items) == 60
    assert refused(current, items=[item] * 61).field == "profile.items"
    assert refused(current, items=[{"name": "a" * 81}]).field == "profile.items.0.name"
    assert refused(current, items=[item, {"name": "x", "note": "n" * 161}]).field == (
        "profile.items.1.note"
    )
    phones = ["012-345 6789"] * 6
    assert len(edit(current, phones=phones).phones) == 6
    assert refused(current, phones=[*phones, "012-345 6789"]).field == "profile.phones"


def test_text_fields_must_be_text(current: BusinessProfile) -> None:
    assert refused(current, name=5).field == "profile.name"
    assert refused(current, label="").field == "profile.label"
    assert refused(current, items=[{"name": ""}]).field == "profile.items.0.name"
    assert refused(current, items=[{"price_text": "5"}]).field == "profile.items.0.name"


# Fields the owner cannot change ------------------------------------------------------------


def test_what_was_written_and_derived_is_kept(current: BusinessProfile) -> None:
    edited = edit(current, description="something else", source_language="en", schema_type="Hotel")
    assert edited.description == current.description
    assert edited.source_language == current.source_language
    assert edited.schema_type == current.schema_type


def test_business_type_must_be_known_and_carries_its_schema_type(
    current: BusinessProfile,
) -> None:
    error = refused(current, business_type="casino")
    assert error.field == "profile.business_type"
    edited = edit(current, business_type="bakery")
    assert edited.business_type == "bakery" and edited.schema_type == "Bakery"


def test_unknown_fields_and_bad_values_name_the_field(current: BusinessProfile) -> None:
    assert refused(current, colour="red").field == "profile.colour"
    assert refused(current, language="fr").field == "profile.language"
    assert refused(current, features=["halal", "free_beer"]).field == "profile.features.1"
    assert refused(current, items=[{"name": "x", "colour": 1}]).field == "profile.items.0.colour"
    assert refused(current, links=[{"url": "https://x.my", "kind": "myspace"}]).field == (
        "profile.links.0.kind"
    )
    with pytest.raises(ProfileEditError) as caught:
        apply_profile_edit(current, ["not", "an", "object"])  # type: ignore[arg-type]
    assert caught.value.field == "profile"


def test_the_error_carries_field_and_message() -> None:
    error = ProfileEditError("profile.phones.1", "is not a phone number")
    assert (error.field, error.message) == ("profile.phones.1", "is not a phone number")
    assert str(error) == "profile.phones.1: is not a phone number"
    assert isinstance(error, Exception)


# Phones ----------------------------------------------------------------------------------------


def test_phones_are_normalised_from_what_the_owner_typed(current: BusinessProfile) -> None:
    edited = edit(
        current,
        phones=[
            "+60 12-300 4455",
            {"display": "0193334444", "whatsapp": True},
            {"display": "03 6257 1234", "digits": "999", "kind": "mobile"},
            "1-300-88-1234",
        ],
    )
    first, second, third, fourth = edited.phones
    assert (first.display, first.digits, first.kind, first.whatsapp) == (
        "012-300 4455",
        "60123004455",
        "mobile",
        False,
    )
    assert (second.display, second.digits, second.whatsapp) == ("019-333 4444", "60193334444", True)
    # Digits and kind always come from the number, never from the client.
    assert (third.display, third.digits, third.kind) == ("03-6257 1234", "60362571234", "landline")
    assert (fourth.digits, fourth.kind) == ("1300881234", "toll_free")
    assert edited.whatsapp_link == "https://wa.me/60193334444"


def test_an_unusable_phone_names_its_place(current: BusinessProfile) -> None:
    error = refused(current, phones=["012-345 6789", "12345"])
    assert error.field == "profile.phones.1"
    error = refused(current, phones=[{"display": "call me"}])
    assert error.field == "profile.phones.0.display"
    assert refused(current, phones=[{"whatsapp": True}]).field == "profile.phones.0.display"
    assert refused(current, phones=[{"display": "0123456789", "whatsapp": "yes"}]).field == (
        "profile.phones.0.whatsapp"
    )
    assert refused(current, phones="012-345 6789").field == "profile.phones"


# Prices ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount", "shown"),
    [
        ("5", "5", "5"),
        ("RM5.50", "5.50", "5.50"),
        ("rm 5,50", "5.50", "5.50"),
        ("5.5", "5.5", "5.5"),
        (" MYR12 ", "12", "12"),
        ("1,200", "1200", "1,200"),
        ("1,200.90", "1200.90", "1,200.90"),
    ],
)
def test_prices_are_read_as_typed(typed: str, amount: str, shown: str) -> None:
    assert parse_price(typed) == (Decimal(amount), shown)


@pytest.mark.parametrize("typed", ["five", "RM", "5.555", "-5", "5 ringgit 50", "RM5 ke atas"])
def test_a_bad_price_names_the_item(current: BusinessProfile, typed: str) -> None:
    error = refused(current, items=[{"name": "Nasi lemak"}, {"name": "Teh", "price_text": typed}])
    assert error.field == "profile.items.1.price_text"


def test_item_prices_are_derived_from_price_text(current: BusinessProfile) -> None:
    edited = edit(
        current,
        items=[
            # The client sends back the old derived price: price_text wins.
            {"name": "Nasi lemak", "price": "7", "price_text": "RM7.50"},
            {"name": "Bilik", "price_text": "80-120", "unit": "night", "price_from": False},
            {"name": "Kek", "price_text": "RM50 – RM80"},
            {"name": "Kopi", "price": 3},
            {"name": "Teh", "price_text": None, "price": "2", "price_from": True},
            "Roti canai",
            {"name": "Set", "price_text": "10", "price_max_text": "15", "price_from": True},
        ],
    )
    nasi, bilik, kek, kopi, teh, roti, set_ = edited.items
    assert (nasi.price, nasi.price_text) == (Decimal("7.50"), "7.50")
    assert (bilik.price, bilik.price_max, bilik.price_text, bilik.price_max_text) == (
        Decimal(80),
        Decimal(120),
        "80",
        "120",
    )
    assert bilik.unit == "night"
    assert (kek.price, kek.price_max) == (Decimal(50), Decimal(80))
    assert (kopi.price, kopi.price_text) == (Decimal(3), "3")
    # price_text null removes the price, whatever else came with it.
    assert (teh.price, teh.price_text, teh.price_max, teh.price_from) == (None, None, None, False)
    assert roti.name == "Roti canai" and roti.price is None
    assert (set_.price, set_.price_max, set_.price_from) == (Decimal(10), Decimal(15), True)


def test_a_range_must_go_up(current: BusinessProfile) -> None:
    error = refused(current, items=[{"name": "Bilik", "price_text": "120-80"}])
    assert error.field == "profile.items.0.price_text"
    error = refused(current, items=[{"name": "Set", "price_text": "10", "price_max_text": "x"}])
    assert error.field == "profile.items.0.price_max_text"


def test_an_edited_price_reaches_the_page(current: BusinessProfile) -> None:
    edited = edit(current, items=[{"name": "Nasi lemak", "price_text": "rm 8,50"}])
    html = render_site_page(edited, "minimal", None, None)
    assert "RM8.50" in html and '"price":"8.50"' in html


# Hours, links, e-mail, the rest ------------------------------------------------------------------


def test_hours_are_checked_and_ordered(current: BusinessProfile) -> None:
    hours = {
        "days": [
            {"day": 4, "closed": True},
            {"day": 0, "ranges": [{"opens": "7:00", "closes": "11.30"}]},
            {"day": 1, "ranges": [{"opens": "06:00", "until_sold_out": True}]},
        ],
        "open_days_without_times": [6, 5, 5],
        "notes": ["  Tutup cuti umum ", ""],
    }
    edited = edit(current, hours=hours)
    assert [d.day for d in edited.hours.days] == [0, 1, 4]
    assert edited.hours.days[0].ranges[0].opens == "07:00"
    assert edited.hours.days[0].ranges[0].closes == "11:30"
    assert edited.hours.days[1].ranges[0].until_sold_out
    assert edited.hours.days[2].closed and edited.hours.days[2].ranges == ()
    assert edited.hours.open_days_without_times == (5, 6)
    assert edited.hours.notes == ("Tutup cuti umum",)
    assert edit(current, hours=None).hours.is_empty
    render_site_page(edited, "bold", None, None)  # renders


@pytest.mark.parametrize(
    ("hours", "field"),
    [
        ({"days": [{"day": 7, "closed": True}]}, "profile.hours.days.0.day"),
        ({"days": [{"day": 1, "ranges": [{"opens": "25:00"}]}]}, "days.0.ranges.0.opens"),
        ({"days": [{"day": 1, "ranges": [{"opens": "7pm"}]}]}, "days.0.ranges.0.opens"),
        ({"days": [{"day": 1, "ranges": [{"opens": "07:00", "closes": "x"}]}]}, "closes"),
        ({"days": [{"day": 1}]}, "profile.hours.days.0.ranges"),
        ({"days": [{"day": 1, "closed": True}, {"day": 1, "closed": True}]}, "days.1.day"),
        ({"times_without_days": [{"closes": "10:00"}]}, "times_without_days.0.opens"),
        ({"open_days_without_times": ["Monday"]}, "open_days_without_times.0"),
        ("Mon-Fri 9-5", "profile.hours"),
    ],
)
def test_bad_hours_name_the_field(current: BusinessProfile, hours: Any, field: str) -> None:
    assert refused(current, hours=hours).field.endswith(field)


def test_links_are_web_addresses_only(current: BusinessProfile) -> None:
    edited = edit(
        current,
        links=[
            "instagram.com/pakmat",
            {"url": "https://www.facebook.com/pakmat", "label": " Pak Mat "},
            {"url": "HTTPS://pakmat.my/menu"},
        ],
    )
    instagram, facebook, website = edited.links
    assert (instagram.kind, instagram.url) == ("instagram", "https://instagram.com/pakmat")
    assert (facebook.kind, facebook.label) == ("facebook", "Pak Mat")
    assert (website.kind, website.label) == ("website", "pakmat.my/menu")
    for url in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "mailto:x@y.my",
        "vbscript:x",
        "//evil.test",
        "https://",
        "localhost:8000/x",
        "https://a b.my",
        "http://[::1",
    ]:
        assert refused(current, links=[url]).field == "profile.links.0.url", url


def test_email_and_year(current: BusinessProfile) -> None:
    assert edit(current, email=" pakmat@gmail.com ").email == "pakmat@gmail.com"
    assert edit(current, email="").email is None
    assert refused(current, email="pakmat at gmail").field == "profile.email"
    assert refused(current, email='"><script>@x.my').field == "profile.email"
    assert edit(current, established="1985").established == "1985"
    assert edit(current, established=1985).established == "1985"
    assert refused(current, established="long ago").field == "profile.established"


def test_features_are_known_keys_without_repeats(current: BusinessProfile) -> None:
    assert edit(current, features=["halal", "delivery", "halal"]).features == ("halal", "delivery")


# Hostile text stays text -----------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "' onmouseover='alert(3)",
    "</style><script>alert(4)</script>",
    "<!-- x --><iframe src=javascript:alert(5)>",
    "Robert'); DROP TABLE sites;--",
    "{{ 7*7 }} {% raw %}",
    "\u2028</script>",
]


def test_hostile_text_is_inert_on_every_page(current: BusinessProfile) -> None:
    text = " ".join(HOSTILE)
    item = {"name": HOSTILE[0], "price_text": "5", "note": HOSTILE[1], "unit": HOSTILE[2]}
    edited = edit(
        current,
        name=HOSTILE[1][:80],
        label=HOSTILE[3],
        tagline=HOSTILE[2],
        about="\n\n".join(HOSTILE),
        area=HOSTILE[4],
        address=HOSTILE[5],
        specialty=HOSTILE[6],
        items=[item, {"name": HOSTILE[7], "note": HOSTILE[4]}],
        highlights=HOSTILE[:5],
        hours={"days": [{"day": 0, "closed": True}], "notes": [HOSTILE[0]]},
        links=[{"url": "https://pakmat.my/?q=\"'><script>", "label": HOSTILE[0]}],
    )
    assert edited.tagline == HOSTILE[2]  # kept as the owner's words
    photos = PagePhotos(
        logo=PagePhoto(url="/media/logo.webp", alt=HOSTILE[1], width=10, height=10),
        hero=PagePhoto(url="/media/hero.webp", alt=HOSTILE[0], width=10, height=10),
        gallery=(PagePhoto(url="/media/g.webp", alt=text[:200], width=10, height=10),),
    )
    for language in ("ms", "en"):
        profile = edited.model_copy(update={"language": language})
        for style in style_keys():
            for with_photos in (PagePhotos(), photos):
                html = render_site_page(profile, style, None, None, with_photos)
                page = parse(html)
                assert not page.errors, (style, page.errors[:3])
                tags = [tag for tag, _ in page.tags]
                assert "iframe" not in tags
                assert tags.count("script") == 1  # the JSON-LD, nothing else
                assert all(a.get("type") == "application/ld+json" for a in page.scripts)
                for _, attrs in page.tags:
                    assert not any(name.startswith("on") for name in attrs), attrs
                    for name in ("src", "href"):
                        value = (attrs.get(name) or "").lower()
                        assert not value.startswith(("javascript:", "data:text")), value
                imgs = [a.get("class") for a in page.all("img")]
                assert all(c in ("logo-img", "art photo") for c in imgs), imgs
                assert "<script>alert" not in html and "<img src=x" not in html
                assert "<!-- x" not in html and "</style><script>" not in html
                assert "49" not in " ".join(page.texts)  # no template evaluated
                raw_json = page.json_ld[0]
                assert "<" not in raw_json and ">" not in raw_json
                data = json.loads(raw_json)
                assert data["slogan"] == HOSTILE[2]
                # The words are there, shown as text.
                texts = " ".join(page.texts)
                assert HOSTILE[0] in texts and "DROP TABLE" in texts
