#!/usr/bin/env python3
"""Draws the Job Forge icon (a light anvil on a warm rounded square) and
writes the PNG, ICO and ICNS files Tauri wants, using only the standard
library. Run it from anywhere: `python3 assets/icons/make_icons.py`.
"""

import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SUPERSAMPLE = 4

# The anvil, in units of the icon's side, clockwise from the tip of the horn.
ANVIL = [
    (0.10, 0.31), (0.30, 0.29), (0.86, 0.29), (0.86, 0.40), (0.72, 0.44),
    (0.64, 0.58), (0.80, 0.66), (0.82, 0.73), (0.34, 0.73), (0.36, 0.66),
    (0.52, 0.58), (0.44, 0.44), (0.32, 0.42), (0.20, 0.37),
]
MARGIN, RADIUS = 0.04, 0.20
TOP, BOTTOM = (0xF0, 0x8A, 0x3C), (0xB8, 0x47, 0x14)
ANVIL_COLOUR = (0xFF, 0xF8, 0xF0)


def polygon_spans(points, y):
    """Where the horizontal line at `y` is inside the polygon (even-odd)."""
    xs = []
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        if (y0 <= y < y1) or (y1 <= y < y0):
            xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    xs.sort()
    return list(zip(xs[0::2], xs[1::2]))


def rounded_rect_span(size, y):
    lo, hi, r = MARGIN * size, (1 - MARGIN) * size, RADIUS * size
    if not lo <= y < hi:
        return []
    dy = max(lo + r - y, y - (hi - r), 0.0)
    inset = r - math.sqrt(max(r * r - dy * dy, 0.0))
    return [(lo + inset, hi - inset)]


def add_span(row, a, b, weight):
    """Adds the part of each pixel that [a, b) covers, times `weight`."""
    a, b = max(a, 0.0), min(b, float(len(row)))
    x = int(a)
    while x < b:
        overlap = min(b, x + 1) - max(a, x)
        if overlap > 0:
            row[x] += overlap * weight
        x += 1


def coverage(size, spans_at):
    grid = [[0.0] * size for _ in range(size)]
    for py in range(size):
        for s in range(SUPERSAMPLE):
            y = py + (s + 0.5) / SUPERSAMPLE
            for a, b in spans_at(y):
                add_span(grid[py], a, b, 1.0 / SUPERSAMPLE)
    return grid


def draw(size):
    back = coverage(size, lambda y: rounded_rect_span(size, y))
    scaled = [(x * size, y * size) for x, y in ANVIL]
    mark = coverage(size, lambda y: polygon_spans(scaled, y))
    pixels = bytearray()
    for y in range(size):
        t = y / max(size - 1, 1)
        base = [round(TOP[i] + (BOTTOM[i] - TOP[i]) * t) for i in range(3)]
        pixels.append(0)  # PNG filter type: none
        for x in range(size):
            m = min(mark[y][x], 1.0)
            colour = [round(base[i] + (ANVIL_COLOUR[i] - base[i]) * m) for i in range(3)]
            alpha = round(min(back[y][x], 1.0) * 255)
            pixels.extend((*colour, alpha))
    return png(size, bytes(pixels))


def png(size, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def ico(images):
    """An ICO holding PNG images (Windows Vista and later)."""
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        blobs += data
    return out + entries + blobs


def icns(images):
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in images)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main():
    sizes = {size: draw(size) for size in (16, 32, 48, 128, 256, 512)}
    files = {
        "32x32.png": sizes[32],
        "128x128.png": sizes[128],
        "128x128@2x.png": sizes[256],
        "icon.png": sizes[512],
        "icon.ico": ico([(s, sizes[s]) for s in (16, 32, 48, 256)]),
        "icon.icns": icns([(b"ic07", sizes[128]), (b"ic08", sizes[256]), (b"ic09", sizes[512])]),
    }
    for name, data in files.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
