"""A complaint, first or second round, is accepted (thụ lý) within 07 working days of its receipt.

Nghị định 124/2020/NĐ-CP Đ.16 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.10 (in force 01/07/2026,
Đ.21 khoản 1): "Trong thời hạn 07 ngày làm việc, kể từ ngày nhận được khiếu nại … thì người có thẩm quyền
giải quyết khiếu nại lần đầu hoặc lần hai phải thụ lý giải quyết." Migration 0002 seeded both rounds with
the 10 days of Luật Khiếu nại 2011 Đ.27 (lần đầu) and Đ.36 (lần hai), which still decide a letter received
before 01/07/2026 (Nghị định 155/2026/NĐ-CP Đ.22 carries over to its rules only the withdrawal, the
suspension, the termination and the dialogue of complaints accepted earlier, not their acceptance).

A case takes the policy version in force on the day its letter was received (casework.cases.services.
creation: policy_current(on=received_on)) and keeps it, as do its clocks. So the corrected rule is in
force from 01/07/2026 itself, not from the day this runs: a letter received since then and entered from
now on (late, or by a register's import) is accepted within 07 working days, while the cases already
entered, their clocks and their papers keep the version they started under.

Changed as the project changes policy (workflows.services.policy): a version in force only from
01/07/2026 on that no case started under and no clock was counted by is corrected in place; when a
version deciding the letters received from that day (the one in force on it, or a later one) still
holds the seeded rule, the newest version is copied into a new version in force from 01/07/2026 with the
rule corrected (recorded as policy.copy, as the administrators' copy is, on an installation with cases),
and the versions before it keep their rule, which the letters received before that day need. A rule that
is no longer the seeded 10 days (an administrator changed it) is left as it is."""

import datetime as dt

from django.db import migrations

IN_FORCE = dt.date(2026, 7, 1)  # Nghị định 155/2026/NĐ-CP Đ.21 khoản 1
SUBJECTS = ("complaint_1", "complaint_2")
STEP, VARIANT = "accept", "normal"
SEEDED = {"days": 10, "day_unit": "calendar"}
DAYS, UNIT = 7, "working"
SOURCE = "Nghị định 124/2020/NĐ-CP Đ.16 khoản 1 (sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.10)"
NOTE = (
    "Sửa quy định thụ lý giải quyết khiếu nại lần đầu, lần hai: 07 ngày làm việc kể từ ngày nhận được khiếu nại "
    "(Nghị định 124/2020/NĐ-CP Đ.16 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP Đ.10), áp dụng từ 01/07/2026"
)


def forwards(apps, schema_editor):
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
            version=version, subject__in=SUBJECTS, step=STEP, variant=VARIANT, **SEEDED
        )

    versions = list(PolicyVersion.objects.order_by("number"))
    if not versions:
        return
    changed = False
    for version in versions:
        if version.effective_from >= IN_FORCE and not in_use(version) and seeded(version).exists():
            seeded(version).update(days=DAYS, day_unit=UNIT, source=SOURCE)
            changed = True
    # The version a letter received on 01/07/2026 takes (the highest number in force that day), and every
    # later-numbered one, which takes over from its own day.
    on_the_day = [version for version in versions if version.effective_from <= IN_FORCE]
    first = on_the_day[-1].number if on_the_day else versions[0].number
    if any(seeded(version).exists() for version in versions if version.number >= first):
        newest = versions[-1]
        version = PolicyVersion.objects.create(number=newest.number + 1, effective_from=IN_FORCE, note=NOTE)
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
        seeded(version).update(days=DAYS, day_unit=UNIT, source=SOURCE)
        changed = True
        if any(in_use(v) for v in versions):
            # Through the current code (the audit chain is written only by its service), as the copy an
            # administrator makes is recorded. A new installation's seeded versions are seed data.
            from casework.audit.services import audit_record

            audit_record(
                actor=None,
                action="policy.copy",
                target=("workflows.policyversion", version.pk),
                after={
                    "number": version.number,
                    "effective_from": version.effective_from,
                    "copied_from": newest.number,
                },
                reason=NOTE,
            )
    if changed:
        # Rows written around the ORM's signals: every process drops its policy snapshot.
        from workflows.policy_cache import policy_forget

        policy_forget()


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0022_supervision_report_rule"),
        ("cases", "0027_expertise_request_verifier_by_law"),
        ("audit", "0007_stored_canonical_text"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
