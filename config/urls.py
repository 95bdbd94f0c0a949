from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from search import views as search_views
from search.api import api as search_api

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("suche/", search_views.site_search, name="site_search"),
    path("api/v1/", search_api.urls),
    path("api/hsds/", include("offers_directory.hsds.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("feeds/", include("news.urls")),
    path("feeds/", include("events.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path from the page tree; keep it last.
urlpatterns += [path("", include(wagtail_urls))]
