"""JSON bodies parsed with a depth limit, and no control characters in any string.

Python's decoder recurses once per nesting level: fifty thousand `[` raised RecursionError (a 500)
before any view ran, also on the public endpoints. The body is parsed, then walked without
recursion; deeper than MAX_DEPTH, or a string (key or value) holding a control character (a NUL
reaching PostgreSQL is a DataError) or a lone surrogate, answers 400 in the API's error shape with
`fields`. A body that is not JSON in UTF-8 answers 400 `parse_error`, in Vietnamese.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

from casework.security.hostile_input import CONTROL_IN_VALUE, control_message

# A lone half of a UTF-16 surrogate pair ("\ud800" in JSON) is no character: it cannot be stored.
SURROGATE = re.compile("[\ud800-\udfff]")


def _bad_character(value: str, name: str) -> str:
    """The refusal of a string holding a control character or a lone surrogate ("" when clean)."""
    if CONTROL_IN_VALUE.search(value):
        return control_message(name)
    if SURROGATE.search(value):
        return gettext("Tham số %(name)s chứa ký tự Unicode không hợp lệ.") % {"name": name}
    return ""


# Our bodies nest three levels at most (a case with submitters); 32 leaves room and stops abuse.
MAX_DEPTH = 32


def json_check(data: Any) -> None:
    """Raise ParseError when `data` nests deeper than MAX_DEPTH, ValidationError on a control character."""
    stack: list[tuple[Any, int, str]] = [(data, 1, "")]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise ParseError(gettext("JSON lồng quá %(depth)s cấp.") % {"depth": MAX_DEPTH})
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                name = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and (refusal := _bad_character(key, "body")):
                    raise ValidationError({"body": [refusal]})
                stack.append((item, depth + 1, name))
        elif isinstance(value, str) and (refusal := _bad_character(value, path or "body")):
            raise ValidationError({path or "body": [refusal]})


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(gettext("JSON lồng quá %(depth)s cấp.") % {"depth": MAX_DEPTH}) from exc
        except ParseError as exc:  # not JSON, or not UTF-8: DRF's words are English and name the decoder
            raise ParseError(gettext("Nội dung gửi lên không phải JSON hợp lệ (UTF-8).")) from exc
        json_check(data)
        return data
