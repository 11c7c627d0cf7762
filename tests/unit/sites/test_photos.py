"""Uploaded photos come out upright, small, stripped of metadata, or are refused with a reason."""

from __future__ import annotations

import io
import time
from collections.abc import Sequence

import pytest
from PIL import Image, ImageCms, ImageDraw

from bina.sites.photos import (
    MAX_PHOTO_BYTES,
    MAX_PIXELS,
    MAX_SIDE,
    THUMB_SIDE,
    PhotoRejected,
    ProcessedPhoto,
    process_photo,
)
from tests.unit.sites.images import (
    BLUE,
    RED,
    XMP,
    encode,
    heic,
    heic_encoder_missing,
    marked,
    phone_exif,
    phone_jpeg,
    png_claiming,
    swapped_primaries_profile,
    twelve_megapixel_jpeg,
)

PAYLOAD = b"<script>alert(document.cookie)</script><html><body onload=steal()>"


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def rgb_at(image: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    pixel = image.convert("RGB").getpixel(xy)
    assert isinstance(pixel, tuple)
    return pixel


def near(actual: Sequence[int], expected: Sequence[int], tolerance: int = 40) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def assert_clean(photo: ProcessedPhoto) -> None:
    """Both outputs are plain WebP pixels of the stated size, without any metadata."""
    assert photo.content_type == "image/webp"
    for data, size in (
        (photo.data, (photo.width, photo.height)),
        (photo.thumb, (photo.thumb_width, photo.thumb_height)),
    ):
        image = decoded(data)
        assert image.format == "WEBP"
        assert image.size == size
        assert len(image.getexif()) == 0
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
        assert b"EXIF" not in data and b"XMP " not in data and b"ICCP" not in data
    assert max(photo.width, photo.height) <= MAX_SIDE
    assert max(photo.thumb_width, photo.thumb_height) <= THUMB_SIDE


def rejected(data: bytes, filename: str | None = None) -> PhotoRejected:
    with pytest.raises(PhotoRejected) as caught:
        process_photo(data, filename=filename)
    assert caught.value.message
    return caught.value


# Accepted photos


def test_phone_photo_is_turned_upright_shrunk_and_stripped() -> None:
    source = phone_jpeg((3000, 2000), orientation=6)
    assert b"SecretPhoneMaker" in source and b"GPSLatitude" in source  # the test's own premise

    photo = process_photo(source)

    assert_clean(photo)
    # Orientation 6 means "turn 90° clockwise to view": a landscape file shown in portrait.
    assert (photo.width, photo.height) == (1067, 1600)
    assert (photo.thumb_width, photo.thumb_height) == (213, 320)
    image = decoded(photo.data)
    assert near(rgb_at(image, (photo.width - 20, 20)), RED)  # the red corner went top-right
    assert near(rgb_at(image, (20, 20)), BLUE)
    for secret in (b"SecretPhoneMaker", b"Model X", b"home of the owner", b"owner's house"):
        assert secret not in photo.data and secret not in photo.thumb
    assert b"GPS" not in photo.data and b"xmpmeta" not in photo.data


# Where the red corner (stored top-left) is seen for each EXIF orientation.
ORIENTATIONS = {
    1: "top-left",
    2: "top-right",
    3: "bottom-right",
    4: "bottom-left",
    5: "top-left",
    6: "top-right",
    7: "bottom-right",
    8: "bottom-left",
}


@pytest.mark.parametrize(("orientation", "corner"), ORIENTATIONS.items())
def test_every_exif_orientation_is_applied(orientation: int, corner: str) -> None:
    photo = process_photo(encode(marked((400, 200)), "JPEG", exif=phone_exif(orientation)))

    turned = orientation >= 5
    assert (photo.width, photo.height) == ((200, 400) if turned else (400, 200))
    image = decoded(photo.data)
    width, height = image.size
    corners = {
        "top-left": (10, 10),
        "top-right": (width - 10, 10),
        "bottom-left": (10, height - 10),
        "bottom-right": (width - 10, height - 10),
    }
    for name, xy in corners.items():
        assert near(rgb_at(image, xy), RED if name == corner else BLUE), (name, orientation)


def test_small_photo_is_never_enlarged() -> None:
    photo = process_photo(encode(marked((640, 480)), "PNG"))

    assert_clean(photo)
    assert (photo.width, photo.height) == (640, 480)
    assert (photo.thumb_width, photo.thumb_height) == (320, 240)


def test_tiny_photo_keeps_its_size_in_the_thumbnail_too() -> None:
    photo = process_photo(encode(marked((90, 60)), "JPEG"))

    assert (photo.width, photo.height) == (photo.thumb_width, photo.thumb_height) == (90, 60)


def test_png_transparency_is_kept() -> None:
    logo = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((200, 200, 600, 600), fill=(*RED, 255))

    photo = process_photo(encode(logo, "PNG"))

    assert_clean(photo)
    image = decoded(photo.data)
    assert image.mode == "RGBA"
    centre = image.getpixel((400, 400))
    assert isinstance(centre, tuple) and near(centre, (*RED, 255))
    corner = image.getpixel((5, 5))
    assert isinstance(corner, tuple) and corner[3] == 0


def test_opaque_alpha_channel_is_dropped() -> None:
    photo = process_photo(encode(marked((300, 200), "RGBA"), "PNG"))

    assert decoded(photo.data).mode == "RGB"


@pytest.mark.parametrize("mode", ["P", "L", "LA", "1", "I;16"])
def test_other_pixel_modes_become_rgb(mode: str) -> None:
    # 16-bit greyscale: mid-grey must stay mid-grey, not clip to white.
    source = (
        Image.new(mode, (300, 200), 32768) if mode == "I;16" else marked((300, 200)).convert(mode)
    )

    photo = process_photo(encode(source, "PNG"))

    assert_clean(photo)
    image = decoded(photo.data)
    assert image.mode in ("RGB", "RGBA")
    if mode == "I;16":
        assert near(rgb_at(image, (150, 100)), (128, 128, 128), tolerance=6)


def test_palette_png_with_a_transparent_colour_keeps_it() -> None:
    source = marked((300, 200)).convert("P")
    source.info["transparency"] = source.getpixel((0, 0))  # the red corner's index

    photo = process_photo(encode(source, "PNG", transparency=source.info["transparency"]))

    image = decoded(photo.data)
    assert image.mode == "RGBA"
    corner = image.getpixel((5, 5))
    assert isinstance(corner, tuple) and corner[3] == 0


def test_cmyk_jpeg_becomes_rgb() -> None:
    source = Image.new("CMYK", (400, 300), (0, 255, 255, 0))  # printers' red

    photo = process_photo(encode(source, "JPEG"))

    image = decoded(photo.data)
    assert image.mode == "RGB"
    red, green, blue = rgb_at(image, (200, 150))
    assert red > 200 and green < 60 and blue < 60


def test_webp_upload_is_reencoded_without_its_exif() -> None:
    source = encode(marked((2400, 1200)), "WEBP", quality=90, exif=phone_exif(1), xmp=XMP)
    assert b"SecretPhoneMaker" in source

    photo = process_photo(source)

    assert_clean(photo)
    assert (photo.width, photo.height) == (1600, 800)
    assert b"SecretPhoneMaker" not in photo.data


def test_heic_from_an_iphone_is_accepted() -> None:
    missing = heic_encoder_missing()
    if missing:
        pytest.skip(f"HEIC not tested: {missing}")
    source = heic(marked((1800, 1200)), quality=80, exif=phone_exif(1).tobytes())
    assert source[4:12] == b"ftypheic"

    photo = process_photo(source, filename="IMG_0001.HEIC")

    assert_clean(photo)
    assert (photo.width, photo.height) == (1600, 1067)
    image = decoded(photo.data)
    assert near(rgb_at(image, (20, 20)), RED)
    assert near(rgb_at(image, (1500, 1000)), BLUE)
    assert b"SecretPhoneMaker" not in photo.data


def test_a_48_megapixel_photo_is_accepted() -> None:
    source = encode(Image.new("RGB", (8000, 6000), BLUE), "JPEG", quality=70)

    photo = process_photo(source)

    assert (photo.width, photo.height) == (1600, 1200)


def test_colour_profile_is_applied_then_dropped() -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = encode(marked((400, 300)), "JPEG", icc_profile=srgb)

    photo = process_photo(source)

    assert_clean(photo)
    assert near(rgb_at(decoded(photo.data), (350, 250)), BLUE)


def test_colours_are_mapped_to_srgb_and_orientation_survives_it() -> None:
    # As an iPhone JPEG: a colour profile other than sRGB (Display P3) and orientation 6.
    source = encode(
        marked((400, 200)),
        "JPEG",
        quality=95,
        exif=phone_exif(6),
        icc_profile=swapped_primaries_profile(),
    )

    photo = process_photo(source)

    assert_clean(photo)
    assert (photo.width, photo.height) == (200, 400)
    image = decoded(photo.data)
    assert near(rgb_at(image, (190, 10)), (RED[1], RED[0], RED[2]))  # red in the file is green


def test_twelve_megapixel_photo_is_quick() -> None:
    source = twelve_megapixel_jpeg()
    assert len(source) > 3_000_000

    started = time.perf_counter()
    photo = process_photo(source)
    elapsed = time.perf_counter() - started

    assert (photo.width, photo.height) == (1600, 1200)
    assert len(photo.data) < 400_000 and len(photo.thumb) < 40_000
    # About 0.13 s on one core; the bound only catches a pipeline gone badly wrong.
    assert elapsed < 3.0


# Polyglots: whatever rides along with the pixels never reaches the output.


def test_script_appended_to_a_jpeg_is_not_in_the_output() -> None:
    source = phone_jpeg((800, 600), orientation=1) + PAYLOAD

    photo = process_photo(source)

    assert_clean(photo)
    for data in (photo.data, photo.thumb):
        assert b"<script" not in data and b"alert" not in data and b"<html" not in data


def test_script_in_png_text_and_colour_profile_is_not_in_the_output() -> None:
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", PAYLOAD.decode())
    text.add_itxt("Description", PAYLOAD.decode(), zip=True)
    png = encode(marked((500, 400)), "PNG", pnginfo=text, icc_profile=b"garbage" + PAYLOAD)
    jpeg = encode(marked((500, 400)), "JPEG", icc_profile=b"garbage" + PAYLOAD, comment=PAYLOAD)

    for source in (png, jpeg):
        assert PAYLOAD in source
        photo = process_photo(source)
        assert_clean(photo)
        assert b"<script" not in photo.data and b"<script" not in photo.thumb


# Refusals


def test_over_fifteen_megabytes_is_too_large() -> None:
    assert rejected(b"\xff\xd8\xff" + b"\0" * MAX_PHOTO_BYTES).code == "photo_too_large"


def test_exactly_fifteen_megabytes_is_judged_by_its_content() -> None:
    data = b"\xff\xd8\xff" + b"\0" * (MAX_PHOTO_BYTES - 3)
    assert rejected(data).code == "not_an_image"


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (30000, 30000),  # beyond Pillow's own hard limit (an error)
        (10000, 10000),  # between Pillow's warning and its error
        (8000, 8000),  # under Pillow's warning, over ours
    ],
)
def test_decompression_bomb_is_refused_before_decoding(width: int, height: int) -> None:
    assert width * height > MAX_PIXELS
    assert rejected(png_claiming(width, height)).code == "image_too_large_pixels"


def test_bomb_check_leaves_pillow_settings_alone() -> None:
    before = Image.MAX_IMAGE_PIXELS
    rejected(png_claiming(30000, 30000))
    assert before == Image.MAX_IMAGE_PIXELS


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"Hello, this is my shop's menu.\nNasi lemak RM5\n",
        b"<html><script>alert(1)</script></html>",
        bytes(range(256)) * 40,
        b"\x89PNG\r\n\x1a\n" + b"garbage" * 10,
        b"RIFF\x10\x00\x00\x00WEBPVP8 garbage",
        b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
    ],
    ids=["empty", "text", "html", "binary", "png-magic-only", "webp-magic-only", "heic-magic"],
)
def test_non_image_is_refused(data: bytes) -> None:
    assert rejected(data).code == "not_an_image"


def test_truncated_jpeg_is_not_an_image() -> None:
    source = encode(marked((1200, 900)).effect_spread(8), "JPEG", quality=90)
    assert rejected(source[: len(source) // 2]).code == "not_an_image"


def test_truncated_png_is_not_an_image() -> None:
    source = encode(marked((1200, 900)).effect_spread(8), "PNG")
    assert rejected(source[: len(source) // 2]).code == "not_an_image"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF", "ICO"])
def test_other_image_formats_are_unsupported(fmt: str) -> None:
    error = rejected(encode(marked((64, 64)), fmt), filename=f"logo.{fmt.lower()}")
    assert error.code == "unsupported_format"
    assert f"logo.{fmt.lower()}" in error.message and "JPEG" in error.message


def test_svg_is_unsupported() -> None:
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'
    assert rejected(svg).code == "unsupported_format"


def test_animated_gif_named_jpg_is_still_a_gif() -> None:
    frames = [marked((64, 64)), marked((64, 64)).rotate(90)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    assert rejected(out.getvalue(), filename="photo.jpg").code == "unsupported_format"


def test_error_message_shows_only_a_printable_file_name() -> None:
    error = rejected(b"plain text", filename="C:\\Users\\me\\menu\x00\x1b.txt")
    assert "menu.txt" in error.message and "Users" not in error.message
