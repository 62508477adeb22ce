from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import photo_upload
from vendors.images import MAX_UPLOAD_BYTES, process_photo


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
