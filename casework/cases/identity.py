"""Encryption of denouncers' identities (Luật Tố cáo 2018 Đ.9, 47, 56; QĐ 05/QĐ-TLĐ).

The identity is a JSON list of people, encrypted with Fernet (AES-128-CBC + HMAC) under
`settings.IDENTITY_ENCRYPTION_KEY`. Fingerprints for duplicate detection are keyed HMACs, so
the database never holds a searchable plain name of a denouncer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import unicodedata

from cryptography.fernet import Fernet
from django.conf import settings


def _fernet() -> Fernet:
    return Fernet(settings.IDENTITY_ENCRYPTION_KEY.encode())


def identity_encrypt(people: list[dict]) -> str:
    return _fernet().encrypt(json.dumps(people, ensure_ascii=False).encode()).decode()


def identity_decrypt(token: str) -> list[dict]:
    return json.loads(_fernet().decrypt(token.encode()).decode())


def _norm(value: str) -> str:
    value = unicodedata.normalize("NFC", value or "").casefold()
    return " ".join(value.split())


def submitter_fingerprint(*, full_name: str, phone: str = "", email: str = "") -> str:
    """The same person (name plus phone or e-mail) gives the same fingerprint; empty for no name."""
    if not _norm(full_name):
        return ""
    contact = "".join(ch for ch in phone if ch.isdigit()) or _norm(email)
    message = f"{_norm(full_name)}|{contact}".encode()
    return hmac.new(settings.IDENTITY_ENCRYPTION_KEY.encode(), message, hashlib.sha256).hexdigest()
