"""Everything the demo builds, in order: the site (with the product's own setup), the offers,
the professionals' network."""

from __future__ import annotations

from collections.abc import Callable

import factory.random

from .data.offers import SEED
from .offers import load_demo_offers
from .partners import load_demo_partners
from .site import load_demo_content


def load_demo(say: Callable[[str], None] = lambda message: None) -> None:
    # Values the demo leaves to the factories' Faker are the same on every machine.
    factory.random.reseed_random(SEED)
    load_demo_content(say)
    load_demo_offers(say)
    load_demo_partners(say)
