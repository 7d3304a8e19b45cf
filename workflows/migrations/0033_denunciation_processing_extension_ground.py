"""The ground of the longer initial processing of a denunciation, as Luật Tố cáo 2018 (Luật số 25/2018/QH14)
Đ.24 khoản 1 gives it: "trường hợp phải kiểm tra, xác minh tại nhiều địa điểm hoặc phải ủy quyền cho cơ quan,
tổ chức có thẩm quyền kiểm tra, xác minh thì thời hạn này có thể kéo dài hơn nhưng không quá 10 ngày làm việc"
(text as codified in the Bộ pháp điển, Điều 18.5.LQ.24). Checking the denouncer's identity is part of the
07 working days themselves ("kiểm tra, xác minh thông tin về người tố cáo"), not a ground for the 10: migration
0008 seeded the row's source as "cần xác minh danh tính người tố cáo hoặc nhiều địa điểm". The days (10 working)
stand; the source, which the clock and the extension's audit event name, is corrected.

Changed as the project changes policy (workflows.services.policy, a case keeps the policy version it started
under): a version no case started under and no clock was counted by is corrected in place; when the newest
version is in use, it is copied into a new version in force from the next day with the source corrected (as the
administrators' copy, recorded as policy.copy), and the versions in use keep their row. A row whose source is
no longer the seeded one (an administrator changed it) is left as it is."""

import datetime as dt

from django.db import migrations

SUBJECT, STEP, VARIANT = "denunciation", "accept", "complex"
SEEDED = "Luật Tố cáo 2018 Đ.24 (cần xác minh danh tính người tố cáo hoặc nhiều địa điểm)"
SOURCE = (
    "Luật Tố cáo 2018 Đ.24 khoản 1 (phải kiểm tra, xác minh tại nhiều địa điểm hoặc ủy quyền cho cơ quan, "
    "tổ chức có thẩm quyền kiểm tra, xác minh)"
)
NOTE = (
    "Sửa căn cứ kéo dài xử lý ban đầu thông tin tố cáo đến 10 ngày làm việc: phải kiểm tra, xác minh tại nhiều "
    "địa điểm hoặc ủy quyền kiểm tra, xác minh (Luật Tố cáo 2018 Đ.24 khoản 1)"
)


def forwards(apps, schema_editor):
    from core import clock

    PolicyVersion = apps.get_model("workflows", "PolicyVersion")
    DeadlineRule = apps.get_model("workflows", "DeadlineRule")
    Deadline = apps.get_model("workflows", "Deadline")
    Case = apps.get_model("cases", "Case")

    def in_use(version) -> bool:
        return (
            Case.objects.filter(policy_version=version).exists()
            or Deadline.objects.filter(rule__version=version).exists()
        )

    def seeded(version):
        return DeadlineRule.objects.filter(version=version, subject=SUBJECT, step=STEP, variant=VARIANT, source=SEEDED)

    newest = PolicyVersion.objects.order_by("-number").first()
    if newest is None:
        return
    changed = copy_newest = False
    for version in PolicyVersion.objects.order_by("number"):
        if not seeded(version).exists():
            continue
        if not in_use(version):
            seeded(version).update(source=SOURCE)
            changed = True
        elif version.pk == newest.pk:
            copy_newest = True
    if copy_newest:
        version = PolicyVersion.objects.create(
            number=newest.number + 1,
            effective_from=max(clock.today() + dt.timedelta(days=1), newest.effective_from),
            note=NOTE,
        )
        DeadlineRule.objects.bulk_create(
            [
                DeadlineRule(
                    version=version,
                    subject=rule.subject,
                    step=rule.step,
                    variant=rule.variant,
                    days=rule.days,
                    day_unit=rule.day_unit,
                    reminder_offsets=list(rule.reminder_offsets),
                    on_breach=rule.on_breach,
                    source=rule.source,
                )
                for rule in DeadlineRule.objects.filter(version=newest).order_by("pk")
            ]
        )
        seeded(version).update(source=SOURCE)
        changed = True
        # Through the current code (the audit chain is written only by its service), as the copy an
        # administrator makes is recorded.
        from casework.audit.services import audit_record

        audit_record(
            actor=None,
            action="policy.copy",
            target=("workflows.policyversion", version.pk),
            after={"number": version.number, "effective_from": version.effective_from, "copied_from": newest.number},
            reason=NOTE,
        )
    if changed:
        # Rows written around the ORM's signals: every process drops its policy snapshot.
        from workflows.policy_cache import policy_forget

        policy_forget()


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0032_deadline_cycle"),
        ("cases", "0027_expertise_request_verifier_by_law"),
        ("audit", "0007_stored_canonical_text"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
