"""The shipped templates (version 1) and the Căn cứ / next-step rows of every existing policy version."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    from casework.papers.defaults import GROUNDS, PLACE, TEMPLATES

    PaperTemplate = apps.get_model("papers", "PaperTemplate")
    PaperTemplateVersion = apps.get_model("papers", "PaperTemplateVersion")
    PaperGrounds = apps.get_model("papers", "PaperGrounds")
    PolicyVersion = apps.get_model("workflows", "PolicyVersion")
    fields = ("doc_kind", "issuer", "symbol_suffix", "title", "addressee", "body", "recipients", "authority",
              "authority_body", "signer_title", "signer_role")
    for key, default in TEMPLATES.items():
        template, _ = PaperTemplate.objects.get_or_create(key=key, defaults={"name": default["name"]})
        if not PaperTemplateVersion.objects.filter(template=template).exists():
            PaperTemplateVersion.objects.create(
                template=template, number=1, place=PLACE, note="Mẫu ban đầu", created_at=timezone.now(),
                **{f: default.get(f, "") for f in fields},
            )
    for version in PolicyVersion.objects.all():
        for subject, grounds in GROUNDS.items():
            PaperGrounds.objects.get_or_create(policy_version=version, subject=subject, defaults=grounds)


class Migration(migrations.Migration):
    dependencies = [("papers", "0001_initial"), ("workflows", "0002_policy_v1")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
