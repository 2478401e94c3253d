"""Control: an exception in `__del__` (reported through sys.unraisablehook); the test itself
passes."""

import gc


class RaisesInDel:
    def __del__(self):
        raise RuntimeError("raised in __del__")


def test_unraisable():
    obj = RaisesInDel()
    del obj
    gc.collect()
