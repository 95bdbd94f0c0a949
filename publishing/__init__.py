"""Publishing support shared by every app that creates pages outside the admin (importers, the
demo, the factories): `page_creation.create_pages` is the one way they do it."""
