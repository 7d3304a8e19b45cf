"""Token for scripts: POST username + password, get a token for `Authorization: Token <key>`."""

from __future__ import annotations

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class LoginThrottle(AnonRateThrottle):
    """Password guessing through the API is slowed per IP."""

    scope = "api_login"


class TokenObtainView(ObtainAuthToken):
    throttle_classes = [LoginThrottle]
    # ObtainAuthToken names its own parsers: ours instead, for the JSON depth limit.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
