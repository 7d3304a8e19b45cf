"""Numbers as Vietnamese documents write them."""

from __future__ import annotations

from decimal import Decimal


def number_vi(value: int | Decimal | float | None) -> str:
    """1234567 → "1.234.567": dot thousands separators, no decimals (sums of đồng, counts)."""
    return f"{value or 0:,.0f}".replace(",", ".")
