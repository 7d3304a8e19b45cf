"""The sign-in libraries' apps under Vietnamese names in the administration (their own configs name
them "Axes" and "Otp_Totp"). Django's documented way: a subclass of the app's config, installed in its
place (settings.INSTALLED_APPS). Their models' names read in Vietnamese from locale/vi."""

import axes.apps
import django_otp.plugins.otp_totp.apps as otp_totp_apps
from django.utils.translation import gettext_lazy as _


class AxesConfig(axes.apps.AppConfig):
    verbose_name = _("Khóa đăng nhập sai nhiều lần")


class TOTPConfig(otp_totp_apps.DefaultConfig):
    verbose_name = _("Xác thực hai bước (TOTP)")
