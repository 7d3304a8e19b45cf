from __future__ import annotations

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from casework.files.access import _checks, register_access_check
from casework.files.services import attachment_store
from tests.files.conftest import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(cast):
    return attachment_store(
        upload=upload("bien-ban.pdf", PDF_BYTES), target=cast.hospital, unit=cast.hospital, actor=cast.officer
    )


def test_a_user_in_scope_downloads_it_as_an_attachment(client, cast, attachment):
    client.force_login(cast.officer)
    response = client.get(reverse("files:download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "bien-ban.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="file.download")
    assert event.actor == cast.officer
    assert event.target_id == str(attachment.pk)


@pytest.mark.parametrize("who", ["other_officer", "outsider", "subject_rep"])
def test_users_outside_scope_get_404(client, cast, who):
    # subject_rep is scoped to the hospital: an attachment of the clinic is outside.
    attachment = attachment_store(
        upload=upload("x.pdf", PDF_BYTES), target=cast.clinic, unit=cast.clinic, actor=cast.officer
    )
    client.force_login(getattr(cast, who))
    response = client.get(reverse("files:download", args=[attachment.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="file.download").exists()


def test_a_missing_attachment_is_404_like_a_hidden_one(client, cast):
    client.force_login(cast.officer)
    assert client.get(reverse("files:download", args=[999999])).status_code == 404


def test_anonymous_is_sent_to_login(client, attachment):
    response = client.get(reverse("files:download", args=[attachment.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_registered_access_check_can_narrow_access(client, cast, attachment):
    def only_officer(user, att):
        return user.pk == cast.officer.pk

    register_access_check("org.unit", only_officer)
    try:
        client.force_login(cast.officer2)
        assert client.get(reverse("files:download", args=[attachment.pk])).status_code == 404
        client.force_login(cast.officer)
        assert client.get(reverse("files:download", args=[attachment.pk])).status_code == 200
    finally:
        _checks["org.unit"].remove(only_officer)


def test_post_is_not_allowed(client, cast, attachment):
    client.force_login(cast.officer)
    assert client.post(reverse("files:download", args=[attachment.pk])).status_code == 405
