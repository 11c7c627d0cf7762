"""The generator's options come from the settings, and carry nothing else of them."""

from __future__ import annotations

from bina.app.handler import generator_options
from bina.config import Settings
from bina.generator import GeneratorOptions, LLMOptions


def test_the_offline_generator_by_default() -> None:
    assert generator_options(Settings(_env_file=None)) == GeneratorOptions()


def test_a_model_and_an_image_service_when_configured() -> None:
    settings = Settings(
        _env_file=None,
        database_url="postgresql://user:secret@db/bina",
        jwt_secret="not-for-the-generator-not-for-the-generator",
        llm_base_url="http://127.0.0.1:9/v1",
        llm_model="m",
        llm_api_key="sk-test",
        llm_timeout_s=3,
        offline_delay_s=1.5,
        image_api_url="https://img.test/search",
    )
    options = generator_options(settings)
    assert options == GeneratorOptions(
        offline_delay_s=1.5,
        image_api_url="https://img.test/search",
        llm=LLMOptions(base_url="http://127.0.0.1:9/v1", model="m", api_key="sk-test", timeout_s=3),
    )
    # The database URL and the token secret never reach the generator.
    assert "secret" not in repr(options) and "not-for-the-generator" not in repr(options)


def test_half_a_model_configuration_is_the_offline_generator() -> None:
    assert generator_options(Settings(_env_file=None, llm_base_url="http://x/v1")).llm is None
