"""Hostile input refused at the edge, once for every view: control characters and oversized bodies.

A NUL reaching PostgreSQL is a DataError (a 500), and no text a person types carries control
characters: a path, a query parameter or a form field holding one answers 400 naming the
parameter. Tabs and line breaks stay allowed in values (text areas). JSON bodies are checked by
the API's parser (casework/api/parsers.py), which sees the decoded strings.

A body over DATA_UPLOAD_MAX_MEMORY_SIZE answers 413 here, before any middleware (CSRF) or view
reads it and Django's RequestDataTooBig turns into a plain-text page. File uploads (multipart) are
streamed to disk by Django and only their other fields count against the limit. Too many fields
(DATA_UPLOAD_MAX_NUMBER_FIELDS) or files (DATA_UPLOAD_MAX_NUMBER_FILES) in one body answer 400 in
the same shape, not Django's bare page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from casework.edge_errors import error_response

# C0 controls except tab, line feed and carriage return; DEL; the C1 controls.
CONTROL_IN_VALUE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_ANYWHERE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def control_message(name: str) -> str:
    return _("Tham số %(name)s chứa ký tự điều khiển không hợp lệ.") % {"name": name}


def _bad_parameter(query: dict, *, keys_too: bool = True) -> str | None:
    """The name of the first parameter whose name or value holds a control character."""
    for key, values in query.lists():
        if keys_too and CONTROL_ANYWHERE.search(key):
            return CONTROL_ANYWHERE.sub("?", key)
        if any(isinstance(v, str) and CONTROL_IN_VALUE.search(v) for v in values):
            return key
    return None


class HostileInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if CONTROL_ANYWHERE.search(request.path_info):
            return error_response(request, 400, "invalid", control_message("path"), field="path")
        bad = _bad_parameter(request.GET)
        if bad is not None:
            return error_response(request, 400, "invalid", control_message(bad), field=bad)
        refused = self._refuse_body(request)
        if refused is not None:
            return refused
        return self.get_response(request)

    @staticmethod
    def _refuse_body(request: HttpRequest) -> HttpResponse | None:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        multipart = request.content_type == "multipart/form-data"
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(request, 400, "invalid", _("Content-Length không hợp lệ."), field="body")
        too_big = _("Dữ liệu gửi lên quá lớn.")
        if limit is not None and not multipart and length > limit:
            return error_response(request, 413, "too_large", too_big)
        if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return None
        try:
            bad = _bad_parameter(request.POST)
        except RequestDataTooBig:
            return error_response(request, 413, "too_large", too_big)
        except TooManyFieldsSent:
            return error_response(request, 400, "invalid", _("Quá nhiều trường dữ liệu."), field="body")
        except TooManyFilesSent:
            # More files in one body than DATA_UPLOAD_MAX_NUMBER_FILES: refused before any is stored.
            return error_response(request, 400, "invalid", _("Quá nhiều tệp trong một lần gửi."), field="body")
        except MultiPartParserError:
            return error_response(request, 400, "invalid", _("Dữ liệu gửi lên không đúng định dạng."), field="body")
        if bad is not None:
            return error_response(request, 400, "invalid", control_message(bad), field=bad)
        return None
