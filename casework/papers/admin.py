from django.contrib import admin

from casework.papers.models import PaperGrounds, SigningProfile


@admin.register(PaperGrounds)
class PaperGroundsAdmin(admin.ModelAdmin):
    """Căn cứ and the right to the next step, per deadline-policy version (data, not code)."""

    list_display = ("policy_version", "subject", "next_step_days", "next_step_days_remote")
    list_filter = ("policy_version", "subject")


@admin.register(SigningProfile)
class SigningProfileAdmin(admin.ModelAdmin):
    """How each signer signs: a PKCS#12 file (development) or a PKCS#11 USB token (production).
    PINs and passphrases are never stored: the signer types them at each signing."""

    list_display = ("user", "method", "pkcs11_token_label")
    list_filter = ("method",)
    search_fields = ("user__username", "user__full_name")
    raw_id_fields = ("user",)
