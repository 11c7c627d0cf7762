"""A status answer's bytes with the designs passed through as the database stores them.

A completed job's status carries every design's HTML (~100 KB). Decoding that from the
database and validating and encoding it again on every poll was most of a poll's cost, so the
answer is put together from the job as stored (`JobStore.get_job_text`): every field but the
designs encoded by `JobStatusResponse` as always, and the designs (`styles`, ~85 KB) spliced in
as the JSON text the database holds.

Splicing is right only when the stored JSON already is what the answer would say, so a job's
`styles` text is checked once per version of the job (a version never changes its content:
the ETag relies on that too): it must be a JSON array of objects with exactly the keys of
`StyleOut`, each a string, which validating it as the answer leaves unchanged. That holds for
every job the generator's handler writes; a row that fails it (written by hand, or by the
system Bina replaced) is answered from the decoded job, exactly as before.
"""

from __future__ import annotations

import json
from typing import Any, Final

from bina.api import site_jobs
from bina.api.schemas import JobStatusResponse, StyleOut
from bina.jobs import JobStatus
from bina.jobs.raw_reads import JobText

#: How many job versions' verdicts a process keeps (a few bytes each).
MAX_VERDICTS = 4096
_STYLE_KEYS: Final = frozenset(StyleOut.model_fields)
_FIELDS: Final = list(JobStatusResponse.model_fields)
_BEFORE_STYLES: Final = set(_FIELDS[: _FIELDS.index("styles")])
_AFTER_STYLES: Final = set(_FIELDS[_FIELDS.index("styles") + 1 :])


class StatusBodies:
    """Makes status answers from `JobText`, remembering which stored styles were checked."""

    def __init__(self, max_verdicts: int = MAX_VERDICTS) -> None:
        self.max_verdicts = max_verdicts
        #: (job id, version) -> (length of the styles text checked, whether it may be spliced)
        self._verdicts: dict[tuple[str, int], tuple[int, bool]] = {}

    def body(self, job: JobText) -> bytes | None:
        """The answer's JSON bytes; None when it must be made from the decoded job."""
        if not job.whole:
            return None
        completed = job.status == JobStatus.COMPLETED
        outputs = job.result if job.result is not None else job.partial
        styles = outputs.get(site_jobs.STYLES)
        result = job.result if job.result is not None else {}
        html, business_type = result.get(site_jobs.HTML), result.get(site_jobs.BUSINESS_TYPE)
        if isinstance(html, bytes) or isinstance(business_type, bytes):
            return None  # JSON where the answer has text: the decoded job says what it is
        if styles is None:
            styles = b"[]"
        elif not isinstance(styles, bytes) or not self._may_splice(job, styles):
            return None
        # Everything but the designs, encoded by the answer's model as it always was.
        fields = JobStatusResponse(
            job_id=job.job_id,
            status=job.status.value,
            progress=100 if completed else max(0, min(job.progress, 100)),
            stage=job.stage,
            message=job.message,
            html=html,
            styles=[],
            error=job.error if job.status == JobStatus.FAILED else None,
            business_type=business_type,
            created_at=job.created_at,
            updated_at=job.updated_at,
        )
        # The model's order: success … html, then styles, then error … updated_at. Bytes
        # straight from the serializer: `model_dump_json` would make a str of the HTML first.
        serializer = JobStatusResponse.__pydantic_serializer__
        before = serializer.to_json(fields, include=_BEFORE_STYLES)
        after = serializer.to_json(fields, include=_AFTER_STYLES)
        return b"".join((before[:-1], b',"styles":', styles, b",", after[1:]))

    def _may_splice(self, job: JobText, styles: bytes) -> bool:
        key = (job.job_id, job.version)
        verdict = self._verdicts.get(key)
        if verdict is not None and verdict[0] == len(styles):
            return verdict[1]
        fine = answer_unchanged(styles)
        if len(self._verdicts) >= self.max_verdicts:
            del self._verdicts[next(iter(self._verdicts))]  # the oldest
        self._verdicts[key] = (len(styles), fine)
        return fine


def answer_unchanged(styles: bytes) -> bool:
    """Whether this stored `styles` JSON is the answer's `styles` as it stands: an array of
    objects with exactly `StyleOut`'s keys, each a string, no key twice."""
    try:
        # Decoded here, not by `json.loads`, which would also take UTF-16 or a byte-order mark.
        decoded = json.loads(styles.decode("utf-8"), object_pairs_hook=_without_repeated_keys)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, a key twice, too deep
        return False
    if not isinstance(decoded, list):
        return False
    return all(
        isinstance(style, dict)
        and style.keys() == _STYLE_KEYS
        and all(type(value) is str for value in style.values())
        for style in decoded
    )


def _without_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    decoded = dict(pairs)
    if len(decoded) != len(pairs):
        # A parser keeps one of them, and which one is not the same everywhere.
        raise ValueError("a key appears twice")
    return decoded
