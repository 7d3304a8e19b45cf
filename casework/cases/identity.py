"""Encryption of personal data under a per-case key (Luật Tố cáo 2018 Đ.9, 47, 56; QĐ 05/QĐ-TLĐ).

A name, an address, an ID or phone number are basic personal data (Luật Bảo vệ dữ liệu cá nhân 2025
Đ.2 khoản 2; the Government's list: Nghị định 356/2025/NĐ-CP Đ.3), protected by technical measures
(Đ.3 khoản 4); encrypted, they are still personal data (Đ.12 khoản 1). When their storage period
ends they are erased so that they cannot be restored (Đ.14 khoản 1 điểm c, khoản 3).

Envelope encryption: each case has its own Fernet key (AES-128-CBC + HMAC), made when the case is
registered and stored encrypted under `settings.IDENTITY_ENCRYPTION_KEY`
(casework.privacy.models.CaseKey). Destroying a case's personal data discards its key, which makes
every copy unreadable at once (the append-only audit chain, backups, identity-bearing files)
without touching them.

One function pair serves text and bytes: `identity_encrypt(value, case=…)` takes bytes (a file)
and returns bytes, or any JSON value (a list of people, a text) and returns text;
`identity_decrypt(token, case=…)` gives back what was encrypted. Tokens written under a case key
start with "ck1:"; older tokens (under the master key directly) are still read.

Fingerprints for duplicate detection are keyed HMACs, so the database never holds a searchable
plain name of a denouncer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import unicodedata
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.translation import gettext as _

from casework.cases.decision_parts import DRAFT_FIELDS, PART_FIELDS
from casework.search.text import tone_marks_placed
from core import clock
from core.errors import ApplicationError
from core.reading import read_once

CASE_KEY_PREFIX = "ck1:"


class PersonalDataDestroyed(ApplicationError):
    """The case's key was discarded at the end of its retention period: the data is gone for good."""

    code = "personal_data_destroyed"

    def __init__(self) -> None:
        super().__init__(_("Dữ liệu cá nhân của hồ sơ này đã bị hủy khi hết thời hạn lưu trữ."))


def _master() -> Fernet:
    return Fernet(settings.IDENTITY_ENCRYPTION_KEY.encode())


def _wrapped_fresh_key() -> str:
    return _master().encrypt(Fernet.generate_key()).decode()


def case_key_create(*, case: Any) -> None:
    """Give a new case its key, in the transaction that registers it (nobody else can hold it yet)."""
    from casework.privacy.models import CaseKey

    CaseKey.objects.create(case=case, wrapped=_wrapped_fresh_key(), created_at=clock.now())


_UNREAD = object()


def _record_fernet(model: Any, *, create: bool, key: Any = _UNREAD, **owner: Any) -> Fernet:
    """The Fernet key of one record (a case, a reception entry), unwrapped; made on first use
    (a case registered before keys were made at intake, a new reception entry). `key` is the key
    row when the caller has already read it (None: the record has none)."""
    if key is _UNREAD:
        key = model.objects.filter(**owner).first()
    if key is None and create:
        key, _created = model.objects.get_or_create(
            **owner, defaults={"wrapped": _wrapped_fresh_key(), "created_at": clock.now()}
        )
    if key is None or key.destroyed_at is not None:
        raise PersonalDataDestroyed()
    return Fernet(_master().decrypt(key.wrapped.encode()))


def _case_fernet(case: Any, *, create: bool) -> Fernet:
    """Sealing takes the key that came with the case (`case_lock` reads it in the same query, under
    the case's row lock, which the key's destruction also takes; a new case has it from intake);
    reading asks the database each time, so a key destroyed meanwhile is never used to read, once
    per page within a page's reading (core.reading: nothing is destroyed while a page is read)."""
    from casework.privacy.models import CaseKey

    if not create:
        return read_once(("case key", case.pk), lambda: _record_fernet(CaseKey, create=False, case_id=case.pk))
    try:
        key = case.data_key
    except CaseKey.DoesNotExist:
        key = None
    return _record_fernet(CaseKey, create=True, key=key, case_id=case.pk)


def identity_encrypt(value: Any, *, case: Any | None) -> Any:
    """Encrypt `value` under `case`'s key (made on first use): bytes in, bytes out; else JSON text.

    `case=None` is for values not tied to any record: the master key, which retention does not
    discard (the reception book has its own per-entry keys: `reception_encrypt`).
    """
    if case is None:
        fernet, prefix = _master(), ""
    else:
        fernet, prefix = _case_fernet(case, create=True), CASE_KEY_PREFIX
    if isinstance(value, bytes):
        return prefix.encode() + fernet.encrypt(value)
    return prefix + fernet.encrypt(json.dumps(value, ensure_ascii=False).encode()).decode()


def identity_decrypt(token: str | bytes, *, case: Any | None) -> Any:
    """What `identity_encrypt` was given; PersonalDataDestroyed once the case's key is discarded."""
    raw = token if isinstance(token, bytes) else token.encode()
    prefix = CASE_KEY_PREFIX.encode()
    if raw.startswith(prefix) and case is None:
        raise PersonalDataDestroyed()  # sealed under a case key, asked for without its case
    fernet = _case_fernet(case, create=False) if raw.startswith(prefix) else _master()
    try:
        plain = fernet.decrypt(raw.removeprefix(prefix))
    except InvalidToken as exc:
        raise PersonalDataDestroyed() from exc
    return plain if isinstance(token, bytes) else json.loads(plain.decode())


RECEPTION_KEY_PREFIX = "rk1:"


def reception_encrypt(value: Any, *, entry: Any) -> str:
    """A reception visitor's identity (any JSON value) under the entry's own key (made on first use),
    which retention discards at the end of the reception book's period."""
    from casework.privacy.models import ReceptionKey

    fernet = _record_fernet(ReceptionKey, create=True, entry_id=entry.pk)
    return RECEPTION_KEY_PREFIX + fernet.encrypt(json.dumps(value, ensure_ascii=False).encode()).decode()


def reception_decrypt(token: str, *, entry: Any, key: Any = _UNREAD) -> Any:
    """What `reception_encrypt` was given; PersonalDataDestroyed once the entry's key is discarded.
    A list reads the entries' keys with the entries and passes each as `key` (None: no key)."""
    from casework.privacy.models import ReceptionKey

    if not token.startswith(RECEPTION_KEY_PREFIX):
        raise PersonalDataDestroyed()  # only tokens under the entry's key are read
    fernet = _record_fernet(ReceptionKey, create=False, key=key, entry_id=entry.pk)
    try:
        return json.loads(fernet.decrypt(token.removeprefix(RECEPTION_KEY_PREFIX).encode()).decode())
    except InvalidToken as exc:
        raise PersonalDataDestroyed() from exc


def identity_reencrypt(token: str | bytes, *, source: Any, target: Any) -> Any:
    """The same data under `target`'s key (a denunciation transferred to a new case), never
    returned to the caller in clear."""
    return identity_encrypt(identity_decrypt(token, case=source), case=target)


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"sealed"} and isinstance(value["sealed"], str)


def seal(value: Any, *, case: Any) -> dict:
    """A JSON value for an audit event: the personal data encrypted under the case's key."""
    return {"sealed": identity_encrypt(value, case=case)}


def unseal(value: dict, *, case: Any) -> Any:
    return identity_decrypt(value["sealed"], case=case)


def seal_text(text: str, *, case: Any) -> str:
    """A text column of an audit event (its reason) under the case's key; empty stays empty."""
    return identity_encrypt(text, case=case) if text else ""


def is_sealed_text(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(CASE_KEY_PREFIX)


# Free texts that name people (the person complained about, the letter, the minutes of the
# dialogue, proposals, decisions, notes): in the append-only chain only under the case's key, so
# that destroying the key at the end of the retention period erases them there too (Luật Bảo vệ dữ
# liệu cá nhân 2025 Đ.14 khoản 3: erased so that they cannot be restored). A case event's reason is
# sealed the same way.
PERSONAL_AUDIT_FIELDS = frozenset(
    {
        "subject_person",
        "content",
        "dialogue_record",
        "dialogue_participants",
        "dialogue_chair",
        "dialogue_notice_related",
        "dialogue_opinions",
        "dialogue_agreed",
        "dialogue_disputed",
        "proposal",
        # The parts of a decision or conclusion and the proposal's drafts of them, as
        # casework.cases.decision_parts lists them: what was verified names people.
        *PART_FIELDS,
        *DRAFT_FIELDS,
        "triage_note",
        # A withdrawal: the part withdrawn (the letter's own words) and the officer's assessment of
        # whether it was coerced, which names the people concerned.
        "withdrawn",
        "withdrawn_content",
        "assessment",
        "withdrawal_assessment",
        # The measures applied or proposed on a withdrawal (Nghị định 31/2019/NĐ-CP Đ.4 khoản 5): who
        # threatened or bought off the denouncer, or the denouncer who abused the denunciation.
        "measures",
        "obstacle_note",
        # The reasons typed with a suspension or a resumption (the event's reason carries them too).
        "suspension_reason",
        "resumption_reason",
        # The bodies and persons concerned a request for an expert assessment is sent to.
        "expertise_related",
    }
)


def case_audit_seal(*, case: Any, before: dict, after: dict, reason: str) -> tuple[dict, dict, str]:
    """An event about a case as the chain stores it: personal values and the reason sealed under
    the case's key (left out once that key is destroyed: nothing personal is written after).
    `case`: the case (as `case_lock` read it, with its key) or its id. A denunciation's reason and
    the officer's texts among the values go through its masks first (`case_audit_masked`)."""
    from casework.cases.models import Case, Kind

    if not isinstance(case, Case):
        case = Case(pk=int(case))
    elif case.kind == Kind.DENUNCIATION:
        before, after, reason = case_audit_masked(case=case, before=before, after=after, reason=reason)

    def sealed(values: dict) -> dict:
        return {
            k: seal(v, case=case) if k in PERSONAL_AUDIT_FIELDS and isinstance(v, str) and v else v
            for k, v in values.items()
        }

    try:
        return sealed(before), sealed(after), seal_text(reason, case=case)
    except PersonalDataDestroyed:
        return blanked(before), blanked(after), ""


# What an officer types into the values of a denunciation's audit events: the case's texts and a
# withdrawal's part, assessment and measures (the letter itself, "content", stays as received).
MASKED_AUDIT_FIELDS = frozenset({"withdrawn", "assessment", "measures"})


def case_audit_masked(*, case: Any, before: dict, after: dict, reason: str) -> tuple[dict, dict, str]:
    """A denunciation's event with its reason and the officer's texts through the case's masks."""
    from casework.cases.services.identity import CASE_OFFICER_TEXTS, case_text_masked, case_texts_masked

    fields = CASE_OFFICER_TEXTS | MASKED_AUDIT_FIELDS
    return (
        case_texts_masked(case, before, fields),
        case_texts_masked(case, after, fields),
        case_text_masked(case, reason),
    )


# Where a citizen without an account wrote from (the public form, the public API): their address
# and browser may reveal them (Luật Tố cáo 2018 Đ.47; data that identifies a person or helps identify
# them is personal data: Luật Bảo vệ dữ liệu cá nhân 2025 Đ.2 khoản 1), so a case event records them
# only under the case's key.
CITIZEN_META_FIELDS = frozenset({"ip", "user_agent"})


def case_meta_seal(*, case_pk: Any, meta: dict) -> dict:
    """The request metadata of a case event written for a citizen, its address and browser sealed."""
    from casework.cases.models import Case

    case = Case(pk=int(case_pk))
    try:
        return {
            k: seal(v, case=case) if k in CITIZEN_META_FIELDS and isinstance(v, str) and v else v
            for k, v in meta.items()
        }
    except PersonalDataDestroyed:
        return {k: "" if k in CITIZEN_META_FIELDS else v for k, v in meta.items()}


def blanked(values: dict) -> dict:
    return {k: "" if k in PERSONAL_AUDIT_FIELDS else v for k, v in values.items()}


def _norm(value: str) -> str:
    """A name or an e-mail as compared: composed, its tone marks where the school placement puts them
    ("Hòa" and "Hoà" are one name, `tone_marks_placed`), case and spacing ignored."""
    value = tone_marks_placed(unicodedata.normalize("NFC", value or "")).casefold()
    return " ".join(value.split())


def phone_key(value: str) -> str:
    """A phone number as its digits in the national form: "+84 912 345 678", "0084912345678",
    "84912345678" and "0912.345.678" are one number (Vietnam's country code 84 stands for the
    leading 0)."""
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    if digits.startswith("0084"):
        digits = digits[2:]
    if digits.startswith("84") and len(digits) in (11, 12):
        return "0" + digits[2:]
    return digits


def submitter_fingerprint(*, full_name: str, phone: str = "", email: str = "") -> str:
    """The same person (name plus phone or e-mail) gives the same fingerprint, the phone in any of its
    spellings (`phone_key`), the name with its tone marks in either style's place (`_norm`); empty for
    no name."""
    if not _norm(full_name):
        return ""
    contact = phone_key(phone) or _norm(email)
    message = f"{_norm(full_name)}|{contact}".encode()
    return hmac.new(settings.IDENTITY_ENCRYPTION_KEY.encode(), message, hashlib.sha256).hexdigest()


def fingerprint_has_contact(*, phone: str = "", email: str = "") -> bool:
    """Whether `submitter_fingerprint` of a sender with this phone and e-mail rests on a contact. Without
    one it is the fingerprint of the name alone, which every namesake writing without a contact shares:
    it says "same name", never "same person"."""
    return any(ch.isdigit() for ch in phone or "") or bool(_norm(email))


def submitter_fingerprints_of_contacts(*, full_name: str, phone: str = "", email: str = "") -> set[str]:
    """The fingerprints a sender of this name left with this phone or with this e-mail: one per contact
    given (a letter carries the phone when it has one, else the e-mail), never the name's alone, which
    a letter without a contact has and which any namesake shares."""
    found = set()
    if any(ch.isdigit() for ch in phone):
        found.add(submitter_fingerprint(full_name=full_name, phone=phone))
    if _norm(email):
        found.add(submitter_fingerprint(full_name=full_name, email=email))
    return found - {""}


def subject_fingerprint(*, full_name: str, phone: str = "", email: str = "", id_number: str = "") -> str:
    """A keyed digest naming an access request's person in the audit chain without their name: the
    same name and identifiers (a phone in any spelling, an e-mail, an identity paper's number in any
    spacing) give the same digest."""
    paper = "".join(id_number.split()).casefold()
    message = f"subject|{_norm(full_name)}|{phone_key(phone)}|{_norm(email)}|{paper}".encode()
    return hmac.new(settings.IDENTITY_ENCRYPTION_KEY.encode(), message, hashlib.sha256).hexdigest()
