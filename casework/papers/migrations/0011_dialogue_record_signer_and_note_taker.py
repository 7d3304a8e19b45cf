"""The biên bản đối thoại prints what Mẫu số 14 (Nghị định 124/2020/NĐ-CP, thay thế bởi Nghị định 155/2026/NĐ-CP
Đ.20 khoản 1) prints: the block of whoever chaired it titled "NGƯỜI GIẢI QUYẾT KHIẾU NẠI (HOẶC NGƯỜI ĐƯỢC PHÂN
CÔNG CHỦ TRÌ ĐỐI THOẠI)", and the note-taker (mục I.2) the dialogue step names, with their position.

Only a template whose newest version still has the title and body shipped (known by their hash, as 0010) is
changed; one an administrator rewrote is left to them. Shipped is the body before this form (blank note-taker
line) or with it: an installation seeded with it (papers 0002) was passed over by 0010, whose hash is of the
body before, and gets the form's caption here. A version nobody saved (a shipped one) and no paper was
issued from is brought to the form as it stands, having printed nothing; any other gets a new version, as an
edit of a template does (casework.papers.services.template_save), the papers already issued keeping the
version they used."""

import hashlib

from django.db import migrations

KEY = "case.dialogue_record"
# sha256 of the shipped title + "\0" + body: without the note-taker, with it
SHIPPED = (
    "7841f536b142037553ce9762233d2b4b59c3646017f950db0b5570f05a7a66e0",
    "c0a2bf020f612f594f3490300510b50d40900af75ad690ddd076a71734ff58d2",
)
SIGNER_CAPTION = "(Ký, ghi rõ họ tên, đóng dấu (nếu có))"
SIGNER_TITLE = "NGƯỜI GIẢI QUYẾT KHIẾU NẠI (HOẶC NGƯỜI ĐƯỢC PHÂN CÔNG CHỦ TRÌ ĐỐI THOẠI)"
NOTE_TAKER_BLANK = "2. Người ghi biên bản: …… chức vụ: …… cơ quan (tổ chức, đơn vị): ……\n"
NOTE_TAKER = (
    "2. Người ghi biên bản: {{ dialogue_note_taker }} chức vụ: {{ dialogue_note_taker_position }} "
    "cơ quan (tổ chức, đơn vị): ……\n"
)
FIELDS = (
    "doc_kind",
    "issuer",
    "symbol_suffix",
    "place",
    "title",
    "addressee",
    "body",
    "recipients",
    "authority",
    "authority_body",
    "signer_title",
    "signer_role",
    "number_line",
    "signer_caption",
    "countersign_caption",
)
NOTE = "Chức vụ người ký và người ghi biên bản theo Mẫu số 14 (Nghị định 155/2026/NĐ-CP)"


def _shipped(version) -> str:
    # A body seeded with the identity paper number's field (papers 0012) is the same shipped body.
    body = version.body.replace("{{ submitter_id_number }}", "……")
    return hashlib.sha256(f"{version.title}\0{body}".encode()).hexdigest()


def forwards(apps, schema_editor):
    from core import clock

    PaperTemplateVersion = apps.get_model("papers", "PaperTemplateVersion")
    Paper = apps.get_model("papers", "Paper")
    newest = PaperTemplateVersion.objects.filter(template__key=KEY).order_by("-number").first()
    if newest is None or _shipped(newest) not in SHIPPED:
        return
    form = {
        "signer_title": SIGNER_TITLE,
        "signer_caption": SIGNER_CAPTION,
        "body": newest.body.replace(NOTE_TAKER_BLANK, NOTE_TAKER),
    }
    if all(getattr(newest, name) == value for name, value in form.items()):
        return
    if newest.created_by_id is None and not Paper.objects.filter(template_version=newest).exists():
        PaperTemplateVersion.objects.filter(pk=newest.pk).update(**form)
        return
    values = {name: getattr(newest, name) for name in FIELDS}
    values.update(form)
    version = PaperTemplateVersion.objects.create(
        template_id=newest.template_id, number=newest.number + 1, note=NOTE, created_at=clock.now(), **values
    )
    # Through the current code (the audit chain is written only by its service), as an
    # administrator's edit of a template is recorded.
    from casework.audit.services import audit_record

    audit_record(
        actor=None,
        action="paper.template_save",
        target=("papers.papertemplateversion", version.pk),
        after={"key": KEY, "version": version.number, "signer_title": SIGNER_TITLE, "signer_caption": SIGNER_CAPTION},
        reason=NOTE,
    )


class Migration(migrations.Migration):
    dependencies = [("papers", "0010_forms_number_line_and_captions"), ("cases", "0032_dialogue_note_taker")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
