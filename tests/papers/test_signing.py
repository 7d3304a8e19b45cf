"""PAdES with pyHanko: a paper signed with a test certificate validates, and fails once a byte changes."""

from __future__ import annotations

import hashlib

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.audit.models import AuditEvent
from casework.papers.models import Paper, SigningProfile
from casework.papers.services import paper_cancel
from casework.papers.signing import paper_attach_signed, paper_record_scan, paper_sign, pdf_signatures
from core.errors import ValidationFailed
from tests.builders import decided
from tests.papers.certificates import key_and_certificate

PASSPHRASE = "mat-khau-thu"


def make_certificate(common_name: str) -> tuple[bytes, asn1_x509.Certificate]:
    """A self-signed signing certificate in a PKCS#12 file, and the certificate to trust it by."""
    key, cert = key_and_certificate(common_name)
    pfx = pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, None, serialization.BestAvailableEncryption(PASSPHRASE.encode())
    )
    return pfx, asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


@pytest.fixture
def signed_setup(leader_named, frozen_clock):
    cast = leader_named
    case = decided(cast)
    paper = Paper.objects.get(target_id=str(case.pk), doc_kind="QĐ")
    assert paper.signer == cast.leader  # the competent person signs, not the case officer
    pfx, cert = make_certificate("Phạm Văn Chủ Tịch")
    profile = SigningProfile(user=cast.leader, method=SigningProfile.Method.PKCS12)
    profile.pkcs12.save("leader.p12", ContentFile(pfx), save=False)
    profile.save()
    return cast, paper, cert


def test_a_signed_paper_validates_and_fails_after_one_byte_changes(signed_setup):
    cast, paper, cert = signed_setup
    paper = paper_sign(paper=paper, actor=cast.leader, secret=PASSPHRASE)
    with paper.signed_pdf.open("rb") as handle:
        signed = handle.read()
    with paper.pdf.open("rb") as handle:
        unsigned = handle.read()
    # Stored beside the unsigned copy, which is unchanged; the hashes are in the audit event.
    assert signed.startswith(unsigned) and hashlib.sha256(unsigned).hexdigest() == paper.pdf_sha256
    event = AuditEvent.objects.get(action="paper.sign", target_id=str(paper.pk))
    assert event.after["signed_sha256"] == hashlib.sha256(signed).hexdigest() == paper.signed_sha256
    assert event.after["unsigned_sha256"] == paper.pdf_sha256
    result = pdf_signatures(signed, roots=[cert])
    assert result.ok and len(result.signatures) == 1
    report = result.signatures[0]
    assert report.intact and report.valid and report.trusted and report.covers_whole_file
    assert "Phạm Văn Chủ Tịch" in report.signer and paper.signed_subject == report.signer
    # Without the root among the trusted ones the signature is intact but not trusted.
    assert pdf_signatures(signed, roots=[]).signatures[0].trusted is False

    # One byte of the signed content changed: the signature no longer validates.
    at = signed.index(b"Casework")
    tampered = signed[:at] + b"D" + signed[at + 1 :]
    assert len(tampered) == len(signed)
    broken = pdf_signatures(tampered, roots=[cert])
    assert not broken.ok
    assert broken.signatures and not broken.signatures[0].intact


def test_signing_is_refused_to_anyone_but_the_signer_and_with_a_wrong_passphrase(signed_setup):
    cast, paper, _cert = signed_setup
    with pytest.raises(ValidationFailed) as not_signer:
        paper_sign(paper=paper, actor=cast.officer, secret=PASSPHRASE)
    assert "action" in not_signer.value.fields
    with pytest.raises(ValidationFailed) as wrong:
        paper_sign(paper=paper, actor=cast.leader, secret="sai")
    assert "secret" in wrong.value.fields
    paper.refresh_from_db()
    assert (paper.signature, paper.signed_pdf.name) == ("", "")
    paper_sign(paper=paper, actor=cast.leader, secret=PASSPHRASE)
    with pytest.raises(ValidationFailed):
        paper_sign(paper=paper, actor=cast.leader, secret=PASSPHRASE)


def test_an_externally_signed_copy_is_accepted_only_for_the_same_paper(signed_setup):
    from pyhanko.sign import signers

    from casework.papers.signing import pades_sign

    cast, paper, cert = signed_setup
    pfx, _unused = make_certificate("Phạm Văn Chủ Tịch")
    with paper.pdf.open("rb") as handle:
        unsigned = handle.read()
    outside = pades_sign(
        unsigned,
        signer=signers.SimpleSigner.load_pkcs12_data(pfx, other_certs=[], passphrase=PASSPHRASE.encode()),
        reason="Ký bằng phần mềm của nhà cung cấp",
        location="Thái Bình",
    )
    other = decided(cast, title="Đơn khác")
    other_paper = Paper.objects.get(target_id=str(other.pk), doc_kind="QĐ")
    with pytest.raises(ValidationFailed) as wrong_paper:
        paper_attach_signed(paper=other_paper, actor=cast.leader, data=outside, roots=[cert])
    assert "pdf" in wrong_paper.value.fields
    paper = paper_attach_signed(paper=paper, actor=cast.leader, data=outside, roots=[cert])
    assert paper.signature == Paper.Signature.DIGITAL and "Phạm Văn Chủ Tịch" in paper.signed_subject


def test_a_paper_signed_by_hand_is_recorded_with_its_scan(signed_setup):
    cast, paper, _cert = signed_setup
    with pytest.raises(ValidationFailed) as not_a_scan:
        paper_record_scan(paper=paper, actor=cast.officer, scan=SimpleUploadedFile("x.exe", b"MZ\x90\x00"))
    assert "scan" in not_a_scan.value.fields
    scan = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    paper = paper_record_scan(paper=paper, actor=cast.officer, scan=scan)
    assert paper.signature == Paper.Signature.PAPER and paper.signed_pdf.name.endswith(".png")
    event = AuditEvent.objects.get(action="paper.record_scan")
    assert event.after["signed_sha256"] == paper.signed_sha256
    # A cancelled paper takes no signature.
    paper_cancel(paper=paper, actor=cast.chair, reason="Ban hành nhầm")
    with pytest.raises(ValidationFailed):
        paper_sign(paper=paper, actor=cast.leader, secret=PASSPHRASE)


def test_hostile_uploads_are_reported_not_raised():
    assert pdf_signatures(b"not a pdf").readable is False
    assert pdf_signatures(b"%PDF-1.7\n\x00\x00garbage").readable in (False, True)
    assert not pdf_signatures(b"%PDF-1.7\n\x00\x00garbage").ok


def test_the_signer_signs_from_the_page_and_the_verify_page_names_them(client, signed_setup):
    from django.urls import reverse

    cast, paper, _cert = signed_setup
    url = reverse("papers:detail", args=[paper.pk])
    client.force_login(cast.officer)
    assert client.post(url, {"action": "sign", "secret": PASSPHRASE}).status_code == 403
    client.force_login(cast.leader)
    assert "f-secret" in client.get(url).content.decode()
    client.post(url, {"action": "sign", "secret": "sai"})
    assert Paper.objects.get(pk=paper.pk).signature == ""
    client.post(url, {"action": "sign", "secret": PASSPHRASE})
    paper.refresh_from_db()
    assert paper.signature == Paper.Signature.DIGITAL
    signed = client.get(reverse("papers:file", args=[paper.pk, "signed"])).content
    page = client.post(reverse("papers:verify"), {"pdf": SimpleUploadedFile("ky.pdf", signed)}).content.decode()
    assert "Chữ ký hợp lệ" in page and "Phạm Văn Chủ Tịch" in page
    at = signed.index(b"Casework")
    tampered = signed[:at] + b"D" + signed[at + 1 :]
    page = client.post(reverse("papers:verify"), {"pdf": SimpleUploadedFile("ky.pdf", tampered)}).content.decode()
    assert "KHÔNG hợp lệ" in page


def test_signing_and_validating_work_while_the_thread_runs_an_event_loop():
    """pyHanko runs its coroutines with asyncio.run, refused in a thread whose event loop is running (an async
    caller, a Playwright browser driven from the same thread): the signature is made and checked all the same."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from pyhanko.sign import signers

    from casework.papers.signing import pades_sign
    from casework.reports.pdf import FONT, new_pdf

    pfx, cert = make_certificate("Phạm Văn Chủ Tịch")
    signer = signers.SimpleSigner.load_pkcs12_data(pfx, other_certs=[], passphrase=PASSPHRASE.encode())
    pdf = new_pdf()
    pdf.set_font(FONT, size=12)
    pdf.cell(0, 10, "Quyết định")
    unsigned = bytes(pdf.output())

    async def in_a_running_loop():
        asyncio.get_running_loop()
        signed = pades_sign(unsigned, signer=signer, reason="Ký", location="Thái Bình")
        return signed, pdf_signatures(signed, roots=[cert])

    # On a thread of its own: the test's thread may run a loop already (a browser test before it).
    with ThreadPoolExecutor(max_workers=1) as pool:
        signed, result = pool.submit(asyncio.run, in_a_running_loop()).result()
    assert signed.startswith(unsigned)
    assert result.ok and result.signatures[0].trusted and result.signatures[0].covers_whole_file
