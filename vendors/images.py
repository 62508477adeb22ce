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
MAX_PIXELS = 40_000_000
PHOTO_SIDE = 1024
THUMBNAIL_SIDE = 320
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
JPEG_QUALITY = 82


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
    JPEG, PNG or WebP within 5 MB and 40 megapixels."""
    if upload.size > MAX_UPLOAD_BYTES:
        _refuse(_("The photo is larger than 5 MB. Choose a smaller photo."), "too_large")
    upload.seek(0)
    try:
        # Opening reads only the header: the format and the pixel size, nothing decoded yet.
        image = Image.open(upload, formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError:  # Pillow's own, far higher limit
        image = None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        _refuse(_("This file is not a JPEG, PNG or WebP photo."), "not_an_image")
    if image is None or image.width * image.height > MAX_PIXELS:
        _refuse(_("This photo has too many pixels (at most 40 megapixels)."), "too_many_pixels")
    try:
        image.load()  # the whole file: a truncated or corrupt one fails here, not later on a page
        image = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError):
        _refuse(_("This photo is damaged or incomplete. Take or choose it again."), "damaged")
    image = _flattened(image)
    name = uuid.uuid4().hex
    return ProcessedPhoto(
        photo=_jpeg(image, PHOTO_SIDE, f"{name}.jpg"),
        thumbnail=_jpeg(image, THUMBNAIL_SIDE, f"{name}.jpg"),
    )


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
