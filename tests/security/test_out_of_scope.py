"""OutOfScope raised anywhere in a view answers 404 (never 403/500), through the middleware or the wrappers."""

from __future__ import annotations

import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import include, path
from django.views import View

from casework.org.models import Unit
from casework.security.scope import ScopedViewMixin, get_in_scope_or_404, scoped_view
from core.errors import OutOfScope


def _raises(request):
    raise OutOfScope("ngoài phạm vi")


def _api_raises(request):
    raise OutOfScope("ngoài phạm vi")


urlpatterns = [path("x/", _raises), path("api/x/", _api_raises), path("", include("casework.urls"))]


@pytest.mark.django_db
@pytest.mark.urls("tests.security.test_out_of_scope")
def test_middleware_maps_out_of_scope_to_404(client, cast):
    client.force_login(cast.officer)
    response = client.get("/x/")
    assert response.status_code == 404
    assert "ngoài phạm vi của bạn" in response.content.decode()
    api = client.get("/api/x/")
    assert api.status_code == 404
    assert api.json()["code"] == "not_found"


def test_decorator_turns_out_of_scope_and_does_not_exist_into_404():
    @scoped_view
    def view(request, which):
        if which == "scope":
            raise OutOfScope("x")
        if which == "missing":
            raise Unit.DoesNotExist
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    assert view(request, "ok").content == b"ok"
    for which in ("scope", "missing"):
        with pytest.raises(Http404):
            view(request, which)


def test_mixin_does_the_same_for_class_based_views():
    class Detail(ScopedViewMixin, View):
        def get(self, request):
            raise OutOfScope("x")

    with pytest.raises(Http404):
        Detail.as_view()(RequestFactory().get("/"))


@pytest.mark.django_db
def test_get_in_scope_or_404(cast):
    from casework.org.selectors import units_visible_to

    visible = units_visible_to(user=cast.officer)
    assert get_in_scope_or_404(visible, pk=cast.hospital.pk) == cast.hospital
    with pytest.raises(Http404):
        get_in_scope_or_404(visible, pk=cast.other_grassroots.pk)
