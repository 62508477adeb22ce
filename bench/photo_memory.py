"""Peak memory of a web worker turning the worst photos we accept into a stored photo and thumbnail.

    .venv/bin/python bench/photo_memory.py

Each photo (at the limits of vendors.images: 24 megapixels, 8:1, under 5 MB, in the formats and modes
that cost most to decode) is processed in a fresh Python process with Django set up, as a gunicorn worker
would, under the worker's address-space ceiling from config/gunicorn.py. Prints, per photo, the resident
memory before and at the peak (VmHWM) and the address space at its peak (VmPeak, what RLIMIT_AS limits).
Not a timed test: it records numbers for the README and the ceiling's comment.
"""

import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WIDTH, HEIGHT = 5656, 4243  # 24.0 MP at 4:3
LONG_WIDTH, LONG_HEIGHT = 10_000, 1_250  # 8:1 at the longest side allowed


def png(width: int, height: int, color_type: int, bit_depth: int = 8) -> bytes:
    """A PNG of zero rows written directly (Pillow cannot write 16-bit colour PNGs)."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color_type]
    row = b"\x00" + bytes(width * channels * bit_depth // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def pillow(mode: str, image_format: str, size=(WIDTH, HEIGHT), **options) -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new(mode, size, (120,) * len(mode) if mode != "P" else 3).save(buffer, image_format, **options)
    return buffer.getvalue()


def photos() -> dict[str, bytes]:
    return {
        "PNG RGBA 8-bit 5656x4243": png(WIDTH, HEIGHT, 6),
        "PNG RGBA 16-bit 5656x4243": png(WIDTH, HEIGHT, 6, 16),
        "PNG RGB 16-bit 5656x4243": png(WIDTH, HEIGHT, 2, 16),
        "PNG grey 16-bit 5656x4243": png(WIDTH, HEIGHT, 0, 16),
        "PNG grey+alpha 5656x4243": png(WIDTH, HEIGHT, 4),
        "PNG palette+transparency 5656x4243": pillow("P", "PNG", transparency=0),
        "PNG RGBA 8:1 10000x1250": png(LONG_WIDTH, LONG_HEIGHT, 6),
        "JPEG RGB 5656x4243": pillow("RGB", "JPEG", quality=95),
        "JPEG CMYK 5656x4243": pillow("CMYK", "JPEG", quality=95),
        "WebP RGBA 5656x4243": pillow("RGBA", "WEBP", lossless=True),
    }


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def measure_one(path: str) -> None:
    """Child process: set up Django, cap the address space as a worker is, process the photo once."""
    import resource

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from config import gunicorn
    from vendors.services.photos import process_photo

    limit = gunicorn.WORKER_MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    upload = SimpleUploadedFile("photo", Path(path).read_bytes())
    before = status_kb("VmRSS")
    started = time.perf_counter()
    try:
        process_photo(upload)
        outcome = "ok"
    except MemoryError:
        outcome = "MemoryError"
    except Exception as error:  # a refusal would mean the bench no longer tests an accepted photo
        outcome = f"refused: {error}"
    seconds = time.perf_counter() - started
    print(before // 1024, status_kb("VmHWM") // 1024, status_kb("VmPeak") // 1024, f"{seconds:.1f}", outcome)


def main() -> None:
    from config import gunicorn

    print(f"worker address-space ceiling: {gunicorn.WORKER_MEMORY_MB} MB (WEB_WORKER_MEMORY_MB)")
    print(f"{'photo':38} {'file':>8} {'RSS before':>11} {'RSS peak':>9} {'VM peak':>8} {'s':>5}  outcome")
    for name, content in photos().items():
        with tempfile.NamedTemporaryFile(suffix=".img") as file:
            file.write(content)
            file.flush()
            result = subprocess.run(
                [sys.executable, __file__, "--one", file.name],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "true"},
            )
        if result.returncode:
            print(f"{name:38} failed: {result.stderr.strip().splitlines()[-1]}")
            continue
        before, peak, vm_peak, seconds, outcome = result.stdout.split(maxsplit=4)
        size = f"{len(content) // 1024} KB"
        figures = f"{size:>8} {before:>8} MB {peak:>6} MB {vm_peak:>5} MB {seconds:>5}"
        print(f"{name:38} {figures}  {outcome.strip()}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        measure_one(sys.argv[2])
    else:
        sys.path.insert(0, str(ROOT))
        main()
