"""What a reader sees, in pixels: Chromium's screenshots decoded (no image library) and measured.

``rendered_contrast`` screenshots an element and compares its two colour clusters, the
background (the most common colour) and the text (the pixels farthest from it), so opacity,
blending, a theme's colours and anti-aliasing count as they do on screen, where computed
styles see none of them. ``same_picture`` compares two screenshots within a tolerance (the
docs' images against what the tests render now).
"""

from __future__ import annotations

import struct
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator

RGB = tuple[int, int, int]
_CHANNELS = {2: 3, 6: 4}  # colour types Chromium writes: RGB, RGBA (8 bits each)
PERCENTILE = 0.9  # of the non-background pixels, by contrast: the strokes' cores


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    pixels: list[RGB]  # row by row


def decode_png(data: bytes) -> Picture:
    """An 8-bit RGB or RGBA PNG, not interlaced (what Chromium's screenshots are)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    chunks, idat, at = {}, b"", 8
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at : at + 4]), data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        idat += body if kind == b"IDAT" else b""
        chunks.setdefault(kind, body)
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    if depth != 8 or colour not in _CHANNELS or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}")
    rows = _unfilter(zlib.decompress(idat), width * _CHANNELS[colour], height, _CHANNELS[colour])
    step = _CHANNELS[colour]
    pixels = [(row[i], row[i + 1], row[i + 2]) for row in rows for i in range(0, len(row), step)]
    return Picture(width, height, pixels)


def _unfilter(raw: bytes, stride: int, height: int, bpp: int) -> list[bytearray]:
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = previous[i], previous[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + _predict(kind, left, up, corner)) & 0xFF
        rows.append(line)
        previous = line
    return rows


def _predict(kind: int, left: int, up: int, corner: int) -> int:
    if kind == 0:
        return 0
    if kind == 1:
        return left
    if kind == 2:
        return up
    if kind == 3:
        return (left + up) // 2
    guess = left + up - corner  # Paeth
    near = min(
        (abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner)
    )
    return near[2]


def luminance(rgb: RGB) -> float:
    """WCAG 2.x relative luminance of an sRGB pixel."""
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4
              for c in rgb]  # fmt: skip
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(first: RGB, second: RGB) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class Measured:
    """The two clusters of a rendered label and their contrast."""

    text: RGB
    background: RGB
    contrast: float


def measure(picture: Picture) -> Measured:
    """Background: the most common colour. Text: the colour of the strokes' cores, the
    pixels farthest from the background (the ``PERCENTILE`` of their contrast with it, so
    that a stray pixel cannot decide; anti-aliased edges lie below it)."""
    background = Counter(picture.pixels).most_common(1)[0][0]
    contrast = {colour: ratio(colour, background) for colour in set(picture.pixels)}
    strokes = sorted((p for p in picture.pixels if p != background), key=contrast.__getitem__)
    if not strokes:
        raise ValueError("one colour only: no text was rendered")
    text = strokes[int(len(strokes) * PERCENTILE)]
    return Measured(text, background, contrast[text])


def rendered_contrast(target: Locator, save: Path | None = None) -> Measured:
    """Screenshot ``target`` as Chromium paints it (no animation) and measure it."""
    png = target.screenshot(animations="disabled", path=str(save) if save else None)
    return measure(decode_png(png))


def same_picture(first: bytes, second: bytes, *, tolerance: int = 48, share: float = 0.01) -> str:
    """Why two PNGs differ as a reader would see it, or "" when they do not: the same size, and
    at most ``share`` of the pixels off by more than ``tolerance`` in a channel (font hinting
    and anti-aliasing move a few pixels, a changed button moves thousands)."""
    a, b = decode_png(first), decode_png(second)
    if (a.width, a.height) != (b.width, b.height):
        return f"{a.width}x{a.height} against {b.width}x{b.height}"
    off = sum(
        1 for p, q in zip(a.pixels, b.pixels, strict=True)
        if max(abs(p[0] - q[0]), abs(p[1] - q[1]), abs(p[2] - q[2])) > tolerance
    )  # fmt: skip
    allowed = int(share * len(a.pixels))
    return f"{off} pixels differ (at most {allowed} may)" if off > allowed else ""
