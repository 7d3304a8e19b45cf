"""The administration speaks Vietnamese throughout: every app and model it lists, the libraries'
included (casework.security.library_apps, locale/vi)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.utils import translation

pytestmark = pytest.mark.django_db

# Names that are the same in both languages (a product's or a standard's name).
SAME = {"TOTP devices", "TOTP device"}


def test_every_app_and_model_in_the_administration_has_a_vietnamese_name(rf, cast):
    request = rf.get("/admin/")
    request.user = cast.admin
    with translation.override("vi"):
        apps = admin.site.get_app_list(request)
        english = []
        for app in apps:
            name = str(app["name"])
            if name.isascii():
                english.append(name)
            english += [
                str(m["name"]) for m in app["models"] if str(m["name"]).isascii() and str(m["name"]) not in SAME
            ]
    assert apps and english == []
