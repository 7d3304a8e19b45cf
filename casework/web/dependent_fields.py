"""Fields a form needs only for some answers of another field (server-rendered, progressively enhanced)."""

from __future__ import annotations

from collections.abc import Iterable


def depends_on(field: str, values: Iterable[str]) -> dict[str, str]:
    """Widget attributes of a field needed only when `field` takes one of `values`: web/depends.js
    hides it otherwise. Without the script every field shows, and the service says which are required.
    `field` may name several fields, space-separated: then it shows when any of them takes one of `values`."""
    return {"data-depends-on": field, "data-depends-values": " ".join(values)}
