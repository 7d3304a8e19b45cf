"""Messages to an address that belongs to no account: a citizen's e-mail carrying their receipt code.

The address is a complainant's or denouncer's personal data and the code is a secret (the system
keeps only its hash; whoever holds it reads the letter's status and adds files to it), so neither
is kept in clear (Luật Bảo vệ dữ liệu cá nhân 2025 Đ.3 khoản 4; Luật Tố cáo 2018 Đ.47). The row holds them
encrypted under the master key, they are opened only in memory to send, and the token is erased
once delivery has ended, sent or given up: after that nothing in the outbox can give them back.
"""

from __future__ import annotations

import copy
import re

from casework.cases.identity import identity_decrypt, identity_encrypt
from notifications.models import OutboxMessage

SEALED_PREFIX = "sealed:"


def outbox_seal(*, recipient: str, body: str) -> str:
    """The stored body of a message to `recipient`: both encrypted under the master key."""
    return SEALED_PREFIX + identity_encrypt({"to": recipient, "body": body}, case=None)


def outbox_is_sealed(message: OutboxMessage) -> bool:
    return message.body.startswith(SEALED_PREFIX)


def outbox_open(message: OutboxMessage) -> OutboxMessage:
    """A copy of `message` in memory with its address and text in clear, for the channel to send."""
    if not outbox_is_sealed(message):
        return message
    plain = identity_decrypt(message.body.removeprefix(SEALED_PREFIX), case=None)
    opened = copy.copy(message)
    opened.recipient, opened.body = plain["to"], plain["body"]
    return opened


HIDDEN_ADDRESS = "[địa chỉ người gửi đơn]"


def outbox_error_text(message: OutboxMessage, error: Exception) -> str:
    """The failure as administrators see it, without the sealed address: an SMTP error quotes it, in
    whatever case the server writes it, or quotes the mailbox's name alone (Luật Tố cáo 2018 Đ.47 khoản 1:
    a denouncer's e-mail is kept secret like their name)."""
    text = str(error)
    if outbox_is_sealed(message):
        address = outbox_open(message).recipient.strip()
        if address:
            mailbox = address.rsplit("@", 1)[0]
            # A mailbox of a letter or two names nobody, and hiding it would blank the error's own words.
            for quoted in (address, mailbox) if len(mailbox) >= 3 else (address,):
                text = re.sub(re.escape(quoted), HIDDEN_ADDRESS, text, flags=re.IGNORECASE)
    return text[:1000]
