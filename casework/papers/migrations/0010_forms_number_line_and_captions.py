"""The papers of a decree's form print what its appendix prints: the number line where the form has one, the
captions under the signature blocks in the form's words.

- Mẫu số 01/TCD (Nghị định 154/2026/NĐ-CP): "(Ký, ghi rõ họ tên, đóng dấu)".
- Mẫu số 02/TCD: no "Số:" line (the receipt keeps its number in the outgoing register only); the visitor
  "(Ký, ghi rõ họ tên)", the officer who received "(Ký, ghi rõ họ tên, đóng dấu nếu có)".
- Nghị định 124/2020/NĐ-CP, Mẫu số 03, 04, 14, 14a, 14b (thay thế, bổ sung bởi Nghị định 155/2026/NĐ-CP Đ.20):
  the notice of acceptance "(Ký, ghi rõ họ tên, đóng dấu)", of refusal "(Ký, đóng dấu)", the dialogue
  record's chair "(Ký, ghi rõ họ tên, đóng dấu (nếu có))", the suspension, termination and resumption
  decisions "(Ký, ghi rõ họ tên, đóng dấu)".

Only a template whose newest version still has the title and body shipped (known by their hash, as
0007) is changed; one an administrator rewrote is left to them. A version nobody saved (a shipped one) and
no paper was issued from is brought to the form as it stands, having printed nothing; any other gets a
new version, as an edit of a template does (casework.papers.services.template_save), the papers already
issued keeping the version they used."""

import hashlib

from django.db import migrations

SIGNED_SEALED = "(Ký, ghi rõ họ tên, đóng dấu)"
# key → (sha256 of the shipped title + "\0" + body, what the form prints)
FORMS = {
    "reception.refusal": (
        "f6eba700a6aedcf9507d77298f042133094955bfba0d502f14ed8d63462ee342",
        {"signer_caption": SIGNED_SEALED},
    ),
    "reception.receipt": (
        "7be0f491fdef6f9bdc8346737cae68e3cafa8deaa3d2ead35d1f53a51c27fab9",
        {
            "number_line": False,
            "signer_caption": "(Ký, ghi rõ họ tên, đóng dấu nếu có)",
            "countersign_caption": "(Ký, ghi rõ họ tên)",
        },
    ),
    "case.accept": (
        "6b7eb8f6cacaeaa9e4535cec5c5509d38929afb2b07f351d440e6df7ec1afa6a",
        {"signer_caption": SIGNED_SEALED},
    ),
    "case.refuse": (
        "fab3cf8bdc216ea2ff62c720f8122e9edd8323ed23873032aa9d6f238312f7f5",
        {"signer_caption": "(Ký, đóng dấu)"},
    ),
    "case.dialogue_record": (
        "7841f536b142037553ce9762233d2b4b59c3646017f950db0b5570f05a7a66e0",
        {"signer_caption": "(Ký, ghi rõ họ tên, đóng dấu (nếu có))"},
    ),
    "case.termination": (
        "08fa98ed87573ad91b01a626e726f024f33d139f35c7391aff019024bbe9cedb",
        {"signer_caption": SIGNED_SEALED},
    ),
    "case.suspension": (
        "5cafc2039be5ebbd162c8992fa02c989482d19d82bcac9b7e301773ddf038394",
        {"signer_caption": SIGNED_SEALED},
    ),
    "case.complaint_resumption": (
        "6b9f6f6d135082dc6ce6cacfb17a35de393e652712afcec878fc0c5f8660ecb3",
        {"signer_caption": SIGNED_SEALED},
    ),
}
FIELDS = (
    "doc_kind", "issuer", "symbol_suffix", "place", "title", "addressee", "body", "recipients", "authority",
    "authority_body", "signer_title", "signer_role", "number_line", "signer_caption", "countersign_caption",
)
NOTE = "Dòng số và ghi chú dưới chữ ký theo mẫu của nghị định (Mẫu số 01/TCD, 02/TCD; Mẫu số 03, 04, 14, 14a, 14b)"


def _shipped(version) -> str:
    # A body seeded with the identity paper number's field (papers 0012) is the same shipped body.
    body = version.body.replace("{{ submitter_id_number }}", "……")
    return hashlib.sha256(f"{version.title}\0{body}".encode()).hexdigest()


def forwards(apps, schema_editor):
    from core import clock

    PaperTemplateVersion = apps.get_model("papers", "PaperTemplateVersion")
    Paper = apps.get_model("papers", "Paper")
    for key, (digest, form) in FORMS.items():
        newest = PaperTemplateVersion.objects.filter(template__key=key).order_by("-number").first()
        if newest is None or _shipped(newest) != digest:
            continue
        if all(getattr(newest, name) == value for name, value in form.items()):
            continue
        if newest.created_by_id is None and not Paper.objects.filter(template_version=newest).exists():
            PaperTemplateVersion.objects.filter(pk=newest.pk).update(**form)
            continue
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
            after={"key": key, "version": version.number, **form},
            reason=NOTE,
        )


class Migration(migrations.Migration):
    dependencies = [("papers", "0009_template_number_line_and_captions"), ("audit", "0007_stored_canonical_text")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
