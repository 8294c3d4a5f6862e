"""Can the highlight colours be told apart? CIEDE2000 under normal and simulated CVD vision.

- Colour difference: CIEDE2000 (ΔE00) between sRGB colours via CIELAB (D65), per
  Sharma, Wu & Dalal (2005). Around ΔE00 2 is just noticeable side by side; highlights are
  seen apart in running text, so they need far more.
- Colour vision deficiency: the Machado, Oliveira & Fernandes (2009) matrices at severity
  1.0 (protanopia, deuteranopia, tritanopia), applied to linear sRGB.
- Readability: WCAG 2 contrast ratio of black text on the colour (4.5 is the AA minimum).
"""

from __future__ import annotations

import math
import re
from itertools import combinations

from curator.i18n import N_

RGB = tuple[float, float, float]
Matrix = tuple[RGB, RGB, RGB]

MACHADO_2009: dict[str, Matrix] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
VISIONS = ("normal", *MACHADO_2009)
VISION_LABELS = {
    "normal": N_("normal vision"),
    "protanopia": N_("protanopia"),
    "deuteranopia": N_("deuteranopia"),
    "tritanopia": N_("tritanopia"),
}


def linear_rgb(hex_colour: str) -> RGB:
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return r, g, b


def simulate(rgb: RGB, vision: str) -> RGB:
    """Linear sRGB as seen with a colour vision deficiency (clipped to the gamut)."""
    if vision == "normal":
        return rgb
    m = MACHADO_2009[vision]
    r, g, b = (min(max(sum(m[i][j] * rgb[j] for j in range(3)), 0.0), 1.0) for i in range(3))
    return r, g, b


def lab(rgb: RGB) -> RGB:
    """CIELAB (D65 white) of a linear sRGB colour."""
    r, g, b = rgb
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1: RGB, lab2: RGB) -> float:
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0
    if c1p * c2p:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    dh_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    h_bar = h1p + h2p
    if c1p * c2p:
        h_bar = (h1p + h2p) / 2 if abs(h1p - h2p) <= 180 else (h1p + h2p + 360) / 2
        h_bar = h_bar if h_bar < 360 else h_bar - 360
    t = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_bar**7 / (cp_bar**7 + 25**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (dl / s_l) ** 2 + (dc / s_c) ** 2 + (dh_big / s_h) ** 2 + r_t * (dc / s_c) * (dh_big / s_h)
    )


def difference(colour1: str, colour2: str, vision: str = "normal") -> float:
    """ΔE00 between two sRGB hex colours as seen with this vision."""
    return ciede2000(
        lab(simulate(linear_rgb(colour1), vision)), lab(simulate(linear_rgb(colour2), vision))
    )


def black_text_contrast(colour: str) -> float:
    """WCAG 2 contrast ratio of black text on this background."""
    r, g, b = linear_rgb(colour)
    return (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05) / 0.05


def is_hex_colour(text: str) -> bool:
    return re.fullmatch(r"#[0-9a-fA-F]{6}", text) is not None


def closest_pairs(colours: dict[str, str]) -> dict[str, tuple[float, str, str]]:
    """Per vision: the smallest ΔE00 between any two named colours, and which two."""
    result = {}
    for vision in VISIONS:
        result[vision] = min(
            (difference(colours[a], colours[b], vision), a, b) for a, b in combinations(colours, 2)
        )
    return result


def hardest_pair(colours: dict[str, str]) -> tuple[float, str, str, str] | None:
    """The two colours hardest to tell apart under any vision: (ΔE00, a, b, vision)."""
    valid = {name: colour for name, colour in colours.items() if is_hex_colour(colour)}
    if len(valid) < 2:
        return None
    vision, (value, a, b) = min(closest_pairs(valid).items(), key=lambda item: item[1][0])
    return value, a, b, vision
