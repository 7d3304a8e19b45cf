"""The notice of a letter's acceptance or refusal also goes to the body that transferred it: Luật Khiếu nại 2011
Đ.27 and Đ.36 khoản 1 ("thông báo bằng văn bản cho người khiếu nại, cơ quan, tổ chức, cá nhân có thẩm quyền chuyển
khiếu nại đến ..."; a refusal states its reason), Luật Tố cáo 2018 Đ.26 khoản 2 (the body that transferred a
denunciation is told in writing how it was dealt with), as does a complaint's decision (Đ.32; Đ.41 khoản 1, which
sends the second-round decision to the first-round resolver too). The recipients of "case.accept", "case.refuse"
and "case.decision" print a line for that body ({{ transferred_from }}), only for a letter so transferred, and the
decision one for the first-round resolver ({{ first_resolver }}), only in the second round.

A template whose newest version still has the shipped recipients gets the line; one whose recipients an
administrator rewrote is left to them. A version nobody saved (a shipped one) and no paper was issued from is
changed as it stands, having printed nothing; any other gets a new version, as an edit of a template does
(casework.papers.services.template_save), the papers already issued keeping the version they used."""

from django.db import migrations

LINE = "{% if transferred_from %}- {{ transferred_from }} (cơ quan, đơn vị chuyển đơn đến);\n{% endif %}"
FIRST_RESOLVER = "{% if first_resolver %}- {{ first_resolver }} (người giải quyết khiếu nại lần đầu);\n{% endif %}"
FILED = "- Lưu: VT, hồ sơ {{ reference }}."
RECIPIENTS = {
    "case.accept": (
        "- Như trên;\n- {{ subject_recipient }};\n" + FILED,
        "- Như trên;\n" + LINE + "- {{ subject_recipient }};\n" + FILED,
    ),
    "case.refuse": ("- Như trên;\n" + FILED, "- Như trên;\n" + LINE + FILED),
    "case.decision": (
        "- Người khiếu nại: {{ submitter }};\n- {{ subject_recipient }};\n"
        "- {{ superior }} (cấp trên trực tiếp);\n- Người có quyền, nghĩa vụ liên quan;\n" + FILED,
        "- Người khiếu nại: {{ submitter }};\n- {{ subject_recipient }};\n" + FIRST_RESOLVER + "- {{ superior }} "
        "(cấp trên trực tiếp);\n- Người có quyền, nghĩa vụ liên quan;\n" + LINE + FILED,
    ),
}
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
NOTE = (
    "Nơi nhận: cơ quan, đơn vị chuyển đơn đến; người giải quyết khiếu nại lần đầu (Luật Khiếu nại 2011 Đ.27, Đ.32, "
    "Đ.36, Đ.41; Luật Tố cáo 2018 Đ.26)"
)


def forwards(apps, schema_editor):
    from core import clock

    PaperTemplateVersion = apps.get_model("papers", "PaperTemplateVersion")
    Paper = apps.get_model("papers", "Paper")
    for key, (shipped, recipients) in RECIPIENTS.items():
        newest = (
            PaperTemplateVersion.objects.filter(template__key=key)
            .only("pk", "template_id", "number", "created_by_id", *FIELDS)
            .order_by("-number")
            .first()
        )
        if newest is None or newest.recipients != shipped:
            continue
        if newest.created_by_id is None and not Paper.objects.filter(template_version=newest).exists():
            PaperTemplateVersion.objects.filter(pk=newest.pk).update(recipients=recipients)
            continue
        values = {name: getattr(newest, name) for name in FIELDS}
        values["recipients"] = recipients
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
            after={"key": key, "version": version.number, "recipients": recipients},
            reason=NOTE,
        )


class Migration(migrations.Migration):
    dependencies = [("papers", "0013_paper_personal_data_destroyed_at"), ("audit", "0007_stored_canonical_text")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
