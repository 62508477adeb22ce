import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from tests.factories import photo_upload
from vendors.services.photos import MAX_UPLOAD_BYTES, process_photo


def opened(content_file) -> Image.Image:
    content_file.seek(0)
    image = Image.open(BytesIO(content_file.read()))
    image.load()
    return image


def refusal(upload) -> str:
    with pytest.raises(ValidationError) as caught:
        process_photo(upload)
    return " ".join(caught.value.message_dict["photo"])


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_photo_of_each_format_becomes_a_resized_jpeg_and_thumbnail(image_format):
    processed = process_photo(photo_upload(image_format, size=(2000, 1500)))

    photo, thumbnail = opened(processed.photo), opened(processed.thumbnail)
    assert (photo.format, photo.size) == ("JPEG", (1024, 768))
    assert (thumbnail.format, thumbnail.size) == ("JPEG", (320, 240))
    assert processed.photo.name.endswith(".jpg") and processed.photo.name != "foto.jpg"


def test_a_small_photo_is_not_enlarged():
    processed = process_photo(photo_upload("PNG", size=(300, 200)))

    assert opened(processed.photo).size == (300, 200)


def test_a_sideways_phone_photo_is_turned_upright_and_loses_its_exif():
    # Orientation 6: the camera held on its side; the stored pixels must be rotated 90 degrees.
    processed = process_photo(photo_upload("JPEG", size=(800, 600), orientation=6))

    photo = opened(processed.photo)
    assert photo.size == (600, 800)
    assert not photo.getexif()
    assert "exif" not in photo.info


def test_a_transparent_png_is_laid_on_white():
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    processed = process_photo(SimpleUploadedFile("daun.png", buffer.getvalue()))

    assert opened(processed.photo).getpixel((50, 50)) == (255, 255, 255)


def test_a_script_renamed_jpg_is_refused():
    upload = SimpleUploadedFile("foto.jpg", b"#!/bin/sh\nrm -rf /\n", content_type="image/jpeg")

    assert "bukan foto JPEG, PNG, atau WebP" in refusal(upload)


def test_an_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    assert "bukan foto JPEG, PNG, atau WebP" in refusal(
        SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml")
    )


def test_another_image_format_is_refused():
    buffer = BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")

    assert "bukan foto JPEG, PNG, atau WebP" in refusal(SimpleUploadedFile("a.gif", buffer.getvalue()))


def test_a_truncated_photo_is_refused():
    whole = photo_upload("JPEG", size=(1200, 900)).read()
    upload = SimpleUploadedFile("foto.jpg", whole[: len(whole) // 2], content_type="image/jpeg")

    assert "rusak atau tidak lengkap" in refusal(upload)


def test_a_file_over_5_mb_is_refused_before_it_is_read():
    upload = SimpleUploadedFile("besar.jpg", b"\xff\xd8\xff" + b"0" * MAX_UPLOAD_BYTES)

    assert "lebih besar dari 5 MB" in refusal(upload)


def test_a_decompression_bomb_is_refused_from_its_header():
    # 48 megapixels of one colour: a few kilobytes on disk, about 150 MB once decoded.
    buffer = BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 100_000

    assert "terlalu banyak pikselnya" in refusal(SimpleUploadedFile("bom.png", buffer.getvalue()))


def test_a_giant_image_beyond_pillows_own_limit_is_refused():
    buffer = BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")

    assert "terlalu banyak pikselnya" in refusal(SimpleUploadedFile("raksasa.png", buffer.getvalue()))


def png_header_only(width: int, height: int, color_type: int) -> SimpleUploadedFile:
    """A PNG whose header declares width x height (colour type 0 grey, 6 RGBA) over a few zero rows:
    a few hundred bytes, costly only if someone decodes it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    content = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(4096)))
    return SimpleUploadedFile("foto.png", content + chunk(b"IEND", b""), content_type="image/png")


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if any image is decoded."""

    def refuse_to_decode(self, *args, **kwargs):
        raise AssertionError(f"decoded a {self.size} image")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse_to_decode)


@pytest.mark.parametrize(
    ("width", "height", "color_type", "code"),
    [
        (1, 40_000_000, 0, "too_many_pixels"),  # the probe's 77 KB PNG that took a worker to 1 GB
        (6324, 6324, 6, "too_many_pixels"),  # 40 MP RGBA, just under the old cap
        (6324, 6324, 0, "too_many_pixels"),  # 40 MP grey
        (1, 20_000_000, 0, "bad_shape"),  # under the pixel cap, but no photo
        (10_001, 1_500, 6, "bad_shape"),
        (4000, 400, 6, "bad_shape"),  # 10:1
    ],
)
def test_extreme_sizes_and_shapes_are_refused_from_the_header(no_decoding, width, height, color_type, code):
    with pytest.raises(ValidationError) as caught:
        process_photo(png_header_only(width, height, color_type))

    assert caught.value.error_dict["photo"][0].code == code


def test_a_webp_canvas_over_the_cap_is_refused_before_pillow_allocates_it(monkeypatch):
    # 12,000 x 12,000 losslessly is 6 KB; opening it would reserve 550 MB for the decoder's canvas.
    buffer = BytesIO()
    Image.new("RGB", (12_000, 12_000)).save(buffer, "WEBP", lossless=True)
    monkeypatch.setattr(Image, "open", lambda *args, **kwargs: pytest.fail("opened the WebP"))

    assert "terlalu banyak pikselnya" in refusal(SimpleUploadedFile("bom.webp", buffer.getvalue()))


def test_a_photo_as_long_as_eight_times_its_width_is_still_taken():
    processed = process_photo(photo_upload("PNG", size=(1600, 200)))

    assert opened(processed.photo).size == (1024, 128)


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    decoded_sizes = []
    load = ImageFile.ImageFile.load

    def recording_load(self):
        result = load(self)
        decoded_sizes.append(self.size)
        return result

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording_load)

    processed = process_photo(photo_upload("JPEG", size=(4000, 3000)))

    assert set(decoded_sizes) == {(2000, 1500)}  # never the 12 MP of the file
    assert opened(processed.photo).size == (1024, 768)


def test_a_large_transparent_png_is_still_laid_on_white_after_shrinking():
    image = Image.new("RGBA", (3000, 2000), (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (0, 0, 1500, 2000))
    buffer = BytesIO()
    image.save(buffer, "PNG")

    photo = opened(process_photo(SimpleUploadedFile("daun.png", buffer.getvalue())).photo)

    assert photo.size == (1024, 683)
    assert photo.getpixel((900, 300)) == (255, 255, 255)
    red, green, blue = photo.getpixel((100, 300))
    assert red > 150 and green < 80 and blue < 80
