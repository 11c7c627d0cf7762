"""The status answer put together from stored JSON text: which text may be spliced, and how."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from bina.api import service, status_body
from bina.api.schemas import JobStatusResponse
from bina.api.status_body import StatusBodies, answer_unchanged
from bina.jobs import Job, JobStatus
from bina.jobs.raw_reads import JobText

CREATED = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
UPDATED = datetime(2026, 1, 2, 3, 4, 9, tzinfo=UTC)
DESIGN = {"style": "modern", "name": "Moden", "description": "d", "html": '<p a="1">\u00e9</p>'}


def as_json(value: Any) -> bytes:
    return json.dumps(value).encode()


def job_text(
    status: JobStatus = JobStatus.COMPLETED,
    *,
    styles: bytes | None = None,
    html: bytes | str | None = None,
    business_type: bytes | str | None = None,
    version: int = 3,
    whole: bool = True,
    error: str | None = None,
) -> JobText:
    styles = as_json([DESIGN]) if styles is None else styles
    completed = status == JobStatus.COMPLETED
    result: Mapping[str, bytes | str | None] | None = None
    if completed:
        result = {"html": html, "styles": styles, "business_type": business_type}
    return JobText(
        job_id="3f0c9a52-8a5e-4c1f-9d4e-2b7f1e6a9c10",
        user_id="public:anonymous",
        status=status,
        progress=140 if completed else 40,
        stage=status.value,
        message='a "message" </script>',
        error=error,
        created_at=CREATED,
        updated_at=UPDATED,
        version=version,
        partial={"styles": styles},
        result=result,
        whole=whole,
    )


def decoded_job(text: JobText) -> Job:
    """The same job as `JobStore.get_job` would give it, its outputs decoded."""

    def decode(outputs: Mapping[str, bytes | str | None]) -> dict[str, Any]:
        return {
            key: json.loads(value) if isinstance(value, bytes) else value
            for key, value in outputs.items()
            if value is not None
        }

    return Job(
        id="x",
        job_id=text.job_id,
        status=text.status,
        progress=text.progress,
        stage=text.stage,
        message=text.message,
        payload={},
        partial=decode(text.partial),
        result=None if text.result is None else decode(text.result),
        error=text.error,
        user_id=text.user_id,
        attempts=1,
        max_attempts=3,
        worker_id=None,
        lease_expires_at=None,
        available_at=None,
        started_at=None,
        finished_at=None,
        created_at=text.created_at,
        updated_at=text.updated_at,
        idempotency_key=None,
        quota_subject=None,
        quota_refunded=False,
        version=text.version,
    )


@pytest.mark.parametrize("status", list(JobStatus))
def test_the_answer_is_the_models_answer_key_for_key(status: JobStatus) -> None:
    text = job_text(
        status, html='<p a="1">h\u00e9 </script>', business_type="cafe", error="it broke"
    )
    body = StatusBodies().body(text)
    assert body is not None
    expected = service.status_response(decoded_job(text)).model_dump_json()
    assert json.loads(body) == json.loads(expected)
    assert list(json.loads(body)) == list(JobStatusResponse.model_fields)


def test_absent_outputs_are_null_and_an_empty_array() -> None:
    text = job_text(JobStatus.COMPLETED)
    empty = JobText(**{**_fields(text), "partial": {"styles": None}, "result": {}})
    answer = json.loads(StatusBodies().body(empty) or b"")
    assert answer["html"] is None and answer["business_type"] is None and answer["styles"] == []


def _fields(text: JobText) -> dict[str, Any]:
    return {name: getattr(text, name) for name in JobText.__dataclass_fields__}


@pytest.mark.parametrize(
    "styles",
    [
        as_json([]),
        as_json([DESIGN, DESIGN]),
        json.dumps([DESIGN], ensure_ascii=False, indent=2).encode(),
        b'[{"html": "\\ud800", "name": "", "style": "\\u0000", "description": "\\/"}]',
    ],
)
def test_stored_designs_of_the_answers_shape_may_be_spliced(styles: bytes) -> None:
    assert answer_unchanged(styles)


@pytest.mark.parametrize(
    "styles",
    [
        pytest.param(as_json([{**DESIGN, "css": ""}]), id="a key too many"),
        pytest.param(as_json([{"style": "modern"}]), id="keys missing"),
        pytest.param(as_json([{**DESIGN, "name": 1}]), id="not a string"),
        pytest.param(as_json([{**DESIGN, "html": None}]), id="null"),
        pytest.param(as_json([DESIGN, "x"]), id="not an object"),
        pytest.param(as_json({"modern": DESIGN}), id="not an array"),
        pytest.param(as_json(json.dumps([DESIGN])), id="JSON text inside JSON"),
        pytest.param(
            b'[{"style": "a", "name": "", "description": "", "html": "", "style": "b"}]',
            id="a key twice",
        ),
        pytest.param(b"[{", id="not JSON"),
        pytest.param(b"\xef\xbb\xbf" + as_json([DESIGN]), id="a byte-order mark"),
        pytest.param(as_json([DESIGN]).replace(b"Moden", b"Mod\xff"), id="not UTF-8"),
        pytest.param(json.dumps([DESIGN]).encode("utf-16"), id="UTF-16"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="too deep"),
        pytest.param(b'[{"style": "a", "name": "", "description": "", "html": NaN}]', id="NaN"),
    ],
)
def test_stored_designs_of_another_shape_are_never_spliced(styles: bytes) -> None:
    assert not answer_unchanged(styles)
    assert StatusBodies().body(job_text(styles=styles)) is None


def test_outputs_stored_as_json_where_the_answer_has_text_are_not_spliced() -> None:
    bodies = StatusBodies()
    assert bodies.body(job_text(html=b"5")) is None
    assert bodies.body(job_text(business_type=b"{}")) is None
    assert bodies.body(job_text(whole=False)) is None


def test_a_version_is_checked_once_and_again_when_its_text_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked: list[bytes] = []

    def counting(styles: bytes) -> bool:
        checked.append(styles)
        return answer_unchanged(styles)

    monkeypatch.setattr(status_body, "answer_unchanged", counting)
    bodies = StatusBodies()
    for _ in range(3):
        assert bodies.body(job_text()) is not None
    assert len(checked) == 1
    assert bodies.body(job_text(version=4)) is not None
    assert len(checked) == 2
    # The same version with other text (a row changed by hand): checked, and refused.
    assert bodies.body(job_text(version=4, styles=as_json([{**DESIGN, "x": ""}]))) is None
    assert len(checked) == 3


def test_the_verdicts_kept_are_bounded() -> None:
    bodies = StatusBodies(max_verdicts=2)
    for version in range(5):
        bodies.body(job_text(version=version))
    assert len(bodies._verdicts) == 2
