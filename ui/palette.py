"""The highlight colours besides the tagset's: chosen with them, checked with them.

The nine annotation types (resources/tagsets/default.json), the text selection and the
search highlight are told apart by at least ΔE00 10 from each other and from the white
page, with normal vision and with simulated protanopia, deuteranopia and tritanopia, and
black text on each has a WCAG contrast of at least 4.5 (tests/test_palette.py).
"""

from __future__ import annotations

PAGE = "#ffffff"
TEXT_SELECTION = "#afd7ff"  # the source text's selection (style.qss: @TEXT_SELECTION@)
SEARCH_HIGHLIGHT = "#d5760d"  # the search box's words, found in the open article

MIN_DIFFERENCE = 10.0  # CIEDE2000, for every pair under every simulated vision
MIN_BLACK_TEXT_CONTRAST = 4.5  # WCAG 2 AA for body text
