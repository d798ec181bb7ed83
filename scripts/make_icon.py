"""Writes ui/assets/icon.png, the app's page icon: a dial on a teal square, drawn with the standard library.

The icon ships with the app so no page asks a font or emoji server for its favicon.
"""

import math
import struct
import zlib
from pathlib import Path

SIZE = 64
TEAL, WHITE = (17, 94, 103), (255, 255, 255)


def pixel(x: int, y: int) -> tuple[int, int, int, int]:
    centre = (SIZE - 1) / 2
    dx, dy = x - centre, y - centre
    corner = max(abs(dx) - 24, 0) ** 2 + max(abs(dy) - 24, 0) ** 2
    if corner > 64:  # rounded corners, transparent outside
        return 0, 0, 0, 0
    distance = math.hypot(dx, dy)
    angle = math.atan2(dy, dx)
    on_ring = 17 <= distance <= 22 and not (0.6 < angle < 2.5)
    on_needle = distance <= 16 and abs(dx * math.sin(-0.9) - dy * math.cos(-0.9)) < 2.5 and dx * math.cos(-0.9) + \
        dy * math.sin(-0.9) > -3
    return (*(WHITE if on_ring or on_needle or distance < 4 else TEAL), 255)


def png(width: int, height: int) -> bytes:
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + \
        chunk(b"IEND", b"")


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "ui" / "assets" / "icon.png"
    target.write_bytes(png(SIZE, SIZE))
    print(f"wrote {target} ({target.stat().st_size} bytes)")
