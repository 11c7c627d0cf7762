"""Description → finished website: analysis, copy, images, styles and rendering.

The generator knows nothing about jobs or HTTP; `SitePipeline` is its entry point. A site
made from one of its designs is re-rendered with `render_site_page` and corrected with
`apply_profile_edit`.
"""

from bina.generator.analyze import analyze, check_description
from bina.generator.copy import SiteCopy
from bina.generator.errors import GenerationError
from bina.generator.options import GeneratorOptions, LLMOptions
from bina.generator.pipeline import (
    Draft,
    GenerationResult,
    ProgressCallback,
    ProgressUpdate,
    SitePipeline,
    StyleResult,
)
from bina.generator.profile import BUSINESS_TYPES, BusinessProfile
from bina.generator.profile_edit import ProfileEditError, apply_profile_edit
from bina.generator.site_page import (
    PageLinks,
    PagePhoto,
    PagePhotos,
    default_palette,
    design_copy,
    kind_label,
    palette_keys,
    render_site_page,
    style_keys,
)

__all__ = [
    "BUSINESS_TYPES",
    "BusinessProfile",
    "Draft",
    "GenerationError",
    "GenerationResult",
    "GeneratorOptions",
    "LLMOptions",
    "PageLinks",
    "PagePhoto",
    "PagePhotos",
    "ProfileEditError",
    "ProgressCallback",
    "ProgressUpdate",
    "SiteCopy",
    "SitePipeline",
    "StyleResult",
    "analyze",
    "apply_profile_edit",
    "check_description",
    "default_palette",
    "design_copy",
    "kind_label",
    "palette_keys",
    "render_site_page",
    "style_keys",
]
