"""Control: a test marked as expected to fail does fail, and pytest exits 0."""

import pytest


def test_passes():
    pass


@pytest.mark.xfail(reason="known to fail")
def test_fails():
    assert False
