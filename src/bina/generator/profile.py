"""The facts about a business that analysis extracts and every later stage relies on.

A `BusinessProfile` holds only what the user said (normalised); nothing in it is invented.
Fields the description did not mention stay empty, and the copy and templates leave them out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Language = Literal["ms", "en"]

BusinessType = Literal[
    "restaurant",
    "cafe",
    "bakery",
    "catering",
    "salon",
    "clinic",
    "fitness",
    "education",
    "automotive",
    "laundry",
    "florist",
    "tailor",
    "homestay",
    "retail",
    "pet_shop",
    "photography",
    "vehicle_rental",
    "aircond_service",
    "electrician",
    "plumber",
    "cleaning",
    "moving",
    "fruit_stall",
    "home_food",
    "grocery",
    "religious_class",
    "tuition",
    "childcare",
    "bridal",
    "barber",
    "massage",
    "physiotherapy",
    "pet_grooming",
    "bicycle_shop",
    "phone_repair",
    "printing",
    "general",
]
BUSINESS_TYPES: tuple[BusinessType, ...] = get_args(BusinessType)

#: How customers are served: come in, book a time, have it delivered, collect it, order from a
#: home kitchen or studio, have the business come to them, or online.
ServiceMode = Literal[
    "walk_in", "appointment", "delivery", "pickup", "home_based", "on_site", "online"
]
SERVICE_MODES: tuple[ServiceMode, ...] = get_args(ServiceMode)

PhoneKind = Literal["mobile", "landline", "toll_free", "international"]
LinkKind = Literal["instagram", "facebook", "tiktok", "website"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Phone(_Model):
    """A phone number as the user gave it, normalised."""

    display: str = Field(description="national format, e.g. 012-345 6789")
    digits: str = Field(
        description="international digits only, e.g. 60123456789 (for wa.me); 1300… as dialled"
    )
    kind: PhoneKind = Field(
        description="mobile, landline, toll_free (1-300/1-800) or international"
    )
    whatsapp: bool = Field(default=False, description="the user labelled it WhatsApp")
    fax: bool = Field(default=False, description="the user labelled it a fax number")

    @property
    def tel_uri(self) -> str:
        # 1-300/1-800 numbers are dialled as they are, only from inside Malaysia.
        return f"tel:{self.digits}" if self.kind == "toll_free" else f"tel:+{self.digits}"

    @property
    def wa_link(self) -> str:
        return f"https://wa.me/{self.digits}"

    @property
    def international(self) -> str:
        return f"+{self.digits}"


class TimeRange(_Model):
    """Opening and closing time, "HH:MM" 24-hour; a close before the open runs past midnight.

    `closes` is None when no closing time was given ("buka 6 pagi sampai habis").
    """

    opens: str = Field(description="opening time, HH:MM (24-hour)")
    closes: str | None = Field(default=None, description="closing time, HH:MM; none given: null")
    until_sold_out: bool = Field(default=False, description="open until sold out ('sampai habis')")


class DayHours(_Model):
    """What the user said about one weekday (0 = Monday … 6 = Sunday)."""

    day: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday")
    ranges: tuple[TimeRange, ...] = Field(default=(), description="the times open that day")
    closed: bool = Field(default=False, description="closed all day")


class OpeningHours(_Model):
    """Opening hours by weekday, only for the days the user spoke about."""

    days: tuple[DayHours, ...] = Field(default=(), description="the days spoken about")
    times_without_days: tuple[TimeRange, ...] = Field(
        default=(), description="times stated with no days, e.g. 'buka 7 pagi - 11 malam'"
    )
    open_days_without_times: tuple[int, ...] = Field(
        default=(), description="days said to be open, with no times given"
    )
    notes: tuple[str, ...] = Field(default=(), description="what else was said, verbatim")

    @property
    def is_empty(self) -> bool:
        return not (
            self.days or self.times_without_days or self.open_days_without_times or self.notes
        )

    def for_day(self, day: int) -> DayHours | None:
        return next((entry for entry in self.days if entry.day == day), None)


class OfferedItem(_Model):
    """An item on the menu or a service, with the price only when the user gave one."""

    name: str = Field(description="the item or service, in the user's words")
    variant: str | None = Field(
        default=None,
        description="who or what this price is for, e.g. 'kanak-kanak', 'small dogs', 'duri hitam'",
    )
    price: Decimal | None = Field(default=None, description="the price in RM, when given")
    price_max: Decimal | None = Field(default=None, description="the top of a price range")
    price_text: str | None = Field(default=None, description="the amount as written, e.g. 1.50")
    price_max_text: str | None = Field(default=None, description="price_max as written")
    price_from: bool = Field(default=False, description="'from RM89', 'bermula RM89'")
    unit: str | None = Field(
        default=None, description="per what: a unit key ('piece', 'kg', 'month', …) or as written"
    )
    note: str | None = Field(
        default=None,
        max_length=160,
        description="the owner's own line under the item (analysis never sets it)",
    )


class Link(_Model):
    """A web presence the user named (Instagram, Facebook, TikTok or their own site)."""

    kind: LinkKind = Field(description="instagram, facebook, tiktok or website")
    url: str = Field(description="an http(s) address")
    label: str = Field(description="what the page shows, e.g. @kedaikek")


class BusinessProfile(_Model):
    """Everything the user said about the business, normalised; never more."""

    description: str = Field(description="the description the facts were read from (not editable)")
    language: Language = Field(description="language of the site")
    source_language: Language = Field(description="language the description is written in")
    name: str | None = Field(default=None, description="the business name, only when given")
    label: str = Field(description="a plain label made from the description, e.g. Kedai Kopi")
    business_type: BusinessType = Field(default="general", description="the kind of business")
    schema_type: str = Field(default="LocalBusiness", description="its schema.org type")
    specialty: str | None = Field(
        default=None, description="what the business is known for, in the user's words"
    )
    area: str | None = Field(default=None, description="town or neighbourhood, e.g. Shah Alam")
    address: str | None = Field(default=None, description="the street address, as given")
    phones: tuple[Phone, ...] = Field(default=(), description="phone numbers, WhatsApp first")
    email: str | None = Field(default=None, description="an e-mail address, when given")
    links: tuple[Link, ...] = Field(default=(), description="Instagram, Facebook, TikTok, a site")
    hours: OpeningHours = Field(default=OpeningHours(), description="opening hours, as said")
    items: tuple[OfferedItem, ...] = Field(default=(), description="menu items or services")
    features: tuple[str, ...] = Field(
        default=(), description="stated features by key: halal, delivery, parking, …"
    )
    established: str | None = Field(default=None, description="year the user said they began")
    highlights: tuple[str, ...] = Field(
        default=(), description="the user's own sentences worth quoting, verbatim"
    )
    notes: tuple[str, ...] = Field(
        default=(),
        description=(
            "facts that fit no other field, in the user's words (shorthand spelled out): "
            "seasons, lead times, conditions, what a service includes, qualifications"
        ),
    )
    modes: tuple[ServiceMode, ...] = Field(
        default=(),
        description="how customers are served, the main way first; empty: the kind's usual way",
    )
    # The owner writes these when correcting a site; analysis leaves them empty.
    tagline: str | None = Field(
        default=None, max_length=120, description="the owner's tagline; replaces the written one"
    )
    about: str | None = Field(
        default=None,
        max_length=1500,
        description="the owner's about text, paragraphs separated by blank lines; replaces ours",
    )

    @property
    def display_name(self) -> str:
        return self.name or self.label

    @property
    def whatsapp(self) -> Phone | None:
        """The number for click-to-chat: one labelled WhatsApp, else the first mobile."""
        labelled = next((p for p in self.phones if p.whatsapp and not p.fax), None)
        if labelled is not None:
            return labelled
        return next((p for p in self.phones if p.kind == "mobile" and not p.fax), None)

    @property
    def whatsapp_link(self) -> str | None:
        phone = self.whatsapp
        return phone.wa_link if phone is not None else None

    @property
    def call_phone(self) -> Phone | None:
        return next((p for p in self.phones if not p.fax), None)

    @property
    def priced_items(self) -> tuple[OfferedItem, ...]:
        return tuple(item for item in self.items if item.price is not None)

    @property
    def location_text(self) -> str | None:
        return self.address or self.area
