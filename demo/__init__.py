"""Demo data for the quick start and the tests: five regional networks with their news,
events, about 150 offers with providers, referral partners, working groups and documents,
and the demo accounts. Built from the apps' factories on top of the product's own setup
(home.structure, home.accessibility, the vocabularies); the realistic German content lives
in `demo.data`. Installed in the dev and test settings only: production does not ship it.

`manage.py load_demo` builds everything (loader.load_demo); every step finds what exists
already, so running it again changes nothing."""
