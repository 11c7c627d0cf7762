"""Owners' photos, made safe and small enough to publish.

An upload is untrusted bytes from a phone. `process_photo` accepts only JPEG, PNG, WebP and
HEIC/HEIF (recognised by their bytes, never by the file name), refuses decompression bombs
before decoding a pixel, decodes the image fully, turns it upright (EXIF orientation), maps its
colours to sRGB, shrinks it to at most `MAX_SIDE` pixels on the long side and encodes fresh
WebP pixels plus a thumbnail. Nothing of the original file survives: no EXIF, GPS, XMP,
comments, ICC profile or trailing bytes, so a polyglot (an image with HTML or script appended)
comes out as a plain picture.

This is CPU work for the caller's thread: the API runs it in a thread pool. It touches no
global state except registering pillow-heif's opener with Pillow once.
"""

from __future__ import annotations

import contextlib
import functools
import io
from dataclasses import dataclass
from typing import Final

from PIL import Image, ImageCms, ImageOps

MAX_PHOTO_BYTES: Final = 15 * 1024 * 1024
MAX_SIDE: Final = 1600
THUMB_SIDE: Final = 320
# A 48 MP (8000×6000) or 50 MP (8160×6120) phone photo passes; anything bigger is refused
# before its pixels are decoded (a 50 MP RGB image already takes 150 MB to decode).
MAX_PIXELS: Final = 50_000_000

WEBP_CONTENT_TYPE: Final = "image/webp"
_QUALITY: Final = 80
_THUMB_QUALITY: Final = 75
# libwebp's effort (0 fastest … 6 smallest). On a 1600×1200 photo 4 takes 2.5 times as long
# as 2 (110 ms against 40 on one core) for 2% fewer bytes.
_WEBP_METHOD: Final = 2

# Pillow format names we decode; MPO is how Pillow names a JPEG with extra pictures
# (depth maps, gain maps), as many phone cameras write.
_ACCEPTED: Final = frozenset({"JPEG", "MPO", "PNG", "WEBP", "HEIF"})
_HEIF_BRANDS: Final = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
)
_ACCEPTED_NAMES: Final = "JPEG, PNG, WebP or HEIC"


class PhotoRejected(Exception):
    """An upload that is not a photo Bina takes; `message` is fit to show the owner."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ProcessedPhoto:
    """A re-encoded photo and its thumbnail, both WebP, sizes in pixels as stored."""

    data: bytes
    content_type: str
    width: int
    height: int
    thumb: bytes
    thumb_width: int
    thumb_height: int


def process_photo(data: bytes, *, filename: str | None = None) -> ProcessedPhoto:
    """Check, clean and shrink an uploaded photo, or raise `PhotoRejected`.

    `filename` is only used to name the file in an error message; the format is read from
    the bytes.
    """
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoRejected(
            "photo_too_large",
            f"This photo is larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MB. "
            "Please choose a smaller photo.",
        )
    described = _describe(filename)
    kind = _sniff(data)
    if kind is None:
        raise _rejection_for_other(data, described)
    if kind == "HEIF":
        _register_heif()
    image = _open(data, kind, described)
    try:
        main = _decode_and_shrink(image, described)
    finally:
        image.close()
    thumb = main.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return ProcessedPhoto(
        data=_webp(main, _QUALITY),
        content_type=WEBP_CONTENT_TYPE,
        width=main.width,
        height=main.height,
        thumb=_webp(thumb, _THUMB_QUALITY),
        thumb_width=thumb.width,
        thumb_height=thumb.height,
    )


def _sniff(data: bytes) -> str | None:
    """The accepted format these bytes start like, as Pillow names it, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "HEIF"
    return None


@functools.cache
def _register_heif() -> None:
    """Teach Pillow HEIC, the first time one arrives (registering twice is harmless)."""
    import pillow_heif

    # The primary picture is all we keep; skip decoding thumbnails, depth and aux images.
    pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)


def _rejection_for_other(data: bytes, described: str) -> PhotoRejected:
    """Why bytes that are none of the accepted formats are refused: another format, or junk."""
    if b"<svg" in data[:4096].lower():
        return _unsupported(described, "an SVG drawing")
    name: str | None
    try:
        # Header only, to name the format; nothing is decoded.
        with Image.open(io.BytesIO(data)) as other:
            name = other.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        name = None
    except Exception:
        return _not_an_image(described)
    return _unsupported(described, f"in {name} format" if name else "in a format we cannot use")


def _open(data: bytes, kind: str, described: str) -> Image.Image:
    """Open (header only) with the one decoder `kind` needs, refusing bombs before decoding."""
    try:
        image = Image.open(io.BytesIO(data), formats=[kind])
    # Pillow's own cap (about 179 MP) raises the error; between about 89 and 179 MP it only
    # warns, which is an exception wherever warnings are errors. Both are bombs to us: the
    # process-wide Image.MAX_IMAGE_PIXELS is left alone, our lower cap is checked below.
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb() from None
    except Exception:
        raise _not_an_image(described) from None
    width, height = image.size
    if image.format not in _ACCEPTED or width < 1 or height < 1:
        image.close()
        raise _not_an_image(described)
    if width * height > MAX_PIXELS:
        image.close()
        raise _bomb()
    return image


def _decode_and_shrink(image: Image.Image, described: str) -> Image.Image:
    """The decoded pixels alone: upright, sRGB, RGB or RGBA, at most MAX_SIDE on the long side."""
    width, height = image.size
    scale = min(1.0, MAX_SIDE / max(width, height))
    target = (max(1, round(width * scale)), max(1, round(height * scale)))
    icc = image.info.get("icc_profile")
    try:
        if scale < 1.0:
            # JPEG decodes straight at 1/2, 1/4 or 1/8 size (never below target): a 48 MP
            # photo then takes 9 MB of memory instead of 150. Other formats ignore it.
            image.draft(None, target)
        image.load()
        picture = _normal_mode(image, icc)
        if picture.size != target:
            picture = picture.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    except MemoryError:
        raise
    except Exception:
        # Truncated or corrupt data, or a decoder refusing it: not a usable image.
        raise _not_an_image(described) from None
    # Turned before the colour mapping, which makes a new image without the EXIF saying how.
    # Unreadable EXIF is not worth refusing a photo over: it then stays as stored.
    with contextlib.suppress(Exception):
        ImageOps.exif_transpose(picture, in_place=True)
    picture = _to_srgb(picture, icc if isinstance(icc, bytes) else None)
    if picture.mode == "RGBA" and _opaque(picture):
        picture = picture.convert("RGB")
    return _fresh(picture)


def _normal_mode(image: Image.Image, icc: object) -> Image.Image:
    """The image as RGB or RGBA (CMYK kept when its own ICC profile can convert it)."""
    mode = image.mode
    if mode in ("RGB", "RGBA"):
        return image
    if mode == "CMYK" and isinstance(icc, bytes):
        return image  # converted with its profile by _to_srgb
    if mode.startswith("I;16") or mode == "I":
        # 16-bit greyscale (PNG): scale to 8 bits instead of clipping everything to white.
        return image.convert("I").point(lambda value: value * (1 / 257)).convert("RGB")
    if image.has_transparency_data or mode in ("LA", "La", "PA", "RGBa"):
        return image.convert("RGBA")
    return image.convert("RGB")


def _to_srgb(picture: Image.Image, icc: bytes | None) -> Image.Image:
    """Map the picture's colours to sRGB with its ICC profile, so the profile can be dropped.

    iPhones tag photos Display P3; shown untagged they would look dull. A profile that cannot
    be read or does not match the pixels is ignored (the pixels are taken as sRGB).
    """
    if icc is not None:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            space = source.profile.xcolor_space.strip()
            if picture.mode == "CMYK" and space == "CMYK":
                converted = ImageCms.profileToProfile(
                    picture, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
                )
            elif picture.mode in ("RGB", "RGBA") and space == "RGB":
                if "srgb" in ImageCms.getProfileDescription(source).lower():
                    return picture
                converted = ImageCms.profileToProfile(
                    picture, source, ImageCms.createProfile("sRGB"), outputMode=picture.mode
                )
            else:
                converted = None
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            converted = None
        if converted is not None:
            return converted
    return picture.convert("RGB") if picture.mode == "CMYK" else picture


def _opaque(picture: Image.Image) -> bool:
    low, _ = picture.getchannel("A").getextrema()
    return low == 255


def _fresh(picture: Image.Image) -> Image.Image:
    """A new image holding only the pixels: no info, metadata or anything from the file."""
    return Image.frombytes(picture.mode, picture.size, picture.tobytes())


def _webp(picture: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    picture.save(out, "WEBP", quality=quality, method=_WEBP_METHOD)
    return out.getvalue()


def _describe(filename: str | None) -> str:
    if not filename:
        return "This file"
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join(ch for ch in name if ch.isprintable())[:60]
    return f"“{name}”" if name else "This file"


def _unsupported(described: str, what: str) -> PhotoRejected:
    return PhotoRejected(
        "unsupported_format",
        f"{described} is {what}. Please upload a {_ACCEPTED_NAMES} photo.",
    )


def _not_an_image(described: str) -> PhotoRejected:
    return PhotoRejected(
        "not_an_image",
        f"{described} is not a photo we can open (it may be damaged or only "
        f"partly uploaded). Please upload a {_ACCEPTED_NAMES} photo.",
    )


def _bomb() -> PhotoRejected:
    return PhotoRejected(
        "image_too_large_pixels",
        f"This picture has too many pixels (the limit is {MAX_PIXELS // 1_000_000} megapixels). "
        "Please upload a smaller photo.",
    )
