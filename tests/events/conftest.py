import pytest

from home.demo_content import load_demo_content


@pytest.fixture
def demo(db):
    return load_demo_content()
