"""The status answer spliced from the stored JSON text says exactly what the decoded job says.

For every state of a job, on SQLite and PostgreSQL, with hostile text in the designs and the
messages, the answer the route gives (the designs passed through as stored) equals, parsed,
the answer made the old way: the decoded job validated as `JobStatusResponse`. Rows whose
stored designs do not already have the answer's shape (written by hand, or by the system Bina
replaced) are answered from the decoded job, and say the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bina.api import service
from bina.api.status_body import StatusBodies
from bina.jobs import Claim, JobStore
from tests.api_helpers import Api, JobDriver, assert_error, distinct, style
from tests.job_helpers import site_result

#: Text a design, a message or an error might hold, and that a careless splice would break.
HOSTILE = [
    'quotes " \\" \\\\" and a backslash at the end \\',
    '</script><script>alert(1)</script><!-- ]]> &amp; {"x": [1]}',
    "Kedai Mak Cik — nasi lemak RM5 🍛, عربي, 中文, \u2028\u2029 \t\n\r",
    "\x01\x1f\x7f control characters",
    "\ud83d\ude00 a surrogate pair, escaped on the way in",
]
#: Only SQLite keeps these: PostgreSQL's jsonb refuses them.
SQLITE_ONLY = ["a lone surrogate \ud800 escaped", "a NUL \x00 escaped"]
#: Text columns (messages, errors) hold no surrogates at all, escaped or not.
MESSAGES = [text for text in HOSTILE if not any(0xD800 <= ord(c) <= 0xDFFF for c in text)]


def hostile(database_url: str) -> list[str]:
    return HOSTILE + (SQLITE_ONLY if database_url.startswith("sqlite") else [])


def hostile_styles(texts: list[str]) -> list[dict[str, str]]:
    return [
        {
            "style": f"style-{index} {text}",
            "name": text,
            "description": text,
            "html": f"<!doctype html><title>{text}</title><script>var s = {json.dumps(text)};"
            f"</script><p>{text}</p>" * 20,
        }
        for index, text in enumerate(texts)
    ]


async def start(api: Api) -> str:
    response = await api.client().post(
        "/api/generate/start", json={"description": distinct("Kedai kopi di Ipoh")}
    )
    assert response.status_code == 202, response.text
    job_id: str = response.json()["job_id"]
    return job_id


async def old_answer(store: JobStore, job_id: str) -> dict[str, Any]:
    """The answer as it was made before splicing: the decoded job, validated and dumped."""
    job = await store.get_job(job_id)
    assert job is not None
    return service.status_response(job).model_dump(mode="json")


async def assert_same_answer(api: Api, job_id: str, *, spliced: bool) -> dict[str, Any]:
    """The route's answer equals the old one; `spliced`: it was made from the stored text."""
    store = api.store
    text = await store.get_job_text(job_id)
    assert text is not None
    made = StatusBodies().body(text)
    assert (made is not None) == spliced
    expected = await old_answer(store, job_id)
    if made is not None:
        assert json.loads(made) == expected
        assert list(json.loads(made)) == list(expected)  # the keys in the same order
    response = await api.client().get(f"/api/generate/status/{job_id}")
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "application/json"
    assert json.loads(response.content) == expected
    job = await store.get_job(job_id)
    assert job is not None and response.headers["etag"] == service.etag(job)
    return expected


async def test_every_state_with_hostile_text_says_what_the_decoded_job_says(
    api: Api, database_url: str
) -> None:
    texts = hostile(database_url)
    store, driver = api.store, api.driver

    queued = await start(api)
    await assert_same_answer(api, queued, spliced=True)

    running = await start(api)
    claim = await driver.claim(running)
    for index in range(1, len(texts) + 1):
        message = MESSAGES[(index - 1) % len(MESSAGES)]
        partial = {"styles": hostile_styles(texts[:index])}
        await store.report_progress(
            claim, stage="styles", progress=40, message=message, partial=partial
        )
        answer = await assert_same_answer(api, running, spliced=True)
        assert len(answer["styles"]) == index and answer["message"] == message

    designs = hostile_styles(texts)
    result = site_result(designs[0]["html"], designs, business_type=MESSAGES[1], profile={"x": 1})
    await store.complete(claim, result)
    done = await assert_same_answer(api, running, spliced=True)
    # As JSON carries them: an escaped surrogate pair comes back as the one character it is.
    assert done["status"] == "completed" and done["styles"] == json.loads(json.dumps(designs))
    assert done["html"] == designs[0]["html"] and done["business_type"] == MESSAGES[1]

    failed = await start(api)
    claim = await driver.claim(failed)
    await store.report_progress(
        claim, stage="styles", progress=60, partial={"styles": hostile_styles(texts[:2])}
    )
    await store.fail(claim, MESSAGES[2], retry_in=None)
    answer = await assert_same_answer(api, failed, spliced=True)
    assert answer["status"] == "failed" and answer["error"] == MESSAGES[2]

    canceled = await start(api)
    claim = await driver.claim(canceled)
    await store.report_progress(
        claim, stage="styles", progress=50, partial={"styles": hostile_styles(texts[:1])}
    )
    await store.cancel(canceled)
    answer = await assert_same_answer(api, canceled, spliced=True)
    assert answer["status"] == "canceled" and len(answer["styles"]) == 1


async def test_designs_stored_by_another_writer_are_passed_on_when_they_have_the_shape(
    api: Api, database_url: str
) -> None:
    """Raw UTF-8, other escapes, other spacing and another key order: still the same JSON."""
    job_id = await start(api)
    await JobDriver(api.store).claim(job_id)
    text = (
        '[ {"html": "<p>caf\\u00e9 \\/ caf\u00e9 \\"x\\"</p>",\n  "description": "\U0001f35b",'
        ' "name": "Moden", "style": "modern"} ]'
    )
    await write_styles(database_url, job_id, text)
    answer = await assert_same_answer(api, job_id, spliced=True)
    assert answer["styles"][0]["html"] == '<p>café / café "x"</p>'


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param([{**style("modern"), "css": "body{}"}], id="a key the answer drops"),
        pytest.param([{"style": "modern", "html": "<p>m</p>"}], id="keys the answer adds"),
        pytest.param([style("modern"), "not a design", 7, None], id="entries that are not designs"),
        pytest.param({"modern": style("modern")}, id="not an array"),
        pytest.param(json.dumps([style("modern")]), id="JSON text inside JSON"),
    ],
)
async def test_designs_without_the_answers_shape_are_answered_from_the_decoded_job(
    api: Api, database_url: str, stored: Any
) -> None:
    job_id = await start(api)
    await JobDriver(api.store).claim(job_id)
    await write_styles(database_url, job_id, json.dumps(stored))
    await assert_same_answer(api, job_id, spliced=False)


async def test_a_key_written_twice_is_answered_from_the_decoded_job(
    api: Api, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's jsonb keeps one of the keys as it stores the value")
    job_id = await start(api)
    await JobDriver(api.store).claim(job_id)
    text = '[{"style": "a", "name": "n", "description": "d", "html": "h", "style": "b"}]'
    await write_styles(database_url, job_id, text)
    answer = await assert_same_answer(api, job_id, spliced=False)
    assert answer["styles"][0]["style"] == "b"


async def test_a_completed_job_without_an_outputs_column_is_answered_from_the_decoded_job(
    api: Api,
) -> None:
    """A value missing from its column may be in the job's JSON rest, where only the decoded
    job finds it (rows written by hand): such a job is answered from the decoded job."""
    job_id = await start(api)
    claim: Claim = await api.driver.claim(job_id)
    designs = [style("modern")]
    await api.store.complete(claim, site_result(designs[0]["html"], designs, copy_source="test"))
    answer = await assert_same_answer(api, job_id, spliced=False)
    assert answer["business_type"] is None and answer["styles"] == designs


async def test_a_changed_design_is_checked_again(api: Api, database_url: str) -> None:
    """What was found spliceable is remembered per version of the job: a new version whose
    designs lost the answer's shape is answered from the decoded job."""
    job_id = await start(api)
    await JobDriver(api.store).claim(job_id)
    await write_styles(database_url, job_id, json.dumps([style("modern")]))
    await assert_same_answer(api, job_id, spliced=True)
    await write_styles(database_url, job_id, json.dumps([{**style("modern"), "extra": 1}]))
    await assert_same_answer(api, job_id, spliced=False)


async def test_head_and_conditional_polls_keep_their_answers(api: Api) -> None:
    job_id = await start(api)
    await api.driver.run_through(job_id)
    client = api.client()
    full = await client.get(f"/api/generate/status/{job_id}")
    head = await client.head(f"/api/generate/status/{job_id}")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(full.content))
    assert head.headers["etag"] == full.headers["etag"]
    unchanged = await client.get(
        f"/api/generate/status/{job_id}", headers={"If-None-Match": full.headers["etag"]}
    )
    assert unchanged.status_code == 304 and unchanged.content == b""
    stale = await client.get(f"/api/generate/status/{job_id}", headers={"If-None-Match": 'W/"x"'})
    assert stale.status_code == 200 and stale.content == full.content


# --- writing a row as another program would ------------------------------------------------


async def write_styles(database_url: str, job_id: str, text: str) -> None:
    """Store `text` as the job's `styles`, as is, and bump its version (as any change does)."""
    statement = "UPDATE generation_jobs SET styles = {value}, version = version + 1 WHERE job_id = "
    if database_url.startswith("sqlite"):
        path = make_url(database_url).database
        assert path

        def write() -> None:
            with contextlib.closing(sqlite3.connect(path)) as connection, connection:
                connection.execute(statement.format(value="?") + "?", (text, job_id))

        await asyncio.to_thread(write)
        return
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(statement.format(value="$1::jsonb") + "$2", text, job_id)
    finally:
        await connection.close()


@pytest.mark.parametrize(
    ("wait", "kind"),
    [
        ("31", "less_than_equal"),
        ("-1", "greater_than_equal"),
        ("soon", "float_parsing"),
        ("", "float_parsing"),
        ("nan", "less_than_equal"),
    ],
)
async def test_a_wait_out_of_range_is_refused_with_422(api: Api, wait: str, kind: str) -> None:
    """`?wait=` read by hand is checked by the same rule FastAPI applied, in the same shape."""
    job_id = await start(api)
    response = await api.client().get(f"/api/generate/status/{job_id}?wait={wait}")
    body = assert_error(response, 422, "validation_error")
    assert body["details"] == [
        {"loc": ["query", "wait"], "msg": body["details"][0]["msg"], "type": kind}
    ]
    assert body["message"].startswith("query.wait: ")


async def test_the_parameters_are_read_as_declared(api: Api) -> None:
    """`token`, `wait` and `If-None-Match` reach the route: a later `wait` wins, as in FastAPI."""
    job_id = await start(api)
    client = api.client()
    tag = (await client.get(f"/api/generate/status/{job_id}")).headers["etag"]
    answered = await client.get(
        f"/api/generate/status/{job_id}?wait=soon&wait=0.2&token=", headers={"If-None-Match": tag}
    )
    assert answered.status_code == 304
