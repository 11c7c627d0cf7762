"""The pipeline: stages and percentages, callbacks, errors, pacing, image providers."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import itertools
import json
import time
from typing import Any

import httpx
import pytest

from bina.generator import (
    GenerationError,
    GenerationResult,
    GeneratorOptions,
    LLMOptions,
    ProgressUpdate,
    SitePipeline,
    StyleResult,
)
from bina.generator.analyze import analyze
from bina.generator.errors import EmptyDescriptionError
from bina.generator.images import HttpImages, ImageSet, OfflineImages, draw_images

DESCRIPTION = (
    "Warung Pak Mat di Kampung Baru. Nasi lemak RM7, teh tarik RM2. "
    "Buka setiap hari 7 pagi - 11 malam. WhatsApp 012-345 6789"
)


def options(**overrides: Any) -> GeneratorOptions:
    """GeneratorOptions from the flat names of the settings they come from."""
    llm = None
    if "llm_model" in overrides:
        llm = LLMOptions(
            base_url=overrides.pop("llm_base_url"),
            model=overrides.pop("llm_model"),
            api_key=overrides.pop("llm_api_key", None),
        )
    return GeneratorOptions(llm=llm, **overrides)


class JobCanceled(Exception):
    """Stands in for the job system's cancellation."""


async def test_progress_stages_and_percentages() -> None:
    updates: list[ProgressUpdate] = []

    async def record(update: ProgressUpdate) -> None:
        updates.append(update)

    pipeline = SitePipeline(options())
    result = await pipeline.generate(DESCRIPTION, "ms", record)
    await pipeline.aclose()
    assert [(u.stage, u.progress) for u in updates] == [
        ("analyzing", 10),
        ("analyzing", 20),
        ("analyzing", 25),
        ("images", 30),
        ("styles", 40),
        ("styles", 57),
        ("styles", 73),
        ("styles", 90),
        ("completed", 100),
    ]
    finished = [u.style for u in updates if u.style is not None]
    assert [s.style for s in finished] == ["modern", "minimal", "bold"]
    assert finished == result.styles
    assert all(u.message for u in updates)
    assert updates[0].message.startswith("Membaca")


async def test_each_style_is_handed_over_as_soon_as_it_is_done() -> None:
    seen_when_called: list[int] = []
    styles: list[StyleResult] = []

    async def record(update: ProgressUpdate) -> None:
        if update.style is not None:
            styles.append(update.style)
            seen_when_called.append(len(styles))
            assert update.style.html.startswith("<!doctype html>")

    pipeline = SitePipeline(options())
    await pipeline.generate(DESCRIPTION, "en", record)
    assert seen_when_called == [1, 2, 3]


async def test_english_messages() -> None:
    messages: list[str] = []

    async def record(update: ProgressUpdate) -> None:
        messages.append(update.message)

    await SitePipeline(options()).generate(DESCRIPTION, "en", record)
    assert messages[0] == "Reading your business description…"
    assert messages[-1] == "Done! 3 designs ready to preview."


@pytest.mark.parametrize("fail_at", [10, 30, 57, 100])
async def test_exceptions_from_the_callback_propagate_unchanged(fail_at: int) -> None:
    calls: list[int] = []
    error = JobCanceled("job canceled")

    async def cancel(update: ProgressUpdate) -> None:
        calls.append(update.progress)
        if update.progress == fail_at:
            raise error

    with pytest.raises(JobCanceled) as raised:
        await SitePipeline(options()).generate(DESCRIPTION, "ms", cancel)
    assert raised.value is error
    assert calls[-1] == fail_at  # nothing ran after the callback raised


async def test_cancellation_propagates() -> None:
    async def cancel(update: ProgressUpdate) -> None:
        if update.stage == "styles":
            raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await SitePipeline(options()).generate(DESCRIPTION, "ms", cancel)


async def test_task_cancel_during_pacing_stops_generation() -> None:
    pipeline = SitePipeline(options(offline_delay_s=5))
    task = asyncio.create_task(pipeline.generate(DESCRIPTION))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


@pytest.mark.parametrize("text", ["", "   ", "🍜🍜", "ok"])
async def test_unusable_description_raises_and_never_succeeds_empty(text: str) -> None:
    with pytest.raises(GenerationError):
        await SitePipeline(options()).generate(text)


async def test_error_message_in_the_jobs_language() -> None:
    with pytest.raises(EmptyDescriptionError) as raised:
        await SitePipeline(options()).generate("", "ms")
    assert "kosong" in raised.value.message
    assert raised.value.code == "description_empty"
    assert raised.value.user_error


async def test_offline_delay_paces_the_stages() -> None:
    times: list[float] = []

    async def record(update: ProgressUpdate) -> None:
        times.append(time.perf_counter())

    started = time.perf_counter()
    await SitePipeline(options(offline_delay_s=0.6)).generate(DESCRIPTION, "ms", record)
    total = time.perf_counter() - started
    assert 0.55 <= total < 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert sum(1 for gap in gaps if gap >= 0.05) >= 5  # spread over the stages


async def test_result_is_complete_and_serialisable() -> None:
    result = await SitePipeline(options()).generate(DESCRIPTION, "ms")
    assert result.copy_source == "offline"
    assert result.warnings == []
    assert result.business_type == "restaurant" == result.profile.business_type
    assert len(result.styles) == 3 and all(s.html for s in result.styles)
    again = GenerationResult.model_validate_json(result.model_dump_json())
    assert again == result


async def test_generation_is_deterministic() -> None:
    first = await SitePipeline(options()).generate(DESCRIPTION, "ms")
    second = await SitePipeline(options()).generate(DESCRIPTION, "ms")
    assert [s.html for s in first.styles] == [s.html for s in second.styles]


async def test_concurrent_generations_do_not_interfere() -> None:
    pipeline = SitePipeline(options())
    texts = [DESCRIPTION, "Kedai Kopi Ah Seng di Ipoh. Kopi RM2.", "Salon Ayu di Bangi. RM15."]
    results = await asyncio.gather(*(pipeline.generate(text) for text in texts))
    assert [r.profile.description for r in results] == texts
    await pipeline.aclose()


# --- images -----------------------------------------------------------------------------------

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _image_service(fail: bool = False) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/search":
            if fail:
                return httpx.Response(503)
            images = [{"url": f"https://img.test/{i}.png", "alt": f"Gambar {i}"} for i in range(5)]
            return httpx.Response(200, json={"images": images})
        return httpx.Response(200, content=PNG, headers={"content-type": "image/png"})

    return httpx.MockTransport(handle)


async def test_http_images_are_embedded_as_data_uris() -> None:
    client = httpx.AsyncClient(transport=_image_service())
    provider = HttpImages("https://img.test/search", client=client)
    pipeline = SitePipeline(options(), image_provider=provider)
    result = await pipeline.generate(DESCRIPTION, "ms")
    await client.aclose()
    html = result.styles[0].html
    assert 'src="data:image/png;base64,' in html
    assert 'alt="Gambar 0"' in html
    assert "https://img.test" not in html
    assert result.warnings == []


async def test_failing_image_service_falls_back_to_offline_art() -> None:
    client = httpx.AsyncClient(transport=_image_service(fail=True))
    provider = HttpImages("https://img.test/search", client=client)
    result = await SitePipeline(options(), image_provider=provider).generate(DESCRIPTION)
    await client.aclose()
    assert any("offline art" in warning for warning in result.warnings)
    assert 'role="img"' in result.styles[0].html


async def test_offline_images_fit_the_kind_and_have_alt_text() -> None:
    bakery = draw_images(analyze("Kedai kek Mama di Ipoh, kek coklat RM80", "ms"))
    workshop = draw_images(analyze("Bengkel kereta Ah Kow di Klang, tukar minyak RM80", "en"))
    assert "kek" in bakery.hero.alt
    assert "car" in workshop.hero.alt
    # Drawings never pose as a photo gallery: each design gets its own hero instead.
    assert bakery.gallery == ()
    assert set(bakery.heroes) == {"modern", "minimal", "bold"}
    assert all(image.alt and image.svg for image in (bakery.hero, *bakery.heroes.values()))
    provided = await OfflineImages().images(analyze("Kedai kek Mama di Ipoh", "ms"))
    assert isinstance(provided, ImageSet)


async def test_art_contains_no_user_text() -> None:
    profile = analyze('Kedai "<script>x</script>" kek di Ipoh', "ms")
    images = draw_images(profile)
    for image in (images.hero, *images.heroes.values(), *images.gallery):
        assert "script" not in (image.svg or "")


def test_settings_select_the_image_provider() -> None:
    pipeline = SitePipeline(options(image_api_url="https://img.test/search"))
    assert isinstance(pipeline._images, HttpImages)
    asyncio.run(pipeline.aclose())
    assert isinstance(SitePipeline(options())._images, OfflineImages)
    json.dumps(dataclasses.asdict(options()))


def test_warm_up_renders_offline_and_asks_no_service() -> None:
    # Warm-up runs at startup: it must not call the model or the image service, even when
    # they are configured (an unreachable one here would fail the call).
    calls: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return httpx.Response(500)

    client = httpx.AsyncClient(transport=httpx.MockTransport(refuse))
    provider = HttpImages("https://img.test/search", client=client)
    pipeline = SitePipeline(
        options(llm_api_key="sk-test", llm_base_url="http://127.0.0.1:9/v1", llm_model="m"),
        image_provider=provider,
    )
    assert pipeline._copy_writer is not None  # the model is configured...
    pipeline.warm_up()
    assert calls == []  # ...and neither it nor the image service was asked


async def test_generation_after_warm_up_is_the_same() -> None:
    cold = await SitePipeline(options()).generate(DESCRIPTION)
    warm_pipeline = SitePipeline(options())
    warm_pipeline.warm_up()
    warm = await warm_pipeline.generate(DESCRIPTION)
    assert [s.html for s in warm.styles] == [s.html for s in cold.styles]
