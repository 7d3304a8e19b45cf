"""Delivery channels of the outbox: e-mail, SMS and Zalo OA, each a backend behind one interface.

A backend sends one `OutboxMessage` and either returns (the provider accepted it) or raises:
`DeliveryRefused` when the provider says the message can never go (bad number, unknown Zalo
user): the outbox marks it failed at once; any other exception is transient (timeout, 5xx,
connection refused) and the outbox retries with back-off.

Every request carries the message's outbox key as its idempotency key, so a provider that got
the first attempt and answered too late does not send the retry again.
"""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import gettext_lazy as _


class DeliveryRefused(Exception):
    """The provider refused the message for good: retrying cannot help."""


class ChannelBackend(Protocol):
    name: str

    def configured(self) -> bool:
        """Whether this deployment has the provider's settings (else nothing is queued for it)."""

    def send(self, message) -> None:
        """Send one outbox message; raise DeliveryRefused or another exception on failure."""


EMAIL, SMS, ZALO = "email", "sms", "zalo"
CHANNEL_CHOICES = [(EMAIL, _("E-mail")), (SMS, _("Tin nhắn SMS")), (ZALO, _("Zalo OA"))]
# The channels a person opts into with an address of their own (e-mail uses the account's).
OPT_IN_CHANNELS = (SMS, ZALO)


def backend(name: str) -> ChannelBackend:
    from notifications.channels.email import EmailChannel
    from notifications.channels.http import SmsChannel, ZaloChannel

    backends: dict[str, ChannelBackend] = {EMAIL: EmailChannel(), SMS: SmsChannel(), ZALO: ZaloChannel()}
    return backends[name]


def configured_opt_in_channels() -> list[str]:
    return [name for name in OPT_IN_CHANNELS if backend(name).configured()]
