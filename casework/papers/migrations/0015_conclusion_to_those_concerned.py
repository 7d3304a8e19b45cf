"""The conclusion of a denunciation is sent to the person denounced, the body that manages them and the bodies,
organisations and persons concerned, and the denouncer is told of it: Luật Tố cáo 2018 Đ.35 khoản 3 ("gửi kết luận
nội dung tố cáo đến người bị tố cáo, cơ quan, tổ chức quản lý người bị tố cáo và cơ quan, tổ chức, cá nhân có liên
quan; thông báo về kết luận nội dung tố cáo đến người tố cáo"). The recipients of "case.conclusion" print the line
of those concerned.

A template whose newest version still has the shipped recipients gets the line; one whose recipients an
administrator rewrote is left to them. A version nobody saved (a shipped one) and no paper was issued from is
changed as it stands, having printed nothing; any other gets a new version, as an edit of a template does
(casework.papers.services.template_save), the papers already issued keeping the version they used."""

from django.db import migrations

FILED = "- Lưu: VT, hồ sơ {{ reference }}."
SHIPPED = (
    "- Người bị tố cáo: {{ subject_person_or_unit }};\n"
    "- {{ subject_manager }} (cơ quan, tổ chức quản lý người bị tố cáo);\n"
    "- Người tố cáo (thông báo kết luận, Điều 35 Luật Tố cáo 2018);\n"
    "- {{ superior }} (để báo cáo);\n" + FILED
)
RECIPIENTS = (
    "- Người bị tố cáo: {{ subject_person_or_unit }};\n"
    "- {{ subject_manager }} (cơ quan, tổ chức quản lý người bị tố cáo);\n"
    "- Cơ quan, tổ chức, cá nhân có liên quan;\n"
    "- Người tố cáo (thông báo kết luận, Điều 35 Luật Tố cáo 2018);\n"
    "- {{ superior }} (để báo cáo);\n" + FILED
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
NOTE = "Nơi nhận: cơ quan, tổ chức, cá nhân có liên quan (Luật Tố cáo 2018 Đ.35 khoản 3)"


def forwards(apps, schema_editor):
    from core import clock

    PaperTemplateVersion = apps.get_model("papers", "PaperTemplateVersion")
    Paper = apps.get_model("papers", "Paper")
    newest = (
        PaperTemplateVersion.objects.filter(template__key="case.conclusion")
        .only("pk", "template_id", "number", "created_by_id", *FIELDS)
        .order_by("-number")
        .first()
    )
    if newest is None or newest.recipients != SHIPPED:
        return
    if newest.created_by_id is None and not Paper.objects.filter(template_version=newest).exists():
        PaperTemplateVersion.objects.filter(pk=newest.pk).update(recipients=RECIPIENTS)
        return
    values = {name: getattr(newest, name) for name in FIELDS}
    values["recipients"] = RECIPIENTS
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
        after={"key": "case.conclusion", "version": version.number, "recipients": RECIPIENTS},
        reason=NOTE,
    )


class Migration(migrations.Migration):
    dependencies = [("papers", "0014_notice_to_the_body_that_transferred_the_letter")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
