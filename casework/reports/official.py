"""Official papers are Vietnamese documents: their texts never follow the reader's interface language.

They are the union's administrative documents, which Nghị định 30/2020/NĐ-CP governs (Đ.2 k.2: the
union applies it): the decisions, notices and conclusions a committee issues and the reports it sends
to the union above (báo cáo, Đ.7), in the form Đ.8 fixes, whose parts are Vietnamese texts (quốc
hiệu và tiêu ngữ, tên cơ quan ban hành, tên loại và trích yếu...) presented as Đ.9 and Phụ lục I say,
and the registers of papers sent and received (sổ đăng ký văn bản đi, đến: Đ.16, Đ.22, Phụ lục IV).
Hence the quarterly and consolidated reports, the register book, the papers and their registers are
built here in Vietnamese, whoever asks for them. What only the person on the page reads (the pages
themselves, the import template they fill in) follows that reader's language."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.utils.translation import override

P = ParamSpec("P")
R = TypeVar("R")


def official_text(label: object) -> str:
    """A (possibly lazy) label as printed on an official Vietnamese document."""
    with override("vi"):
        return str(label)


def in_vietnamese(func: Callable[P, R]) -> Callable[P, R]:
    """Build the decorated document in Vietnamese (a fresh override per call: safe across threads)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with override("vi"):
            return func(*args, **kwargs)

    return wrapper
