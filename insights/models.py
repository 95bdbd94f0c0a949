"""What the zero-result log keeps: counters, never requests.

`UnmetSearch` is one counter per day, normalised search words, postcode area (the first
three digits, "214" for 21423), filters and region. There is no column for an address, a
browser, a session, a cookie or a position, so nothing here leads back to a visitor; rows
older than INSIGHTS["RETENTION_DAYS"] (90) are deleted by `manage.py purge_search_log`.

`SearchHint` is a coordinator's answer to an unmet search: these words are answered by this
offer. The offer search indexes the words with the offer (SEARCH["OFFER_HINTS"] →
insights.hints.hint_words), so the same search finds it on both engines. A hint is editorial
content, not a log entry: it stays after the counters it answered are deleted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

WORDS_CHARS = 200
FILTERS_CHARS = 300


class UnmetSearch(models.Model):
    day = models.DateField(_("day"))
    words = models.CharField(_("search words"), max_length=WORDS_CHARS, blank=True)
    postcode_area = models.CharField(_("postcode area"), max_length=3, blank=True)
    # "category=hebammenhilfe;language=tr": the chosen filters, sorted, one string so the
    # counter's key stays one unique row.
    filters = models.CharField(_("filters"), max_length=FILTERS_CHARS, blank=True)
    region = models.ForeignKey(
        "home.RegionPage",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("unmet search")
        verbose_name_plural = _("unmet searches")
        # No unique key: two requests racing may each start a counter for the same key,
        # which the dashboard's sums do not notice.
        indexes = [
            models.Index(fields=["region", "day"]),
            models.Index(fields=["day", "postcode_area", "words"]),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.words} {self.postcode_area} {self.filters}"


class SearchHint(models.Model):
    offer = models.ForeignKey(
        "offers_directory.OfferPage",
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    words = models.CharField(_("search words"), max_length=WORDS_CHARS)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("search hint")
        verbose_name_plural = _("search hints")
        constraints = [
            models.UniqueConstraint(fields=["offer", "words"], name="insights_hint_once")
        ]

    def __str__(self) -> str:
        return self.words
