"""A receipt e-mail to a citizen's address (a complainant's or a denouncer's: Luật Tố cáo 2018 Đ.47 khoản
1) keeps the address sealed; the provider's error, which administrators read in the outbox, hides it in
whatever case the mail server quotes it, and the mailbox's name quoted alone."""

from __future__ import annotations

import pytest
from django.db import transaction

from notifications.channels import DeliveryRefused
from notifications.channels.email import EmailChannel
from notifications.delivery import outbox_deliver_due
from notifications.models import OutboxMessage
from notifications.services import outbox_email_to_address

pytestmark = pytest.mark.django_db

TYPED = "Gui.NguyenVan@Example.VN"


@pytest.mark.parametrize(
    "reply",
    [
        "550 5.1.1 <gui.nguyenvan@example.vn>: Recipient address rejected: user unknown",
        "550 5.1.1 <GUI.NGUYENVAN@EXAMPLE.VN>: user unknown",
        "552 5.2.2 Mailbox gui.nguyenvan is full",
    ],
)
def test_the_error_an_administrator_reads_never_quotes_the_citizens_address(frozen_clock, monkeypatch, reply):
    def refuse(self, message):
        raise DeliveryRefused(reply)

    monkeypatch.setattr(EmailChannel, "send", refuse)
    with transaction.atomic():
        assert outbox_email_to_address(key="public-receipt:x", recipient=TYPED, subject="Mã tiếp nhận", body="Mã: X")
    outbox_deliver_due()
    message = OutboxMessage.objects.get(key="public-receipt:x")
    assert (message.status, message.body) == ("failed", "")
    assert "gui.nguyenvan" not in message.last_error.casefold()
    assert message.last_error.startswith("55")
