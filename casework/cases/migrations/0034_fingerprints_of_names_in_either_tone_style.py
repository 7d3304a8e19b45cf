"""A letter's sender fingerprint reads a name with its tone marks in either style's place ("Hòa" and
"Hoà", "Thúy" and "Thuý" are one name, `casework.search.text.tone_marks_placed`). Fingerprints stored
from a name as typed are computed again from the representative (a complaint's or petition's
submitters; a denunciation's sealed identity, read under the case's key); a fingerprint copied to
another case follows the one it was copied from. Cases whose key was destroyed hold no fingerprint
and no identity to read."""

import hashlib
import hmac
import unicodedata

from django.conf import settings
from django.db import migrations


def _norm(value):
    return " ".join(unicodedata.normalize("NFC", value or "").casefold().split())


def _as_typed(person):
    """The fingerprint as intake made it before: the name's tone marks where they were typed."""
    from casework.cases.identity import phone_key

    if not _norm(person.get("full_name", "")):
        return ""
    contact = phone_key(person.get("phone", "") or "") or _norm(person.get("email", ""))
    message = f"{_norm(person['full_name'])}|{contact}".encode()
    return hmac.new(settings.IDENTITY_ENCRYPTION_KEY.encode(), message, hashlib.sha256).hexdigest()


def _representative(people):
    named = [p for p in people if isinstance(p, dict) and (p.get("full_name") or "").strip()]
    return next((p for p in named if p.get("is_representative")), named[0] if named else None)


def recompute_fingerprints(apps, schema_editor):
    from casework.cases.identity import PersonalDataDestroyed, identity_decrypt, submitter_fingerprint

    Case = apps.get_model("cases", "Case")
    Submitter = apps.get_model("cases", "Submitter")
    DenouncerIdentity = apps.get_model("cases", "DenouncerIdentity")

    representatives = []
    rows = Submitter.objects.order_by("case_id", "-is_representative", "pk").values(
        "case_id", "full_name", "phone", "email", "is_representative"
    )
    seen = None
    for row in rows.iterator():
        if row["case_id"] != seen and row["full_name"].strip():
            seen = row["case_id"]
            representatives.append(row)
    for case_id, ciphertext in DenouncerIdentity.objects.values_list("case_id", "ciphertext").iterator():
        try:
            people = identity_decrypt(ciphertext, case=Case(pk=case_id))
        except PersonalDataDestroyed:
            continue
        if first := _representative(people if isinstance(people, list) else []):
            representatives.append(first)

    # The old fingerprint → the new one, for each sender whose name carries a tone mark typed elsewhere.
    renamed = {}
    for person in representatives:
        old = _as_typed(person)
        new = submitter_fingerprint(
            full_name=person["full_name"], phone=person.get("phone") or "", email=person.get("email") or ""
        )
        if old and new != old:
            renamed[old] = new
    for old, new in renamed.items():
        # Only this column: the case's version and status are not touched by how a fingerprint is spelled.
        Case.objects.filter(submitter_fingerprint=old).update(submitter_fingerprint=new)


class Migration(migrations.Migration):
    dependencies = [("cases", "0033_refusal_grounds_by_kind")]

    operations = [migrations.RunPython(recompute_fingerprints, migrations.RunPython.noop)]
