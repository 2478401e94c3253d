"""The `errors` port (tests/ports/errors): classes on built-in bases (exceptions, dict, list,
set) carrying Rust data, and `#[pyclass(dict)]` / `#[pyclass(weakref)]` instances. Where
CPython decides the behaviour (an exception's `args`, `__init__` refusing keywords), the
result is compared with a pure-Python class written the same way."""

import gc
import pickle
import sys
import threading
import weakref

import pytest

import errors
from errors import (
    CacheEntry,
    CountingDict,
    HttpError,
    InvalidField,
    MissingItem,
    Node,
    NotFound,
    Settings,
    TagSet,
    TitledList,
    WeightedNode,
)


class PyHttpError(Exception):
    """What `HttpError` is, in Python: `#[new]` is `__new__`, `__init__` is Exception's."""

    def __new__(cls, status, url):
        self = super().__new__(cls)
        self.status, self.url = status, url
        return self

    def __str__(self):
        return f"HTTP {self.status} for {self.url}"


class Sentinel:
    """Something weakly referenceable to see whether a cycle was collected."""


def collected(make_cycle):
    """Whether the objects `make_cycle` builds (and drops) are freed by a collection."""
    s = Sentinel()
    wr = weakref.ref(s)
    make_cycle(s)
    del s
    gc.collect()
    return wr() is None


# -- exceptions --------------------------------------------------------------------------


def test_exception_class_is_an_exception():
    assert issubclass(HttpError, Exception)
    assert HttpError.__mro__[1:] == (Exception, BaseException, object)
    assert issubclass(MissingItem, KeyError) and issubclass(MissingItem, LookupError)
    assert issubclass(InvalidField, ValueError)
    assert HttpError.__module__ == "errors"
    assert HttpError.__doc__ == "An HTTP error with its status code and URL."


def test_exception_carries_data_and_args_like_python():
    e = HttpError(404, "http://a")
    p = PyHttpError(404, "http://a")
    assert isinstance(e, HttpError) and isinstance(e, Exception)
    assert (e.status, e.url) == (404, "http://a")
    assert e.args == p.args == (404, "http://a")
    assert str(e) == str(p) == "HTTP 404 for http://a"
    assert repr(e) == "HttpError(404, 'http://a')"
    assert e.is_client_error()
    assert not HttpError(500, "x").is_client_error()


def test_keyword_arguments_are_refused_by_exception_init_as_in_python():
    # `Exception.__init__` takes no keywords, for a Python class with `__new__` as well.
    with pytest.raises(TypeError) as rust:
        HttpError(status=404, url="u")
    with pytest.raises(TypeError) as python:
        PyHttpError(status=404, url="u")
    assert "keyword arguments" in str(rust.value)
    # (CPython names a type made from a spec by its dotted `tp_name`.)
    rust_message = str(rust.value).removeprefix("errors.")
    assert rust_message == str(python.value).replace("PyHttpError", "HttpError")


def test_bad_arguments_raise_type_error():
    with pytest.raises(TypeError, match="status"):
        HttpError("x", "u")
    with pytest.raises(OverflowError):
        HttpError(70000, "u")
    with pytest.raises(TypeError):
        HttpError(404)


def test_raise_and_catch_from_python():
    with pytest.raises(HttpError) as info:
        raise HttpError(503, "http://b")
    assert info.value.status == 503
    try:
        raise HttpError(400, "u")
    except Exception as e:
        assert e.args == (400, "u")
        assert e.__traceback__ is not None
    with pytest.raises(HttpError) as chained:
        try:
            raise ValueError("inner")
        except ValueError as inner:
            raise HttpError(500, "u") from inner
    assert isinstance(chained.value.__cause__, ValueError)


def test_raise_from_rust():
    assert errors.fetch("http://a/ok") == "contents of http://a/ok"
    with pytest.raises(HttpError) as info:
        errors.fetch("http://a/missing")
    e = info.value
    assert (e.status, e.url) == (404, "http://a/missing")
    # Made by `Py::new`, not called from Python: no arguments reached `__init__`.
    assert e.args == ()
    assert str(e) == "HTTP 404 for http://a/missing"
    assert e.__traceback__ is not None


def test_raise_from_rust_caught_by_the_builtin_base():
    refused = object()
    with pytest.raises(ValueError) as info:
        errors.validate("", refused)
    assert type(info.value) is InvalidField
    assert info.value.field == "name"
    assert info.value.value is refused
    assert errors.validate("ok", 1) == "ok"


def test_class_without_new_cannot_be_made_from_python():
    with pytest.raises(TypeError, match="cannot create"):
        InvalidField()


def test_keyerror_subclass_str_like_keyerror():
    m = MissingItem("users")
    assert m.table == "users"
    assert m.args == ("users",)
    assert str(m) == str(KeyError("users")) == "'users'"
    with pytest.raises(KeyError):
        raise m


def test_exception_instances_have_builtin_dict_and_attributes():
    e = HttpError(404, "u")
    e.note = "extra"
    assert e.__dict__ == {"note": "extra"}
    e.add_note("a note")
    assert e.__notes__ == ["a note"]
    with pytest.raises(AttributeError):
        e.status = 1  # a read-only property, as `#[py(get)]` makes


def test_python_subclass_of_rust_exception():
    class NotFound(HttpError):
        def __init__(self, status, url):
            super().__init__(status, url)
            self.seen = True

    e = NotFound(404, "x")
    assert isinstance(e, HttpError) and e.seen
    assert (e.status, e.url, e.args) == (404, "x", (404, "x"))
    assert str(e) == "HTTP 404 for x"
    with pytest.raises(HttpError):
        raise e


def test_rust_subclass_of_rust_exception():
    e = NotFound("http://a/b", "/b")
    assert isinstance(e, HttpError) and isinstance(e, Exception)
    assert NotFound.__mro__[1:] == (HttpError, Exception, BaseException, object)
    assert (e.status, e.url, e.path) == (404, "http://a/b", "/b")
    assert e.args == ("http://a/b", "/b")
    assert str(e) == "HTTP 404 for http://a/b"  # HttpError's __str__, inherited
    assert e.is_client_error()
    with pytest.raises(HttpError):
        raise e


def test_exception_cycles_are_collected():
    def cycle(s):
        e = HttpError(1, "u")
        e.me = e
        e.s = s

    def args_cycle(s):
        e = HttpError(1, "u")
        e.args = (e, s)

    assert collected(cycle)
    assert collected(args_cycle)


def test_exception_with_traceback_cycle_is_collected():
    def cycle(s):
        try:
            errors.fetch("http://x/missing")
        except HttpError as e:
            e.s = s
            e.frame = sys._getframe()  # frame -> e (a local) -> frame

    assert collected(cycle)


# -- dict --------------------------------------------------------------------------------


def test_dict_class_takes_arbitrary_attributes():
    s = Settings("prod")
    assert s.name == "prod"
    assert vars(s) == {} and s.__dict__ == {}
    s.debug = True
    s.level = 3
    assert vars(s) == {"debug": True, "level": 3}
    del s.debug
    assert vars(s) == {"level": 3}
    with pytest.raises(AttributeError):
        del s.debug
    with pytest.raises(AttributeError):
        s.missing  # noqa: B018


def test_dict_class_property_is_not_shadowed():
    s = Settings("prod")
    with pytest.raises(AttributeError):
        s.name = "other"  # a getter-only property, as on a Python class
    s.__dict__["name"] = "shadow"
    assert s.name == "prod"  # data descriptors win over the instance dict


def test_dict_can_be_replaced():
    s = Settings("a")
    s.__dict__ = {"x": 1}
    assert s.x == 1
    with pytest.raises(TypeError):
        s.__dict__ = 5


def test_dict_offset_and_no_weakrefs():
    assert Settings.__dictoffset__ > 0
    assert Settings.__weakrefoffset__ == 0
    with pytest.raises(TypeError):
        weakref.ref(Settings("a"))


def test_dict_cycles_are_collected():
    def cycle(s):
        x = Settings("a")
        x.me = x
        x.s = s

    assert collected(cycle)
    assert gc.is_tracked(Settings("a"))


# -- weakref -----------------------------------------------------------------------------


def test_weakref_to_instance():
    e = CacheEntry("k", [1, 2])
    r = weakref.ref(e)
    assert r() is e
    assert weakref.getweakrefcount(e) == 1
    assert CacheEntry.__weakrefoffset__ > 0
    del e
    gc.collect()
    assert r() is None


def test_weakref_callback_runs():
    seen = []
    e = CacheEntry("k", 1)
    r = weakref.ref(e, seen.append)
    del e
    assert seen == [r]  # no cycle: freed at once
    assert r() is None


def test_weakref_proxy_and_finalize():
    e = CacheEntry("k", 5)
    p = weakref.proxy(e)
    assert p.key == "k" and p.value == 5
    done = []
    weakref.finalize(e, done.append, "finalized")
    del e
    assert done == ["finalized"]
    with pytest.raises(ReferenceError):
        p.key  # noqa: B018


def test_weak_value_dictionary_as_a_cache():
    cache = weakref.WeakValueDictionary()
    a, b = CacheEntry("a", 1), CacheEntry("b", 2)
    cache["a"], cache["b"] = a, b
    assert sorted(cache) == ["a", "b"]
    assert cache["a"] is a
    del a
    gc.collect()
    assert sorted(cache) == ["b"]
    assert cache.get("a") is None


def test_weakref_frozen_class_has_no_dict():
    e = CacheEntry("k", 1)
    with pytest.raises(AttributeError):
        e.extra = 1
    assert not hasattr(e, "__dict__")


def test_dict_and_weakref_together():
    n = Node("root")
    n.children = []
    r = weakref.ref(n)
    assert r() is n and vars(n) == {"children": []}
    assert Node.__dictoffset__ > 0 and Node.__weakrefoffset__ > 0
    assert Node.__dictoffset__ != Node.__weakrefoffset__
    del n
    assert r() is None


def test_python_subclass_keeps_dict_and_weakref():
    class Leaf(Node):
        pass

    leaf = Leaf("leaf")
    leaf.x = 1
    assert vars(leaf) == {"x": 1}
    # The base's slots serve the subclass: no second dict or weak list is added.
    assert Leaf.__dictoffset__ == Node.__dictoffset__
    assert Leaf.__weakrefoffset__ == Node.__weakrefoffset__
    r = weakref.ref(leaf)
    del leaf
    gc.collect()
    assert r() is None


def test_rust_subclass_shares_dict_and_weakref():
    w = WeightedNode("w", 2.5)
    assert (w.label, w.weight) == ("w", 2.5)
    assert WeightedNode.__dictoffset__ == Node.__dictoffset__
    assert WeightedNode.__weakrefoffset__ == Node.__weakrefoffset__
    w.note = "x"
    assert vars(w) == {"note": "x"}
    seen = []
    r = weakref.ref(w, seen.append)
    del w
    assert r() is None and seen == [r]

    def cycle(s):
        w = WeightedNode("c", 1.0)
        w.me, w.s = w, s

    assert collected(cycle)


def test_node_cycle_is_collected_and_callbacks_run():
    seen = []

    def cycle(s):
        a, b = Node("a"), Node("b")
        a.other, b.other = b, a
        a.s = s
        seen.append(weakref.ref(a, lambda r: seen.append("a died")))

    assert collected(cycle)
    assert "a died" in seen


def test_weakrefs_from_many_threads():
    # On the free-threaded build these run in parallel: creating and dropping weak
    # references to shared objects while their last strong references go away.
    shared = [Node(str(i)) for i in range(64)]
    deaths = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)
    failures = []

    def work(k):
        try:
            barrier.wait()
            for round_ in range(200):
                refs = [weakref.ref(n) for n in shared]
                assert all(r() is n for r, n in zip(refs, shared))
                mine = CacheEntry(f"{k}-{round_}", round_)

                def died(_r, k=k):
                    with lock:
                        deaths.append(k)

                r = weakref.ref(mine, died)
                assert r() is mine
                del mine
                assert r() is None
        except BaseException as e:  # reported below, not lost in the thread
            failures.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures
    assert len(deaths) == 8 * 200
    refs = [weakref.ref(n) for n in shared]
    del shared
    gc.collect()
    assert all(r() is None for r in refs)


def test_dict_attributes_from_many_threads():
    # The `__dict__` is made on first use: on the free-threaded build, by whichever of
    # the threads gets there first, and then shared.
    for _ in range(20):
        shared = Settings("s")
        barrier = threading.Barrier(8)
        failures = []

        def work(k, shared=shared, barrier=barrier, failures=failures):
            try:
                barrier.wait()
                for i in range(50):
                    setattr(shared, f"t{k}_{i}", i)
                    assert getattr(shared, f"t{k}_{i}") == i
            except BaseException as e:
                failures.append(e)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not failures, failures
        assert len(vars(shared)) == 8 * 50


# -- dict, list and set bases -----------------------------------------------------------


def test_dict_subclass():
    d = CountingDict({"a": 1}, b=2)
    assert isinstance(d, dict) and type(d).__mro__[1:] == (dict, object)
    assert d == {"a": 1, "b": 2} and len(d) == 2
    assert d["a"] == 1
    assert d["zz"] == 0 and d["yy"] == 0  # `__missing__`
    assert d.misses == 2
    assert "zz" not in d
    assert d.get("zz") is None  # `get` does not call `__missing__`, as for dict
    d["c"] = 3
    assert sorted(d.items()) == [("a", 1), ("b", 2), ("c", 3)]
    assert dict(d) == {"a": 1, "b": 2, "c": 3}


def test_dict_subclass_cycle_is_collected():
    def cycle(s):
        d = CountingDict()
        d["me"] = d
        d["s"] = s

    assert collected(cycle)


def test_list_subclass():
    items = TitledList([1, 2, 3])
    assert isinstance(items, list) and items == [1, 2, 3]
    assert items.title == "untitled"
    items.title = "numbers"
    items.append(4)
    items += [5]
    assert items.describe() == "numbers: 5 items"
    assert items[-1] == 5 and sorted(items, reverse=True)[0] == 5
    with pytest.raises(TypeError):
        items.title = 5
    with pytest.raises(TypeError):
        TitledList(1, 2)  # list.__init__ takes one iterable, as for any list subclass


def test_list_subclass_cycle_is_collected():
    def cycle(s):
        items = TitledList()
        items.append(items)
        items.append(s)

    assert collected(cycle)


def test_set_subclass():
    tags = TagSet(["a", "b"])
    assert isinstance(tags, set) and tags == {"a", "b"}
    assert "a" in tags and len(tags) == 2
    tags.add("c")
    assert tags.namespace == "default"
    tags.namespace = "web"
    assert tags.namespace == "web"
    assert tags | {"d"} == {"a", "b", "c", "d"}
    # `set` has weak references of its own, and the subclass keeps them.
    r = weakref.ref(tags)
    assert r() is tags
    del tags
    gc.collect()
    assert r() is None


def test_subclass_instances_are_not_picklable_by_accident():
    # Pickling is not supported; it must fail cleanly rather than lose the Rust data.
    for obj in (Settings("a"), CacheEntry("k", 1)):
        with pytest.raises((TypeError, pickle.PicklingError)):
            pickle.dumps(obj)
