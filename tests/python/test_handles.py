"""Typed handles (`Bytes`, `Str`, `Int`, `Set`, `Slice`, `Sequence`, ...), borrowed data
(`Cow`, `&str` results) and numbers as Python sees them (issue 15, items 1, 2 and 7)."""

import array
import collections
import re
import types

import pytest

import testmod as t


def wrong(func, param, actual, expected):
    """The exact TypeError a handle parameter raises for an object of the wrong type."""
    return re.escape(f"{func}() argument '{param}': '{actual}' object is not an instance of '{expected}'")


class MyBytes(bytes):
    pass


class MyStr(str):
    pass


# --- bytes and bytearray ---


def test_bytes_handle():
    assert t.bytes_handle_len(b"abc") == 3
    assert t.bytes_handle_len(b"") == 0
    assert t.bytes_handle_len(MyBytes(b"xy")) == 2
    assert t.bytes_first(b"\x07z") == 7
    assert t.bytes_first(b"") is None
    assert t.bytes_new([1, 2, 255]) == b"\x01\x02\xff"
    assert type(t.bytes_new([])) is bytes


def test_bytes_handle_rejects_other_types():
    with pytest.raises(TypeError, match="^" + wrong("bytes_handle_len", "b", "list", "bytes") + "$"):
        t.bytes_handle_len([1, 2])
    with pytest.raises(TypeError, match="^" + wrong("bytes_first", "b", "bytearray", "bytes") + "$"):
        t.bytes_first(bytearray(b"a"))
    with pytest.raises(TypeError, match="^" + wrong("bytes_handle_len", "b", "str", "bytes") + "$"):
        t.bytes_handle_len("abc")


def test_make_bytes_in_place():
    assert t.make_bytes(5) == bytes([0, 1, 2, 3, 4])
    assert t.make_bytes(0) == b""
    big = t.make_bytes(1000)
    assert type(big) is bytes and len(big) == 1000 and big[257] == 1


def test_vec_of_bytes():
    assert t.bytes_total([b"ab", b"c", MyBytes(b"def")]) == 6
    assert t.bytes_total([]) == 0
    with pytest.raises(TypeError, match=r"'str' object is not an instance of 'bytes'"):
        t.bytes_total([b"ok", "no"])


def test_bytearray_handle():
    assert t.bytearray_copy(bytearray(b"xyz")) == (b"xyz", 3)
    assert t.bytearray_copy(bytearray()) == (b"", 0)
    made = t.bytearray_new([1, 2])
    assert type(made) is bytearray and made == bytearray(b"\x01\x02")
    with pytest.raises(TypeError, match="^" + wrong("bytearray_copy", "b", "bytes", "bytearray") + "$"):
        t.bytearray_copy(b"xyz")


def test_py_bytes_field():
    blob = t.Blob(b"hello")
    assert blob.data == b"hello"
    assert blob.size() == 5
    blob.replace(MyBytes(b"hi"))
    assert blob.data == b"hi" and type(blob.data) is MyBytes
    assert blob.size() == 2
    with pytest.raises(TypeError, match=r"'str' object is not an instance of 'bytes'"):
        t.Blob("hello")
    with pytest.raises(TypeError, match="^" + wrong("replace", "data", "int", "bytes") + "$"):
        blob.replace(3)


# --- borrowed data ---


def test_cow_bytes_borrows_from_bytes_and_copies_bytearray():
    assert t.cow_bytes(b"abc") == (True, b"abc")
    assert t.cow_bytes(MyBytes(b"q")) == (True, b"q")
    assert t.cow_bytes(bytearray(b"abc")) == (False, b"abc")
    with pytest.raises(
        TypeError,
        match="^" + re.escape("cow_bytes() argument 'data': 'list' object cannot be converted to 'bytes' or 'bytearray'") + "$",
    ):
        t.cow_bytes([1, 2])


def test_cow_str_borrows():
    assert t.cow_str("héllo") == (True, "héllo")
    assert t.cow_str(MyStr("x")) == (True, "x")
    with pytest.raises(TypeError, match=r"'bytes' object cannot be converted to 'str'"):
        t.cow_str(b"x")


def test_borrowed_results():
    assert t.first_word("  hello wide world") == "hello"
    assert t.first_word("") == ""
    assert t.head(b"abcdef", 3) == b"abc"
    assert t.head(b"ab", 10) == b"ab"


# --- str ---


def test_str_handle():
    assert t.str_forms("héllo") == ("héllo", "héllo", "héllo", 5)
    assert t.str_forms(MyStr("ab")) == ("ab", "ab", "ab", 2)
    assert t.str_new("€") == "€"
    assert t.lossy_borrowed("plain") is True
    with pytest.raises(TypeError, match="^" + wrong("str_forms", "s", "bytes", "str") + "$"):
        t.str_forms(b"abc")


def test_lone_surrogates():
    text = "a\ud800b\udfffc"
    strict, cow, lossy, n = t.str_forms(text)
    assert strict is None and cow is None
    assert lossy == "a\ufffdb\ufffdc"
    assert n == 5
    assert t.lossy_borrowed(text) is False
    with pytest.raises(UnicodeEncodeError):
        t.str_strict("a\ud800b")


# --- numbers ---


class Index:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


class Floaty:
    def __float__(self):
        return 2.5


def test_int_float_bool_handles():
    assert t.int_next(41) == (41, 42)
    assert t.int_next(True) == (1, 2)  # bool is an int subclass
    with pytest.raises(OverflowError):
        t.int_next(2**70)
    with pytest.raises(TypeError, match="^" + wrong("int_next", "n", "float", "int") + "$"):
        t.int_next(1.0)
    with pytest.raises(TypeError, match="^" + wrong("int_next", "n", "Index", "int") + "$"):
        t.int_next(Index(3))
    assert t.float_double(1.25) == (1.25, 2.5)
    with pytest.raises(TypeError, match="^" + wrong("float_double", "x", "int", "float") + "$"):
        t.float_double(1)
    assert t.bool_not(True) is False
    assert t.bool_not(False) is True
    with pytest.raises(TypeError, match="^" + wrong("bool_not", "b", "int", "bool") + "$"):
        t.bool_not(0)


def test_bool_parameter():
    assert t.plain_bool(True) is True
    assert t.plain_bool(False) is False
    for bad, name in [(1, "int"), (None, "NoneType"), ("", "str")]:
        with pytest.raises(
            TypeError, match="^" + re.escape(f"plain_bool() argument 'b': '{name}' object cannot be converted to 'bool'") + "$"
        ):
            t.plain_bool(bad)


def numpy_like(name, value, module="numpy"):
    """A class whose type is named like NumPy's scalar booleans."""
    cls = type(name, (), {"__bool__": lambda self: value, "__module__": module})
    return cls()


def test_bool_accepts_numpy_bool_by_name():
    # PyO3's rule: a type named numpy.bool_ or numpy.bool converts through __bool__.
    assert t.plain_bool(numpy_like("bool_", True)) is True
    assert t.plain_bool(numpy_like("bool", False)) is False
    # Same name in another module, or another name in numpy: rejected.
    with pytest.raises(TypeError, match=r"'bool_' object cannot be converted to 'bool'"):
        t.plain_bool(numpy_like("bool_", True, module="fake"))
    with pytest.raises(TypeError, match=r"'int8' object cannot be converted to 'bool'"):
        t.plain_bool(numpy_like("int8", True))
    # A __bool__ that raises passes its error through.
    cls = type("bool_", (), {"__module__": "numpy", "__bool__": lambda self: 1 / 0})
    with pytest.raises(ZeroDivisionError):
        t.plain_bool(cls())
    # Without __bool__: PyO3's message.
    cls = type("bool_", (), {"__module__": "numpy"})
    with pytest.raises(TypeError, match=r"object of type 'numpy.bool_' does not define a '__bool__' conversion"):
        t.plain_bool(cls())


def test_bool_accepts_real_numpy_bool():
    import numpy

    assert t.plain_bool(numpy.bool_(True)) is True
    assert t.plain_bool(numpy.bool_(False)) is False
    with pytest.raises(TypeError, match=r"'ndarray' object cannot be converted to 'bool'"):
        t.plain_bool(numpy.array([True]))
    with pytest.raises(TypeError, match=r"'int64' object cannot be converted to 'bool'"):
        t.plain_bool(numpy.int64(1))


def test_f64_from_float_and_index():
    assert t.plain_f64(1.5) == 1.5
    assert t.plain_f64(3) == 3.0
    assert t.plain_f64(Floaty()) == 2.5
    assert t.plain_f64(Index(7)) == 7.0
    with pytest.raises(TypeError, match=r"must be real number, not str"):
        t.plain_f64("1.5")


def test_ints_from_index():
    assert t.plain_ints(Index(-3), Index(2**64 - 1), Index(-(2**100)), Index(255)) == (-3, 2**64 - 1, -(2**100), 255)
    assert t.plain_ints(True, 0, 5, 0) == (1, 0, 5, 0)
    with pytest.raises(TypeError, match=r"'float' object cannot be interpreted as an integer"):
        t.plain_ints(1.0, 0, 0, 0)
    with pytest.raises(TypeError, match=r"'Floaty' object cannot be interpreted as an integer"):
        t.plain_ints(0, Floaty(), 0, 0)
    with pytest.raises(OverflowError):
        t.plain_ints(0, Index(-1), 0, 0)
    with pytest.raises(OverflowError):
        t.plain_ints(0, 0, 0, Index(256))


# --- sets ---


def test_set_handle():
    s = {1, 2}
    assert t.set_add(s, 3) == (False, True, 3)
    assert s == {1, 2, 3}
    assert t.set_add(s, 1) == (True, True, 3)

    class MySet(set):
        pass

    assert t.set_add(MySet(), 0) == (False, True, 1)
    with pytest.raises(TypeError, match="^" + wrong("set_add", "s", "frozenset", "set") + "$"):
        t.set_add(frozenset(), 1)


def test_frozenset_handle():
    assert t.frozenset_sum(frozenset({1, 2, 3})) == (6, 3, False)
    assert t.frozenset_sum(frozenset({0})) == (0, 1, True)
    with pytest.raises(TypeError, match="^" + wrong("frozenset_sum", "s", "set", "frozenset") + "$"):
        t.frozenset_sum({1})


def test_new_sets():
    s, f = t.sets_of([1, 2, 2, 3])
    assert type(s) is set and s == {1, 2, 3}
    assert type(f) is frozenset and f == frozenset({1, 2, 3})


# --- slices, memoryviews, iterators ---


def test_slice_handle():
    for sl, n in [(slice(None), 10), (slice(1, -1, 2), 10), (slice(None, None, -1), 5), (slice(-100, 100), 3), (slice(5, 1), 10)]:
        start, stop, step = sl.indices(n)
        assert t.slice_indices(sl, n) == (start, stop, step, len(range(start, stop, step)))
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        t.slice_indices(slice(0, 1, 0), 4)
    assert t.slice_new(1, 8, 3) == slice(1, 8, 3)
    with pytest.raises(TypeError, match="^" + wrong("slice_indices", "s", "range", "slice") + "$"):
        t.slice_indices(range(3), 3)


def test_memoryview_handle():
    v = t.view_of(b"abc")
    assert type(v) is memoryview and v.tobytes() == b"abc" and v.readonly
    w = t.view_of(bytearray(b"xy"))
    assert not w.readonly
    assert t.view_of(array.array("d", [1.0, 2.0])).nbytes == 16
    with pytest.raises(TypeError, match=r"memoryview: a bytes-like object is required, not 'str'"):
        t.view_of("abc")
    assert t.view_id(v) is v
    with pytest.raises(TypeError, match="^" + wrong("view_id", "view", "bytes", "memoryview") + "$"):
        t.view_id(b"abc")


def test_iterator_handle():
    it = iter([1, 2, 3])
    next(it)
    assert t.drain(it) == [2, 3]
    assert t.drain(x for x in range(3)) == [0, 1, 2]
    with pytest.raises(TypeError, match="^" + wrong("drain", "it", "list", "Iterator") + "$"):
        t.drain([1, 2])
    assert t.iterate([4, 5]) == [4, 5]
    assert t.iterate(range(2)) == [0, 1]
    with pytest.raises(TypeError, match=r"'int' object is not iterable"):
        t.iterate(5)


# --- abstract handles ---


class Registered:
    """Registered as a Sequence without subclassing."""

    def __len__(self):
        return 2

    def __getitem__(self, i):
        if i >= 2:
            raise IndexError(i)
        return i * 10


collections.abc.Sequence.register(Registered)


def test_sequence_handle():
    assert t.seq_info([1, 2, 3], 2) == (3, 3, True)
    assert t.seq_info((5,), 2) == (1, 5, False)
    assert t.seq_info(range(4), 9) == (4, 3, False)
    assert t.seq_list("ab") == ["a", "b"]
    assert t.seq_info(Registered(), 10) == (2, 10, True)
    assert t.seq_list((1, 2)) == [1, 2]
    with pytest.raises(TypeError, match="^" + wrong("seq_info", "seq", "set", "Sequence") + "$"):
        t.seq_info({1}, 1)
    with pytest.raises(TypeError, match="^" + wrong("seq_list", "seq", "dict", "Sequence") + "$"):
        t.seq_list({})


def test_mapping_handle():
    assert t.map_info({"a": 1, "missing": 0}, "a") == (2, 1, True, ["a", "missing"])
    proxy = types.MappingProxyType({"k": "v"})
    assert t.map_info(proxy, "k") == (1, "v", False, ["k"])
    with pytest.raises(KeyError):
        t.map_info({}, "a")
    with pytest.raises(TypeError, match="^" + wrong("map_info", "m", "list", "Mapping") + "$"):
        t.map_info([("a", 1)], "a")


def test_swapped_abc_is_not_unsound():
    # Rebinding collections.abc.Sequence changes what passes the check, nothing more:
    # the handle's methods go through the abstract protocol and raise for bad objects.
    import collections.abc as abc

    saved = abc.Sequence
    try:
        abc.Sequence = object
        with pytest.raises(TypeError):
            t.seq_info(5, 1)
    finally:
        abc.Sequence = saved
    with pytest.raises(TypeError, match=r"is not an instance of 'Sequence'"):
        t.seq_info(5, 1)


# --- num-bigint and num-complex ---


def test_bigint():
    for n in [0, 1, -1, 2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**64, 3**100, -(7**90), 255, -256, 2**127]:
        assert t.big_double(n) == 2 * n, n
    assert t.big_double(Index(-(2**80))) == -(2**81)
    assert t.big_double(True) == 2
    with pytest.raises(TypeError, match=r"'float' object cannot be interpreted as an integer"):
        t.big_double(1.0)
    for n in [0, 1, 2**64 - 1, 2**64, 5**60]:
        assert t.big_next(n) == n + 1, n
    with pytest.raises(OverflowError):
        t.big_next(-1)
    with pytest.raises(OverflowError):
        t.big_next(-(2**70))


class Complexish:
    def __complex__(self):
        return 1 + 2j


class BadComplex:
    def __complex__(self):
        return 3.0


def test_complex():
    assert t.times_i(1 + 2j) == -2 + 1j
    assert t.times_i(2.0) == 2j
    assert t.times_i(3) == 3j
    assert t.times_i(Index(1)) == 1j
    assert t.times_i(Floaty()) == 2.5j
    assert t.times_i(Complexish()) == -2 + 1j
    assert type(t.times_i(1j)) is complex
    with pytest.raises(TypeError, match=r"__complex__ returned non-complex \(type float\)"):
        t.times_i(BadComplex())
    with pytest.raises(TypeError, match=r"must be real number, not str"):
        t.times_i("1+2j")


def test_bytearray_copied_while_another_thread_resizes_it():
    # On free-threaded builds the copy happens in the object's critical section: every
    # copy is one of the states the other thread left, never torn or out of bounds.
    import threading

    buf = bytearray(b"a" * 64)
    stop = threading.Event()

    def resize():
        while not stop.is_set():
            buf[:] = b"b" * 4096
            buf[:] = b"a" * 64

    worker = threading.Thread(target=resize)
    worker.start()
    try:
        for _ in range(2000):
            borrowed, data = t.cow_bytes(buf)
            assert borrowed is False
            assert data in (b"a" * 64, b"b" * 4096)
            copy, n = t.bytearray_copy(buf)
            assert copy in (b"a" * 64, b"b" * 4096)
    finally:
        stop.set()
        worker.join()
