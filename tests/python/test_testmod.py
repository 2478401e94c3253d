"""Every conversion and calling convention, through the `testmod` test extension."""

import inspect
import math
import re
import sys
import threading

import pytest

import testmod as t

INT_RANGES = {
    "i8": (-(2**7), 2**7 - 1),
    "i16": (-(2**15), 2**15 - 1),
    "i32": (-(2**31), 2**31 - 1),
    "i64": (-(2**63), 2**63 - 1),
    "i128": (-(2**127), 2**127 - 1),
    "isize": (-(2**63), 2**63 - 1),
    "u8": (0, 2**8 - 1),
    "u16": (0, 2**16 - 1),
    "u32": (0, 2**32 - 1),
    "u64": (0, 2**64 - 1),
    "u128": (0, 2**128 - 1),
    "usize": (0, 2**64 - 1),
}


@pytest.mark.parametrize("ty", INT_RANGES)
def test_integers_round_trip_and_overflow(ty):
    f = getattr(t, f"id_{ty}")
    lo, hi = INT_RANGES[ty]
    for v in (lo, hi, 0, 1, lo + 1, hi - 1):
        assert f(v) == v
        assert type(f(v)) is int
    with pytest.raises(OverflowError, match=rf"^id_{ty}\(\) argument 'v': "):
        f(hi + 1)
    with pytest.raises(OverflowError, match=rf"^id_{ty}\(\) argument 'v': "):
        f(lo - 1)
    with pytest.raises(TypeError, match=rf"^id_{ty}\(\) argument 'v': "):
        f(1.5)
    with pytest.raises(
        TypeError, match="argument 'v': 'str' object cannot be interpreted as an integer"
    ):
        f("1")


def test_integers_accept_index():
    class Idx:
        def __index__(self):
            return 7

    for ty in INT_RANGES:
        assert getattr(t, f"id_{ty}")(Idx()) == 7
    assert t.id_bool(True) is True


def test_index_that_raises_propagates():
    class Bad:
        def __index__(self):
            raise ZeroDivisionError("nope")

    with pytest.raises(ZeroDivisionError, match="^id_i64\\(\\) argument 'v': nope$"):
        t.id_i64(Bad())
    with pytest.raises(ZeroDivisionError, match="^id_u64\\(\\) argument 'v': nope$"):
        t.id_u64(Bad())


def test_floats():
    assert t.id_f64(1.5) == 1.5
    assert t.id_f64(3) == 3.0 and type(t.id_f64(3)) is float
    assert math.isnan(t.id_f64(float("nan")))
    assert t.id_f64(float("inf")) == float("inf")
    assert t.id_f32(0.1) == pytest.approx(0.1, rel=1e-7)
    assert t.id_f32(1e300) == float("inf")
    with pytest.raises(TypeError, match=r"^id_f64\(\) argument 'v': must be real number, not str$"):
        t.id_f64("1.0")


def test_bool_is_strict():
    assert t.id_bool(True) is True
    assert t.id_bool(False) is False
    with pytest.raises(TypeError, match="'int' object cannot be converted to 'bool'"):
        t.id_bool(1)


def test_strings():
    assert t.id_str("héllo ✓") == "héllo ✓"
    assert t.id_str("") == ""
    assert t.str_len("héllo") == 5
    assert t.id_char("✓") == "✓"
    with pytest.raises(ValueError, match="expected a string of length 1, got one of length 2"):
        t.id_char("ab")
    with pytest.raises(TypeError, match="'bytes' object cannot be converted to 'str'"):
        t.id_str(b"x")


def test_lone_surrogates_raise_unicode_error():
    with pytest.raises(UnicodeEncodeError):
        t.id_str("\udc80")
    with pytest.raises(UnicodeEncodeError):
        t.str_len("a\ud800b")


def test_bytes():
    assert t.id_bytes(b"\x00\xffabc") == b"\x00\xffabc"
    assert type(t.id_bytes(b"x")) is bytes
    assert t.id_bytes(bytearray(b"xy")) == b"xy"
    assert t.id_bytes([1, 2, 255]) == b"\x01\x02\xff"
    assert t.bytes_len(b"12345") == 5
    with pytest.raises(TypeError, match="'str' object cannot be converted to 'bytes'"):
        t.bytes_len("12345")
    with pytest.raises(
        OverflowError, match="argument 'v': Python int too large to convert to Rust u8"
    ):
        t.id_bytes([256])


def test_option_and_unit():
    assert t.id_opt(None) is None
    assert t.id_opt(5) == 5
    assert t.returns_unit(1) is None
    assert t.maybe() == "none"
    assert t.maybe(None) == "none"
    assert t.maybe(3) == "some 3"


def test_tuples():
    assert t.id_tuple((1, "a", True)) == (1, "a", True)
    with pytest.raises(ValueError, match="expected a tuple of length 3, got one of length 2"):
        t.id_tuple((1, "a"))
    with pytest.raises(TypeError, match="'list' object cannot be converted to 'tuple'"):
        t.id_tuple([1, "a", True])


def test_sequences():
    assert t.id_vec([1, 2, 3]) == [1, 2, 3]
    assert t.id_vec((1, 2)) == [1, 2]
    assert t.id_vec(range(4)) == [0, 1, 2, 3]
    assert t.id_vec(x for x in [5, 6]) == [5, 6]
    assert t.id_vec([]) == []
    assert t.id_nested([["a"], [], ["b", "c"]]) == [["a"], [], ["b", "c"]]
    assert t.id_array([1, 2, 3]) == [1, 2, 3]
    with pytest.raises(ValueError, match="expected a sequence of length 3"):
        t.id_array([1, 2])
    with pytest.raises(TypeError, match="'str' object cannot be converted to 'list'"):
        t.id_vec("123")
    with pytest.raises(TypeError, match="not iterable"):
        t.id_vec(5)
    with pytest.raises(
        TypeError, match="argument 'v': 'str' object cannot be interpreted as an integer"
    ):
        t.id_vec([1, "2"])


def test_iterator_that_raises():
    def gen():
        yield 1
        raise KeyError("inside")

    with pytest.raises(KeyError):
        t.id_vec(gen())
    with pytest.raises(KeyError):
        t.iter_sum(gen())
    assert t.iter_sum([1, 2, 3]) == 6


def test_maps_and_sets():
    assert t.id_map({"a": 1, "b": 2}) == {"a": 1, "b": 2}
    assert t.id_btreemap({2: b"x", 1: b""}) == {1: b"", 2: b"x"}
    assert t.id_set({1, 2, 3}) == {1, 2, 3}
    assert t.id_set([1, 1, 2]) == {1, 2}
    assert t.id_btreeset(frozenset({"x"})) == {"x"}
    with pytest.raises(TypeError, match="'list' object cannot be converted to 'dict'"):
        t.id_map([("a", 1)])
    with pytest.raises(TypeError, match="argument 'v': 'int' object cannot be converted to 'str'"):
        t.id_map({1: 1})


def test_object_passthrough():
    o = object()
    assert t.id_object(o) is o


def test_noargs():
    assert t.noargs() == "ok"
    with pytest.raises(TypeError, match=r"noargs\(\) takes no arguments \(1 given\)"):
        t.noargs(1)
    assert str(inspect.signature(t.noargs)) == "()"


def test_signature_kinds():
    assert t.params(1, 2, d=True) == (1, 2, 3, True, -1.5)
    assert t.params(1, 2, 4, d=False, e=2.0) == (1, 2, 4, False, 2.0)
    assert t.params(1, 2, c=5, d=True) == (1, 2, 5, True, -1.5)
    assert str(inspect.signature(t.params)) == "(a, b, /, c=3, *, d, e=-1.5)"
    with pytest.raises(TypeError, match=r"^params\(\) missing 1 required keyword-only argument: 'd'$"):
        t.params(1, 2)
    with pytest.raises(
        TypeError,
        # CPython names every positional-only parameter passed by keyword.
        match=r"^params\(\) got some positional-only arguments passed as keyword arguments: 'a, b'$",
    ):
        t.params(a=1, b=2, d=True)
    with pytest.raises(TypeError, match=r"^params\(\) takes from 2 to 3 positional arguments but 4 positional arguments \(and 1 keyword-only argument\) were given$"):
        t.params(1, 2, 3, 4, d=True)


def test_variadic():
    assert t.variadic(1) == (1, 0, [])
    assert t.variadic(1, 2, 3) == (1, 2, [])
    assert t.variadic(1, 2, x=1, y=2) == (1, 1, ["x", "y"])
    assert t.variadic(first=9, z=0) == (9, 0, ["z"])
    assert str(inspect.signature(t.variadic)) == "(first, *args, **kwargs)"
    assert t.options() == 0
    assert t.options(a=1, b=2) == 2
    with pytest.raises(TypeError, match="takes 0 positional arguments but 1 was given"):
        t.options(1)


def test_errors_from_rust():
    assert t.divide(1, 2) == 0.5
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        t.divide(1, 0)
    assert t.parse_int(" 42 ") == 42
    with pytest.raises(ValueError, match="invalid digit"):
        t.parse_int("4x2")


def test_panic_becomes_exception():
    with pytest.raises(BaseException) as e:
        t.panics("boom")
    assert type(e.value).__name__ == "PanicException"
    assert type(e.value).__module__ == "abide"
    assert str(e.value) == "boom"
    assert not isinstance(e.value, Exception)
    # The interpreter is fine afterwards, and the class is shared.
    with pytest.raises(BaseException) as e2:
        t.panics("again")
    assert type(e2.value) is type(e.value)
    assert t.id_i64(3) == 3


def test_token_and_containers():
    assert t.make_list(3) == [0, 1, 2]


def test_calling_python_from_rust():
    assert t.apply(lambda x: x * 2, 21) == 42
    assert t.apply(str.upper, "abc") == "ABC"
    assert t.apply_kw(lambda x, **kw: (x, kw), 2, "k") == (2, {"k": 20})
    with pytest.raises(KeyError):
        t.apply({}.__getitem__, "missing")

    class C:
        attr = "value"

        def m(self, x):
            return x + 1

    assert t.get_attr(C(), "attr") == "value"
    with pytest.raises(AttributeError):
        t.get_attr(C(), "nope")
    assert t.call_method(C(), "m", 1) == 2
    assert t.describe([1]) == ("[1]", "[1]", "list")


def test_delattr():
    class C:
        pass

    c = C()
    c.x = 1
    assert t.del_attr(c, "x") is None
    assert not hasattr(c, "x")
    with pytest.raises(AttributeError):
        t.del_attr(c, "x")
    with pytest.raises(AttributeError):
        t.del_attr(1, "real")  # read-only
    with pytest.raises(TypeError):
        t.del_attr(c, 5)


def test_detach_and_attach():
    assert t.sum_detached(1000) == 499500
    assert t.call_from_thread(lambda x: x * 2) == 42
    with pytest.raises(ValueError, match="^invalid literal for int\\(\\) with base 10: 'x'$"):
        t.call_from_thread(lambda x: int("x"))


def test_detached_calls_run_in_parallel_threads():
    results = []

    def work():
        results.append(t.sum_detached(200_000))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert results == [199999 * 200000 // 2] * 4


def test_names():
    assert t.renamed() == "renamed"
    assert not hasattr(t, "rust_side_name")
    assert t.raw_ident(type="x") == "X"
    assert str(inspect.signature(t.raw_ident)) == "(type)"


def test_constants_and_submodule():
    assert t.VERSION == "1.0"
    assert t.ANSWER == 42
    assert t.PRIMES == [2, 3, 5, 7]
    assert t.sub.triple(3) == 9
    assert sys.modules["testmod.sub"] is t.sub
    from testmod.sub import triple

    assert triple(2) == 6
    assert t.sub.triple.__module__ == "testmod.sub"


def test_module_doc():
    assert t.__doc__ == "A test module: every conversion and calling convention of abide.\n"


def test_bad_keywords_reported_before_surplus_positionals():
    with pytest.raises(TypeError, match=r"^id_i64\(\) got an unexpected keyword argument 'x'$"):
        t.id_i64(1, 2, x=3)
    with pytest.raises(TypeError, match=r"^id_i64\(\) takes 1 positional argument but 2 were given$"):
        t.id_i64(1, 2)


def test_error_cause_is_kept():
    with pytest.raises(KeyError) as e:
        t.wrap_error(lambda: int("x"))
    assert isinstance(e.value.__cause__, ValueError)


# -- special methods without a slot (tests/testmod/src/protocols.rs) -----------------


def test_context_manager_enter_and_exit():
    s = t.Session()
    with s as entered:
        assert entered is s
    assert s.log == ["enter", "exit None"]


def test_exit_can_swallow_an_exception():
    s = t.Session()
    with s:
        raise KeyError("swallowed")
    with pytest.raises(ValueError, match="kept"):
        with s:
            raise ValueError("kept")
    assert s.log == ["enter", "exit KeyError", "enter", "exit ValueError"]


def test_format_round_and_reversed():
    m = t.Money(1234)
    assert format(m) == "12.34"
    assert f"{m:c}" == "1234 cents"
    with pytest.raises(ValueError, match="unknown format"):
        format(m, "x")
    assert round(t.Money(1250)) == 13
    assert round(t.Money(1249)) == 12
    with pytest.raises(TypeError, match="whole units"):
        round(m, 1)
    assert list(reversed(m)) == ["4", "3", "2", "1"]


def test_copy_and_pickle():
    import copy
    import pickle

    m = t.Money(99)
    for other in (copy.copy(m), copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert type(other) is t.Money
        assert other is not m
        assert other.cents == 99


def test_dunder_without_slot_is_a_plain_method():
    # Defined on the class itself, not inherited from object (which has __format__ too).
    assert "__format__" in vars(t.Money) and "__reduce__" in vars(t.Money)
    assert "__enter__" in vars(t.Session) and "__exit__" in vars(t.Session)


# -- #[pyclass(eq, ord, hash, str)] --------------------------------------------------


def test_derived_equality_and_ordering():
    a, b, c = t.Version(1, 2), t.Version(1, 2), t.Version(1, 10)
    assert a == b and not (a != b)
    assert a != c and a < c and a <= c and c > a and c >= a
    assert sorted([c, a]) == [a, c]
    # Another type: NotImplemented, so == is identity and < is a TypeError.
    assert (a == (1, 2)) is False and (a != "1.2") is True
    with pytest.raises(
        TypeError, match="'<' not supported between instances of 'testmod.Version' and 'int'"
    ):
        a < 3


def test_derived_hash_and_str():
    a, b = t.Version(3, 1), t.Version(3, 1)
    assert hash(a) == hash(b)
    assert len({a, b, t.Version(3, 2)}) == 2
    assert {a: "x"}[b] == "x"
    assert str(a) == "3.1" and f"{a}" == "3.1"


def test_eq_without_hash_is_unhashable():
    x, y = t.Tag("a"), t.Tag("a")
    assert x == y
    y.name = "b"
    assert x != y
    with pytest.raises(TypeError, match="unhashable"):
        hash(x)


# -- #[pyclass] enum ----------------------------------------------------------------


def test_enum_variants_are_class_attributes():
    C = t.Color
    assert isinstance(C.Red, C) and isinstance(C.Blue, C)
    assert C.Red is C.Red  # one instance per variant, made with the class
    assert repr(C.Green) == "Color.Green"
    assert str(C.Green) == "green"  # the `str` option: Display
    assert [int(C.Red), int(C.Green), int(C.Blue)] == [0, 10, 11]
    assert C.Red.is_warm() and not C.Blue.is_warm()


def test_enum_equality_hash_and_arguments():
    C = t.Color
    assert C.Red == C.Red and C.Red != C.Blue
    assert (C.Red == 0) is False  # another type: NotImplemented
    assert {C.Red: "r"}[t.complement(C.Green)] == "r"
    assert t.complement(C.Blue) == C.Blue
    with pytest.raises(TypeError, match="Color"):
        t.complement(0)


def test_enum_cannot_be_created_from_python():
    with pytest.raises(TypeError, match="cannot create"):
        t.Color()


# -- __getattr__, __setattr__, __delattr__ ---------------------------------------------


def test_getattr_only_when_normal_lookup_fails():
    r = t.Record(7)
    assert r.id == 7  # a real property: never reaches __getattr__
    assert r.keys() == []  # a method too
    with pytest.raises(AttributeError, match="no attribute 'missing'"):
        r.missing
    assert getattr(r, "missing", "default") == "default"
    assert not hasattr(r, "x_a")


def test_setattr_and_delattr_go_to_the_methods():
    r = t.Record(1)
    r.x_a = 5
    assert r.x_a == 5 and r.keys() == ["x_a"]
    with pytest.raises(AttributeError, match="cannot set 'other'"):
        r.other = 1
    with pytest.raises(TypeError, match="'str' object cannot be interpreted as an integer"):
        r.x_b = "not an int"
    # __setattr__ takes every name, even the property's: it decides.
    with pytest.raises(AttributeError, match="cannot set 'id'"):
        r.id = 2
    del r.x_a
    assert r.keys() == []
    with pytest.raises(AttributeError):
        del r.x_a


def slotted_message(cls, attr):
    """What setting a new attribute `attr` says on this CPython for an instance of a
    class written in Python with `cls`'s C name (`module.Name`), `__slots__` and no
    `__dict__` (3.13 added "and no __dict__ ..."; 3.12 and before name `tp_name`)."""
    slotted = type(f"{cls.__module__}.{cls.__qualname__}", (), {"__slots__": ()})
    try:
        setattr(slotted(), attr, 1)
    except AttributeError as e:
        return str(e)
    raise AssertionError("a class with __slots__ took a new attribute")


def test_getattr_alone_keeps_object_assignment():
    f = t.Fallback()
    assert f.anything == "<anything at level 1>"
    f.level = 3  # the #[setter], through object's __setattr__
    assert f.level == 3 and f.other == "<other at level 3>"
    with pytest.raises(AttributeError) as e:
        f.new_name = 1
    assert str(e.value) == slotted_message(t.Fallback, "new_name")
    with pytest.raises(AttributeError, match="^cannot delete attribute 'level'$"):
        del f.level


# -- py.eval and py.run ----------------------------------------------------------------


def test_eval_expressions():
    assert t.eval_expr("6 * 7") == 42
    assert t.eval_expr("len('abc') + max(1, 2)") == 5  # builtins are there
    assert t.eval_with_x("x * 2", 21) == 42
    with pytest.raises(SyntaxError):
        t.eval_expr("1 +")
    with pytest.raises(SyntaxError):
        t.eval_expr("x = 1")  # a statement is not an expression
    with pytest.raises(ZeroDivisionError):
        t.eval_expr("1 / 0")
    with pytest.raises(ValueError, match="null bytes"):
        t.eval_expr("1\0")


def test_run_statements():
    g, l = t.run_code("import math\ny = math.floor(2.5)\ndef f(): return y")
    assert l["y"] == 2 and "f" in l and "math" in l
    assert "__builtins__" in g and "y" not in g
    with pytest.raises(NameError):
        t.run_code("undefined_name")


def test_a_second_module_instance_makes_its_own_enum_variants():
    """A loader can execute a fresh module object without putting it in sys.modules
    (importlib.util.module_from_spec + exec_module): class attributes made while it
    executes must be instances of *its* classes, not of the module in sys.modules."""
    import importlib.util

    spec = importlib.util.find_spec("testmod")
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    assert fresh.Color is not t.Color
    assert type(fresh.Color.Red) is fresh.Color
    assert type(t.Color.Red) is t.Color
    # Both classes are the same Rust type (one type token), so their values compare.
    assert fresh.Color.Red == t.Color.Red and fresh.Color.Red != t.Color.Blue


class _NewReturnsInt(Exception):
    def __new__(cls, *args):
        return 1


class _ClaimsToBeAnException:
    """isinstance() believes its __class__ property; `raise` does not."""

    @property
    def __class__(self):
        return ValueError


def _python_raise(thing):
    try:
        raise thing
    except BaseException as e:  # noqa: BLE001 - the raised thing is what is compared
        return e


@pytest.mark.parametrize("cls", [ValueError, KeyError, Exception, BaseException])
def test_from_type_raises_exception_classes(cls):
    with pytest.raises(cls) as info:
        t.fail_with(cls, "boom")
    assert type(info.value) is cls and info.value.args == ("boom",)


@pytest.mark.parametrize("cls", [str, int, type, object, _ClaimsToBeAnException])
def test_from_type_rejects_classes_that_are_not_exceptions(cls):
    expected = _python_raise(cls)  # what `raise cls` gives
    assert type(expected) is TypeError
    with pytest.raises(TypeError) as info:
        t.fail_with(cls, "x")
    assert str(info.value) == str(expected) == "exceptions must derive from BaseException"
    assert type(t.error_value(cls, "x")) is TypeError


def test_from_type_checks_what_the_class_returns():
    expected = _python_raise(_NewReturnsInt)
    with pytest.raises(TypeError) as info:
        t.fail_with(_NewReturnsInt, "x")
    assert str(info.value) == str(expected)
    assert "should have returned an instance of BaseException, not <class 'int'>" in str(
        info.value
    )


@pytest.mark.parametrize("obj", [1, "x", None, int, _ClaimsToBeAnException()])
def test_from_value_rejects_what_raise_rejects(obj):
    expected = _python_raise(obj)
    assert type(expected) is TypeError
    with pytest.raises(TypeError) as info:
        t.reraise(obj)
    assert str(info.value) == str(expected)


def test_from_value_raises_the_instance_itself():
    exc = KeyError("k")
    with pytest.raises(KeyError) as info:
        t.reraise(exc)
    assert info.value is exc


def test_from_value_instantiates_a_class_like_raise():
    with pytest.raises(KeyError) as info:
        t.reraise(KeyError)
    assert type(info.value) is KeyError and info.value.args == ()
    expected = _python_raise(_NewReturnsInt)
    with pytest.raises(TypeError) as info:
        t.reraise(_NewReturnsInt)
    assert str(info.value) == str(expected)


@pytest.mark.parametrize(
    "name, defined",
    [("Twice", "area"), ("FieldAndMethod", "size"), ("TwoConstructors", "__new__")],
)
def test_a_name_defined_in_two_places_is_refused(name, defined):
    with pytest.raises(ImportError) as info:
        t.make_class(name)
    msg = str(info.value)
    assert f"class testmod.{name} defines `{defined}` twice" in msg
    # Both places are named, as file:line of the Rust definitions.
    places = re.findall(r"duplicates\.rs:(\d+)", msg)
    assert len(places) == 2 and places[0] != places[1], msg
    # The class is refused every time, not only the first.
    with pytest.raises(ImportError):
        t.make_class(name)


def test_a_getter_and_its_setter_may_come_from_two_blocks():
    cls = t.make_class("SplitProperty")
    obj = cls()
    obj.value = 5
    assert obj.value == 5


# -- module conveniences kept from PyO3 (tests/testmod/src/conveniences.rs) -------------


def test_all_lists_what_the_module_adds():
    # Every add... appends to __all__, so `from ext import *` and a package's
    # `from .ext import __all__` (maturin's generated __init__.py) work.
    assert isinstance(t.__all__, list)
    for name in ["id_i64", "Deferred", "call_stored_method", "VERSION", "sub", "Session"]:
        assert name in t.__all__, name
    assert len(set(t.__all__)) == len(t.__all__)
    assert all(hasattr(t, name) for name in t.__all__)
    assert "triple" in t.sub.__all__
    namespace = {}
    exec("from testmod import *", namespace)
    assert namespace["ANSWER"] == 42


def test_stored_callable_called_with_args_and_kwargs():
    def f(*args, **kwargs):
        return args, kwargs

    d = t.Deferred(f)
    assert d.run(1, 2, k=3) == ((1, 2), {"k": 3})
    assert d.run() == ((), {})


def test_stored_callable_conveniences():
    def callback(x=None):
        return "none" if x is None else x * 2

    d = t.Deferred(callback)
    assert d.probe(21) == ("none", 42, "callback")
    assert d.mark("tag", 7) is False
    assert callback.tag == 7
    assert d.mark("tag", 8) is True
    with pytest.raises(TypeError):
        t.Deferred(len).probe(1)  # len() takes exactly one argument


def test_call_stored_method():
    items = [3, 1, 2]
    assert t.call_stored_method(items, "sort", reverse=True) is None
    assert items == [3, 2, 1]
    assert t.call_stored_method(items, "index", 2) == 1
    with pytest.raises(AttributeError):
        t.call_stored_method(items, "no_such_method")
    with pytest.raises(TypeError):
        t.call_stored_method(items, "copy")  # a list is not an int


# -- docstrings where users put them (tests/testmod/src/documented.rs) ------------------


def test_include_str_docs():
    # `#[doc = include_str!(...)]` on the module, a class and a function.
    assert t.__doc__ == "A test module: every conversion and calling convention of abide.\n"
    assert t.Ledger.__doc__ == "A class documented from a file.\n\nIt keeps a name and a tally.\n"
    assert t.documented_function.__doc__ == "A function documented from a file.\n"
    assert t.documented_function.__text_signature__ == "($module, /)"


def test_bound_and_class_methods_show_their_docstring():
    ledger = t.Ledger("books")
    assert t.Ledger.add.__doc__ == "Adds `n` entries."
    assert ledger.add.__doc__ == "Adds `n` entries."
    assert t.Ledger.from_text.__doc__ == "A ledger named after `text`."
    assert ledger.from_text.__doc__ == "A ledger named after `text`."
    assert t.Ledger.version.__doc__ == "The version of the ledger format."
    assert ledger.add.__text_signature__ == "($self, /, n)"
    assert t.Ledger.from_text("x").name == "x"
    # `help()` shows them.
    import pydoc

    text = pydoc.render_doc(ledger.add, renderer=pydoc.plaintext)
    assert "Adds `n` entries." in text


def test_field_docs_become_property_docs():
    assert t.Ledger.name.__doc__ == "The ledger's name."
    assert t.Ledger.count.__doc__ == "How many entries were added."
    assert t.Ledger.limit.__doc__ == "The most entries allowed."


def test_setter_conversion_error_names_the_attribute():
    ledger = t.Ledger("books")
    with pytest.raises(TypeError, match=r"^attribute 'name' of 'Ledger' objects: .*'int'.*'str'") as e:
        ledger.name = 5
    assert isinstance(e.value.__cause__, TypeError)
    with pytest.raises(OverflowError, match=r"^attribute 'limit' of 'Ledger' objects: "):
        ledger.limit = 300
    with pytest.raises(TypeError, match=r"^attribute 'limit' of 'Ledger' objects: "):
        ledger.limit = "many"
    ledger.limit = 7
    assert ledger.limit == 7
    assert ledger.name == "books"


def test_special_method_conversion_error_names_the_method():
    ledger = t.Ledger("books")
    ledger[1] = "one"
    with pytest.raises(TypeError, match=r"^__setitem__\(\) argument 'label': .*'int'.*'str'"):
        ledger[1] = 5
    with pytest.raises(TypeError, match=r"^__setitem__\(\) argument 'index': "):
        ledger["x"] = "one"
    with pytest.raises(OverflowError, match=r"^__setitem__\(\) argument 'index': "):
        ledger[-1] = "one"
    with pytest.raises(IndexError, match=r"^5 >= 3$"):
        ledger[5] = "five"


def test_registered_helper_class_is_not_a_public_name():
    it = t.countdown(3)
    assert list(it) == [3, 2, 1]
    assert type(it).__name__ == "Ticker"
    assert type(it).__module__ == "testmod"
    assert not hasattr(t, "Ticker")
    assert "Ticker" not in t.__all__
    assert "countdown" in t.__all__
    with pytest.raises(TypeError):
        type(it)()  # no #[new]: Python cannot construct it


def test_add_wrapped_module_and_function():
    assert t.wrapped_sub.quadruple(2) == 8
    assert t.wrapped_sub.__name__ == "testmod.wrapped_sub"
    # Registered in sys.modules (an earlier test's fresh load of testmod may have put its
    # own copy there since).
    assert sys.modules["testmod.wrapped_sub"].quadruple(1) == 4
    from testmod.wrapped_sub import quadruple

    assert quadruple(3) == 12
    assert t.halve(9) == 4
    assert "wrapped_sub" in t.__all__ and "halve" in t.__all__

