"""Whether a database's schema revision leaves this code's migrations pending."""

from __future__ import annotations

import pytest

from bina.jobs.migrate import ScriptRevisions, script_revisions

SCRIPTS = ScriptRevisions(heads=frozenset({"0003"}), known=frozenset({"0001", "0002", "0003"}))


@pytest.mark.parametrize(
    ("applied", "pending"),
    [
        (set(), True),  # never migrated
        ({"0001"}, True),
        ({"0002"}, True),
        ({"0003"}, False),  # at the head
        ({"0004_later"}, False),  # a newer release migrated it: its migrations only add
        ({"0003", "0002"}, True),  # two branches, one behind
    ],
)
def test_pending_only_when_the_database_is_behind(applied: set[str], pending: bool) -> None:
    assert SCRIPTS.pending(frozenset(applied)) is pending


def test_the_project_scripts_have_one_head_that_they_know() -> None:
    scripts = script_revisions()
    assert len(scripts.heads) == 1
    assert scripts.heads <= scripts.known
    assert not scripts.pending(scripts.heads)
