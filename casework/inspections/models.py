"""Flags (dấu hiệu vi phạm), inspection plans, inspections, their findings, recommendations and follow-ups.

Models hold fields, pure `@transition` methods and the invariants the database can check;
services (`casework.inspections.services`) lock, transition, save, audit and start deadlines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from core.numbers import number_vi
from workflows.models import EndGround

if TYPE_CHECKING:
    from casework.cases.models import Case
    from casework.org.models import Unit


class Category(models.TextChoices):
    """What a sign of violation (or an inspection topic) is about: plan §3.6."""

    CHARTER = "charter", _("Điều lệ Công đoàn")
    RESOLUTIONS = "resolutions", _("Nghị quyết, quy định của BCH")
    ELECTIONS = "elections", _("Bầu cử, đại hội")
    FINANCE_BUDGET = "finance_budget", _("Tài chính: dự toán, quyết toán")
    FINANCE_REVENUE = "finance_revenue", _("Tài chính: thu kinh phí")
    FINANCE_DUES = "finance_dues", _("Tài chính: đoàn phí")
    FINANCE_SPENDING = "finance_spending", _("Tài chính: chi tiêu")
    FINANCE_BOOKS = "finance_books", _("Tài chính: sổ sách, chứng từ")
    ASSETS_PURCHASE = "assets_purchase", _("Tài sản: mua sắm")
    ASSETS_USE = "assets_use", _("Tài sản: quản lý, sử dụng")
    ASSETS_INVENTORY = "assets_inventory", _("Tài sản: kiểm kê")
    UNITY = "unity", _("Đoàn kết nội bộ")
    REPUTATION = "reputation", _("Uy tín, hình ảnh")


FLAG_TARGET_TYPE = "inspections.flag"


class Flag(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A sign of violation against a unit (and maybe a person). It must end inspected or decided."""

    class Source(models.TextChoices):
        CASE = "case", _("Kết luận giải quyết đơn")
        DENUNCIATION = "denunciation", _("Tố cáo có căn cứ")
        FINDING = "finding", _("Kết quả kiểm tra")
        FINANCIAL_REPORT = "financial_report", _("Báo cáo tài chính bất thường")
        MANUAL = "manual", _("Kiểm tra viên phát hiện")
        REFERRAL = "referral", _("Cấp trên chuyển đến")
        # Raised by a supervision's report (casework.supervision), which it names (source_type/source_id).
        SUPERVISION = "supervision", _("Giám sát phát hiện")

    # The sources a person reports by hand (the page's form, the API, the service): what they found,
    # an abnormal financial report, a referral from above. The others name a record the system keeps
    # and are raised only by that record's own step, naming it (`SOURCE_RECORDS`).
    REPORTED_SOURCES = (Source.MANUAL, Source.FINANCIAL_REPORT, Source.REFERRAL)
    # Each linked source and the kind of record (source_type) it must name.
    SOURCE_RECORDS = {
        Source.CASE: "cases.case",
        Source.DENUNCIATION: "cases.case",
        Source.FINDING: "inspections.finding",
        Source.SUPERVISION: "supervision.supervision",
    }

    class Severity(models.TextChoices):
        LOW = "low", _("Nhẹ")
        MEDIUM = "medium", _("Trung bình")
        HIGH = "high", _("Nghiêm trọng")

    class Status(models.TextChoices):
        RAISED = "raised", _("Mới phát hiện")
        ASSIGNED = "assigned", _("Đã đưa vào cuộc kiểm tra")
        INSPECTED = "inspected", _("Đã kiểm tra, có kết luận")
        DECIDED = "decided", _("Lãnh đạo đã quyết định")

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị có dấu hiệu vi phạm"), on_delete=models.PROTECT, related_name="flags"
    )
    person = models.CharField(_("cá nhân liên quan"), max_length=255, blank=True)
    category = models.CharField(_("nội dung"), max_length=32, choices=Category.choices)
    # Lĩnh vực, chosen when the flag is raised (from a case: the case's). None on older flags.
    subject_area = models.ForeignKey(
        "areas.SubjectArea",
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="flags",
    )
    severity = models.CharField(_("mức độ"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM)
    evidence = models.TextField(_("căn cứ, chứng cứ"))
    source = models.CharField(_("nguồn"), max_length=24, choices=Source.choices)
    source_type = models.CharField(_("loại hồ sơ nguồn"), max_length=64, blank=True)
    source_id = models.CharField(_("mã hồ sơ nguồn"), max_length=64, blank=True)
    status = FSMField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.RAISED, protected=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(_("phát hiện lúc"))
    inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("cuộc kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="flags",
    )
    # When it joined `inspection` (flags_assign). None for a flag never in one, and for a joined flag
    # whose join no record dates (migration 0010 dates them from the trail or the flag's own clock):
    # the coverage selectors read those from their own clock.
    joined_inspection_at = models.DateTimeField(_("đưa vào cuộc kiểm tra lúc"), null=True, blank=True)
    conclusion_approved_at = models.DateTimeField(_("kết luận được duyệt lúc"), null=True, blank=True)
    # An id, not a FK: the escalation model belongs to workflows and may be migrated after us.
    escalation_id = models.BigIntegerField(_("mã báo cáo lên lãnh đạo"), null=True, blank=True)

    class Decision(models.TextChoices):
        # The leadership decisions of workflows.Escalation that close a flag.
        APPROVE = "approve", _("đồng ý đề xuất")
        REFER = "refer", _("chuyển cơ quan có thẩm quyền")
        DISCIPLINE = "discipline", _("quyết định kỷ luật")

    decision = models.CharField(_("quyết định của lãnh đạo"), max_length=16, choices=Decision.choices, blank=True)
    # The only grounds on which leadership may end a flag without inspecting it (never counted as inspected).
    end_ground = models.CharField(
        _("căn cứ kết thúc không qua kiểm tra"), max_length=20, choices=EndGround.choices, blank=True
    )
    decision_reason = models.TextField(_("lý do quyết định"), blank=True)
    # What a leadership ending names (flag_decide): on "merged", the flag or the inspection it was merged
    # into (exactly one); on "referred", the authority and the number of the referral paper. Empty on
    # flags ended before these were recorded ("không ghi").
    merged_into_flag = models.ForeignKey(
        "self",
        verbose_name=_("gộp vào dấu hiệu vi phạm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_flags",
    )
    merged_into_inspection = models.ForeignKey(
        "inspections.Inspection",
        verbose_name=_("gộp vào cuộc kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_flags",
    )
    referred_to = models.CharField(_("cơ quan có thẩm quyền nhận"), max_length=255, blank=True)
    referral_ref = models.CharField(_("số văn bản chuyển"), max_length=64, blank=True)
    instructions = models.TextField(_("chỉ đạo của lãnh đạo"), blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("dấu hiệu vi phạm")
        verbose_name_plural = _("dấu hiệu vi phạm")
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["raised_at"])]
        constraints = [
            # The product's invariant, checked by the database itself: every state has exactly its shape,
            # so no write (service, admin, shell, raw update) can close a flag without its end reason.
            models.CheckConstraint(
                name="insp_flag_closed_with_reason",
                condition=(
                    Q(status="raised", inspection__isnull=True, conclusion_approved_at__isnull=True)
                    | Q(status="assigned", inspection__isnull=False, conclusion_approved_at__isnull=True)
                    | Q(status="inspected", inspection__isnull=False, conclusion_approved_at__isnull=False)
                    | (
                        Q(status="decided", escalation_id__isnull=False, end_ground__in=EndGround.values)
                        & ~Q(decision_reason="")
                    )
                ),
            ),
            models.CheckConstraint(
                name="insp_flag_merged_into_one",
                condition=Q(merged_into_flag__isnull=True) | Q(merged_into_inspection__isnull=True),
            ),
            models.CheckConstraint(name="insp_flag_not_merged_into_itself", condition=~Q(merged_into_flag=F("pk"))),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_category_display()} — {self.unit}"

    @property
    def reference(self) -> str:
        return f"DH-{self.pk:05d}" if self.pk else "DH-?"

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.INSPECTED, self.Status.DECIDED)

    @transition(field=status, source=Status.RAISED, target=Status.ASSIGNED)
    def assign(self, inspection: Inspection, at) -> None:
        self.inspection = inspection
        self.joined_inspection_at = at

    @transition(field=status, source=Status.ASSIGNED, target=Status.INSPECTED)
    def mark_inspected(self, at) -> None:
        self.conclusion_approved_at = at
        self.closed_at = at

    @transition(field=status, source=[Status.RAISED, Status.ASSIGNED], target=Status.DECIDED)
    def decide(
        self,
        *,
        escalation_id: int,
        decision: str,
        ground: str,
        reason: str,
        at,
        merged_into: Flag | Inspection | None = None,
        referred_to: str = "",
        referral_ref: str = "",
    ) -> None:
        self.escalation_id = escalation_id
        self.decision = decision
        self.end_ground = ground
        self.decision_reason = reason
        self.closed_at = at
        self.merged_into_flag = merged_into if isinstance(merged_into, Flag) else None
        self.merged_into_inspection = merged_into if isinstance(merged_into, Inspection) else None
        self.referred_to, self.referral_ref = referred_to, referral_ref

    @property
    def merged_into(self) -> Flag | Inspection | None:
        return self.merged_into_flag or self.merged_into_inspection

    @transition(field=status, source=Status.RAISED, target=Status.RAISED)
    def return_with_instructions(self, instructions: str) -> None:
        self.instructions = instructions


class InspectionPlan(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """Kế hoạch kiểm tra năm / quý of one unit's inspection committee."""

    class Period(models.TextChoices):
        ANNUAL = "annual", _("Năm")
        QUARTERLY = "quarterly", _("Quý")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SUBMITTED = "submitted", _("Chờ phê duyệt")
        RETURNED = "returned", _("Trả lại để sửa")
        APPROVED = "approved", _("Đã phê duyệt")
        ACTIVE = "active", _("Đang thực hiện")
        CLOSED = "closed", _("Đã tổng kết")

    unit = models.ForeignKey("org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("loại kế hoạch"), max_length=12, choices=Period.choices)
    year = models.PositiveIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), null=True, blank=True)
    title = models.CharField(_("tên kế hoạch"), max_length=255)
    status = FSMField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT, protected=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"))
    return_comments = models.TextField(_("ý kiến khi trả lại"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    results_summary = models.TextField(_("kết quả thực hiện"), blank=True)

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year", "-quarter", "pk"]
        constraints = [
            models.CheckConstraint(
                name="insp_plan_quarter_shape",
                condition=Q(period="annual", quarter__isnull=True)
                | Q(period="quarterly", quarter__gte=1, quarter__lte=4),
            ),
            models.CheckConstraint(
                name="insp_plan_closed_with_summary", condition=~Q(status="closed") | ~Q(results_summary="")
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        return f"KH-{self.pk:05d}" if self.pk else "KH-?"

    @transition(field=status, source=[Status.DRAFT, Status.RETURNED], target=Status.SUBMITTED)
    def submit(self) -> None:
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.APPROVED)
    def approve(self, *, by, at) -> None:
        self.approved_by = by
        self.approved_at = at
        self.return_comments = ""

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED)
    def send_back(self, comments: str) -> None:
        self.return_comments = comments

    @transition(field=status, source=Status.APPROVED, target=Status.ACTIVE)
    def activate(self) -> None:
        pass

    @transition(field=status, source=Status.ACTIVE, target=Status.CLOSED)
    def close(self, summary: str) -> None:
        self.results_summary = summary


class PlanItem(models.Model):
    """One planned inspection or supervision: who is inspected (supervised), on what, when, led by whom.

    A plan carries both (plan §3.6: "kế hoạch, chương trình, nội dung kiểm tra, giám sát theo quý, năm").
    """

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("Kiểm tra")
        SUPERVISION = "supervision", _("Giám sát")

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("hình thức"), max_length=12, choices=Kind.choices, default=Kind.INSPECTION)
    subject_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị được kiểm tra"), on_delete=models.PROTECT, related_name="+"
    )
    topics = models.JSONField(_("nội dung kiểm tra"), default=list)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    team_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trưởng đoàn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("nội dung kế hoạch")
        verbose_name_plural = _("nội dung kế hoạch")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(name="insp_item_period_ordered", condition=Q(ends_on__gte=models.F("starts_on")))
        ]

    def __str__(self) -> str:
        return f"{self.subject_unit} ({self.starts_on:%d/%m}–{self.ends_on:%d/%m/%Y})"

    @property
    def inspection_status_label(self) -> str:
        """The step its inspection is at ("Đang chuẩn bị", "Đang kiểm tra tại đơn vị"…), as read by
        selectors.plan_items_with_progress; "" without one."""
        return str(dict(Inspection.Status.choices).get(getattr(self, "inspection_status", ""), ""))


# The number a paper bears (số, ký hiệu văn bản): "123/CV-CĐCS" and the like.
PAPER_REFERENCE_LENGTH = 64


# Routing state of an inspection in "opened" whose team is formed: its decision may be signed.
OPENED_TEAM_FORMED = "opened:team"


class Inspection(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """Cuộc kiểm tra: decision → notice → fieldwork → draft report → explanation → conclusion → notice."""

    class Kind(models.TextChoices):
        PLANNED = "planned", _("Theo kế hoạch")
        AD_HOC = "ad_hoc", _("Đột xuất (khi có dấu hiệu vi phạm)")

    class Status(models.TextChoices):
        OPENED = "opened", _("Đang chuẩn bị")
        DECIDED = "decided", _("Đã có quyết định")
        NOTIFIED = "notified", _("Đã thông báo")
        FIELDWORK = "fieldwork", _("Đang kiểm tra tại đơn vị")
        REPORTING = "reporting", _("Dự thảo báo cáo")
        EXPLAINED = "explained", _("Đơn vị đã giải trình")
        CONCLUDED = "concluded", _("Đã có kết luận")
        CLOSED = "closed", _("Đã thông báo kết luận")

    class Outcome(models.TextChoices):
        FOUNDED = "founded", _("Có vi phạm")
        PARTLY = "partly", _("Có vi phạm một phần")
        UNFOUNDED = "unfounded", _("Không có vi phạm")

    class DeliveryMeans(models.TextChoices):
        HAND = "hand", _("Giao trực tiếp, có ký nhận")
        POST = "post", _("Bưu điện, có phiếu báo phát")
        EMAIL = "email", _("Thư điện tử chính thức của đơn vị")
        OTHER = "other", _("Hình thức khác, có xác nhận")

    OPEN_STATUSES = (
        Status.OPENED,
        Status.DECIDED,
        Status.NOTIFIED,
        Status.FIELDWORK,
        Status.REPORTING,
        Status.EXPLAINED,
    )
    # Up to fieldwork: the checklist gains the joining flag's topic and the draft report waits for it.
    FLAGS_JOIN_STATUSES = (Status.OPENED, Status.DECIDED, Status.NOTIFIED, Status.FIELDWORK)

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị tiến hành"), on_delete=models.PROTECT, related_name="inspections_run"
    )
    subject_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị được kiểm tra"), on_delete=models.PROTECT, related_name="inspections"
    )
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    plan_item = models.ForeignKey(PlanItem, null=True, blank=True, on_delete=models.PROTECT, related_name="inspections")
    title = models.CharField(_("tên cuộc kiểm tra"), max_length=255)
    topics = models.JSONField(_("nội dung kiểm tra"), default=list)
    complex = models.BooleanField(_("phức tạp (Chủ tịch/Phó Chủ tịch quyết định)"), default=False)
    status = FSMField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.OPENED, protected=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"))
    # Set from the outgoing register when the decision is issued (papers.services.paper_issue); the
    # register (one number per unit, kind and year) is what keeps it unique.
    decision_number = models.CharField(_("số quyết định"), max_length=32, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    notice_text = models.TextField(_("thông báo, tài liệu yêu cầu"), blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("đơn vị xác nhận lúc"), null=True, blank=True)
    # When the subject unit has no account, the chair or the team lead records the delivery instead.
    notice_delivered_on = models.DateField(_("ngày giao thông báo"), null=True, blank=True)
    notice_delivery_means = models.CharField(
        _("hình thức giao thông báo"), max_length=8, choices=DeliveryMeans.choices, blank=True
    )
    notice_delivery_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draft_report = models.TextField(_("dự thảo báo cáo"), blank=True)
    # The team's proposed conclusion in its draft report: the chair's conclusion starts from it.
    proposed_outcome = models.CharField(_("kết luận đề xuất"), max_length=12, choices=Outcome.choices, blank=True)
    # The day the draft report went out to the unit inspected: its time to explain counts from it.
    draft_report_sent_on = models.DateField(_("ngày gửi dự thảo báo cáo"), null=True, blank=True)
    # The last day of the unit's time to explain the draft report (casework.inspections.explanation).
    explanation_due_on = models.DateField(_("hạn giải trình"), null=True, blank=True)
    explanation = models.TextField(_("giải trình của đơn vị"), blank=True)
    # The day the explanation reached the committee: the day its representative sent it in the system,
    # or the day the paper of a unit with no account was received, which the chair or the team lead
    # records with the paper's number (casework.inspections.explanation).
    explanation_received_on = models.DateField(_("ngày nhận giải trình"), null=True, blank=True)
    explanation_on_paper = models.BooleanField(_("giải trình bằng văn bản giấy"), default=False)
    explanation_paper_reference = models.CharField(
        _("số, ký hiệu văn bản giải trình"), max_length=PAPER_REFERENCE_LENGTH, blank=True
    )
    explanation_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận văn bản giải trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("kết luận"), max_length=12, choices=Outcome.choices, blank=True)
    conclusion_text = models.TextField(_("nội dung kết luận"), blank=True)
    conclusion_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conclusion_approved_at = models.DateTimeField(_("duyệt kết luận lúc"), null=True, blank=True)
    conclusion_notified_at = models.DateTimeField(_("thông báo kết luận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="insp_concluded_has_outcome",
                condition=~Q(status__in=["concluded", "closed"])
                | (Q(conclusion_approved_at__isnull=False) & ~Q(outcome="")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        return self.decision_number or f"KT-{self.pk:05d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def route_state(self) -> str:
        """What its flow routes on (workflows.flows.nodes.route_state): the status, told apart in
        "opened" once the team is formed, when the decision waits on the signers (team_size.team_complete),
        and in "reporting" once the unit's time to explain has run out, when the conclusion waits on the
        signers (casework.inspections.explanation)."""
        from casework.inspections.explanation import REPORTING_LAPSED, explanation_lapsed
        from casework.inspections.team_size import team_complete

        if self.status == self.Status.OPENED:
            return OPENED_TEAM_FORMED if team_complete(self) else self.status
        return REPORTING_LAPSED if explanation_lapsed(self) else self.status

    @property
    def accepts_flags(self) -> bool:
        """A flag joins only while fieldwork can still check its topic: once the draft report is out,
        the conclusion would count the flag inspected though nobody inspected it."""
        return self.status in self.FLAGS_JOIN_STATUSES

    @transition(field=status, source=Status.OPENED, target=Status.DECIDED)
    def decide(self, *, by, at) -> None:
        self.decided_by = by
        self.decided_at = at

    @transition(field=status, source=Status.DECIDED, target=Status.NOTIFIED)
    def notify_subject(self, text: str) -> None:
        self.notice_text = text

    @transition(field=status, source=Status.NOTIFIED, target=Status.FIELDWORK)
    def acknowledge(self, *, by, at) -> None:
        self.acknowledged_by = by
        self.acknowledged_at = at

    @transition(field=status, source=Status.NOTIFIED, target=Status.FIELDWORK)
    def record_delivery(self, *, on, means: str, by) -> None:
        self.notice_delivered_on = on
        self.notice_delivery_means = means
        self.notice_delivery_recorded_by = by

    @transition(field=status, source=Status.FIELDWORK, target=Status.REPORTING)
    def report_draft(
        self, text: str, proposed_outcome: str = "", explanation_due_on: Any = None, sent_on: Any = None
    ) -> None:
        self.draft_report = text
        self.proposed_outcome = proposed_outcome
        self.draft_report_sent_on = sent_on
        self.explanation_due_on = explanation_due_on

    @transition(field=status, source=Status.REPORTING, target=Status.EXPLAINED)
    def explain(self, text: str, *, received_on: Any, paper_reference: str = "", recorded_by: Any = None) -> None:
        """`recorded_by` the chair or the team lead for a paper received on `received_on` under
        `paper_reference`; None when the unit's representative explains in the system."""
        self.explanation = text
        self.explanation_received_on = received_on
        self.explanation_on_paper = recorded_by is not None
        self.explanation_paper_reference = paper_reference
        self.explanation_recorded_by = recorded_by

    @property
    def explanation_received_late(self) -> bool:
        """Received after the unit's last day to explain (casework.inspections.explanation)."""
        from casework.inspections.explanation import explanation_received_late

        return explanation_received_late(self)

    @transition(field=status, source=[Status.REPORTING, Status.EXPLAINED], target=Status.CONCLUDED)
    def conclude(self, *, outcome: str, text: str, by, at) -> None:
        self.outcome = outcome
        self.conclusion_text = text
        self.conclusion_approved_by = by
        self.conclusion_approved_at = at

    @transition(field=status, source=Status.CONCLUDED, target=Status.CLOSED)
    def notify_conclusion(self, at) -> None:
        self.conclusion_notified_at = at


class TeamMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Trưởng đoàn")
        MEMBER = "member", _("Thành viên")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inspection_teams")
    role = models.CharField(_("vai trò trong đoàn"), max_length=8, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("đoàn kiểm tra")
        constraints = [models.UniqueConstraint(fields=["inspection", "user"], name="insp_team_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ConflictDeclaration(models.Model):
    """A person declares a conflict of interest with a unit: they may not inspect it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("lý do"), max_length=255)
    declared_at = models.DateTimeField(_("kê khai lúc"))

    class Meta:
        verbose_name = _("kê khai xung đột lợi ích")
        verbose_name_plural = _("kê khai xung đột lợi ích")

    def __str__(self) -> str:
        return f"{self.user} — {self.unit}: {self.reason}"


class ChecklistItem(models.Model):
    """One check of the fieldwork (plan §3.6: thu, chi, sổ sách, chứng từ; mua sắm, sử dụng, kiểm kê)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checklist")
    topic = models.CharField(_("nội dung"), max_length=32, choices=Category.choices)
    code = models.CharField(_("mã"), max_length=32)
    label = models.CharField(_("việc cần kiểm tra"), max_length=255)
    done = models.BooleanField(_("đã kiểm tra"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["inspection", "code"], name="insp_check_unique")]

    def __str__(self) -> str:
        return self.label


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    topic = models.CharField(_("nội dung"), max_length=32, choices=Category.choices)
    description = models.TextField(_("nội dung phát hiện"))
    evidence = models.TextField(_("chứng cứ"), blank=True)
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("ghi nhận lúc"))

    class Meta:
        verbose_name = _("kết quả kiểm tra")
        verbose_name_plural = _("kết quả kiểm tra")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(name="insp_finding_amount_positive", condition=Q(amount__gte=0))]

    def __str__(self) -> str:
        return Truncator(self.description).chars(60)

    @property
    def amount_display(self) -> str:
        """VND with dot thousands separators, as written in Vietnamese reports (8.400.000 đồng)."""
        return "" if self.amount is None else number_vi(self.amount) + " đồng"


RECOMMENDATION_PREFIX = "KNTD"


class Recommendation(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """Kiến nghị: what the owner unit must do by when; followed until its monitor accepts it.

    It comes from exactly one source (checked by the database): an inspection's conclusion, or the
    conclusion of a denunciation (kết luận nội dung tố cáo), whose measures the resolver follows
    or has the inspection committee follow until implemented (Luật Tố cáo 2018 Đ.44 khoản 3;
    Nghị định 31/2019/NĐ-CP Đ.18 khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP Đ.3). A
    case's measure names who monitors it (`monitor`): the resolver or a committee member; none
    means the inspection committee of the case's unit."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chờ báo cáo thực hiện")
        REPORTED = "reported", _("Đã báo cáo, chờ xác minh")
        RETURNED = "returned", _("Chưa đạt, trả lại")
        ACCEPTED = "accepted", _("Đã thực hiện")

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("cuộc kiểm tra"),
        on_delete=models.CASCADE,
        related_name="recommendations",
        null=True,
        blank=True,
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("hồ sơ tố cáo"),
        on_delete=models.PROTECT,
        related_name="recommendations",
        null=True,
        blank=True,
    )
    monitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người theo dõi, đôn đốc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("nội dung kiến nghị"))
    owner_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="recommendations"
    )
    due_on = models.DateField(_("hạn thực hiện"))
    status = FSMField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.OPEN, protected=True)
    times_returned = models.PositiveSmallIntegerField(_("số lần trả lại"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"))
    accepted_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["due_on", "pk"]
        constraints = [
            # One source, never both nor none: every rule of scope and verification reads it.
            models.CheckConstraint(
                name="insp_recommendation_one_source",
                condition=Q(inspection__isnull=False, case__isnull=True)
                | Q(inspection__isnull=True, case__isnull=False),
            ),
            # Only a case's measure names its monitor; an inspection's is verified by its committee.
            models.CheckConstraint(
                name="insp_recommendation_monitor_of_case", condition=Q(monitor__isnull=True) | Q(case__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.text).chars(80)

    @property
    def reference(self) -> str:
        # "KNTD" (kiến nghị theo dõi), never "KN": a complaint's reference is "KN-<year>-<n>" (khiếu nại).
        return f"{RECOMMENDATION_PREFIX}-{self.pk:05d}" if self.pk else f"{RECOMMENDATION_PREFIX}-?"

    def _source(self) -> Inspection | Case:
        """The inspection or the denunciation the recommendation comes from: exactly one of them, as
        the database checks (insp_recommendation_one_source)."""
        source = self.inspection if self.inspection_id else self.case
        if source is None:
            raise ValueError(f"{self.reference} has neither an inspection nor a case")
        return source

    @property
    def source_unit(self) -> Unit:
        """The unit whose committee (or resolver) follows the recommendation: the inspecting unit, or
        the unit that resolved the denunciation."""
        return self._source().unit

    @property
    def source_reference(self) -> str:
        """The inspection's or the case's reference (never the case's title: a reporter reads it)."""
        return self._source().reference

    @transition(field=status, source=[Status.OPEN, Status.RETURNED], target=Status.REPORTED)
    def report(self) -> None:
        pass

    @transition(field=status, source=Status.REPORTED, target=Status.ACCEPTED)
    def accept(self, at) -> None:
        self.accepted_at = at

    @transition(field=status, source=Status.REPORTED, target=Status.RETURNED)
    def send_back(self) -> None:
        self.times_returned += 1


class FollowupReport(models.Model):
    """The owner unit's report on a recommendation and the inspector's verdict on it.

    A unit may report on paper (its signed report brought, posted or e-mailed to the committee): one who
    follows the recommendation records it (`on_paper`: the day it was received, the means, what it says,
    the scan of the signed report), and it counts as the unit's report all the same. `reported_by` is
    then empty: the unit wrote it, `recorded_by` only put it in."""

    class Verdict(models.TextChoices):
        PENDING = "", _("Chờ xác minh")
        ACCEPTED = "accepted", _("Đạt")
        RETURNED = "returned", _("Chưa đạt")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("nội dung báo cáo"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(_("báo cáo lúc"))
    on_paper = models.BooleanField(_("báo cáo bằng văn bản giấy"), default=False)
    received_on = models.DateField(_("ngày nhận báo cáo"), null=True, blank=True)
    received_means = models.CharField(
        _("hình thức nhận báo cáo"), max_length=8, choices=Inspection.DeliveryMeans.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận báo cáo bằng văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verdict = models.CharField(_("kết quả xác minh"), max_length=12, choices=Verdict.choices, blank=True)
    verdict_reason = models.TextField(_("lý do"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo thực hiện kiến nghị")
        verbose_name_plural = _("báo cáo thực hiện kiến nghị")
        ordering = ["reported_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="insp_report_returned_has_reason", condition=~Q(verdict="returned") | ~Q(verdict_reason="")
            ),
            # A paper report keeps the day it was received and how.
            models.CheckConstraint(
                name="insp_report_paper_has_receipt",
                condition=Q(on_paper=False) | (Q(received_on__isnull=False) & ~Q(received_means="")),
            ),
            # One report waits for a verdict at a time: a report in the system and one on paper
            # recorded at once never both stand (the services also lock the recommendation).
            models.UniqueConstraint(
                fields=["recommendation"], condition=Q(verdict=""), name="insp_report_one_awaiting"
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.text).chars(60)


class DisciplineProposal(models.Model):
    """A discipline proposal from a conclusion; the leadership queue decides it."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="discipline_proposals")
    person = models.CharField(_("người bị đề nghị"), max_length=255)
    proposal = models.CharField(_("hình thức đề nghị"), max_length=16)
    reason = models.TextField(_("lý do"))
    escalation_id = models.BigIntegerField(null=True, blank=True)
    decision = models.CharField(_("quyết định"), max_length=16, blank=True)
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(_("đề nghị lúc"))

    class Meta:
        verbose_name = _("đề nghị kỷ luật")
        verbose_name_plural = _("đề nghị kỷ luật")

    def __str__(self) -> str:
        return f"{self.person}: {self.proposal}"
