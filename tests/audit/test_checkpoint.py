import dataclasses
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from casework.audit.checkpoints import CheckpointData, checkpoint_signature_valid
from casework.audit.models import AuditCheckpoint, AuditEvent
from casework.audit.services import audit_record_standalone
from casework.audit.verification import audit_chain_verify

pytestmark = pytest.mark.django_db


def checkpoint_now() -> dict:
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    return json.loads(out.getvalue())


def verify(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_it_signs_the_current_head_and_prints_it(cast):
    head = AuditEvent.objects.order_by("-seq").first()
    printed = checkpoint_now()
    stored = AuditCheckpoint.objects.get()
    assert (printed["seq"], printed["hash"]) == (head.seq, head.hash) == (stored.seq, stored.hash)
    assert printed["signature"] == stored.signature
    assert checkpoint_signature_valid(CheckpointData(**printed))


def test_a_copy_kept_elsewhere_verifies_later(cast, tmp_path):
    copy = tmp_path / "checkpoint.json"
    copy.write_text(json.dumps(checkpoint_now()))
    audit_record_standalone(actor=cast.officer, action="case.accept", target=("cases.case", 1), unit=cast.sector)
    out, error = verify("--checkpoint", str(copy))
    assert error is None, out
    assert "Điểm kiểm tra khớp" in out
    out, error = verify("--checkpoint", "latest")
    assert error is None, out


def test_a_forged_signature_is_refused(cast, tmp_path):
    printed = checkpoint_now()
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**printed, "seq": printed["seq"] - 1, "hash": "a" * 64}))
    out, error = verify("--checkpoint", str(forged))
    assert error is not None
    assert "Chữ ký" in str(error)


def test_a_signature_made_with_another_key_is_invalid(cast):
    data = CheckpointData(**checkpoint_now())
    with override_settings(AUDIT_HMAC_KEY="another-key"):
        assert not checkpoint_signature_valid(data)
        result = audit_chain_verify(checkpoint=data)
    assert not result.ok
    assert checkpoint_signature_valid(data)


def test_a_truncated_tail_is_found_only_with_a_checkpoint(cast, tamper):
    """Deleting the newest events leaves a chain that is consistent in itself; the signed head proves the loss."""
    audit_record_standalone(actor=cast.officer, action="case.accept", target=("cases.case", 1), unit=cast.sector)
    data = CheckpointData(**checkpoint_now())
    tamper.delete(seq=data.seq)
    assert audit_chain_verify().ok
    result = audit_chain_verify(checkpoint=data)
    assert not result.ok
    assert f"seq {data.seq}" in result.summary()
    out, error = verify("--checkpoint", "latest")
    assert error is not None


def test_a_rewritten_chain_no_longer_holds_the_signed_hash(cast):
    data = CheckpointData(**checkpoint_now())
    other = dataclasses.replace(data, hash="b" * 64)
    from casework.audit.checkpoints import checkpoint_sign

    # Even with the key (say an insider re-signs), the chain does not carry that hash.
    other = dataclasses.replace(other, signature=checkpoint_sign(other))
    result = audit_chain_verify(checkpoint=other)
    assert result.first_break is not None
    assert (result.first_break.seq, result.first_break.kind) == (data.seq, "checkpoint")


def test_an_unreadable_file_is_a_clear_error(cast, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    _out, error = verify("--checkpoint", str(bad))
    assert error is not None
    assert "Điểm kiểm tra không đọc được" in str(error)
    _out, error = verify("--checkpoint", str(tmp_path / "missing.json"))
    assert error is not None


def test_latest_without_any_checkpoint_is_an_error(cast):
    _out, error = verify("--checkpoint", "latest")
    assert error is not None
