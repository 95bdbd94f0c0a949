"""The upload form. It offers the regions the user may import into, but the decision is the
permission model's (permissions.may_import), asked again when the form is validated and when
the task runs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from home.models import RegionPage

from .models import ImportJob
from .permissions import importable_regions, may_import
from .service import NEWS_SUFFIXES, OFFER_SUFFIXES, UnusableFile, check_upload


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=RegionPage.objects.none(), required=False
    )
    publish = forms.BooleanField(label=_("Publish at once"), required=False)

    def __init__(self, *args: Any, kind: str, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind, self.user = kind, user
        news = kind == ImportJob.Kind.NEWS
        suffixes = NEWS_SUFFIXES if news else OFFER_SUFFIXES
        self.fields["file"].widget.attrs["accept"] = ",".join(suffixes)
        self.fields["file"].help_text = (
            _("Text (.txt), Markdown (.md), web pages (.html), RSS/Atom feeds, or a zip of them.")
            if news
            else _("The CSV or Excel template (.csv, .xlsx) or an HSDS 3.0/3.1 JSON file (.json).")
        )
        regions = importable_regions(user, kind)
        field = self.fields["region"]
        # Any region is accepted as input and checked by clean_region; the list shows the
        # user's own.
        field.queryset = RegionPage.objects.order_by("title")
        anywhere = may_import(user, kind, None)
        automatic = [("", _("Each by its text") if news else _("Each by its address"))]
        field.widget.choices = [
            *(automatic if anywhere else []),
            *((region.pk, region.title) for region in regions),
        ]
        if not anywhere and len(regions) == 1:
            field.initial = regions[0].pk
        # Press releases are reviewed before they appear (the command publishes unless told
        # --draft); offers are published as the command does, unless left unticked.
        field = self.fields["publish"]
        field.initial = not news
        field.help_text = (
            _("Otherwise every press release is saved as a draft for review.")
            if news
            else _("Otherwise active offers are saved as drafts.")
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_upload(self.kind, upload.name, upload.size)
        except UnusableFile as error:
            raise forms.ValidationError(str(error)) from error
        return upload

    def clean_region(self) -> RegionPage | None:
        region = self.cleaned_data.get("region")
        if not may_import(self.user, self.kind, region):
            raise forms.ValidationError(_("You may not import into this region."))
        return region
