"""Signed checkpoints of the chain head: the payload, its HMAC and its JSON form."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils.translation import gettext

from core.errors import ValidationFailed


@dataclass(frozen=True)
class CheckpointData:
    seq: int
    hash: str
    created_at: str  # ISO 8601 UTC text, exactly as signed
    signature: str = ""

    def payload(self) -> bytes:
        return json.dumps(
            {"seq": self.seq, "hash": self.hash, "created_at": self.created_at}, sort_keys=True, separators=(",", ":")
        ).encode()

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CheckpointData:
        try:
            raw = json.loads(text)
            return cls(
                seq=int(raw["seq"]),
                hash=str(raw["hash"]),
                created_at=str(raw["created_at"]),
                signature=str(raw["signature"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValidationFailed(
                {
                    "checkpoint": gettext(
                        "Điểm kiểm tra không đọc được (cần JSON có seq, hash, created_at, signature): %(error)s"
                    )
                    % {"error": exc}
                }
            ) from exc

    @classmethod
    def from_model(cls, checkpoint) -> CheckpointData:
        return cls(
            seq=checkpoint.seq,
            hash=checkpoint.hash,
            created_at=format_instant(checkpoint.created_at),
            signature=checkpoint.signature,
        )


def format_instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def checkpoint_sign(data: CheckpointData, *, key: str | None = None) -> str:
    key = settings.AUDIT_HMAC_KEY if key is None else key
    return hmac.new(key.encode(), data.payload(), hashlib.sha256).hexdigest()


def checkpoint_signature_valid(data: CheckpointData, *, key: str | None = None) -> bool:
    return hmac.compare_digest(checkpoint_sign(data, key=key), data.signature)
