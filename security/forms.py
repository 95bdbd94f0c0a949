"""Forms of the two-factor steps."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from django_otp.plugins.otp_totp.models import TOTPDevice


class TokenForm(forms.Form):
    """The six-digit code of an authenticator app, checked against one device (django-otp
    counts the failures and slows further tries down)."""

    otp_token = forms.CharField(
        label=_("Code"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, device: TOTPDevice, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self) -> str:
        token = "".join(self.cleaned_data["otp_token"].split())
        if not self.device.verify_token(token):
            raise forms.ValidationError(_("The code is not valid. Please try again."))
        return token
