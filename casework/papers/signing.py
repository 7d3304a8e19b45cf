"""Digital signatures on official papers: PAdES with pyHanko, and papers signed by hand.

- PKCS#12 (a certificate file and its passphrase): development and tests.
- PKCS#11 (the USB tokens Vietnamese CAs issue): production, configured per user in
  `SigningProfile` (the vendor's module path, token, key and certificate labels); the PIN is asked
  at each signing and never stored. It uses `python-pkcs11` and the token on the server (tested
  against a SoftHSM2 token). Where the token sits on the signer's own computer, the signer signs
  with the CA's software and uploads the signed copy (`paper_attach_signed`), which is checked against the issued paper.
- A paper signed on paper is recorded with its scan (`paper_record_scan`).

Every signed or scanned copy is stored beside the unsigned PDF; its SHA-256 goes into the audit event.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from casework.audit.services import audit_record
from casework.papers.models import Paper, SigningProfile
from casework.papers.selectors import paper_actions
from core import clock
from core.errors import ValidationFailed

T = TypeVar("T")

MAX_UPLOAD = 20 * 1024 * 1024
SCAN_TYPES = {b"%PDF": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG": "png"}


@dataclass(frozen=True)
class SignatureReport:
    """What one embedded signature says about itself."""

    signer: str
    intact: bool
    valid: bool
    trusted: bool
    signed_at: Any
    covers_whole_file: bool

    @property
    def ok(self) -> bool:
        return self.intact and self.valid


@dataclass(frozen=True)
class VerifyResult:
    readable: bool
    signatures: list[SignatureReport] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.readable and bool(self.signatures) and all(s.ok for s in self.signatures)


def outside_event_loop(function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`function(*args, **kwargs)` for pyHanko's blocking calls, which run their coroutines with `asyncio.run`:
    that refuses to start in a thread whose event loop is running (an async caller, a Playwright browser in the
    same thread), so there the call runs in a worker thread of its own, on a fresh loop, and this one waits."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pyhanko") as pool:
        return pool.submit(function, *args, **kwargs).result()


def trust_roots() -> list[asn1_x509.Certificate]:
    """The CA roots papers are checked against (PAPERS_TRUST_ROOTS: PEM or DER files)."""
    from pyhanko.keys import load_certs_from_pemder

    paths = [p for p in getattr(settings, "PAPERS_TRUST_ROOTS", []) if p]
    return list(load_certs_from_pemder([str(Path(p)) for p in paths])) if paths else []


def pdf_signatures(data: bytes, *, roots: list[asn1_x509.Certificate] | None = None) -> VerifyResult:
    """Validate every signature embedded in a PDF; never raises on hostile input."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    if not data.startswith(b"%PDF"):
        return VerifyResult(readable=False, error=_("Tệp không phải là PDF."))
    context = ValidationContext(trust_roots=trust_roots() if roots is None else roots)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception:  # noqa: BLE001 - a damaged or hostile file is reported, not raised
        return VerifyResult(readable=False, error=_("Không đọc được tệp PDF (tệp hỏng hoặc bị sửa)."))
    reports = []
    for signature in embedded:
        try:
            status = outside_event_loop(validate_pdf_signature, signature, context)
        except Exception:  # noqa: BLE001 - a signature that cannot be checked does not validate
            reports.append(SignatureReport(_("(không đọc được chữ ký)"), False, False, False, None, False))
            continue
        reports.append(
            SignatureReport(
                signer=status.signing_cert.subject.human_friendly,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                signed_at=status.signer_reported_dt,
                covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
            )
        )
    if not reports:
        return VerifyResult(readable=True, error=_("Tệp PDF không có chữ ký số."))
    return VerifyResult(readable=True, signatures=reports)


@contextmanager
def _signer_for(profile: SigningProfile, secret: str) -> Iterator[Any]:
    """The pyHanko signer of a signing profile, open for the time of one signature."""
    from pyhanko.sign import signers

    if profile.method == SigningProfile.Method.PKCS12:
        if not profile.pkcs12:
            raise ValidationFailed({"secret": _("Chưa có tệp chứng thư số PKCS#12 trong cấu hình ký số.")})
        with profile.pkcs12.open("rb") as handle:
            pfx = handle.read()
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(pfx, other_certs=[], passphrase=secret.encode() or None)
        except (ValueError, TypeError) as exc:
            raise ValidationFailed({"secret": _("Mật khẩu tệp chứng thư số không đúng.")}) from exc
        yield signer
        return
    with pkcs11_signer(profile, secret) as signer:
        yield signer


@contextmanager
def pkcs11_signer(profile: SigningProfile, secret: str) -> Iterator[Any]:
    """A token's key through the vendor's PKCS#11 module (pyHanko's `pyhanko.sign.pkcs11`).

    The session is logged in with the PIN the signer types and closed after the one signature;
    every failure of the module, the token, the PIN or the labels is one clear error."""
    from pkcs11 import exceptions as p11_errors
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    if not profile.pkcs11_module or not Path(profile.pkcs11_module).is_file():
        raise ValidationFailed(
            {"secret": _("Không tìm thấy thư viện PKCS#11 của nhà cung cấp trên máy chủ; liên hệ quản trị hệ thống.")}
        )
    if not secret:
        raise ValidationFailed({"secret": _("Phải nhập mã PIN của USB token.")})
    try:
        session = open_pkcs11_session(
            profile.pkcs11_module,
            token_criteria=TokenCriteria(label=profile.pkcs11_token_label or None),
            user_pin=secret,
        )
    except (p11_errors.PinIncorrect, p11_errors.PinInvalid, p11_errors.PinLenRange) as exc:
        raise ValidationFailed({"secret": _("Mã PIN của USB token không đúng.")}) from exc
    except p11_errors.PinLocked as exc:
        raise ValidationFailed(
            {"secret": _("USB token đã bị khóa mã PIN; liên hệ nhà cung cấp chứng thư số.")}
        ) from exc
    except Exception as exc:  # noqa: BLE001 - the module's own errors are many; the signer sees one message
        raise ValidationFailed({"secret": _("Không mở được USB token: kiểm tra token đã cắm và đúng nhãn.")}) from exc
    try:
        signer = PKCS11Signer(
            session, cert_label=profile.pkcs11_cert_label or None, key_label=profile.pkcs11_key_label or None
        )
        try:
            signer.signing_cert  # noqa: B018 - loads the key and certificate now, so a wrong label fails here
        except Exception as exc:  # noqa: BLE001 - as above
            raise ValidationFailed(
                {"secret": _("Không tìm thấy khóa hoặc chứng thư số trên USB token với nhãn đã cấu hình.")}
            ) from exc
        yield signer
    finally:
        session.close()


def pades_sign(data: bytes, *, signer: Any, reason: str, location: str) -> bytes:
    """A PAdES signature (ETSI.CAdES.detached) over the whole PDF, appended as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    return outside_event_loop(signers.sign_pdf, writer, meta, signer=signer).getvalue()


def _require(paper: Paper, actor: Any, action: str) -> None:
    if action not in paper_actions(user=actor, paper=paper):
        raise ValidationFailed({"action": _("Bạn không thể thực hiện việc này với văn bản ở trạng thái hiện tại.")})


def _store_signed(
    *, paper: Paper, actor: Any, data: bytes, method: str, subject: str, extension: str, action: str
) -> Paper:
    digest = hashlib.sha256(data).hexdigest()
    # Compare-and-set: two signers at once store one copy, the other is told it is already signed.
    claimed = Paper.objects.filter(pk=paper.pk, signature="", status=Paper.Status.ISSUED).update(
        signature=method, signed_at=clock.now(), signed_by=actor, signed_sha256=digest, signed_subject=subject[:512]
    )
    if claimed != 1:
        raise ValidationFailed({"action": _("Văn bản đã được ký hoặc đã bị hủy.")})
    paper.refresh_from_db()
    paper.signed_pdf.save(f"{paper.symbol.replace('/', '-')}-ky.{extension}", ContentFile(data), save=False)
    Paper.objects.filter(pk=paper.pk).update(signed_pdf=paper.signed_pdf.name)
    audit_record(
        actor=actor,
        action=action,
        target=paper,
        unit=paper.unit,
        after={
            "symbol": paper.symbol,
            "signature": method,
            "signed_sha256": digest,
            "unsigned_sha256": paper.pdf_sha256,
            "signer": subject,
        },
    )
    return paper


@transaction.atomic
def paper_sign(*, paper: Paper, actor: Any, secret: str) -> Paper:
    """Ký số: the paper's signer signs it with the certificate of their signing profile."""
    _require(paper, actor, "sign")
    profile = SigningProfile.objects.filter(user=actor).first()
    if profile is None:
        raise ValidationFailed({"secret": _("Bạn chưa có cấu hình ký số; liên hệ quản trị hệ thống.")})
    with paper.pdf.open("rb") as handle:
        unsigned = handle.read()
    with _signer_for(profile, (secret or "").replace("\x00", "")) as signer:
        signed = pades_sign(
            unsigned, signer=signer, reason=f"Ban hành văn bản số {paper.symbol}", location=paper.template_version.place
        )
        subject = signer.signing_cert.subject.human_friendly
    return _store_signed(
        paper=paper,
        actor=actor,
        data=signed,
        method=Paper.Signature.DIGITAL,
        subject=subject,
        extension="pdf",
        action="paper.sign",
    )


@transaction.atomic
def paper_attach_signed(*, paper: Paper, actor: Any, data: bytes, roots: list | None = None) -> Paper:
    """A copy the signer signed outside (with the CA's token software): it must be this paper, and
    its signature must validate."""
    _require(paper, actor, "sign")
    with paper.pdf.open("rb") as handle:
        unsigned = handle.read()
    if not data.startswith(unsigned):
        raise ValidationFailed({"pdf": _("Tệp đã ký không phải là văn bản này (nội dung khác bản đã ban hành).")})
    result = pdf_signatures(data, roots=roots)
    if not result.ok:
        raise ValidationFailed({"pdf": result.error or _("Chữ ký số trong tệp không hợp lệ.")})
    return _store_signed(
        paper=paper,
        actor=actor,
        data=data,
        method=Paper.Signature.DIGITAL,
        subject=result.signatures[0].signer,
        extension="pdf",
        action="paper.sign",
    )


@transaction.atomic
def paper_record_scan(*, paper: Paper, actor: Any, scan: Any) -> Paper:
    """Văn bản ký tay: the scan of the paper as signed and sealed is kept in place of a digital signature."""
    _require(paper, actor, "record_scan")
    if scan is None:
        raise ValidationFailed({"scan": _("Phải chọn tệp bản quét (PDF, JPG hoặc PNG).")})
    if scan.size > MAX_UPLOAD:
        raise ValidationFailed({"scan": _("Tệp bản quét quá lớn (tối đa 20 MB).")})
    data = scan.read()
    extension = next((ext for magic, ext in SCAN_TYPES.items() if data.startswith(magic)), None)
    if extension is None:
        raise ValidationFailed({"scan": _("Bản quét phải là tệp PDF, JPG hoặc PNG.")})
    return _store_signed(
        paper=paper,
        actor=actor,
        data=data,
        method=Paper.Signature.PAPER,
        subject=paper.signer_name,
        extension=extension,
        action="paper.record_scan",
    )
