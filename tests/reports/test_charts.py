"""The dashboard's SVG charts keep their labels whole: long unit names wrap, quarter labels fit."""

from __future__ import annotations

import re

from casework.reports.charts import bar_chart, line_chart, wrap_label


def _texts(svg: str) -> list[str]:
    return re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)


def test_a_long_unit_name_wraps_on_two_lines_instead_of_being_cut():
    name = "Công đoàn Bệnh viện Nhi Thái Bình"
    svg = bar_chart(title="Đơn quá hạn theo đơn vị", items=[(name, 3), ("CĐCS Phòng khám", 1)])
    lines = _texts(svg)
    assert " ".join(lines[:2]) == name
    assert lines[2] == "CĐCS Phòng khám"
    assert f"<title>{name}: 3</title>" in svg


def test_a_name_too_long_for_two_lines_ends_with_an_ellipsis_and_keeps_the_full_text_as_tooltip():
    name = "Công đoàn cơ sở Bệnh viện Đa khoa tỉnh Thái Bình và các trạm y tế trực thuộc huyện Vũ Thư"
    lines = wrap_label(name)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(len(line) <= 30 for line in lines)
    assert f"<title>{name}: 7</title>" in bar_chart(title="t", items=[(name, 7)])


def test_the_last_quarter_label_fits_inside_the_line_chart():
    svg = line_chart(
        title="Xu hướng theo quý",
        labels=["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"],
        series=[("Nhận", [1, 2, 3, 4], "#1565c0")],
    )
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    last = re.findall(r'<text x="([\d.]+)"[^>]*text-anchor="middle"[^>]*>Quý IV/2026</text>', svg)
    # 10 px DejaVu Sans: about 6 px a character, centred on x
    assert last and float(last[0]) + len("Quý IV/2026") * 6 / 2 <= width
