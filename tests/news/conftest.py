import pytest

from demo.site import load_demo_content


@pytest.fixture
def demo(db):
    return load_demo_content()
