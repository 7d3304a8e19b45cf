"""The paper of a denunciation's verification says what it records: when the person resolving it verifies personally
(Luật Tố cáo 2018 Đ.31 khoản 1; Nghị định 31/2019/NĐ-CP Đ.10 khoản 1), Điều 1 reads "Người giải quyết tố cáo tự mình
tiến hành xác minh nội dung tố cáo" instead of "Giao xác minh nội dung tố cáo", and Điều 3 does not put them under
their own direction ("theo phân công của người giải quyết tố cáo", Đ.31 khoản 5, is said of those assigned only).
Both are values of the paper (`verification_act`, `verification_mandate`, casework.papers.verification).

Only a template whose newest version still has the body shipped (known by its hash) is changed; one an
administrator rewrote is left to them. A version nobody saved (a shipped one) and no paper was issued from is
changed as it stands, having printed nothing; any other gets a new version, as an edit of a template does
(casework.papers.services.template_save), the papers already issued keeping the version they used. A template
never used has no version yet and is seeded from the defaults when first used."""

import hashlib

from django.db import migrations

KEY = "case.verification_assignment"
SHIPPED = "64a93ba5d658ed806285d7b487939661f6be0b6f0bd55852f5179eec2a041a7e"  # sha256 of the body shipped
REPLACED = (
    ("Điều 1. Giao xác minh nội dung tố cáo, ngày", "Điều 1. {{ verification_act }}, ngày"),
    (
        "Điều 11 Luật Tố cáo theo phân công của người giải quyết tố cáo (Điều 31 khoản 5)",
        "Điều 11 Luật Tố cáo{{ verification_mandate }} (Điều 31 khoản 5)",
    ),
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
NOTE = "Người giải quyết tố cáo tự mình xác minh: Điều 1, Điều 3 nói đúng việc này (Luật Tố cáo 2018 Đ.31 khoản 1)"


def forwards(apps, schema_editor):
    from core import clock

    PaperTemplateVersion = apps.get_model("papers", "PaperTemplateVersion")
    Paper = apps.get_model("papers", "Paper")
    newest = PaperTemplateVersion.objects.filter(template__key=KEY).order_by("-number").first()
    if newest is None or hashlib.sha256(newest.body.encode()).hexdigest() != SHIPPED:
        return
    body = newest.body
    for old, new in REPLACED:
        body = body.replace(old, new)
    if newest.created_by_id is None and not Paper.objects.filter(template_version=newest).exists():
        PaperTemplateVersion.objects.filter(pk=newest.pk).update(body=body)
        return
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
        after={"key": KEY, "version": version.number, "body": body},
        reason=NOTE,
    )


class Migration(migrations.Migration):
    dependencies = [("papers", "0015_conclusion_to_those_concerned")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
