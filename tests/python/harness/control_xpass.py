"""Control: a test marked as expected to fail passes (non-strict), and pytest exits 0."""

import pytest


def test_passes():
    pass


@pytest.mark.xfail(reason="expected to fail, but passes")
def test_unexpectedly_passes():
    pass
