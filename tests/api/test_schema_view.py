"""/api/schema/ is built once per language and process, whoever asks and in whichever format."""

from __future__ import annotations

import pytest
from django.test import override_settings

from casework.api import schema_view


@pytest.fixture
def builds(monkeypatch):
    """The languages the schema was built in, in order, from an empty store."""
    schema_view.reset()
    built: list[str] = []
    generator = schema_view.SchemaView.generator_class
    original = generator.get_schema

    def counting(self, *args, **kwargs):
        from django.utils import translation

        built.append(translation.get_language())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(generator, "get_schema", counting)
    yield built
    schema_view.reset()


def test_the_schema_is_built_once_per_language_whoever_asks_and_in_any_format(client, api_as, cast, builds):
    first = client.get("/api/schema/", {"format": "json"})
    assert first.status_code == 200 and first.json()["openapi"].startswith("3.")
    assert api_as(cast.officer).get("/api/schema/", {"format": "json"}).json() == first.json()
    yaml = client.get("/api/schema/")
    assert yaml.status_code == 200 and b"openapi:" in yaml.content
    assert 'filename="Casework API.yaml"' in yaml["Content-Disposition"]
    english = client.get("/api/schema/", {"lang": "en", "format": "json"}).content.decode()
    client.get("/api/schema/", {"lang": "en"})
    # A language the site does not offer is the request's own: nothing more is built.
    assert client.get("/api/schema/", {"lang": "xx-evil", "format": "json"}).json() == first.json()
    assert builds == ["vi", "en"]
    assert "Reporting unit (whole subtree)" in english


def test_a_changed_setting_builds_it_again(client, builds):
    client.get("/api/schema/")
    with override_settings(SPECTACULAR_SETTINGS={"TITLE": "Casework API", "VERSION": "9.9.9"}):
        pass
    client.get("/api/schema/")
    assert builds == ["vi", "vi"]


def test_the_api_s_front_door_leads_to_its_documentation(client):
    response = client.get("/api/")
    assert response.status_code == 302 and response["Location"] == "/api/docs/"
