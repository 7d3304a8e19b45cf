"""JSON bodies parsed with a depth limit, and no control characters in any string.

Python's decoder recurses once per nesting level: fifty thousand `[` raised RecursionError (a 500)
before any view ran, also on the public endpoints. The body is parsed, then walked without
recursion; deeper than MAX_DEPTH, or a string (key or value) holding a control character (a NUL
reaching PostgreSQL is a DataError), answers 400 in the API's error shape with `fields`.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

from casework.security.hostile_input import CONTROL_IN_VALUE, control_message

# Our bodies nest three levels at most (a case with submitters); 32 leaves room and stops abuse.
MAX_DEPTH = 32


def json_check(data: Any) -> None:
    """Raise ParseError when `data` nests deeper than MAX_DEPTH, ValidationError on a control character."""
    stack: list[tuple[Any, int, str]] = [(data, 1, "")]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise ParseError(f"JSON lồng quá {MAX_DEPTH} cấp.")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                name = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and CONTROL_IN_VALUE.search(key):
                    raise ValidationError({"body": [control_message("body")]})
                stack.append((item, depth + 1, name))
        elif isinstance(value, str) and CONTROL_IN_VALUE.search(value):
            raise ValidationError({path or "body": [control_message(path or "body")]})


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(f"JSON lồng quá {MAX_DEPTH} cấp.") from exc
        json_check(data)
        return data
