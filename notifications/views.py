"""The in-app notification centre and the e-mail preference: thin views over services/selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.web.actions import message_service_error
from casework.web.paging import paginate
from core.errors import ValidationFailed
from notifications import selectors, services
from notifications.channels import configured_opt_in_channels
from notifications.forms import NotificationFilterForm
from notifications.models import Notification


@login_required
def notification_centre(request: HttpRequest) -> HttpResponse:
    form = NotificationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    unread_only = bool(filters.get("unread"))
    notes = selectors.notification_list(
        user=request.user, unread_only=unread_only, search=filters.get("q", ""), since=filters.get("since")
    )
    page, query = paginate(request, notes, 30)
    return render(
        request, "notifications/centre.html", {"form": form, "page": page, "query": query, "unread_only": unread_only}
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        note = services.notification_mark_read(user=request.user, pk=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    if request.POST.get("open") and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:centre")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(user=request.user)
    messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
    return redirect("notifications:centre")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    may_choose = services.channel_choice_allowed(user=request.user)
    offered = configured_opt_in_channels() if may_choose else []
    status = 200
    if request.method == "POST" and request.POST.get("action") == "position":
        from casework.org.services import user_position_set

        try:
            user_position_set(user=request.user, actor=request.user, position=request.POST.get("position", ""))
        except ValidationFailed as exc:
            message_service_error(request, exc)
            status = 400
        else:
            messages.success(request, _("Đã lưu chức vụ."))
            return redirect("notifications:preferences")
    elif request.method == "POST":
        enabled = request.POST.get("email_notifications") == "on"
        channels = {
            name: (request.POST.get(f"{name}_address", ""), request.POST.get(f"{name}_enabled") == "on")
            for name in offered
        }
        try:
            services.user_set_notification_preferences(user=request.user, email=enabled, channels=channels)
        except ValidationFailed as exc:
            message_service_error(request, exc)
            status = 400
        else:
            messages.success(request, _("Đã lưu cài đặt thông báo."))
            return redirect("notifications:preferences")
    request.user.refresh_from_db()
    return render(
        request,
        "notifications/preferences.html",
        {"channels": selectors.channel_choice_rows(user=request.user, offered=offered)},
        status=status,
    )
