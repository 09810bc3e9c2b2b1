"""Cover art that directories accept: square, 1400–3000 px, RGB, no alpha (checklist 5).

`prepare_cover` converts what can be converted without changing the picture (colour mode,
alpha, format, a too-large size) and refuses what cannot: a cover that is not square or is
smaller than 1400 px. Cropping or upscaling would silently cut off a logo or blur the title,
so the publisher decides; the error says the size found and the size needed.
`default_cover` draws a plain title card when the config names no cover.
"""

from __future__ import annotations

import functools
import hashlib
import io
import textwrap
import warnings
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from vorleser import atomic
from vorleser.errors import PublishError

MIN_SIDE = 1400
MAX_SIDE = 3000
#: Covers this close to square (in pixels) are centre-cropped: rounding in an export, not design.
SQUARE_TOLERANCE = 2
#: Output format by the destination's suffix: the extension must match the real format.
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}


def _format(dest: Path) -> str:
    fmt = FORMATS.get(dest.suffix.lower())
    if fmt is None:
        raise PublishError(str(dest), "cover art must be written as .jpg, .jpeg or .png")
    return fmt


def _save(image: Image.Image, dest: Path) -> None:
    """Encode in the format the suffix names and write atomically."""
    fmt = _format(dest)
    buf = io.BytesIO()
    if fmt == "JPEG":
        image.save(buf, "JPEG", quality=90, optimize=True, dpi=(72, 72))
    else:
        image.save(buf, "PNG", optimize=True, dpi=(72, 72))
    atomic.write_bytes(dest, buf.getvalue())


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB without alpha: transparent areas become white, CMYK and palettes are converted."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")


def prepare_cover(src: Path, dest: Path) -> None:
    """Check `src` and write it to `dest` as square RGB art of 1400–3000 px.

    Larger covers are scaled down to 3000 px; alpha, CMYK and palette images are converted.
    Raises PublishError naming `src` when the cover cannot be read, is not square or is too
    small, because fixing those changes the picture.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(src) as opened:
                opened.load()
                image = opened.copy()
    except FileNotFoundError:
        raise PublishError(str(src), "cover image not found") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PublishError(str(src), f"cover image is too large to decode safely: {exc}") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise PublishError(str(src), f"cannot read the cover image: {exc}") from None
    width, height = image.size
    if abs(width - height) > SQUARE_TOLERANCE:
        raise PublishError(
            str(src),
            f"cover is {width}x{height} px; podcast directories need a square image "
            f"between {MIN_SIDE}x{MIN_SIDE} and {MAX_SIDE}x{MAX_SIDE} px: crop it to a square",
        )
    side = min(width, height)
    if side < MIN_SIDE:
        raise PublishError(
            str(src),
            f"cover is {width}x{height} px; podcast directories need at least "
            f"{MIN_SIDE}x{MIN_SIDE} px (up to {MAX_SIDE}x{MAX_SIDE}): use a larger image",
        )
    if width != height:
        left, top = (width - side) // 2, (height - side) // 2
        image = image.crop((left, top, left + side, top + side))
    image = _to_rgb(image)
    if side > MAX_SIDE:
        image = image.resize((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    _save(image, dest)


def art_problem(path: Path) -> str | None:
    """Why `path` is not usable as published art as it stands, or None when it is.

    Checks the file without converting it (checklist 5): readable, real format matching the
    extension, square, 1400-3000 px, RGB. Used for art the build did not make itself, such as
    an episode's own image, which the feed then leaves out rather than risk a rejection.
    """
    expected = FORMATS.get(path.suffix.lower())
    if expected is None:
        return "art must be a .jpg, .jpeg or .png file"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                fmt, mode, (width, height) = image.format, image.mode, image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return f"the image is too large to decode safely: {exc}"
    except (UnidentifiedImageError, OSError) as exc:
        return f"cannot read the image: {exc}"
    if fmt != expected:
        return f"the file is {fmt} but its extension says {expected}"
    if width != height or not MIN_SIDE <= width <= MAX_SIDE:
        return f"art is {width}x{height} px; it must be square, {MIN_SIDE}-{MAX_SIDE} px"
    if mode != "RGB":
        return f"art is in colour mode {mode}; it must be RGB without alpha"
    return None


# Fonts with German glyphs found on common systems; Pillow's bundled font lacks umlauts.
_FONT_FILES = (
    "DejaVuSans-Bold.ttf",
    "LiberationSans-Bold.ttf",
    "Arial Bold.ttf",
    "Arial.ttf",
    "DejaVuSans.ttf",
)
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "C:/Windows/Fonts")


#: Spellings for the bundled font, which has no umlauts or typographic quotes.
_ASCII = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
    | {"–": "-", "—": "-", "„": '"', "“": '"', "”": '"', "’": "'"}
)


@functools.cache
def _font_file() -> str | None:
    for folder in _FONT_DIRS:
        root = Path(folder)
        if root.is_dir():
            for name in _FONT_FILES:
                for candidate in root.rglob(name):
                    return str(candidate)
    return None


def _font(size: int, text: str) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, str]:
    """A font that has the text's glyphs; with only the bundled font, umlauts are spelled out."""
    path = _font_file()
    if path is not None:
        try:
            return ImageFont.truetype(path, size), text
        except OSError:
            pass
    ascii_text = text.translate(_ASCII)
    return ImageFont.load_default(size=size), ascii_text


def default_cover(title: str, dest: Path) -> None:
    """Draw a 1400x1400 title card at `dest`: the show title in white on a colour of its own.

    The colour comes from a hash of the title, so a show keeps its look across builds and
    two shows on one site look different.
    """
    digest = hashlib.sha256(title.encode("utf-8")).digest()
    background = (40 + digest[0] % 80, 40 + digest[1] % 80, 60 + digest[2] % 90)
    image = Image.new("RGB", (MIN_SIDE, MIN_SIDE), background)
    draw = ImageDraw.Draw(image)
    lines = textwrap.wrap(title.strip() or "Podcast", 14) or ["Podcast"]
    size = 150 if len(lines) <= 4 else max(60, 600 // len(lines))
    while True:  # shrink until the widest line fits with a margin
        font, text = _font(size, "\n".join(lines))
        box = draw.multiline_textbbox((0, 0), text, font=font, spacing=size // 4, align="center")
        if box[2] - box[0] <= MIN_SIDE - 200 or size <= 40:
            break
        size = int(size * 0.9)
    x = (MIN_SIDE - (box[2] - box[0])) / 2 - box[0]
    y = (MIN_SIDE - (box[3] - box[1])) / 2 - box[1]
    draw.multiline_text((x, y), text, font=font, fill="white", spacing=size // 4, align="center")
    draw.rectangle((80, 1240, 1320, 1252), fill="white")
    _save(image, dest)
