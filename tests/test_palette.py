"""The verdicts' palette: each colour stands out from the page (WCAG's 3:1 for what is not text) in both
schemes, for normal vision and as the three common colour-vision deficiencies see it (Machado et al.
2009, full severity). Where two colours look alike to someone (red and green, for many readers), the
verdict's shape still tells them apart: tests/test_reader.py renders the markers in black and white."""

from __future__ import annotations

import itertools

import pytest

from annotator.vocab import MARKS

BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2129"}  # Material's default and slate page backgrounds
#: sRGB (linear) matrices simulating each deficiency.
DEFICIENCIES = {
    "none": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def linear(hex_colour: str) -> tuple[float, float, float]:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)  # type: ignore


def seen(hex_colour: str, deficiency: str) -> tuple[float, float, float]:
    rgb = linear(hex_colour)
    return tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))))
                 for row in DEFICIENCIES[deficiency])  # type: ignore


def luminance(rgb: tuple[float, float, float]) -> float:
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]


def contrast(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
@pytest.mark.parametrize("scheme", BACKGROUNDS)
def test_every_mark_colour_stands_out_from_the_page(scheme: str, deficiency: str) -> None:
    background = luminance(seen(BACKGROUNDS[scheme], deficiency))
    for verdict in MARKS.values():
        colour = verdict.light if scheme == "light" else verdict.dark
        ratio = contrast(luminance(seen(colour, deficiency)), background)
        assert ratio >= 3, f"{verdict.id} ({colour}) on {scheme}, {deficiency}: {ratio:.2f}:1"


def test_the_markers_not_the_colours_carry_the_distinction() -> None:
    """Some pairs of colours come close for some readers; that is what the shapes are for."""
    close = []
    for deficiency, scheme in itertools.product(DEFICIENCIES, BACKGROUNDS):
        for a, b in itertools.combinations(MARKS.values(), 2):
            ca, cb = (a.light, b.light) if scheme == "light" else (a.dark, b.dark)
            if max(abs(x - y) for x, y in zip(seen(ca, deficiency), seen(cb, deficiency), strict=True)) < 0.05:
                close.append((deficiency, scheme, a.id, b.id))
    assert len({v.path for v in MARKS.values()}) == len(MARKS)
    assert all(MARKS[a].path != MARKS[b].path for _, _, a, b in close)
