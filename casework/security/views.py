"""Second factor pages: enrol a TOTP device (secret, otpauth URI, QR) and verify a token."""

from __future__ import annotations

import base64

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.audit.services import audit_record_standalone
from casework.security.otp_policy import otp_has_device, otp_required_for

DEVICE_NAME = "Ứng dụng xác thực"
BAD_TOKEN = _("Mã xác thực không đúng hoặc đã hết hạn. Nhập mã 6 chữ số đang hiện trong ứng dụng.")


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Mã xác thực (6 chữ số)"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "required": _("Trường “mã xác thực” là bắt buộc."),
            "invalid": _("Mã xác thực phải gồm đúng 6 chữ số."),
        },
    )


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not otp_has_device(request.user):
        return redirect(_with_next("security:otp_setup", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        for device in devices_for_user(request.user, confirmed=True):
            if device.verify_token(token):
                otp_login(request, device)
                audit_record_standalone(actor=request.user, action="account.otp_verify", target=request.user)
                return redirect(_next_url(request))
        form.add_error("token", BAD_TOKEN)
        audit_record_standalone(actor=request.user, action="account.otp_failed", target=request.user)
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)}, status=200)


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if otp_has_device(user):
        if user.is_verified():
            return redirect(_next_url(request))
        # Re-enrolling would let a stolen password replace the real device: verify the existing one.
        return redirect(_with_next("security:otp_verify", request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            otp_login(request, device)
            audit_record_standalone(actor=user, action="account.otp_enrol", target=user)
            return redirect(_next_url(request))
        form.add_error("token", BAD_TOKEN)
    uri = device.config_url
    context = {
        "form": form,
        "next": _next_url(request),
        "secret": base64.b32encode(device.bin_key).decode("ascii"),
        "otpauth_uri": uri,
        "qr_svg": segno.make(uri, error="m").svg_inline(scale=4, title="otpauth"),
        "required": otp_required_for(user),
    }
    return render(request, "registration/otp_setup.html", context)


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"
