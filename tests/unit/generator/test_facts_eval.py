"""The facts evaluation set: every fact of every case in tests/facts/cases.toml is read right.

Each case is a description as an owner types it, with the facts a careful human reads from
it; the test fails with expected and got for each wrong field. The set itself is checked
too: big enough, every kind of business and both site languages, only known keys and units.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from bina.generator.profile import BUSINESS_TYPES
from tests.facts import scoring
from tests.facts.scoring import (
    FEATURE_KEYS,
    HOLDOUT_PATH,
    MODE_KEYS,
    UNIT_KEYS,
    Case,
    CaseError,
    accuracy,
    explain,
    load_cases,
    score_case,
)

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case_facts_are_read_right(case: Case) -> None:
    result = score_case(case)
    if not result.ok:
        pytest.fail(f"{explain(result)}\n  text: {case.text}", pytrace=False)


def test_the_set_is_big_and_covers_every_kind_twice() -> None:
    assert len(CASES) >= 100
    kinds = Counter(case.kind for case in CASES)
    assert {kind for kind in BUSINESS_TYPES if kinds[kind] < 2} == set()
    assert set(kinds) <= set(BUSINESS_TYPES)


def test_the_set_has_both_site_languages() -> None:
    languages = Counter(case.language for case in CASES)
    assert languages["ms"] > languages["en"] >= 20


def test_every_key_mode_and_unit_in_the_sets_is_known() -> None:
    cases = [*CASES, *load_cases(HOLDOUT_PATH)]
    features = {key for case in cases for key in (*(case.features or ()), *case.not_features)}
    modes = {mode for case in cases for mode in case.modes}
    units = {item.unit for case in cases for item in case.items if item.unit is not None}
    assert features - FEATURE_KEYS == set()
    assert modes - MODE_KEYS == set()
    assert units - UNIT_KEYS == set()


def test_every_case_is_well_formed() -> None:
    for case in CASES:
        assert case.text.strip() and case.names, case.id
        assert all(phone.isdigit() for phone in case.phones), case.id
        assert case.whatsapp is None or case.whatsapp in case.phones, case.id
        assert len(case.text) <= 600, case.id


# --- the scorer itself -----------------------------------------------------------------------


def test_the_holdout_set_loads_with_distinct_ids() -> None:
    holdout = load_cases(HOLDOUT_PATH)
    assert len(holdout) >= 25
    assert not {case.id for case in holdout} & {case.id for case in CASES}


def test_a_wrong_fact_is_reported_with_expected_and_got() -> None:
    case = replace(CASES[0], kind="bakery", phones=("60000000000",))
    result = score_case(case)
    wrong = {field.label: field for field in result.wrong}
    assert wrong["kind"].expected == "bakery"
    assert wrong["phones"].got != "['60000000000']"
    assert "kind: expected 'bakery'" in explain(result)


def test_a_reader_error_makes_every_field_wrong_without_raising(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(text: str, language: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(scoring, "analyze", broken)
    result = score_case(CASES[0])
    assert result.error is not None and "boom" in result.error
    assert result.fields and not any(field.ok for field in result.fields)
    right, total = accuracy([result])["overall"]
    assert right == 0 and total == len(result.fields)


def test_a_malformed_case_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        '[[case]]\nid = "x"\nlanguage = "ms"\ntext = "t"\nname = ["X"]\nkind = "cafe"\n'
        'area = ""\nphones = []\n[case.hours]\nmon = "9am-5pm"\n',
        encoding="utf-8",
    )
    with pytest.raises(CaseError):
        load_cases(path)
