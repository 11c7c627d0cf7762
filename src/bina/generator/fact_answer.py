"""The shape of the facts a model reads from a description: what its JSON answer may hold.

Lenient where a plain-JSON answer is commonly loose (a number for a price, "Isnin" for a day,
a list longer than anyone needs: cut, not refused); every value is still only a claim until
`fact_merge` has found it in the description.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_WORDS: dict[str, str] = {
    "mon": r"isnin|mondays?|mon",
    "tue": r"selasa|tuesdays?|tues?",
    "wed": r"rabu|wednesdays?|wed",
    "thu": r"khamis|thursdays?|thurs?|thu",
    "fri": r"jumaat|jumat|fridays?|fri",
    "sat": r"sabtu|saturdays?|sat",
    "sun": r"ahad|minggu|sundays?|sun",
}


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ReadItem(_Answer):
    name: str = Field(min_length=1, max_length=150)
    variant: str | None = Field(default=None, max_length=100)
    price: str | None = Field(default=None, max_length=60)
    unit: str | None = Field(default=None, max_length=40)

    @field_validator("price", mode="before")
    @classmethod
    def _number_as_text(cls, value: object) -> object:
        return (
            str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
        )


class ReadRange(_Answer):
    opens: str
    closes: str | None = None

    @field_validator("opens", "closes")
    @classmethod
    def _clock(cls, value: str | None) -> str | None:
        if value is None:
            return None
        match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", value)
        if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59:
            raise ValueError("a time is HH:MM")
        return f"{int(match.group(1)) % 24:02d}:{match.group(2)}"


class ReadDay(_Answer):
    day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    closed: bool = False
    ranges: list[ReadRange] = Field(default_factory=list, max_length=3)

    @field_validator("day", mode="before")
    @classmethod
    def _day(cls, value: object) -> object:
        # "Monday", "Isnin", "jumaat": plain-JSON answers do not always use the keys.
        if isinstance(value, str):
            plain = value.strip().lower()
            for key, pattern in DAY_WORDS.items():
                if re.fullmatch(pattern, plain):
                    return key
        return value


# How many of each list are looked at; a longer list is cut, not refused.
_LIST_LIMITS = {
    "phones": 8,
    "items": 40,
    "hours": 14,
    "features": 24,
    "modes": 7,
    "notes": 10,
}


class ReadFacts(_Answer):
    """The facts a model read; every one is checked against the text before it is used."""

    name: str | None = Field(default=None, max_length=150)
    business_type: str | None = None
    area: str | None = Field(default=None, max_length=150)
    address: str | None = Field(default=None, max_length=400)
    phones: list[str] = Field(default_factory=list)
    email: str | None = Field(default=None, max_length=200)
    items: list[ReadItem] = Field(default_factory=list)
    hours: list[ReadDay] = Field(default_factory=list)
    features: list[str] = Field(default_factory=list)
    modes: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    established: str | None = Field(default=None, max_length=20)
    specialty: str | None = Field(default=None, max_length=150)

    @model_validator(mode="before")
    @classmethod
    def _cut_lists(cls, data: object) -> object:
        if isinstance(data, dict):
            data = dict(data)
            if isinstance(data.get("established"), int) and not isinstance(
                data["established"], bool
            ):
                data["established"] = str(data["established"])
            if isinstance(data.get("phones"), list):
                data["phones"] = [str(p) if isinstance(p, int) else p for p in data["phones"]]
            for key, limit in _LIST_LIMITS.items():
                if isinstance(data.get(key), list):
                    data[key] = data[key][:limit]
                elif data.get(key) is None:
                    data.pop(key, None)  # null for a list: nothing read
        return data
