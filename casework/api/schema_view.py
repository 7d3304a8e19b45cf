"""/api/schema/: drf-spectacular's OpenAPI view, each language's schema built once per process.

The schema is the same for every reader (SERVE_PUBLIC: it describes the API, not what a reader may
do) and takes seconds of CPU to build, so building it on every request would let anyone, signed in
or not, keep a server busy with a few requests a second. It changes only with the code: `reset()`
drops the built schemas (and a test changing a setting does, through `setting_changed`).
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.utils import translation
from django.utils.http import content_disposition_header
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response

_built: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()


def reset(**_kwargs: Any) -> None:
    with _lock:
        _built.clear()


setting_changed.connect(reset, dispatch_uid="casework.api.schema_view.reset")


def _language(request: Request) -> str | None:
    """The language asked for with `?lang=` when the site offers it; None for the request's own."""
    asked = request.query_params.get("lang")
    if not asked:
        return None
    try:
        return translation.get_supported_language_variant(asked)
    except LookupError:
        return None


class SchemaView(SpectacularAPIView):
    @extend_schema(exclude=True)  # the schema does not describe itself (SERVE_INCLUDE_SCHEMA)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with translation.override(_language(request) or translation.get_language()):
            language = translation.get_language()
            with _lock:
                schema = _built.get(language)
            if schema is None:
                generator = self.generator_class(urlconf=self.urlconf, api_version=None, patterns=self.patterns)
                schema = generator.get_schema(request=request, public=True)
                with _lock:
                    schema = _built.setdefault(language, schema)
            suffix = self.perform_content_negotiation(request, force=True)[0].format
            title = settings.SPECTACULAR_SETTINGS.get("TITLE") or "schema"
            return Response(
                data=schema, headers={"Content-Disposition": content_disposition_header(False, f"{title}.{suffix}")}
            )
