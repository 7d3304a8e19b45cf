"""Server-rendered inline SVG charts: no JavaScript library, no CDN, nothing the CSP must allow.

Every text goes through `escape`; the markup uses presentation attributes only (no style=).
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.numbers import number_vi

BAR_COLOUR = "#1565c0"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    for step in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return step
    return value


def _svg(width: int, height: int, title: str, body: list[str], role: str = "img") -> SafeString:
    t = escape(title)
    return mark_safe(  # noqa: S308 — every interpolated text was escaped above or below
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="{role}" '
        f'aria-label="{t}" class="chart"><title>{t}</title>'
        f'<text x="0" y="16" font-size="14" font-weight="bold" {FONT}>{t}</text>' + "".join(body) + "</svg>"
    )


LABEL_CHARS = 30  # what fits in the 200 px label column at 12 px


def wrap_label(text: str, *, width: int = LABEL_CHARS, lines: int = 2) -> list[str]:
    """Split a label on spaces into at most `lines` lines of about `width` characters.

    A label longer than that ends with "…" on its last line; the chart keeps the full text in a
    <title> (the tooltip and what a screen reader reads), so nothing is silently cut.
    """
    words = text.split()
    out: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    out = [line if len(line) <= width else line[: width - 1] + "…" for line in out] or [""]
    if len(out) > lines:
        last = " ".join(out[lines - 1 :])
        out = out[: lines - 1] + [last[: width - 1].rstrip() + "…"]
    return out


def bar_chart(
    *, title: str, items: list[tuple[str, int]], colour: str = BAR_COLOUR, links: list[str] | None = None
) -> SafeString:
    """Horizontal bars, one per item, value printed at the bar's end; long labels wrap on two lines.
    With `links` (one address per item), each bar, its label and its value link to the list it counts."""
    line_h, label_w, bar_w, top = 14, 200, 320, 30
    wrapped = [wrap_label(str(label)) for label, _ in items]
    heights = [12 + line_h * len(lines) for lines in wrapped]
    height = top + (sum(heights) if items else 26) + 10
    top_value = _nice_max(max([v for _, v in items], default=0))
    body: list[str] = []
    if not items:
        no_data = escape(gettext("Không có số liệu"))
        body.append(f'<text x="0" y="{top + 16}" font-size="12" {FONT}>{no_data}</text>')
    y = top
    hrefs = links if links is not None else [""] * len(items)
    for (label, value), lines, row_h, href in zip(items, wrapped, heights, hrefs, strict=True):
        w = 0 if not value else max(2, round(bar_w * value / top_value))
        bar_y = y + (row_h - 16) / 2
        text_y = y + (row_h - line_h * len(lines)) / 2 + 11
        spans = "".join(
            f'<tspan x="0" y="{text_y + i * line_h:.0f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
        )
        shown = number_vi(value)
        bar = (
            f"<title>{escape(label)}: {shown}</title>"
            f'<text font-size="12" {FONT}>{spans}</text>'
            f'<rect x="{label_w}" y="{bar_y:.0f}" width="{w}" height="16" fill="{colour}"/>'
            f'<text x="{label_w + w + 6}" y="{bar_y + 12:.0f}" font-size="12" {FONT}>{shown}</text>'
        )
        body.append(f'<a href="{escape(href)}">{bar}</a>' if href else f"<g>{bar}</g>")
        y += row_h
    # Links inside an image are hidden from assistive technology: a chart of links is a group of them.
    return _svg(label_w + bar_w + 60, height, title, body, role="group" if links else "img")


def stacked_bar(*, title: str, items: list[tuple[str, int, str]]) -> SafeString:
    """One bar split into parts (the 100% line of flags), with a legend."""
    width, bar_w, top = 560, 540, 30
    total = sum(v for _, v, _ in items)
    body: list[str] = []
    x = 0.0
    for label, value, colour in items:
        if total and value:
            w = bar_w * value / total
            body.append(
                f'<rect x="{x:.1f}" y="{top}" width="{w:.1f}" height="24" fill="{colour}">'
                f"<title>{escape(label)}: {value}</title></rect>"
            )
            x += w
    if not total:
        body.append(f'<rect x="0" y="{top}" width="{bar_w}" height="24" fill="#e0e0e0"/>')
    for i, (label, value, colour) in enumerate(items):
        y = top + 40 + i * 20
        body.append(f'<rect x="0" y="{y - 11}" width="12" height="12" fill="{colour}"/>')
        body.append(f'<text x="18" y="{y}" font-size="12" {FONT}>{escape(label)}: {value}</text>')
    return _svg(width, top + 40 + len(items) * 20, title, body)


def line_chart(*, title: str, labels: list[str], series: list[tuple[str, list[int], str]]) -> SafeString:
    """Lines over quarters, with points, axis labels and a legend."""
    left, top, plot_w, plot_h = 40, 30, 480, 160
    top_value = _nice_max(max([v for _, values, _ in series for v in values], default=0))
    n = max(1, len(labels) - 1)
    body: list[str] = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" font-size="10" text-anchor="end" {FONT}>{top_value}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" font-size="10" text-anchor="end" {FONT}>0</text>',
    ]
    for i, label in enumerate(labels):
        x = left + plot_w * i / n
        body.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 16}" font-size="10" text-anchor="middle" {FONT}>{escape(label)}</text>'
        )
    for s, (name, values, colour) in enumerate(series):
        points = [(left + plot_w * i / n, top + plot_h - plot_h * v / top_value) for i, v in enumerate(values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (x, y), v in zip(points, values, strict=True):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{escape(name)}: {v}</title></circle>'
            )
        lx = left + s * 150
        body.append(f'<rect x="{lx}" y="{top + plot_h + 28}" width="12" height="12" fill="{colour}"/>')
        body.append(f'<text x="{lx + 18}" y="{top + plot_h + 39}" font-size="12" {FONT}>{escape(name)}</text>')
    # The last label is centred on the plot's right edge: leave it half a label of room.
    return _svg(left + plot_w + 50, top + plot_h + 50, title, body)
