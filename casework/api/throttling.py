"""Throttles for endpoints open to the public."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class PublicIntakeThrottle(SimpleRateThrottle):
    """Per client IP, whether or not signed in; rate in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["public_intake"]."""

    scope = "public_intake"

    def get_rate(self) -> str | None:
        # Read at request time (not class creation) so a changed setting takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
