"""URLs of the read-only HSDS 3.1 API; the project mounts them at /api/hsds/. The OpenAPI
paths have no trailing slash; one is accepted too, because clients differ."""

from django.urls import path, re_path

from . import api, openapi

app_name = "hsds"

ID = r"(?P<{}>[^/]+)"

urlpatterns = [
    path("", api.root, name="root"),
    path("openapi.json", openapi.openapi, name="openapi"),
    re_path(r"^services/?$", api.services, name="services"),
    re_path(rf"^services/{ID.format('service_id')}/?$", api.service, name="service"),
    re_path(r"^organizations/?$", api.organizations, name="organizations"),
    re_path(
        rf"^organizations/{ID.format('organization_id')}/?$",
        api.organization,
        name="organization",
    ),
    re_path(r"^service_at_locations/?$", api.service_at_locations, name="service_at_locations"),
    re_path(
        rf"^service_at_locations/{ID.format('sal_id')}/?$",
        api.service_at_location,
        name="service_at_location",
    ),
    re_path(r"^taxonomies/?$", api.taxonomies, name="taxonomies"),
    re_path(rf"^taxonomies/{ID.format('taxonomy_id')}/?$", api.taxonomy, name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", api.taxonomy_terms, name="taxonomy_terms"),
    re_path(rf"^taxonomy_terms/{ID.format('term_id')}/?$", api.taxonomy_term, name="taxonomy_term"),
]
