"""E-mail through Django's mail backend (SMTP in production)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage


class EmailChannel:
    name = "email"

    def configured(self) -> bool:
        return True

    def send(self, message) -> None:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "casework.local"
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.recipient],
            # Mail systems drop a copy with a Message-ID they have already seen.
            headers={"Message-ID": f"<outbox-{message.pk}@{domain}>", "X-Casework-Key": message.key[:200]},
        )
        email.send(fail_silently=False)
