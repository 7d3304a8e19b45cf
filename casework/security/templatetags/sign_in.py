"""The login page's "sign in with the federation's account" link, shown only when OIDC is configured."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def oidc_enabled() -> bool:
    return bool(settings.OIDC_ENABLED)
