import pytest

from tests.offers.helpers import Tree, build_tree


@pytest.fixture
def offer_tree(db) -> Tree:
    """A home page, one region with its offer index, and a provider."""
    return build_tree()
