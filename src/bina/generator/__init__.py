"""Description → finished website: analysis, copy, images, styles and rendering.

The generator knows nothing about jobs or HTTP; `SitePipeline` is its entry point.
"""

from bina.generator.analyze import analyze
from bina.generator.errors import GenerationError
from bina.generator.options import GeneratorOptions, LLMOptions
from bina.generator.pipeline import (
    GenerationResult,
    ProgressCallback,
    ProgressUpdate,
    SitePipeline,
    StyleResult,
)
from bina.generator.profile import BusinessProfile

__all__ = [
    "BusinessProfile",
    "GenerationError",
    "GenerationResult",
    "GeneratorOptions",
    "LLMOptions",
    "ProgressCallback",
    "ProgressUpdate",
    "SitePipeline",
    "StyleResult",
    "analyze",
]
