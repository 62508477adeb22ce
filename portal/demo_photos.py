"""Photos for the demo products, drawn with Pillow: a pile of the goods on a woven tray on a wooden
stall table. The same name draws the same picture on every run, so a seeded database is reproducible."""

import math
import random
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFilter

SIZE = (640, 480)
TABLE = (150, 105, 70)
GRAIN = (132, 92, 60)
TRAY = (212, 178, 118)
TRAY_EDGE = (160, 120, 70)
CENTRE, SPREAD = (320, 260), (230, 140)  # the tray's middle and half its width and height

# How each kind of goods lies on the tray: (pieces, smallest and largest half-length, length / width)
SHAPES = {
    "round": (60, (22, 34), 1.0),
    "egg": (26, (34, 40), 1.3),
    "long": (110, (28, 44), 4.0),
    "leaf": (90, (34, 56), 2.6),
    "grain": (2200, (3, 5), 1.8),
    "fish": (7, (90, 110), 3.2),
}


def demo_photo(name: str, colour: tuple[int, int, int], shape: str) -> SimpleUploadedFile:
    """A 640 x 480 JPEG of `name`'s goods in `colour`, laid as `shape` (a key of SHAPES), as an upload."""
    rng = random.Random(name)
    image = Image.new("RGB", SIZE, TABLE)
    draw = ImageDraw.Draw(image)
    for y in range(0, SIZE[1], 14):
        draw.line([(0, y + rng.randint(-4, 4)), (SIZE[0], y + rng.randint(-4, 4))], fill=GRAIN, width=3)
    (x, y), (w, h) = CENTRE, SPREAD
    draw.ellipse((x - w - 30, y - h - 30, x + w + 30, y + h + 30), fill=TRAY, outline=TRAY_EDGE, width=10)
    pieces, (shortest, longest), ratio = SHAPES[shape]
    for _ in range(pieces):
        _piece(draw, rng, colour, rng.randint(shortest, longest), ratio)
    buffer = BytesIO()
    image.filter(ImageFilter.GaussianBlur(0.8)).save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(f"{name}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _piece(draw: ImageDraw.ImageDraw, rng: random.Random, colour, half_length: int, ratio: float) -> None:
    """One piece somewhere on the tray, its colour a little lighter or darker, turned any way."""
    (x, y), (w, h) = CENTRE, SPREAD
    while True:  # a point inside the tray's ellipse, more of them towards the middle
        dx, dy = rng.gauss(0, 0.45), rng.gauss(0, 0.45)
        if dx * dx + dy * dy < 0.8:
            break
    cx, cy = x + dx * w, y + dy * h
    shade = rng.randint(-25, 25)
    fill = tuple(max(0, min(255, channel + shade)) for channel in colour)
    outline = tuple(max(0, channel - 45) for channel in fill)
    half_width = max(2, half_length / ratio)
    turn = rng.uniform(0, math.pi)
    # An ellipse turned by `turn`, as a polygon (ImageDraw's ellipses do not turn).
    points = []
    for step in range(24):
        angle = step * 2 * math.pi / 24
        px, py = half_length * math.cos(angle), half_width * math.sin(angle)
        points.append(
            (cx + px * math.cos(turn) - py * math.sin(turn), cy + px * math.sin(turn) + py * math.cos(turn))
        )
    draw.polygon(points, fill=fill, outline=outline if half_length > 6 else None)
