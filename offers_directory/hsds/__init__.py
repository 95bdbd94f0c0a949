"""Open Referral HSDS for the offer directory: the mapping between HSDS objects and our models
(`mapping`), stable identifiers (`ids`), validation against our adaptation of the official JSON
schemas (`validation`, `schema/`) and the read-only HSDS API (`api`, `urls`). We produce the
current release, HSDS 3.1; the importer (offers_directory/importers/hsds.py) reads 3.0 and 3.1."""

HSDS_VERSION = "3.1"
# Without a profile of our own, the API root names the base specification's schema folder of
# the release it implements (HSDS profiles are defined against that URL).
HSDS_PROFILE = "https://github.com/openreferral/specification/tree/3.1/schema"
HSDS_OPENAPI_URL = (
    "https://raw.githubusercontent.com/openreferral/specification/3.1/schema/openapi.json"
)
