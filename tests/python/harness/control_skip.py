"""Control: one test passes and one skips with a reason; the harness accepts the run only
when the caller allows exactly this skip."""

import pytest


def test_passes():
    pass


def test_skips():
    pytest.skip("allowed only by the harness test")
