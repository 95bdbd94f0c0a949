from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from finder import views as finder_views
from search.api import api as search_api
from search.site_search import views as search_views

# Every BadRequest (a bad query parameter, Django's own limits) answers with a code and a
# German message: JSON under /api/, a page elsewhere.
handler400 = "params.views.bad_request"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", search_api.urls),
    path("api/hsds/", include("offers_directory.hsds.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("feeds/", include("news.urls")),
    path("feeds/", include("events.urls")),
    # Providers' verification links from the coordinators' mails (offers_directory/views.py).
    path("", include("offers_directory.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages people read carry their language in the path: German (the default) has no prefix, the
# finder's other languages get /en/, /tr/, /ar/, /uk/. A path prefix rather than a language
# cookie, because anonymous visitors who only browse get no cookie.
urlpatterns += i18n_patterns(
    path("suche/", search_views.site_search, name="site_search"),
    # The family finder; before Wagtail so it wins over a page with the slug "angebote".
    path("angebote/", include("finder.urls")),
    # „Was passt jetzt?“: offers for the child's age now and in the next weeks.
    path("was-passt-jetzt/", finder_views.timeline, name="timeline"),
    # The professionals' network (/fachkraefte/...) and the Merkliste; /fachkraefte/ wins
    # over the editors' "Für Fachkräfte" page, whose title and intro head the directory.
    path("", include("professionals.urls")),
    # The printed guides: /familienbegleitbuch/<region>/, /angebotskatalog/<slug>/ (+ .pdf).
    path("", include("booklets.urls")),
    # Wagtail serves every other path from the page tree; keep it last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
