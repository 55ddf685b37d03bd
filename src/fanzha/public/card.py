"""The quiz's shareable result card: a PNG drawn by the server with the center's name, in the
vendored Noto Sans SC (web/static/vendor/noto-sans-sc).

That font is vendored as the web's subsets (one woff2 per unicode-range, as @fontsource ships
it); the stylesheet says which file holds which characters, so each run of text is drawn with
the subset that has it. Pillow's FreeType reads woff2.
"""

from __future__ import annotations

import io
import re
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from fanzha.i18n import public as i18n

FONT_DIR = Path(__file__).resolve().parents[1] / "web" / "static" / "vendor" / "noto-sans-sc"
WIDTH, HEIGHT = 720, 960
BLUE, RED, INK, MUTED, WHITE = "#0b3d91", "#c62828", "#1d2433", "#5b6473", "#ffffff"

_FACE = re.compile(r"src: url\(\./(files/[^)]+\.woff2)\).*?unicode-range: ([^;]+);", re.S)


@cache
def _ranges() -> list[tuple[int, int, Path]]:
    css = (FONT_DIR / "400.css").read_text(encoding="utf-8")
    ranges: list[tuple[int, int, Path]] = []
    for path, spans in _FACE.findall(css):
        for span in spans.split(","):
            low, _, high = span.strip().removeprefix("U+").partition("-")
            ranges.append((int(low, 16), int(high or low, 16), FONT_DIR / path))
    return ranges


def _file_for(char: str) -> Path | None:
    code = ord(char)
    return next((path for low, high, path in _ranges() if low <= code <= high), None)


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _runs(text: str) -> list[tuple[str, Path | None]]:
    runs: list[tuple[str, Path | None]] = []
    for char in text:
        path = _file_for(char)
        if runs and runs[-1][1] == path:
            runs[-1] = (runs[-1][0] + char, path)
        else:
            runs.append((char, path))
    return runs


def _width(text: str, size: int) -> float:
    return sum(_font(p, size).getlength(t) for t, p in _runs(text) if p)


def _draw(draw: ImageDraw.ImageDraw, y: int, text: str, size: int, fill: str) -> None:
    """`text` centred on the line at `y`, each run in the subset that holds it."""
    x = (WIDTH - _width(text, size)) / 2
    for run, path in _runs(text):
        if path is None:  # a character no subset has: left out rather than drawn as a box
            continue
        font = _font(path, size)
        draw.text((x, y), run, font=font, fill=fill)
        x += font.getlength(run)


@lru_cache(maxsize=128)  # a handful of scores and grades: each card is drawn once
def result_card(center: str, score: int, right: int, total: int, grade: str) -> bytes:
    """The card as PNG bytes: the center's name, the score, right/total, the grade's words."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 150), fill=BLUE)
    _draw(draw, 48, center, 34, WHITE)
    _draw(draw, 220, i18n.QUIZ["card_title"], 44, INK)
    _draw(draw, 320, i18n.QUIZ["card_score"].format(score=score), 120, BLUE)
    _draw(draw, 500, i18n.QUIZ["card_line"].format(right=right, total=total), 36, INK)
    for n, line in enumerate(_wrap(grade, 18)):
        _draw(draw, 590 + 52 * n, line, 32, MUTED)
    draw.rectangle((0, HEIGHT - 130, WIDTH, HEIGHT), fill=RED)
    _draw(draw, HEIGHT - 90, i18n.QUIZ["card_footer"], 32, WHITE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _wrap(text: str, per_line: int) -> list[str]:
    return [text[i : i + per_line] for i in range(0, len(text), per_line)] or [""]
