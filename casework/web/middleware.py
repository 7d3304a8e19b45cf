"""The language a request is answered in.

The pages speak the site's language (settings.LANGUAGE_CODE, Vietnamese): the statute's terms and
the official papers are Vietnamese, and so are the officers and citizens who use them. A page is in
another language only when the reader chose it with the language selector (Django's `set_language`,
/i18n/setlang/, which stores the language cookie); the browser's Accept-Language is not read. The
API (/api/) negotiates as Django does (the cookie, then Accept-Language): machine clients ask for
English with Accept-Language.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from casework.edge_errors import is_api


def chosen_language(request: HttpRequest) -> str:
    """The language the reader chose with the selector when the site offers it, else the site's."""
    try:
        return translation.get_supported_language_variant(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))
    except LookupError:
        return settings.LANGUAGE_CODE


class SiteLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware for the API; the chosen language or the site's for every other path."""

    def process_request(self, request: HttpRequest) -> None:
        if is_api(request):
            super().process_request(request)
            return
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if is_api(request):
            return super().process_response(request, response)
        # A page depends on the language cookie only: caches key it on Cookie, not on Accept-Language.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
