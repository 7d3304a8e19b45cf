"""A complaint's papers follow the forms Nghị định 155/2026/NĐ-CP Đ.20 puts in the annex of Nghị định
124/2020/NĐ-CP (in force 01/07/2026): Mẫu số 03 and 04, the notices of acceptance and of refusal (who
complained, their address and identity document, what about, the letter meeting, or under Điều 11 Luật
Khiếu nại not meeting, the conditions of acceptance); Mẫu số 14, the record of the dialogue (the hours, the
recorder, the complainant's identity document, the related parties); Mẫu số 14a, the suspension and
termination decisions (Điều 2: "Quyết định này có hiệu lực thi hành kể từ ngày ký").

Changed as templates change (casework.papers.services.template_save): a new version of the template, the
papers already issued keeping the version they used. Only a template whose newest version still has the
title and body shipped before (known by their hash) gets one, with the title and body shipped now and the
rest of that version as it is; a template an administrator rewrote is left to them."""

import hashlib

from django.db import migrations

# The title and body shipped before, by sha256 of title + "\0" + body.
SHIPPED_BEFORE = {
    "case.accept": "e7dc1dece7c3e89f7ec4a55370e7b9bf9cf1cac030e24f564d2ff4a5f2496580",
    "case.refuse": "e90be411da5a132e38253fbe7d03fc2a2755b18323c768a9c1c03dee67ac51da",
    "case.termination": "655de243bf64323bee5edb74aea43f73bafbdd277481c83b3d444a64bc0b5ea8",
    "case.suspension": "2669fff3cf943eb821508d50ed8b72fed6b653201a541066fd8a0aaf029a7e7c",
    "case.dialogue_record": "bf5679396cf297831bad0ad2612771134239640bd04f7043c0926cfa29f4743e",
}
FIELDS = (
    "doc_kind", "issuer", "symbol_suffix", "place", "addressee", "recipients", "authority", "authority_body",
    "signer_title", "signer_role",
)
NOTE = "Theo Mẫu số 03, 04, 14, 14a Nghị định 124/2020/NĐ-CP (thay thế, bổ sung bởi Nghị định 155/2026/NĐ-CP Đ.20)"


def _shipped(version) -> str:
    return hashlib.sha256(f"{version.title}\0{version.body}".encode()).hexdigest()


def forwards(apps, schema_editor):
    from casework.papers.defaults import TEMPLATES
    from core import clock

    PaperTemplateVersion = apps.get_model("papers", "PaperTemplateVersion")
    for key, digest in SHIPPED_BEFORE.items():
        newest = PaperTemplateVersion.objects.filter(template__key=key).order_by("-number").first()
        if newest is None or _shipped(newest) != digest:
            continue
        version = PaperTemplateVersion.objects.create(
            template_id=newest.template_id,
            number=newest.number + 1,
            title=TEMPLATES[key]["title"],
            body=TEMPLATES[key]["body"],
            note=NOTE,
            created_at=clock.now(),
            **{name: getattr(newest, name) for name in FIELDS},
        )
        # Through the current code (the audit chain is written only by its service), as an
        # administrator's edit of a template is recorded.
        from casework.audit.services import audit_record

        audit_record(
            actor=None,
            action="paper.template_save",
            target=("papers.papertemplateversion", version.pk),
            after={"key": key, "version": version.number, "title": version.title, "body": version.body},
            reason=NOTE,
        )


class Migration(migrations.Migration):
    dependencies = [("papers", "0006_paper_authority_line_and_tuq"), ("audit", "0007_stored_canonical_text")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
