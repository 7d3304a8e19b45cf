"""`{% form_token form %}`: the hidden one-time token of a form that creates a record, put next to
`{% csrf_token %}` (casework.web.form_tokens). A form shown again after an error gets a new one."""

from __future__ import annotations

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from casework.web.form_tokens import FIELD, token_issue

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context: template.Context, form: forms.Form) -> SafeString:
    return format_html(
        '<input type="hidden" name="{}" value="{}">', FIELD, token_issue(user=context["request"].user, form=form)
    )
