"""The search app's tables: the outbox of every index (IndexUpdate), and the database engine's
copy of the offer documents (SearchEntry, SearchPoint).

The outbox: ids of objects whose documents in an index (`index`: "offers", "partners") must be
brought up to date. Rows are written after the editor's transaction commits and processed by
`search_index --process-queue` (or right away, see search/outbox.py); a row stays until the
index write succeeded, so nothing is lost while Elasticsearch is down. The row id doubles as
the document's external version: a later change always gets a larger id, so a late write of
an older state can never overwrite a newer one."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexUpdate(models.Model):
    index = models.CharField(_("index"), max_length=50, default="offers")
    object_id = models.IntegerField(_("object id"))
    reason = models.CharField(_("reason"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now, db_index=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("search index update")
        verbose_name_plural = _("search index updates")
        ordering = ["id"]
        indexes = [models.Index(fields=["index", "object_id"], name="search_update_object")]

    def __str__(self) -> str:
        return f"{self.index} {self.object_id} ({self.reason or 'update'})"


class SearchEntry(models.Model):
    """The database engine's copy of an offer's search document, kept next to the offer
    tables so a fallback search is a few indexed SQL queries and one pass in Python instead
    of rebuilding every document per request.

    Written inside the transaction that changes the offer (search.outbox.enqueue, so it
    commits or rolls back with the change), and by `search_index --rebuild` and `--fix`
    (which also catches offers published without any event). A query only reads it. Whether
    an offer is public is always decided by the live offer tables at query time, so expiry,
    unpublishing or restrictions never depend on this copy being current."""

    offer_id = models.IntegerField(_("offer id"), primary_key=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255)
    url = models.CharField(_("URL"), max_length=500, blank=True)
    # Python-analysed terms (search/analysis.py), space-separated.
    terms = models.TextField(_("terms"), blank=True)
    title_terms = models.TextField(_("title terms"), blank=True)
    # " pr pre pref … " so a suggestion prefix is one LIKE '% prefix %'.
    title_prefixes = models.TextField(_("title prefixes"), blank=True)
    # facet name → list of string values.
    facets = models.JSONField(_("facets"), default=dict)
    # [[latitude, longitude], ...] of the located addresses.
    points = models.JSONField(_("points"), default=list)
    # The same two as plain text ("category=kita|language=de", "53.1,10.2;53.5,9.9"): the
    # database engine reads them for every candidate, and splitting a string is many times
    # cheaper than decoding JSON.
    facet_text = models.TextField(_("facets (packed)"), blank=True)
    point_text = models.TextField(_("points (packed)"), blank=True)
    # [{"geometry": GeoJSON or null, "circle": [lat, lon, km] or null}, ...]
    areas = models.JSONField(_("service areas"), default=list)
    has_areas = models.BooleanField(_("has service areas"), default=False, db_index=True)
    # The bounding box of all service areas, for the SQL prefilter.
    area_south = models.FloatField(null=True, blank=True)
    area_west = models.FloatField(null=True, blank=True)
    area_north = models.FloatField(null=True, blank=True)
    area_east = models.FloatField(null=True, blank=True)
    min_age_months = models.IntegerField(default=0)
    max_age_months = models.IntegerField(default=100_000)
    during_pregnancy = models.BooleanField(default=False)
    # When the offer's data were last verified: compared with today's limits at query time
    # (offers_directory/freshness.py), never turned into a stored "stale" flag.
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    # The whole document as the engines format results from it.
    document = models.JSONField(_("document"), default=dict)
    # The version of the code that built the document (search.offers.indexing
    # .builder_version()): a rebuild of the Elasticsearch index sends a document as it is
    # only when it was built by the code running now.
    builder = models.CharField(_("built by"), max_length=40, blank=True, default="")
    # A hash of the offer row's own fields the document holds (search.offers.indexing
    # .own_fields_hash): a rebuild compares it with the row's, so that a row changed behind
    # the site's back is built again, without decoding the stored document to find out.
    own_fields_hash = models.CharField(_("own fields' hash"), max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return self.title


class SearchPoint(models.Model):
    """One location of a SearchEntry, indexed for the bounding-box prefilter."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="point_rows")
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"], name="search_point_latlon")]

    def __str__(self) -> str:
        return f"{self.latitude}, {self.longitude}"


class AreaCells(models.Model):
    """The geohash cells of one service area (offers_directory.OfferServiceArea, search/
    geocells.py), kept so that a rebuild reads them instead of covering every polygon and
    radius again in Python (the largest part of building the offer documents). `shape` is a
    hash of the area's shape as it was and of the source of the code that covers it: when
    either changed, the cells are computed again. Written whenever documents are built
    (search/offers/indexing.py), so no migration has to compute anything; a full rebuild
    drops the rows of areas that are gone."""

    # OfferServiceArea's id (no foreign key: the search app's tables name no project table).
    area_id = models.IntegerField(primary_key=True)
    shape = models.CharField(max_length=40)
    # Space-separated, sorted.
    cells = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.area_id}: {self.shape}"
