"""PAdES through a PKCS#11 token: a SoftHSM2 token stands in for the USB tokens Vietnamese CAs issue."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.urls import reverse
from django.utils import translation

from casework.audit.models import AuditEvent
from casework.papers.models import Paper, SigningProfile
from casework.papers.signing import paper_sign, pdf_signatures
from core.errors import ValidationFailed
from tests.builders import decided
from tests.papers.certificates import key_and_certificate

MODULE_PATHS = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
TOKEN_LABEL = "casework-test"
KEY_LABEL = "chu-ky-lanh-dao"
USER_PIN = "246810"
SO_PIN = "13579135"


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory):
    """A SoftHSM2 token in its own token directory, holding a signing key and its certificate.

    SoftHSM reads SOFTHSM2_CONF when the module is first loaded in the process, so the token is
    made once per test process."""
    module = next((path for path in MODULE_PATHS if Path(path).is_file()), None)
    if module is None or shutil.which("softhsm2-util") is None:
        pytest.fail("SoftHSM2 is not installed: apt-get install softhsm2 (the PKCS#11 signing tests need it)")
    import pkcs11
    from pkcs11 import Attribute
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    root = tmp_path_factory.mktemp("softhsm")
    (root / "tokens").mkdir()
    conf = root / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {root / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL, "--so-pin", SO_PIN, "--pin", USER_PIN],
        check=True,
        capture_output=True,
    )
    key, cert = key_and_certificate("Phạm Văn Chủ Tịch")
    key_der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    cert_der = cert.public_bytes(serialization.Encoding.DER)
    token = pkcs11.lib(module).get_token(token_label=TOKEN_LABEL)
    with token.open(rw=True, user_pin=USER_PIN) as session:
        key_attributes = decode_rsa_private_key(key_der)
        key_attributes.update(
            {
                Attribute.LABEL: KEY_LABEL,
                Attribute.ID: b"\x01",
                Attribute.TOKEN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
                Attribute.SIGN: True,
            }
        )
        session.create_object(key_attributes)
        cert_attributes = decode_x509_certificate(cert_der)
        cert_attributes.update({Attribute.LABEL: KEY_LABEL, Attribute.ID: b"\x01", Attribute.TOKEN: True})
        session.create_object(cert_attributes)
    yield {"module": module, "cert": asn1_x509.Certificate.load(cert_der)}
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture
def token_signer(leader_named, frozen_clock, softhsm_token):
    """The leader's signing profile points at the token; the PIN is typed at each signing."""
    cast = leader_named
    SigningProfile.objects.create(
        user=cast.leader,
        method=SigningProfile.Method.PKCS11,
        pkcs11_module=softhsm_token["module"],
        pkcs11_token_label=TOKEN_LABEL,
        pkcs11_key_label=KEY_LABEL,
        pkcs11_cert_label=KEY_LABEL,
    )
    paper = Paper.objects.get(target_id=str(decided(cast).pk), doc_kind="QĐ")
    return cast, paper, softhsm_token["cert"]


def test_the_signer_signs_on_the_page_with_the_token_and_the_signature_validates(client, token_signer):
    cast, paper, cert = token_signer
    url = reverse("papers:detail", args=[paper.pk])
    client.force_login(cast.leader)

    page = client.post(url, {"action": "sign", "secret": "000000"}, follow=True).content.decode()
    assert "Mã PIN của USB token không đúng." in page
    paper.refresh_from_db()
    assert (paper.signature, paper.signed_pdf.name, paper.signed_sha256) == ("", "", "")
    assert not AuditEvent.objects.filter(action="paper.sign").exists()

    page = client.post(url, {"action": "sign", "secret": USER_PIN}, follow=True).content.decode()
    assert "Đã ký số văn bản." in page
    paper.refresh_from_db()
    assert paper.signature == Paper.Signature.DIGITAL and "Phạm Văn Chủ Tịch" in paper.signed_subject
    signed = client.get(reverse("papers:file", args=[paper.pk, "signed"])).content
    with paper.pdf.open("rb") as handle:
        assert signed.startswith(handle.read())
    event = AuditEvent.objects.get(action="paper.sign", target_id=str(paper.pk))
    assert event.after["signed_sha256"] == paper.signed_sha256

    result = pdf_signatures(signed, roots=[cert])
    assert result.ok and len(result.signatures) == 1
    report = result.signatures[0]
    assert report.intact and report.valid and report.trusted and report.covers_whole_file

    at = signed.index(b"Casework")
    tampered = signed[:at] + b"D" + signed[at + 1 :]
    broken = pdf_signatures(tampered, roots=[cert])
    assert not broken.ok and not broken.signatures[0].intact


@translation.override("vi")
def test_a_wrong_pin_label_or_module_is_a_clear_error_and_stores_nothing(token_signer):
    cast, paper, _cert = token_signer
    profile = SigningProfile.objects.get(user=cast.leader)
    with pytest.raises(ValidationFailed) as wrong_pin:
        paper_sign(paper=paper, actor=cast.leader, secret="111111")
    assert wrong_pin.value.fields["secret"] == ["Mã PIN của USB token không đúng."]
    with pytest.raises(ValidationFailed) as no_pin:
        paper_sign(paper=paper, actor=cast.leader, secret="")
    assert "PIN" in no_pin.value.fields["secret"][0]

    profile.pkcs11_key_label = profile.pkcs11_cert_label = "khong-co"
    profile.save()
    with pytest.raises(ValidationFailed) as wrong_label:
        paper_sign(paper=paper, actor=cast.leader, secret=USER_PIN)
    assert "nhãn" in wrong_label.value.fields["secret"][0]

    profile.pkcs11_token_label = "token-khac"
    profile.save()
    with pytest.raises(ValidationFailed) as wrong_token:
        paper_sign(paper=paper, actor=cast.leader, secret=USER_PIN)
    assert "đúng nhãn" in wrong_token.value.fields["secret"][0]

    profile.pkcs11_module = "/khong/co/libvendor.so"
    profile.save()
    with pytest.raises(ValidationFailed) as no_module:
        paper_sign(paper=paper, actor=cast.leader, secret=USER_PIN)
    assert "PKCS#11" in no_module.value.fields["secret"][0]

    paper.refresh_from_db()
    assert (paper.signature, paper.signed_pdf.name) == ("", "")
    assert not AuditEvent.objects.filter(action="paper.sign").exists()
