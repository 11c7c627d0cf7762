"""Real image files built with Pillow, for the photo and preview-card tests.

Each helper returns the bytes a phone or a hostile client could upload: photos with GPS and
orientation EXIF, transparent PNGs, WebP, HEIC, a PNG whose header claims a bomb's size, and
a photo-like 12 MP JPEG for timing.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

from PIL import ExifTags, Image, ImageDraw

RED = (220, 30, 30)
BLUE = (30, 60, 220)


def marked(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A blue picture with a red block in its top-left corner, to tell how it was turned."""
    image = Image.new("RGB", size, BLUE)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 4, size[1] // 4), fill=RED)
    return image.convert(mode) if mode != "RGB" else image


def encode(image: Image.Image, fmt: str, **params: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def phone_exif(orientation: int) -> Image.Exif:
    """EXIF as a phone writes it: camera, orientation, a comment and a GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretPhoneMaker"
    exif[ExifTags.Base.Model] = "Model X"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.ImageDescription] = "home of the owner"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (3.0, 8.0, 51.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (101.0, 41.0, 12.0),
    }
    return exif


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="3,8.85N" '
    b'exif:GPSLongitude="101,41.2E"/></rdf:RDF></x:xmpmeta>'
)


def phone_jpeg(size: tuple[int, int] = (3000, 2000), orientation: int = 6) -> bytes:
    """A marked JPEG with EXIF (GPS, orientation), XMP and a comment, as cameras save them."""
    return encode(
        marked(size),
        "JPEG",
        quality=90,
        exif=phone_exif(orientation),
        xmp=XMP,
        comment=b"shot at the owner's house",
    )


def photo_like(size: tuple[int, int], seed: int = 7) -> Image.Image:
    """A picture with gradients, shapes and sensor-like noise: compresses like a photo."""
    width, height = size
    small = (max(1, width // 8), max(1, height // 8))
    red = Image.linear_gradient("L").resize(small)
    green = Image.radial_gradient("L").resize(small)
    blue = Image.effect_noise(small, 60).point(lambda value: value // 2 + 64)
    base = Image.merge("RGB", (red, green, blue)).resize(size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(base)
    for index in range(40):
        x = (index * 7919 * seed) % width
        y = (index * 104729 * seed) % height
        radius = 40 + (index * 37) % 300
        colour = ((index * 53) % 256, (index * 97) % 256, (index * 151) % 256)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    grain = Image.effect_noise(size, 24).convert("RGB")
    return Image.blend(base, grain, 0.18)


def twelve_megapixel_jpeg() -> bytes:
    """A 4000×3000 photo-like JPEG of roughly 4 MB, like a phone camera's."""
    return encode(photo_like((4000, 3000)), "JPEG", quality=95, exif=phone_exif(1))


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`×`height` pixels: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


def heic(image: Image.Image, **params: Any) -> bytes:
    """`image` encoded as HEIC by pillow-heif (registered here for saving)."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    return encode(image, "HEIF", **params)


def heic_encoder_missing() -> str | None:
    """Why this pillow-heif build cannot write HEIC, or None when it can."""
    import pillow_heif

    if not pillow_heif.libheif_info().get("HEIF"):
        return "this pillow-heif build has no HEVC encoder, so no HEIC can be made for the test"
    return None


def swapped_primaries_profile() -> bytes:
    """An RGB ICC profile that is not sRGB: sRGB with its red and green primaries swapped.

    Pixels tagged with it mean green where they say red, so a photo whose colours were mapped
    to sRGB shows it plainly (a real Display P3 profile would change them only subtly).
    """
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (count,) = struct.unpack(">I", profile[128:132])
    entries = {bytes(profile[at : at + 4]): at for at in range(132, 132 + 12 * count, 12)}
    red, green = entries[b"rXYZ"], entries[b"gXYZ"]
    profile[red + 4 : red + 12], profile[green + 4 : green + 12] = (
        profile[green + 4 : green + 12],
        profile[red + 4 : red + 12],
    )
    name = profile.find("sRGB".encode("utf-16-be"))
    profile[name : name + 8] = "Swap".encode("utf-16-be")
    return bytes(profile)
