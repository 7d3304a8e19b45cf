"""The line of the complainant's identity document on Mẫu số 03 (thông báo thụ lý) and Mẫu số 14 mục I.3 (biên
bản đối thoại), Nghị định 124/2020/NĐ-CP thay thế bởi Nghị định 155/2026/NĐ-CP Đ.20 khoản 1, prints the number the
case keeps sealed ({{ submitter_id_number }}: the number on the paper issued, "(đã niêm phong)" for a reader who
may not see it, dots when the case keeps none); the date and place of issue stay to be written in by hand.

A template whose newest version still has the form's line with dots for the number gets the field in that line
only, whatever else an administrator changed; one whose line was rewritten is left to them. A version nobody
saved (a shipped one) and no paper was issued from is changed as it stands, having printed nothing; any other
gets a new version, as an edit of a template does (casework.papers.services.template_save), the papers already
issued keeping the version they used."""

from django.db import migrations

KEYS = ("case.accept", "case.dialogue_record")
DOTTED = "Số căn cước/định danh cá nhân/giấy chứng nhận căn cước/hộ chiếu: ……, ngày cấp: ……, nơi cấp: ……"
FILLED = (
    "Số căn cước/định danh cá nhân/giấy chứng nhận căn cước/hộ chiếu: {{ submitter_id_number }}, ngày cấp: ……, "
    "nơi cấp: ……"
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
NOTE = "Số giấy tờ tùy thân của người khiếu nại theo Mẫu số 03, Mẫu số 14 (Nghị định 155/2026/NĐ-CP)"


def forwards(apps, schema_editor):
    from core import clock

    PaperTemplateVersion = apps.get_model("papers", "PaperTemplateVersion")
    Paper = apps.get_model("papers", "Paper")
    for key in KEYS:
        newest = (
            PaperTemplateVersion.objects.filter(template__key=key)
            .only("pk", "template_id", "number", "created_by_id", *FIELDS)
            .order_by("-number")
            .first()
        )
        if newest is None or DOTTED not in newest.body:
            continue
        body = newest.body.replace(DOTTED, FILLED)
        if newest.created_by_id is None and not Paper.objects.filter(template_version=newest).exists():
            PaperTemplateVersion.objects.filter(pk=newest.pk).update(body=body)
            continue
        values = {name: getattr(newest, name) for name in FIELDS}
        values["body"] = body
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
            after={"key": key, "version": version.number, "body": body},
            reason=NOTE,
        )


class Migration(migrations.Migration):
    dependencies = [("papers", "0011_dialogue_record_signer_and_note_taker")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
