import pytest

from tests.offers.conftest import Tree, offer_tree, shared_offer_tree  # noqa: F401 (fixtures)


@pytest.fixture
def served_tree(offer_tree: Tree, live_site) -> Tree:  # noqa: F811
    """The offer tree, served by the browser tests' live server (`live_site`)."""
    return offer_tree
