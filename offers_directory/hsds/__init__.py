"""Open Referral HSDS 3.0 for the offer directory: the mapping between HSDS objects and our
models (`mapping`), stable identifiers (`ids`), validation against the vendored official
JSON schemas (`validation`) and the read-only HSDS API (`api`, `urls`)."""

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://openreferral.org/imports/hsds/"
