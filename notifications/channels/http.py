"""SMS and Zalo OA: the providers' HTTP APIs, configured by environment variables (settings.base).

SMS: a JSON POST to SMS_API_URL (the shape of the Vietnamese brandname gateways: recipient,
text, brandname, the client's own reference), bearer token SMS_API_TOKEN.
Zalo: the Official Account "customer service" message API (ZALO_OA_API_URL, header
`access_token`), which answers HTTP 200 with `{"error": 0}` on success and a non-zero code when it
refuses (the user does not follow the OA, the token is wrong).
"""

from __future__ import annotations

import requests
from django.conf import settings

from notifications.channels import SMS, ZALO, DeliveryRefused

# Statuses a retry may cure; every other 4xx is the provider refusing this message for good.
TRANSIENT_4XX = {408, 425, 429}


class ProviderUnavailable(Exception):
    """The provider did not answer, or answered with a server error: try again later."""


def _post(url: str, *, json: dict, headers: dict, timeout: float) -> requests.Response:
    try:
        response = requests.post(url, json=json, headers=headers, timeout=timeout)
    except requests.RequestException as exc:
        raise ProviderUnavailable(f"{type(exc).__name__}: {exc}") from exc
    if response.status_code >= 500 or response.status_code in TRANSIENT_4XX:
        raise ProviderUnavailable(f"HTTP {response.status_code}: {response.text[:200]}")
    if response.status_code >= 400:
        raise DeliveryRefused(f"HTTP {response.status_code}: {response.text[:200]}")
    return response


class SmsChannel:
    name = SMS

    def configured(self) -> bool:
        return bool(settings.SMS_API_URL and settings.SMS_API_TOKEN)

    def send(self, message) -> None:
        _post(
            settings.SMS_API_URL,
            json={"to": message.recipient, "text": message.body, "brandname": settings.SMS_SENDER, "ref": message.key},
            headers={"Authorization": f"Bearer {settings.SMS_API_TOKEN}", "Idempotency-Key": message.key},
            timeout=settings.SMS_TIMEOUT,
        )


class ZaloChannel:
    name = ZALO

    def configured(self) -> bool:
        return bool(settings.ZALO_OA_API_URL and settings.ZALO_OA_ACCESS_TOKEN)

    def send(self, message) -> None:
        response = _post(
            settings.ZALO_OA_API_URL,
            json={"recipient": {"user_id": message.recipient}, "message": {"text": message.body}},
            headers={"access_token": settings.ZALO_OA_ACCESS_TOKEN, "Idempotency-Key": message.key},
            timeout=settings.ZALO_TIMEOUT,
        )
        try:
            error = response.json().get("error", 0)
        except ValueError as exc:
            raise ProviderUnavailable(f"Zalo answered no JSON: {response.text[:200]}") from exc
        if error != 0:
            raise DeliveryRefused(f"Zalo error {error}: {response.json().get('message', '')}"[:300])
