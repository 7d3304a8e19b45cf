"""The register of data subjects' requests keeps a closed request's requester and answer's text for 03 years
after the request ended, then `retention_run` erases them: the register is what shows that a request was
answered, and the requester may sue for the damage of a request not carried out (Luật Bảo vệ dữ liệu cá nhân
2025 Đ.4 khoản 1 điểm đ) within 03 years of knowing it (Bộ luật Dân sự 2015 Đ.588). Set only where no
administrator has set the kind's period."""

from django.db import migrations
from django.utils import timezone

KIND = "subject_request"
YEARS = 3
SOURCE = (
    "Bộ luật Dân sự 2015 Đ.588 (thời hiệu khởi kiện yêu cầu bồi thường thiệt hại 03 năm); "
    "Luật Bảo vệ dữ liệu cá nhân 2025 Đ.4 khoản 1 điểm đ"
)


def forwards(apps, schema_editor):
    RetentionPolicy = apps.get_model("privacy", "RetentionPolicy")
    RetentionPolicy.objects.get_or_create(
        kind=KIND, defaults={"years": YEARS, "source": SOURCE, "updated_at": timezone.now()}
    )


def backwards(apps, schema_editor):
    RetentionPolicy = apps.get_model("privacy", "RetentionPolicy")
    RetentionPolicy.objects.filter(kind=KIND, years=YEARS, source=SOURCE, updated_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0005_subject_request_retention")]
    operations = [migrations.RunPython(forwards, backwards)]
