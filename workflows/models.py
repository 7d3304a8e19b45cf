"""Deadline policies (versioned data), the working-day calendar, and running deadlines."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition


class DayUnit(models.TextChoices):
    CALENDAR = "calendar", _("ngày")
    WORKING = "working", _("ngày làm việc")


class PolicyVersion(models.Model):
    """A version of the deadline policy table. A case keeps the version it started under."""

    number = models.PositiveIntegerField(_("phiên bản"), unique=True)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản chính sách thời hạn")
        verbose_name_plural = _("phiên bản chính sách thời hạn")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number} ({self.effective_from:%d/%m/%Y})"


# The subjects whose clocks cover a flag in the coverage report (casework.inspections.selectors), and the
# rows of theirs that open no clock: the subject unit's time to explain the draft report, a day read by
# casework.inspections.explanation, not a step the committee owes; and the most days one leadership
# extension of a flag's clock gives (casework.inspections.services.flags.flag_extension_due_refusal).
FLAG_COVERING_SUBJECTS = ("flag", "inspection")
NO_CLOCK_STEPS = ("explanation", "extend")


class DeadlineRule(models.Model):
    """How long a step may take, in which kind of days, and when to remind."""

    class Variant(models.TextChoices):
        NORMAL = "normal", _("thông thường")
        COMPLEX = "complex", _("phức tạp")
        REMOTE = "remote", _("vùng sâu, vùng xa")
        REMOTE_COMPLEX = "remote_complex", _("vùng sâu, vùng xa và phức tạp")
        # Nghị định 356/2025/NĐ-CP Điều 5: a data subject's request a processor or a third party must act on too.
        THIRD_PARTY = "third_party", _("có bên xử lý hoặc bên thứ ba cùng thực hiện")

    class OnBreach(models.TextChoices):
        ESCALATE = "escalate", _("chuyển lên lãnh đạo")
        NOTIFY = "notify", _("chỉ thông báo")

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="rules", verbose_name=_("phiên bản")
    )
    subject = models.CharField(
        _("đối tượng"),
        max_length=32,
        help_text=_("complaint_1, complaint_2, denunciation, petition, flag, inspection, followup, escalation"),
    )
    step = models.CharField(_("bước"), max_length=32)
    variant = models.CharField(_("trường hợp"), max_length=16, choices=Variant.choices, default=Variant.NORMAL)
    days = models.PositiveIntegerField(_("số ngày"))
    day_unit = models.CharField(_("đơn vị ngày"), max_length=8, choices=DayUnit.choices)
    reminder_offsets = models.JSONField(
        _("nhắc trước (ngày)"), default=list, blank=True, help_text=_("Số ngày trước hạn để nhắc, ví dụ [3, 1, 0]")
    )
    on_breach = models.CharField(_("khi quá hạn"), max_length=16, choices=OnBreach.choices, default=OnBreach.ESCALATE)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quy định thời hạn")
        verbose_name_plural = _("quy định thời hạn")
        constraints = [
            models.UniqueConstraint(fields=["version", "subject", "step", "variant"], name="wf_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.subject}/{self.step}/{self.variant}: {self.days} {self.get_day_unit_display()}"

    def clean(self) -> None:
        """A clock that covers a flag (its own, to open an inspection; each step of an inspection) escalates
        its breach: DESIGN "The invariant that defines the product" (a breach at any step escalates
        automatically, once). A version copied and edited can lengthen such a limit, never silence its breach."""
        from django.core.exceptions import ValidationError

        covering = self.subject in FLAG_COVERING_SUBJECTS and self.step not in NO_CLOCK_STEPS
        if covering and self.on_breach != self.OnBreach.ESCALATE:
            raise ValidationError(
                {
                    "on_breach": _(
                        "Thời hạn của dấu hiệu vi phạm và của các bước kiểm tra khi quá hạn phải chuyển lên lãnh đạo."
                    )
                }
            )


class CalendarNotice(models.Model):
    """The government's yearly notice on holidays and swapped working days (e.g. Công văn
    12729/VPCP-KGVX of 25/12/2025 for 2026). A due date counted across a year with no notice
    yet is an estimate (dự kiến): the swaps of that year are not known."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    document = models.CharField(_("số văn bản"), max_length=128)
    issued_on = models.DateField(_("ngày ban hành"))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thông báo lịch nghỉ, làm bù hằng năm")
        verbose_name_plural = _("thông báo lịch nghỉ, làm bù hằng năm")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.document} ({self.issued_on:%d/%m/%Y})"


class CalendarDay(models.Model):
    """A day an administrator marks as a holiday or as a make-up working day (ngày làm bù)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("ngày nghỉ")
        WORKING = "working", _("ngày làm việc bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=255)
    notice = models.ForeignKey(
        CalendarNotice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="days",
        verbose_name=_("căn cứ (văn bản)"),
    )

    class Meta:
        verbose_name = _("ngày trong lịch làm việc")
        verbose_name_plural = _("lịch làm việc bổ sung")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


STEP_LABELS = {
    "accept": _("thụ lý"),
    "notify_accept": _("thông báo thụ lý"),
    "resolve": _("giải quyết"),
    "extend": _("gia hạn"),
    "limitation": _("thời hiệu khiếu nại"),
    "lodge_second": _("thời hạn khiếu nại lần hai"),
    "send_decision": _("gửi quyết định giải quyết khiếu nại"),
    "send_conclusion": _("gửi kết luận nội dung tố cáo"),
    "send_suspension": _("gửi quyết định tạm đình chỉ giải quyết"),
    "send_termination": _("gửi quyết định đình chỉ giải quyết"),
    "send_resumption": _("gửi quyết định tiếp tục giải quyết khiếu nại"),
    "handle_conclusion": _("xử lý kết luận nội dung tố cáo"),
    "expertise": _("nhận kết luận giám định"),
    "transfer": _("chuyển đơn tố cáo không thuộc thẩm quyền"),
    "notify_denounced": _("thông báo thụ lý cho người bị tố cáo"),
    "notify_transferrer": _("thông báo kết quả xử lý cho cơ quan đã chuyển tố cáo"),
    "publish_conclusion": _("công khai kết luận nội dung tố cáo"),
    "publish_decision": _("công khai quyết định giải quyết khiếu nại lần hai"),
    "publish_discipline": _("công khai quyết định xử lý kỷ luật người bị tố cáo"),
    "open_inspection": _("mở cuộc kiểm tra"),
    "decision": _("ra quyết định kiểm tra"),
    "notice": _("thông báo kiểm tra"),
    "fieldwork": _("kiểm tra thực tế"),
    "conclusion": _("kết luận kiểm tra"),
    "explanation": _("giải trình dự thảo báo cáo kiểm tra"),
    "conclusion_notify": _("thông báo kết luận kiểm tra"),
    "report": _("báo cáo thực hiện kiến nghị"),
    "verify": _("xác minh thực hiện kiến nghị"),
    "decide": _("lãnh đạo quyết định"),
    "supervision_report": _("báo cáo kết quả giám sát"),
    "refusal_notice": _("thông báo từ chối tiếp công dân"),
    "sar_acknowledge": _("phản hồi yêu cầu của chủ thể dữ liệu"),
    "sar_answer_access": _("thực hiện yêu cầu xem, cung cấp, chỉnh sửa dữ liệu cá nhân"),
    "sar_answer_delete": _("thực hiện yêu cầu xóa dữ liệu cá nhân"),
    "sar_answer_stop": _("thực hiện yêu cầu rút đồng ý, hạn chế, phản đối xử lý dữ liệu"),
    "sar_extend_access": _("gia hạn thực hiện yêu cầu xem, cung cấp, chỉnh sửa dữ liệu cá nhân (tối đa)"),
    "sar_extend_delete": _("gia hạn thực hiện yêu cầu xóa dữ liệu cá nhân (tối đa)"),
    "sar_extend_stop": _("gia hạn thực hiện yêu cầu rút đồng ý, hạn chế, phản đối xử lý dữ liệu (tối đa)"),
}


# A step of which an object may run several clocks at once (one per request for an expert assessment
# on a case) names each "<step>:<n>": the policy rule is the step's, the label says which one it is.
STEP_SEPARATOR = ":"


def step_numbered(step: str, number: int) -> str:
    """The step of the `number`-th clock of its kind on one object: "expertise:2"."""
    return f"{step}{STEP_SEPARATOR}{number}"


def step_rule(step: str) -> str:
    """The policy rule's step of a clock's step: "expertise" for "expertise:2"."""
    return step.partition(STEP_SEPARATOR)[0]


# The steps whose clock keeps another's pace, not a limit the object itself must keep: the day by which
# an expert body is asked to send its conclusion, which the requester sets (Nghị định 31/2019/NĐ-CP Đ.15
# khoản 2, sửa đổi bởi Nghị định 156/2026/NĐ-CP; Thông tư 07/2013/TT-TTCP Đ.15), and whose time is not
# counted in a denunciation's resolution time (Nghị định 31/2019/NĐ-CP Đ.15 khoản 4). Such a clock is
# shown, reminded and marked overdue on its own; it never makes its object overdue (the lists' chips,
# filters and order, the inbox, the reports: `object_clock_q`).
WATCH_ONLY_STEPS = ("expertise",)


def object_clock_q() -> Q:
    """The clocks that are their object's own limits: every step but WATCH_ONLY_STEPS (and their
    numbered clocks, "expertise:2")."""
    q = Q()
    for step in WATCH_ONLY_STEPS:
        q &= ~Q(step=step) & ~Q(step__startswith=f"{step}{STEP_SEPARATOR}")
    return q


def step_label_of(step: str) -> str:
    """How a reader names a clock's step: "nhận kết luận giám định (lần 2)" for "expertise:2"."""
    base, _sep, number = step.partition(STEP_SEPARATOR)
    label = str(STEP_LABELS.get(base, step))
    if number:
        return str(_("%(step)s (lần %(number)s)") % {"step": label, "number": number})
    return label


class Deadline(models.Model):
    """A running clock for one step of one object (case, inspection, follow-up, flag, escalation)."""

    class Status(models.TextChoices):
        OPEN = "open", _("đang chạy")
        MET = "met", _("đã hoàn thành")
        PAUSED = "paused", _("tạm dừng")
        BREACHED = "breached", _("quá hạn")
        CANCELLED = "cancelled", _("đã hủy")

    target_type = models.CharField(_("loại đối tượng"), max_length=64)
    target_id = models.CharField(_("mã đối tượng"), max_length=64)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("đơn vị"))
    step = models.CharField(_("bước"), max_length=32)
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    assignee = models.ForeignKey("org.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines")
    starts_on = models.DateField(_("ngày bắt đầu tính"))
    days = models.PositiveIntegerField(_("số ngày"))
    day_unit = models.CharField(_("đơn vị ngày"), max_length=8, choices=DayUnit.choices)
    due_on = models.DateField(_("hạn"))
    due_at = models.DateTimeField(_("hạn (thời điểm)"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.OPEN)
    next_reminder_at = models.DateTimeField(_("nhắc lần tới"), null=True, blank=True)
    reminders_sent = models.JSONField(_("đã nhắc"), default=list, blank=True)
    paused_at = models.DateTimeField(_("tạm dừng lúc"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(_("số ngày tạm dừng"), default=0)
    extensions = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)
    # The clock's run towards its due moment, each one reminded and breached (and escalated) once: a new
    # one starts whenever a service re-arms the clock (deadline_rearm: an extension, a new limit that
    # moves the due day of a clock still running). The sweep's notice keys and an escalation's
    # `breach_seq` read it; a clock never re-armed but by extensions counts as many as its extensions.
    cycle = models.PositiveSmallIntegerField(_("lượt tính hạn"), default=0)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    # Set by the breach (workflows.services.breach.deadline_breach): the sweep's, or one a service records
    # first when it gives a new limit to, extends, pauses or resumes a clock run out before any pass marked
    # it (deadline_relimit, deadline_extend, deadline_pause, deadline_resume). Cleared by an extension
    # (deadline_extend: its breach stays in the trail and with leadership), by a new limit whose new due
    # moment is ahead (deadline_relimit: the clock runs again), and by a step recorded as done at a moment
    # before the clock's due moment and before the sweep's breach (deadline_close's `at`:
    # late_stop_breached_at). Else kept when the step ends (deadline_close): a clock met or cancelled with
    # it ran out first, and its step was done late. A step that ends past its clock's due moment before
    # the sweep came round sets it to that due moment (deadline_close): a stopped clock was late exactly
    # when it has one.
    breached_at = models.DateTimeField(_("quá hạn lúc"), null=True, blank=True)
    # A breach dated by the step that stopped the clock late, which no pass of the sweep has seen yet: the
    # next pass brings it to leadership (workflows.sweep) and clears this.
    breach_unswept = models.BooleanField(_("quá hạn chưa được rà soát"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thời hạn")
        verbose_name_plural = _("thời hạn")
        indexes = [
            # The sweep reads only what is due: its cost follows due items, not open ones.
            models.Index(fields=["due_at"], name="wf_deadline_open_due", condition=Q(status="open")),
            models.Index(
                fields=["next_reminder_at"],
                name="wf_deadline_open_remind",
                condition=Q(status="open", next_reminder_at__isnull=False),
            ),
            models.Index(fields=["target_type", "target_id"], name="wf_deadline_target"),
            models.Index(fields=["closed_at"], name="wf_deadline_breach_unswept", condition=Q(breach_unswept=True)),
            # Overdue = breached, or open and past due (wf_deadline_open_due): the home page picks
            # the overdue cases from these two instead of testing every case (case_inbox_top).
            models.Index(
                fields=["target_type", "target_id"], name="wf_deadline_breached", condition=Q(status="breached")
            ),
        ]
        constraints = [
            # At most one running clock per step of an object.
            models.UniqueConstraint(
                fields=["target_type", "target_id", "step"],
                condition=Q(status__in=["open", "paused"]),
                name="wf_deadline_one_running",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_type}:{self.target_id} {self.step} → {self.due_on:%d/%m/%Y}"

    @property
    def step_label(self) -> str:
        """The step as a sentence names it ("Bước «thụ lý» đã quá hạn")."""
        return step_label_of(self.step)

    @property
    def step_title(self) -> str:
        """The step as a table's cell or a heading names it, capitalised on every page ("Thụ lý")."""
        return str(capfirst(self.step_label))


class DeadlineChange(models.Model):
    """What moved a clock, appended by the deadline services (never changed afterwards): an
    extension (gia hạn), a new limit (a complaint found complex: Luật Khiếu nại 2011 Đ.28), a pause
    (tạm đình chỉ) and its resume. A report of a day past reads the clock as it stood that day:
    the due day in force then is the `due_on_before` of its first change after that day (the
    current `due_on` if none came after), and it was paused then if a pause began by then and its
    resume came only later (or has not come).

    Starting and stopping a clock write nothing here: its own row (`starts_on`, `days`,
    `created_at`, `closed_at`) says when it ran. Clocks moved before this history was kept have
    none, and it cannot be rebuilt: their current due day and pause stand for every day past.
    """

    class Kind(models.TextChoices):
        EXTEND = "extend", _("gia hạn")
        RELIMIT = "relimit", _("đổi thời hạn theo quy định")
        PAUSE = "pause", _("tạm dừng")
        RESUME = "resume", _("tiếp tục tính thời hạn")

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="changes", verbose_name=_("thời hạn"))
    at = models.DateTimeField(_("lúc"))
    kind = models.CharField(_("loại thay đổi"), max_length=8, choices=Kind.choices)
    due_on_before = models.DateField(_("hạn trước khi đổi"))
    due_on_after = models.DateField(_("hạn sau khi đổi"))
    # The pause a resume ends ([paused_from, paused_until)); a pause row has only its start.
    paused_from = models.DateTimeField(_("tạm dừng từ"), null=True, blank=True)
    paused_until = models.DateTimeField(_("tạm dừng đến"), null=True, blank=True)
    # This change started a new run of the clock (its `cycle`: deadline_rearm).
    rearmed = models.BooleanField(_("bắt đầu lượt tính hạn mới"), default=False)

    class Meta:
        verbose_name = _("thay đổi thời hạn")
        verbose_name_plural = _("lịch sử thay đổi thời hạn")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["deadline", "at"], name="wf_deadline_change_at")]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.kind} {self.at:%d/%m/%Y}: {self.due_on_before} → {self.due_on_after}"


class EndGround(models.TextChoices):
    """The grounds on which leadership may end a matter without the procedure it awaits (e.g. a flag
    without an inspection). Anything else a leadership decision says orders the procedure to go on."""

    MERGED = "merged", _("đã gộp vào dấu hiệu vi phạm hoặc cuộc kiểm tra khác")
    REFERRED = "referred", _("đã chuyển cơ quan có thẩm quyền")
    SUBJECT_DISSOLVED = "subject_dissolved", _("đối tượng đã giải thể, không còn tồn tại")


class Escalation(FSMModelMixin, models.Model):
    """Báo cáo, đề xuất lên BTV/BCH: a target brought to the leadership of a unit for a decision.

    `unit` is the unit responsible for the target; `level` is the unit whose leadership must
    decide now: it starts at `unit` and moves to the parent when leadership stays silent past
    the escalation's own deadline, or when it refers the matter to the superior union.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("chờ quyết định")
        DECIDED = "decided", _("đã quyết định")
        REFERRED_OUT = "referred_out", _("đã chuyển cơ quan có thẩm quyền")
        # An automatic escalation whose breached clock stopped (the late step done, or its object ended)
        # before leadership decided: nothing is left to decide (escalation_overtake).
        OVERTAKEN = "overtaken", _("đã xử lý xong trước khi lãnh đạo quyết định")

    class Decision(models.TextChoices):
        APPROVE = "approve", _("đồng ý đề xuất")
        RETURN = "return", _("trả lại, yêu cầu làm tiếp")
        EXTEND = "extend", _("gia hạn")
        REFER = "refer", _("chuyển cấp trên / cơ quan có thẩm quyền")
        DISCIPLINE = "discipline", _("đề nghị kỷ luật (cơ quan có thẩm quyền bỏ phiếu kín)")

    class Discipline(models.TextChoices):
        KHIEN_TRACH = "khien_trach", _("khiển trách")
        CANH_CAO = "canh_cao", _("cảnh cáo")
        CACH_CHUC = "cach_chuc", _("cách chức")
        KHAI_TRU = "khai_tru", _("khai trừ")

    class ReferTo(models.TextChoices):
        SUPERIOR = "superior", _("công đoàn cấp trên")
        AUTHORITIES = "authorities", _("cơ quan có thẩm quyền")

    target_type = models.CharField(_("loại đối tượng"), max_length=64)
    target_id = models.CharField(_("mã đối tượng"), max_length=64)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="escalations", verbose_name=_("đơn vị chịu trách nhiệm")
    )
    level = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="escalations_to_decide", verbose_name=_("cấp quyết định")
    )
    reason = models.TextField(_("lý do chuyển"))
    # The sweep's reason as a code and parameters (workflows.automatic_reasons), shown in the reader's
    # language; `reason` keeps its words in the site's language. Empty for a reason typed by a person.
    reason_code = models.CharField(_("mã lý do tự động"), max_length=32, blank=True)
    reason_params = models.JSONField(_("tham số lý do tự động"), default=dict, blank=True)
    proposal = models.TextField(_("đề xuất"), blank=True)
    automatic = models.BooleanField(_("tự động khi quá hạn"), default=False)
    deadline = models.ForeignKey(
        Deadline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("thời hạn"),
    )
    # Which breach of the deadline this is, its `cycle` then: a re-armed deadline (extended, or given a
    # new limit) that breaches again escalates again.
    breach_seq = models.PositiveSmallIntegerField(_("lần quá hạn"), null=True, blank=True)
    status = FSMField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING, protected=True)
    decision = models.CharField(_("quyết định"), max_length=16, choices=Decision.choices, blank=True)
    discipline = models.CharField(_("hình thức kỷ luật"), max_length=16, choices=Discipline.choices, blank=True)
    decision_reason = models.TextField(_("lý do quyết định"), blank=True)
    new_due_on = models.DateField(_("hạn mới"), null=True, blank=True)
    ground = models.CharField(
        _("căn cứ kết thúc không qua thủ tục"), max_length=20, choices=EndGround.choices, blank=True
    )
    referred_to = models.CharField(_("chuyển đến"), max_length=255, blank=True)
    # What an ending names (EndGround): the record it was merged into, as its reference (the target's
    # app resolves and checks it), and the number of the paper that referred it to an authority.
    merged_into = models.CharField(_("gộp vào"), max_length=64, blank=True)
    referral_ref = models.CharField(_("số văn bản chuyển"), max_length=64, blank=True)
    decided_by = models.ForeignKey(
        "org.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người quyết định"),
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    # When it left the queue with nothing left to decide (overtake): `decided_at` stays the moment of
    # leadership's last decision on it (a referral up), or empty when none was taken.
    overtaken_at = models.DateTimeField(_("đóng do đã xử lý xong lúc"), null=True, blank=True)
    raised_by = models.ForeignKey(
        "org.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người chuyển")
    )
    moved_up = models.PositiveSmallIntegerField(_("số lần chuyển lên cấp trên"), default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("chuyển cấp lãnh đạo")
        verbose_name_plural = _("chuyển cấp lãnh đạo")
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["level", "created_at"], name="wf_escalation_pending", condition=Q(status="pending")),
            models.Index(fields=["target_type", "target_id"], name="wf_escalation_target"),
        ]
        constraints = [
            # Two sweeps, or a sweep repeated after a crash, escalate one breach once.
            models.UniqueConstraint(
                fields=["deadline", "breach_seq"], condition=Q(automatic=True), name="wf_escalation_once_per_breach"
            ),
            # One target is raised by hand once at a time, also by two people at the same moment.
            models.UniqueConstraint(
                fields=["target_type", "target_id"],
                condition=Q(status="pending", automatic=False),
                name="wf_escalation_one_pending_by_hand",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_type}:{self.target_id} → {self.level_id} ({self.status})"

    @property
    def reason_shown(self) -> str:
        from workflows.automatic_reasons import escalation_reason_shown

        return escalation_reason_shown(self)

    @property
    def proposal_shown(self) -> str:
        from workflows.automatic_reasons import escalation_proposal_shown

        return escalation_proposal_shown(self)

    # Transitions only set fields; services lock, save, audit and notify.

    def _record(
        self,
        *,
        decision: str,
        reason: str,
        by,
        at,
        discipline: str = "",
        new_due_on=None,
        ground: str = "",
        merged_into: str = "",
        referral_ref: str = "",
        referred_to: str = "",
    ) -> None:
        self.decision, self.decision_reason, self.decided_by, self.decided_at = decision, reason, by, at
        self.discipline, self.new_due_on, self.ground = discipline, new_due_on, ground
        self.merged_into, self.referral_ref = merged_into, referral_ref
        if referred_to:
            self.referred_to = referred_to
        self.version += 1

    @transition(field=status, source=Status.PENDING, target=Status.DECIDED)
    def decide(
        self,
        *,
        decision: str,
        reason: str,
        by,
        at,
        discipline: str = "",
        new_due_on=None,
        ground: str = "",
        merged_into: str = "",
        referral_ref: str = "",
        referred_to: str = "",
    ) -> None:
        self._record(
            decision=decision,
            reason=reason,
            by=by,
            at=at,
            discipline=discipline,
            new_due_on=new_due_on,
            ground=ground,
            merged_into=merged_into,
            referral_ref=referral_ref,
            referred_to=referred_to,
        )

    @transition(field=status, source=Status.PENDING, target=Status.REFERRED_OUT)
    def refer_out(self, *, body: str, reason: str, by, at, referral_ref: str = "") -> None:
        self._record(decision=self.Decision.REFER, reason=reason, by=by, at=at, referral_ref=referral_ref)
        self.referred_to = body

    @transition(field=status, source=Status.PENDING, target=Status.OVERTAKEN)
    def overtake(self, *, at) -> None:
        """The breached clock stopped before leadership decided: the escalation leaves the queue, decided by
        nobody. `overtaken_at` is the moment it stopped waiting (the coverage proof reads it pending until
        then); a referral up taken before keeps its own moment in `decided_at`."""
        self.overtaken_at = at
        self.version += 1

    @transition(field=status, source=Status.PENDING, target=Status.PENDING)
    def refer_up(self, *, level, reason: str, by, at) -> None:
        """Leadership sends it to the superior union: still pending, now at the parent's level."""
        self._record(decision=self.Decision.REFER, reason=reason, by=by, at=at)
        self.referred_to = level.name
        self.move_up(level=level)

    @transition(field=status, source=Status.PENDING, target=Status.PENDING)
    def move_up(self, *, level) -> None:
        """Silence past the decide limit (or a referral): the parent unit's leadership decides now."""
        self.level = level
        self.moved_up += 1
        self.version += 1


# A breached clock no longer running nor overdue: its step was done (late) or its object ended.
CLOCK_STOPPED = (Deadline.Status.MET, Deadline.Status.CANCELLED)


def escalation_overtaken_q() -> Q:
    """Pending escalations with nothing left to decide: the sweep's own, raised for a breached clock that
    has stopped since (CLOCK_STOPPED). One raised by hand (discipline, a referral, an end without
    procedure) asks leadership for more than the late step and waits for its decision whatever the clock."""
    return Q(status=Escalation.Status.PENDING, automatic=True, deadline__status__in=CLOCK_STOPPED)
