"""The decision extending a denunciation's resolution prints the criteria its complexity was decided on (Luật Tố cáo
2018 Đ.30 khoản 2, 3; Nghị định 31/2019/NĐ-CP Đ.3 khoản 2, 3): "vụ việc {{ complexity_label }}{{ complexity_criteria
}}", the value being " theo tiêu chí tại điểm … khoản 2 Điều 3 Nghị định 31/2019/NĐ-CP: …" (casework.papers.context),
nothing for a case decided without criteria.

Only a template whose newest version still has the body shipped (known by its hash) is changed; one an
administrator rewrote is left to them. A version nobody saved (a shipped one) and no paper was issued from is
changed as it stands, having printed nothing; any other gets a new version, as an edit of a template does
(casework.papers.services.template_save), the papers already issued keeping the version they used. A template
never used has no version yet and is seeded from the defaults when first used."""

import hashlib

from django.db import migrations

KEY = "case.extension"
SHIPPED = "0bf22672d5df33d13acbf170e72b83adb8b4cb2b5fe6eb0fa6e848f5dc39ed48"  # sha256 of the body shipped
REPLACED = (("vụ việc {{ complexity_label }}.", "vụ việc {{ complexity_label }}{{ complexity_criteria }}."),)
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
NOTE = "Quyết định gia hạn ghi tiêu chí xác định vụ việc phức tạp (Nghị định 31/2019/NĐ-CP Điều 3 khoản 2, 3)"


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
    dependencies = [("papers", "0016_personal_verification_says_so")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
