"""The API docs page works under the content security policy: no inline script."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_docs_load_their_script_from_a_url_not_inline(client, cast):
    client.force_login(cast.officer)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    inline = [
        s for s in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S) if "src=" not in s[0] and s[1].strip()
    ]
    assert inline == []
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
