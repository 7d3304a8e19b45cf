"""Denouncers' identities written under the master key move under their case's own key, so that
discarding a case's key destroys them like everything written since."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.db import migrations
from django.utils import timezone

PREFIX = "ck1:"


def forwards(apps, schema_editor):
    identity_model = apps.get_model("cases", "DenouncerIdentity")
    key_model = apps.get_model("privacy", "CaseKey")
    master = Fernet(settings.IDENTITY_ENCRYPTION_KEY.encode())
    for identity in identity_model.objects.exclude(ciphertext__startswith=PREFIX).iterator():
        key = key_model.objects.filter(case_id=identity.case_id).first()
        if key is None:
            key = key_model.objects.create(
                case_id=identity.case_id, wrapped=master.encrypt(Fernet.generate_key()).decode(), created_at=timezone.now()
            )
        if key.destroyed_at is not None:
            continue
        case_fernet = Fernet(master.decrypt(key.wrapped.encode()))
        plain = master.decrypt(identity.ciphertext.encode())
        identity.ciphertext = PREFIX + case_fernet.encrypt(plain).decode()
        identity.save(update_fields=["ciphertext"])


def backwards(apps, schema_editor):
    identity_model = apps.get_model("cases", "DenouncerIdentity")
    key_model = apps.get_model("privacy", "CaseKey")
    master = Fernet(settings.IDENTITY_ENCRYPTION_KEY.encode())
    for identity in identity_model.objects.filter(ciphertext__startswith=PREFIX).iterator():
        key = key_model.objects.filter(case_id=identity.case_id, destroyed_at__isnull=True).first()
        if key is None:
            continue
        case_fernet = Fernet(master.decrypt(key.wrapped.encode()))
        plain = case_fernet.decrypt(identity.ciphertext.removeprefix(PREFIX).encode())
        identity.ciphertext = master.encrypt(plain).decode()
        identity.save(update_fields=["ciphertext"])


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_retention"), ("cases", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
