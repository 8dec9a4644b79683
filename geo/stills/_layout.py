"""Print sizes of a still: the figure, the map, the legend area, the type sizes.

Every size is in millimetres at print size (the figure is made at that size, so a
6 pt font in matplotlib is 6 pt on paper); no text is set below :data:`MIN_FONT_PT`.
"""

from __future__ import annotations

from dataclasses import dataclass

MM_PER_IN = 25.4
#: Smallest type on a still (points at print size): readable in a printed report.
MIN_FONT_PT = 6.0


@dataclass(frozen=True)
class Layout:
    """Where things go on a still of one print size (millimetres, origin lower left).

    Attributes
    ----------
    name : str
        ``"a4-landscape"``, ``"a4-portrait"`` or ``"column"``.
    fig_mm : (width, height)
    map_mm : (left, bottom, width, height)
        The map's frame.
    legend_mm : (left, bottom, width, height)
        The area the legend, the size legend and the key of labels fill, top down.
    title_pt : float
        Title size; every other text is :data:`MIN_FONT_PT` or more.
    credits_chars : int
        Characters a line of credits holds before it wraps.
    """

    name: str
    fig_mm: tuple[float, float]
    map_mm: tuple[float, float, float, float]
    legend_mm: tuple[float, float, float, float]
    title_pt: float
    credits_chars: int

    @property
    def fig_in(self) -> tuple[float, float]:
        return (self.fig_mm[0] / MM_PER_IN, self.fig_mm[1] / MM_PER_IN)

    @property
    def map_aspect(self) -> float:
        """Width over height of the map frame."""
        return self.map_mm[2] / self.map_mm[3]

    def fig_fraction(self, box_mm: tuple[float, float, float, float]) -> tuple[float, ...]:
        """``box_mm`` (left, bottom, width, height) as figure fractions."""
        w, h = self.fig_mm
        return (box_mm[0] / w, box_mm[1] / h, box_mm[2] / w, box_mm[3] / h)


#: A4 less 10 mm margins; one journal column is 85 mm wide (Elsevier, Nature: 85–89 mm).
SIZES: dict[str, Layout] = {
    "a4-landscape": Layout(
        "a4-landscape", (277.0, 190.0), (6.0, 20.0, 200.0, 158.0), (212.0, 20.0, 63.0, 158.0),
        13.0, 190,
    ),
    "a4-portrait": Layout(
        "a4-portrait", (190.0, 277.0), (6.0, 102.0, 178.0, 160.0), (6.0, 22.0, 178.0, 76.0),
        13.0, 130,
    ),
    "column": Layout(
        "column", (85.0, 215.0), (2.0, 143.0, 81.0, 62.0), (2.0, 33.0, 81.0, 108.0), 9.0, 60,
    ),
}  # fmt: skip


def layout(size: str) -> Layout:
    """The :class:`Layout` of a print size name.

    Raises
    ------
    ValueError
        When ``size`` is not one of :data:`SIZES`.
    """
    try:
        return SIZES[size]
    except KeyError:
        raise ValueError(f"still size {size!r} is not one of {', '.join(sorted(SIZES))}") from None
