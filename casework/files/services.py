"""Storing attachments: size, emptiness and type (by content) are checked before anything is written."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from casework.audit.sealing import case_of_target
from casework.audit.services import audit_record, target_ref
from casework.files.content_types import ALLOWED_LABELS, FileType, detect_type, extension_of
from casework.files.models import Attachment
from casework.search.services import search_index_attachment
from core import clock
from core.errors import ValidationFailed

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def files_max_bytes() -> int:
    return int(getattr(settings, "FILES_MAX_BYTES", DEFAULT_MAX_BYTES))


@transaction.atomic
def attachment_store(
    *,
    upload: UploadedFile,
    target: Model | tuple[str, Any],
    unit: Any,
    actor: Any | None,
    kind: str = "",
    seal: Callable[[bytes], bytes] | None = None,
    name_masked: Callable[[str], str] | None = None,
) -> Attachment:
    """Check and store one uploaded file for `target` in private storage; audit "file.upload".

    Raises ValidationFailed({"file": ...}) and stores nothing when the file is empty, too large,
    of a type we do not accept, or its name claims another type than its content.

    With `seal` the file is identity-bearing: its bytes are stored as `seal(data)` (the target
    app's encryption), its name is replaced by a neutral one (a file name may carry a person's
    name) and the audit event names no file. Otherwise `name_masked` (the target's masks, e.g. a
    denunciation's) is applied to the file's name before it is stored.
    """
    data = _read_bounded(upload)
    name = clean_file_name(upload.name or "")
    file_type = _check_content(data=data, name=name)
    digest = hashlib.sha256(data).hexdigest()
    target_type, target_id = target_ref(target)
    identifying = seal is not None
    if identifying:
        name = f"tai-lieu-nguoi-to-cao{file_type.extensions[0]}"
        data = seal(data)
    elif name_masked is not None:
        name = name_masked(name)
    attachment = Attachment(
        target_type=target_type,
        target_id=target_id,
        unit=unit,
        kind=kind[:64],
        identifying=identifying,
        original_name=name or f"tep{file_type.extensions[0]}",
        content_type=file_type.mime,
        size=len(data),
        sha256=digest,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        uploaded_at=clock.now(),
    )
    # The stored name is digest-based (see attachment_path); only the extension comes from the type.
    suffix = ".sealed" if identifying else file_type.extensions[0]
    attachment.file.save(f"{file_type.key}{suffix}", ContentFile(data), save=False)
    # Written before commit so the file is readable inside the same transaction. If the caller's
    # transaction rolls back the file stays as an unreferenced, digest-named orphan: harmless.
    attachment.save(force_insert=True)
    case_id = case_of_target(target_type, target_id)
    audit_record(
        actor=actor,
        action="file.upload",
        target=attachment,
        unit=unit,
        after={
            "target": f"{target_type}:{target_id}",
            # The name of a file of anything belonging to a case may name a person, and the
            # append-only trail keeps a case's personal data only sealed under its key (retention
            # discards it): the row keeps the name, erased with the case's files.
            "name": "" if case_id is not None else attachment.original_name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            # An identity-bearing file's digest would let whoever holds a guessed file confirm it was the
            # one handed in, and so who denounced (Luật Tố cáo 2018 Đ.47 khoản 1): the trail, read by
            # every administrator, leaves it out; the row keeps it for verification.
            **({} if identifying else {"sha256": digest}),
            "kind": attachment.kind,
            "identifying": identifying,
        },
        case_id=case_id,
    )
    if not identifying:  # sealed bytes carry no text, and identity-bearing text is never indexed
        search_index_attachment(attachment=attachment, data=data)
    return attachment


def _read_bounded(upload: UploadedFile) -> bytes:
    limit = files_max_bytes()
    if upload is None:
        raise ValidationFailed({"file": _("Chưa chọn tệp để tải lên.")})
    chunks: list[bytes] = []
    total = 0
    upload.seek(0)
    for chunk in upload.chunks():
        total += len(chunk)
        if total > limit:
            raise ValidationFailed(
                {
                    "file": _("Tệp quá lớn: tối đa %(limit)s (tệp đã chọn lớn hơn giới hạn này).")
                    % {"limit": _human_size(limit)}
                }
            )
        chunks.append(chunk)
    if total == 0:
        raise ValidationFailed({"file": _("Tệp rỗng (0 byte), không thể lưu.")})
    return b"".join(chunks)


def _check_content(*, data: bytes, name: str) -> FileType:
    file_type = detect_type(data)
    if file_type is None:
        raise ValidationFailed(
            {
                "file": _("Loại tệp không được chấp nhận (kiểm tra theo nội dung). Chỉ nhận: %(types)s.")
                % {"types": ALLOWED_LABELS}
            }
        )
    ext = extension_of(name)
    if ext and ext not in file_type.extensions:
        raise ValidationFailed(
            {
                "file": _(
                    "Tên tệp có đuôi %(ext)s nhưng nội dung là %(type)s: tên và nội dung tệp không khớp, tệp bị từ chối."
                )
                % {"ext": ext, "type": file_type.label}
            }
        )
    return file_type


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\"\\/<>:|?*]+")


def clean_file_name(name: str) -> str:
    """The last path component, without control or header-breaking characters, at most 255 chars."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME.sub("_", name).strip(" .")
    if len(name) > 255:
        ext = extension_of(name)[:16]
        name = name[: 255 - len(ext)] + ext
    return name


def _human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} byte"
