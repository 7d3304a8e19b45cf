"""The plain stack's case: a django-fsm-2 status, every transition logged by django-fsm-log
(StateLog) and every save copied by django-simple-history. No hash chain, no routing. It names
whom it is about (unit, account, name) for the recusal rules, and its subject area, as ours does."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django_fsm import FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description
from simple_history.models import HistoricalRecords


class NaiveCase(models.Model):
    reference = models.CharField(max_length=32, unique=True)
    title = models.CharField(max_length=255)
    content = models.TextField()
    status = FSMField(default="received", protected=True)
    version = models.PositiveIntegerField(default=1)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Whom the letter is about: the people recused from it are found from these (as on our Case).
    subject_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, related_name="+")
    subject_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    subject_person_key = models.CharField(max_length=255, blank=True)
    subject_area = models.ForeignKey("areas.SubjectArea", on_delete=models.PROTECT, null=True, related_name="+")
    legal_ground = models.TextField(blank=True)
    accepted_on = models.DateField(null=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source="received", target="accepted")
    def accept(self, *, by=None, description=None) -> None:
        pass


class BareRow(models.Model):
    """What the bare view of api_intake_vs_bare inserts: one row per request."""

    title = models.CharField(max_length=255)
    content = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
