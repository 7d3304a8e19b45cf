"""The source of the clock publishing a second-round complaint's decision (complaint_2/publish_decision, added by
0037) names the law and the decree that details it as they stand. Luật Khiếu nại 2011 Đ.41 khoản 3: "Chính phủ quy
định chi tiết việc công khai quyết định giải quyết khiếu nại"; Nghị định 124/2020/NĐ-CP does, its Đ.1 as amended by
Nghị định 155/2026/NĐ-CP Đ.1 (in force 01/07/2026) listing "Khoản 3 Điều 41 về công khai quyết định giải quyết khiếu
nại". Nghị định 75/2012/NĐ-CP, which the seeded source named, is the decree Nghị định 124/2020/NĐ-CP took over from;
its Đ.12 stays in the Bộ pháp điển as Điều 18.1.NĐ.1.12, the text the 15 days were checked against, since the
article of Nghị định 124/2020/NĐ-CP is not among the legal texts we hold. The days (15, calendar) stand.

Changed as the project changes policy (workflows.services.policy, a case keeps the policy version it started
under), as 0033 corrects a source: a version no case started under and no clock was counted by is corrected in
place; when the newest version is in use, it is copied into a new version in force from the next day with the
source corrected (as the administrators' copy, recorded as policy.copy), and the versions in use keep their row. A
row whose source is no longer the seeded one (an administrator changed it) is left as it is."""

import datetime as dt
from importlib import import_module

from django.db import migrations

SUBJECT, STEP, VARIANT = "complaint_2", "publish_decision", "normal"
SOURCE = (
    "Luật Khiếu nại 2011 Đ.41 khoản 2, 3 (công khai quyết định giải quyết khiếu nại lần hai), chi tiết tại Nghị "
    "định 124/2020/NĐ-CP (sửa đổi bởi Nghị định 155/2026/NĐ-CP); 15 ngày theo Bộ pháp điển Điều 18.1.NĐ.1.12"
)
NOTE = (
    "Sửa căn cứ thời hạn công khai quyết định giải quyết khiếu nại lần hai: Luật Khiếu nại 2011 Đ.41 khoản 2, 3, "
    "chi tiết tại Nghị định 124/2020/NĐ-CP (sửa đổi bởi Nghị định 155/2026/NĐ-CP)"
)


def forwards(apps, schema_editor):
    from core import clock

    seeded_source = import_module("workflows.migrations.0037_complaint_decision_publication_rule").SOURCE
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
        return DeadlineRule.objects.filter(
            version=version, subject=SUBJECT, step=STEP, variant=VARIANT, source=seeded_source
        )

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
        ("workflows", "0039_limits_end_at_midnight"),
        ("cases", "0044_publication_periods_and_meeting"),
        ("audit", "0007_stored_canonical_text"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
