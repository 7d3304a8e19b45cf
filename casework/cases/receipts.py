"""Receipt codes for public submissions: 80 random bits, read aloud over the phone.

Crockford base32 (no I, L, O, U) in four groups of four: "7KQD-M2XA-9HFR-T0BN". Only the
SHA-256 of the normalized code is stored; 2^80 possibilities make the bare hash safe to keep.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils.crypto import salted_hmac

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_BITS = 80
CODE_LENGTH = CODE_BITS // 5  # 5 bits per symbol
GROUP = 4
# Symbols people mistake for others when reading or typing a code.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def receipt_code_new() -> str:
    return _code(secrets.randbits(CODE_BITS))


def receipt_code_from(seed: bytes) -> str:
    """The code derived from `seed` by an HMAC keyed with SECRET_KEY: a random value a public form's
    one-time token carries and no table keeps (casework.web.form_tokens.token_secret), or the
    Idempotency-Key of a letter sent on the public API with its key row (casework.api.idempotency.
    idempotency_seed). A resend of the same form, or a retry with the same key, gets the code that the
    first send gave, and the stored hash stays the only trace of it."""
    digest = salted_hmac("casework.cases.receipts", seed).digest()
    return _code(int.from_bytes(digest[: CODE_BITS // 8], "big"))


def _code(value: int) -> str:
    symbols = []
    for _ in range(CODE_LENGTH):
        symbols.append(ALPHABET[value & 31])
        value >>= 5
    raw = "".join(symbols)
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def receipt_code_normalize(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum()).translate(_CONFUSABLE)
    return cleaned


def receipt_code_is_well_formed(code: str) -> bool:
    cleaned = receipt_code_normalize(code)
    return len(cleaned) == CODE_LENGTH and all(ch in ALPHABET for ch in cleaned)


def receipt_code_hash(code: str) -> str:
    return hashlib.sha256(receipt_code_normalize(code).encode()).hexdigest()
