"""Product photos: check an upload, decode it safely and turn it into a web photo and a thumbnail.

Nothing a client says about the file is trusted: the format comes from Pillow reading the bytes, the
pixel size from the image header, checked against our cap before anything is decoded (a small file can
decode to gigabytes).
"""

import uuid
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# What a phone photo needs: 24 MP is 5657 x 4243. Decoded, an RGBA PNG of that size is about 100 MB; the
# worker's memory ceiling (config/gunicorn.py) and bench/photo_memory.py are sized from it.
MAX_PIXELS = 24_000_000
MAX_SIDE = 10_000
# A long panorama at most; a strip of 1 x 20,000,000 pixels is no photo and resizes at great cost.
MAX_ASPECT_RATIO = 8
PHOTO_SIDE = 1024
THUMBNAIL_SIDE = 320
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
JPEG_QUALITY = 82
STRIP_ROWS = 128
BAD_SHAPE = _(
    "This photo is too long or too narrow: at most 10,000 pixels a side and 8 times as long as wide."
)


@dataclass(frozen=True)
class ProcessedPhoto:
    photo: ContentFile
    thumbnail: ContentFile

    def attach_to(self, owner) -> list[tuple]:
        """Store both files on `owner` (a vendors.models.Photographed) through the storage API now; the
        caller saves the row. Returns (storage, name) of each file, to delete if that save fails."""
        owner.photo.save(self.photo.name, self.photo, save=False)
        owner.thumbnail.save(self.thumbnail.name, self.thumbnail, save=False)
        return [(file.storage, file.name) for file in (owner.photo, owner.thumbnail)]


def _refuse(message, code: str):
    raise ValidationError({"photo": ValidationError(message, code=code)})


def process_photo(upload) -> ProcessedPhoto:
    """An uploaded file as an upright JPEG of at most 1024 px and a 320 px thumbnail, EXIF stripped,
    under a generated name. Raises ValidationError (field `photo`) for anything that is not a sound
    JPEG, PNG or WebP within 5 MB, 24 megapixels, 10,000 px a side and 8:1; these limits are read from
    the header, before anything is decoded."""
    if upload.size > MAX_UPLOAD_BYTES:
        _refuse(_("The photo is larger than 5 MB. Choose a smaller photo."), "too_large")
    # The WebP decoder allocates its whole canvas when the file is opened: check its header first.
    _check_dimensions(_webp_canvas_size(upload))
    image = _opened(upload)
    _check_dimensions(image.size)
    try:
        image = _reduced(image)
    except (OSError, SyntaxError, ValueError):
        _refuse(_("This photo is damaged or incomplete. Take or choose it again."), "damaged")
    image = _flattened(image)
    name = uuid.uuid4().hex
    return ProcessedPhoto(
        photo=_jpeg(image, PHOTO_SIDE, f"{name}.jpg"),
        thumbnail=_jpeg(image, THUMBNAIL_SIDE, f"{name}.jpg"),
    )


def _check_dimensions(size: tuple[int, int] | None) -> None:
    if size is None:
        return
    width, height = size
    if width * height > MAX_PIXELS:
        _refuse(_("This photo has too many pixels (at most 24 megapixels)."), "too_many_pixels")
    if max(width, height) > MAX_SIDE or max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        _refuse(BAD_SHAPE, "bad_shape")


def _webp_canvas_size(upload) -> tuple[int, int] | None:
    """A WebP file's canvas size from its first 30 bytes (RIFF header and first chunk), else None."""
    upload.seek(0)
    head = upload.read(30)
    if len(head) < 30 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return None
    chunk = head[12:16]
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":  # lossy: 14-bit width and height
        return int.from_bytes(head[26:28], "little") & 0x3FFF, int.from_bytes(head[28:30], "little") & 0x3FFF
    if chunk == b"VP8L" and head[20] == 0x2F:  # lossless: 14 bits each, minus one
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":  # extended: 24 bits each, minus one
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    return None


def _opened(upload) -> Image.Image:
    """The image with only its header read: the format and the pixel size, nothing decoded yet."""
    upload.seek(0)
    try:
        return Image.open(upload, formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError:  # Pillow's own, far higher limit
        _refuse(_("This photo has too many pixels (at most 24 megapixels)."), "too_many_pixels")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        _refuse(_("This file is not a JPEG, PNG or WebP photo."), "not_an_image")


def _reduced(image: Image.Image) -> Image.Image:
    """Decoded (the whole file: a truncated or corrupt one fails here, not later on a page), at most
    PHOTO_SIDE, upright. Only the decoded pixels are ever held at full size: a JPEG decodes straight at
    1/2, 1/4 or 1/8 scale (draft), and any other photo is shrunk in strips before being resized."""
    image.draft(None, (PHOTO_SIDE, PHOTO_SIDE))
    image.load()
    image = _shrunk_in_strips(image, factor=max(image.size) // (2 * PHOTO_SIDE))
    image.thumbnail((PHOTO_SIDE, PHOTO_SIDE), Image.Resampling.LANCZOS)
    return ImageOps.exif_transpose(image)


def _shrunk_in_strips(image: Image.Image, *, factor: int) -> Image.Image:
    """`image` in a mode that resizes smoothly, `factor` times smaller (a box filter, exact strip by
    strip). Pillow converts a whole RGBA image to premultiplied alpha before shrinking it, and a palette
    image would need converting whole: strips keep those copies a few megabytes each."""
    factor = max(factor, 1)
    width, height = image.size
    strip_height = factor * STRIP_ROWS
    shrunk = None
    for top in range(0, height, strip_height):
        strip = _resizable(image.crop((0, top, width, min(top + strip_height, height))))
        strip = strip.reduce(factor) if factor > 1 else strip
        if shrunk is None:
            shrunk = Image.new(strip.mode, (-(-width // factor), -(-height // factor)))
        shrunk.paste(strip, (0, top // factor))
    shrunk.info = image.info  # the EXIF orientation, for exif_transpose
    return shrunk


def _resizable(image: Image.Image) -> Image.Image:
    """L, RGB or RGBA, which resize smoothly (palette and 1-bit images would resize by nearest pixel)."""
    if image.mode in ("L", "RGB", "RGBA"):
        return image
    if image.mode in ("LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        return image.convert("RGBA")
    return image.convert("L" if image.mode == "1" else "RGB")


def _flattened(image: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white (JPEG has no alpha)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, side: int, name: str) -> ContentFile:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    # No exif= and no icc_profile=: the stored file carries no metadata (location, camera, owner).
    copy.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=name)
