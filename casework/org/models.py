"""Units of the union tree, users and the roles they hold in units.

A unit's `path` is a materialized path of fixed-width segments ("0001.0003.0012."), so a
subtree is one indexed prefix query (`path LIKE '0001.0003.%'`).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casework.search.text import fold

PATH_SEGMENT_WIDTH = 4


class Unit(models.Model):
    """Đơn vị công đoàn: LĐLĐ tỉnh → Công đoàn ngành → Công đoàn cơ sở."""

    class Kind(models.TextChoices):
        PROVINCIAL = "provincial", _("Liên đoàn Lao động tỉnh")
        SECTOR = "sector", _("Công đoàn ngành")
        GRASSROOTS = "grassroots", _("Công đoàn cơ sở")

    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    kind = models.CharField(_("loại đơn vị"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("đường dẫn cây"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("cấp"), editable=False, default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    remote_area = models.BooleanField(_("vùng sâu, vùng xa"), default=False)
    # None: never entered. Rules that depend on the size (a committee of one below 30 members) then
    # apply the general rule, never the exception.
    member_count = models.PositiveIntegerField(
        _("số đoàn viên"), null=True, blank=True, default=None, help_text=_("Để trống nếu chưa có số liệu.")
    )
    # The name folded for search (accents and case ignored, "đ" as "d"), kept by save() as a user's is:
    # "cong doan nganh y te" finds "Công đoàn ngành Y tế" with one LIKE. Wider than the name: folding
    # may lengthen it ("ß" → "ss").
    name_folded = models.CharField(max_length=512, blank=True, editable=False)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="org_unit_path_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fold_name()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)

    def fold_name(self) -> None:
        """Keep `name_folded` for the search box: save() calls it; a bulk_create of units calls it first."""
        self.name_folded = fold(self.name)

    def subtree_q(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}path__startswith": self.path})

    def ancestors(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(path__in=self.ancestor_paths()).order_by("path")

    def ancestor_paths(self) -> list[str]:
        """The paths of the units above this one, the root's first."""
        step = PATH_SEGMENT_WIDTH + 1
        return [self.path[: i + step] for i in range(0, len(self.path) - step, step)]

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)


class User(AbstractUser):
    """A person who signs in. Roles are held in units through RoleAssignment."""

    full_name = models.CharField(_("họ và tên"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    # Chức vụ, as the papers print it where a form asks the signer's or receiver's position (Mẫu số 02/TCD,
    # Nghị định 154/2026/NĐ-CP: "Tôi là … Chức vụ: …"); blank, the paper leaves a line to write it in.
    position = models.CharField(_("chức vụ"), max_length=128, blank=True)
    email_notifications = models.BooleanField(_("nhận thông báo qua e-mail"), default=True)
    # The name and user name folded for search (accents and case ignored, "đ" as "d"), kept by save():
    # the search box finds people with one LIKE instead of folding every name of a province per search.
    name_folded = models.CharField(max_length=512, blank=True, editable=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def fold_name(self) -> None:
        """Keep `name_folded` for the search box: save() calls it; a bulk_create of users calls it first."""
        self.name_folded = fold(f"{self.full_name} {self.username}")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fold_name()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"full_name", "username"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    INTAKE_OFFICER = "intake_officer", _("Cán bộ tiếp nhận đơn thư")
    CASE_OFFICER = "case_officer", _("Cán bộ giải quyết")
    INSPECTOR = "inspector", _("Ủy viên / kiểm tra viên UBKT")
    COMMITTEE_CHAIR = "committee_chair", _("Chủ nhiệm UBKT")
    BTV_MEMBER = "btv_member", _("Ủy viên Ban Thường vụ")
    BCH_MEMBER = "bch_member", _("Ủy viên Ban Chấp hành")
    SUBJECT_REP = "subject_rep", _("Đại diện đơn vị được kiểm tra")
    AUDITOR = "auditor", _("Giám sát")
    # Luật Bảo vệ dữ liệu cá nhân 2025: the person a unit charges with the protection of personal data, who
    # carries the data subjects' requests of the unit and its subtree (casework.privacy.subject_requests).
    DATA_PROTECTION = "data_protection", _("Phụ trách bảo vệ dữ liệu cá nhân")
    ADMIN = "admin", _("Quản trị hệ thống")


LEADERSHIP_ROLES = (Role.BTV_MEMBER, Role.BCH_MEMBER)
COMMITTEE_ROLES = (Role.COMMITTEE_CHAIR, Role.INSPECTOR)


class Position(models.TextChoices):
    """Chức vụ in the body where the role is held: the union's executive and standing committees (BCH,
    BTV) have a chair, vice-chairs and members, the inspection committee (UBKT) a chair (chủ nhiệm),
    vice-chairs and members. The signature block of a paper follows it (papers.services.paper_signer_title)."""

    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    COMMITTEE_CHAIR = "committee_chair", _("Chủ nhiệm")
    COMMITTEE_VICE_CHAIR = "committee_vice_chair", _("Phó Chủ nhiệm")
    MEMBER = "member", _("Ủy viên")


# Which positions each body's roles may carry; any other role carries none.
POSITIONS_OF_ROLES = (
    (LEADERSHIP_ROLES, (Position.CHAIR, Position.VICE_CHAIR, Position.MEMBER)),
    (COMMITTEE_ROLES, (Position.COMMITTEE_CHAIR, Position.COMMITTEE_VICE_CHAIR, Position.MEMBER)),
)


def position_fits_q() -> Q:
    """A role assignment's position is blank (not known) or one its role's body has."""
    fits = Q(position="")
    for roles, positions in POSITIONS_OF_ROLES:
        fits |= Q(role__in=[str(r) for r in roles], position__in=[str(p) for p in positions])
    return fits


class RoleAssignmentQuerySet(models.QuerySet):
    def active_on(self, day) -> RoleAssignmentQuerySet:
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class RoleAssignment(models.Model):
    """A user holds a role in a unit for a period; it reaches that unit's subtree only."""

    user = models.ForeignKey(User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="roles")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    # Quyền chủ nhiệm: a role held for a period on the strength of an appointment, whose document is
    # named here and carried by the decisions taken under it.
    acting_document = models.CharField(_("văn bản giao quyền"), max_length=255, blank=True)
    # Blank: not known; a role outside a leading body (BCH, BTV, UBKT) has none.
    position = models.CharField(
        _("chức vụ trong tập thể"), max_length=32, choices=Position.choices, blank=True, default=""
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role", "valid_from"], name="org_role_unique_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="org_role_period_ordered",
            ),
            models.CheckConstraint(
                condition=position_fits_q(),
                name="org_role_position_fits",
                violation_error_message=_(
                    "Chủ tịch, Phó Chủ tịch là chức vụ của Ban Chấp hành, Ban Thường vụ; Chủ nhiệm, Phó Chủ nhiệm "
                    "của Ủy ban kiểm tra; vai trò khác không có chức vụ."
                ),
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class Absence(models.Model):
    """Vắng mặt: from, to, why, and who stands in. During it the person's tasks, reminders and
    escalations go to the substitute (named by the person, or chosen by the committee chair)."""

    user = models.ForeignKey(User, verbose_name=_("người vắng"), on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    reason = models.CharField(_("lý do"), max_length=255)
    substitute = models.ForeignKey(
        User,
        verbose_name=_("người thay"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standing_in",
    )
    recorded_by = models.ForeignKey(User, verbose_name=_("người ghi"), on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("ghi lúc"))
    # Set once the substitute's tasks have gone back after the absence ended (workflows absences_sweep),
    # so a sweep that did not run on the day the absence ended still hands them back, once.
    tasks_returned = models.BooleanField(_("đã chuyển lại công việc"), default=False, editable=False)

    class Meta:
        verbose_name = _("vắng mặt")
        verbose_name_plural = _("vắng mặt")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="org_absence_ordered"),
            models.CheckConstraint(condition=~Q(substitute=models.F("user")), name="org_absence_not_self"),
        ]
        indexes = [models.Index(fields=["user", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.user} vắng {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"
