"""Reference leaks: every function, method, property, operator, constructor and error
path of `hello`, `shapes` and `testmod` is called many times, and neither the reference
count nor the number of allocated memory blocks may grow; every `#[pyclass]` object made
must be dropped (checked with `testmod.Tracked`'s Drop counter). On a Py_DEBUG interpreter
the reference count is `sys.gettotalrefcount()`; on a release build run with
ABIDE_LEAK_CHECK=release it is the counts of the objects each call refers to and of the
modules' contents, with the number of GC-tracked objects besides (see `_support.py`).
Negative controls prove the checker catches a leak of one reference per call either way.
"""

import gc
import sys
import sysconfig

import pytest

import errors
import hello
import shapes
import testmod as t
from _support import (
    HAS_REFCOUNT,
    LEAK_CHECK,
    BadFloat,
    BadIndex,
    BadIter,
    BadLen,
    BadNext,
    Boom,
    LeakError,
    calling,
    check_no_leak,
    panic_exception_class,
    raising,
    record,
    watch_namespaces,
)

# Without a leak check (a release build under valgrind, see LEAK_CHECK) every case still
# runs, a few times each, and the Drop counter is still checked; the tests marked
# `refcount` need a leak check: such a run deselects them (`-m "not refcount"`), and if it
# does not they fail in check_no_leak.
if not HAS_REFCOUNT:
    # A debug build without sys.gettotalrefcount would look tested while checking nothing.
    assert not sysconfig.get_config_var("Py_DEBUG"), "Py_DEBUG build without gettotalrefcount"
    assert "d" not in sys.abiflags, f"debug ABI flags {sys.abiflags!r} without gettotalrefcount"
if LEAK_CHECK == "release":
    # Its blind spot would be a check that counts nothing: pymalloc must be counting.
    assert sys.getallocatedblocks() > 0, "ABIDE_LEAK_CHECK=release without pymalloc's block count"
needs_refcount = pytest.mark.refcount
watch_namespaces(hello, shapes, t, errors)


PanicException = panic_exception_class(t)

V = shapes.Vector


def tri():
    return [V(0, 0), V(4, 0), V(0, 3)]


class SubVector(V):
    pass


class SubTracked(t.Tracked):
    pass


def _hello_cases():
    yield calling(hello.add, 1, 2)
    yield calling(hello.add, a=-(2**62), b=-(2**62))
    yield calling(hello.greet, "Ada")
    yield calling(hello.greet, "Ada", greeting="Hi")
    yield calling(hello.greet, name="é✓")
    yield raising(TypeError, hello.add, "x", 1)
    yield raising(TypeError, hello.add, 1)
    yield raising(TypeError, hello.add)
    yield raising(TypeError, hello.add, 1, 2, 3)
    yield raising(TypeError, hello.add, 1, 2, c=3)
    yield raising(TypeError, hello.add, 1, a=2)
    yield raising(OverflowError, hello.add, 2**63, 1)
    yield raising(Boom, hello.add, BadIndex(), 1)
    yield raising(TypeError, hello.greet, "Ada", "Hi")
    yield raising(TypeError, hello.greet, "Ada", greting="Hi")
    yield raising(UnicodeEncodeError, hello.greet, "\udc80")
    yield raising(TypeError, hello.greet, b"Ada")


def _vector_cases():
    v, w = V(3, 4), V(1, 2)
    yield calling(V)
    yield calling(V, 1.5, y=2)
    yield calling(V, x=1, y=2)
    yield calling(lambda: v.x)
    yield calling(lambda: v.y)
    yield calling(setattr, V(1, 2), "x", 5.0)
    yield calling(setattr, V(1, 2), "y", 5)
    yield calling(v.norm)
    yield calling(V(1, 2).scale, 2.0)
    yield calling(v.dot, w)
    yield calling(v.normalized)
    yield calling(V.zero)
    yield calling(V.unit_x)
    yield calling(SubVector.unit_x)
    yield calling(SubVector, 1, 2)
    yield calling(lambda: V.DIMENSIONS)
    yield calling(repr, v)
    yield calling(lambda: v + w)
    yield calling(lambda: v - w)
    yield calling(lambda: v * 2)
    yield calling(lambda: 2 * v)

    def iadd():
        a = V(1, 1)
        a += w
        return a

    yield calling(iadd)
    yield calling(lambda: -v)
    yield calling(abs, v)
    yield calling(bool, v)
    yield calling(bool, V())
    yield calling(lambda: v == w)
    yield calling(lambda: v != w)
    yield calling(lambda: v == 1)
    yield calling(hash, v)
    yield calling(len, v)
    yield calling(lambda: v[0] + v[-1])
    yield calling(list, v)
    yield calling(lambda: {v: 1, w: 2})
    # error paths
    yield raising(ZeroDivisionError, V().normalized)
    yield raising(IndexError, lambda: v[2])
    yield raising(TypeError, lambda: v["a"])
    yield raising(OverflowError, lambda: v[2**70])
    yield raising(TypeError, lambda: v + 1)
    yield raising(TypeError, lambda: 1 - v)
    yield raising(TypeError, lambda: v * "a")
    yield raising(TypeError, v.dot, 1)
    yield raising(TypeError, v.dot)
    yield raising(TypeError, V, "a")
    yield raising(TypeError, V, 1, 2, 3)
    yield raising(TypeError, V, z=1)
    yield raising(Boom, V, BadFloat())
    yield raising(TypeError, setattr, V(), "x", "a")
    yield raising((TypeError, AttributeError), delattr, V(), "x")
    yield raising(AttributeError, setattr, V(), "nope", 1)
    yield raising(TypeError, V(1, 1).scale, None)


def _named_vector_cases():
    nv = shapes.NamedVector("a", 1, 2)
    yield calling(shapes.NamedVector, "name", 1.0, 2.0)
    yield calling(repr, nv)
    yield calling(lambda: nv.name)
    yield calling(setattr, shapes.NamedVector("a", 1, 2), "name", "b")
    yield calling(nv.norm)
    yield calling(lambda: nv + V(1, 1))
    # unit_x calls cls(1.0, 0.0), which NamedVector (name, x, y) does not accept.
    yield raising(TypeError, shapes.NamedVector.unit_x)
    yield raising(TypeError, shapes.NamedVector, 1, 2, 3)
    yield raising(TypeError, shapes.NamedVector, "a")
    yield raising(TypeError, setattr, nv, "name", 5)


def _polygon_cases():
    p = shapes.Polygon(tri(), label="tri")
    q = shapes.Polygon(tri())
    yield calling(shapes.Polygon, tri())
    yield calling(shapes.Polygon, tri(), label=object())
    yield calling(shapes.Polygon, (SubVector(0, 0), V(1, 0), V(0, 1)))
    yield calling(p.area)
    yield calling(lambda: p.label)
    yield calling(lambda: q.label)
    yield calling(setattr, shapes.Polygon(tri()), "label", "new")
    yield calling(setattr, shapes.Polygon(tri()), "label", None)
    yield calling(len, p)
    yield calling(lambda: p[1])
    yield calling(p.__setitem__, 0, V(0, 0))
    yield calling(lambda: V(4, 0) in p)
    yield calling(lambda: V(9, 9) in p)
    yield calling(list, p)
    yield calling(lambda: next(iter(p)))
    yield calling(lambda: iter(iter(p)))
    yield calling(lambda: p == q)
    yield calling(lambda: p == shapes.Polygon(tri() + [V(1, 1)]))
    yield calling(lambda: p == 5)
    yield calling(repr, p)
    # error paths
    yield raising(ValueError, shapes.Polygon, [V(), V()])
    yield raising(TypeError, shapes.Polygon, [V(), V(), 1])
    yield raising(TypeError, shapes.Polygon, 5)
    yield raising(TypeError, shapes.Polygon, "abc")
    yield raising(Boom, shapes.Polygon, BadIter())
    yield raising(Boom, shapes.Polygon, BadNext())
    yield raising(TypeError, shapes.Polygon, tri(), "label")
    yield raising(IndexError, lambda: p[3])
    yield raising(OverflowError, lambda: p[-1])
    yield raising(TypeError, lambda: p["x"])
    yield raising(IndexError, p.__setitem__, 7, V())
    yield raising(TypeError, p.__setitem__, 0, 1)
    yield raising(AttributeError, p.__delitem__, 0)
    # An item of the wrong type is simply not contained (as for a Python container).
    yield calling(lambda: 1 in p)
    yield raising(TypeError, shapes.VertexIter)


def _tally_cases():
    tally = shapes.Tally(3)
    yield calling(shapes.Tally)
    yield calling(shapes.Tally, step=2)
    yield calling(tally.incr)
    yield calling(lambda: tally.count)
    yield calling(lambda: tally.step)
    yield calling(tally.with_exclusive, lambda: 1)
    yield calling(tally.with_shared, lambda: tally.count)
    yield calling(tally.hold, 0)
    # error paths: a callback re-entering the object, exceptions from the callback
    yield raising(RuntimeError, tally.with_exclusive, tally.incr)
    yield raising(RuntimeError, tally.with_exclusive, lambda: tally.count)
    yield raising(RuntimeError, tally.with_shared, tally.incr)
    yield raising(KeyError, tally.with_shared, {}.popitem)
    yield raising(OverflowError, shapes.Tally, -1)
    yield raising(TypeError, tally.hold, "1")
    yield raising(AttributeError, setattr, tally, "step", 5)
    yield raising(AttributeError, setattr, tally, "count", 5)


def _testmod_cases():
    ints = {
        "i8": 2**7, "i16": 2**15, "i32": 2**31, "i64": 2**63, "i128": 2**127, "isize": 2**63,
        "u8": 2**8, "u16": 2**16, "u32": 2**32, "u64": 2**64, "u128": 2**128, "usize": 2**64,
    }
    for ty, top in ints.items():
        f = getattr(t, f"id_{ty}")
        signed = ty.startswith("i")
        yield calling(f, top - 1)
        yield calling(f, -top if signed else 0)
        yield raising(OverflowError, f, top)
        yield raising(OverflowError, f, -top - 1 if signed else -1)
        yield raising(TypeError, f, 1.5)
        yield raising(Boom, f, BadIndex())
    yield calling(t.id_f32, 1e300)
    yield calling(t.id_f64, float("nan"))
    yield calling(t.id_f64, 7)
    yield raising(TypeError, t.id_f64, "1")
    yield raising(Boom, t.id_f64, BadFloat())
    yield calling(t.id_bool, True)
    yield raising(TypeError, t.id_bool, 1)
    yield calling(t.id_char, "✓")
    yield raising(ValueError, t.id_char, "ab")
    yield calling(t.id_str, "héllo ✓")
    yield raising(UnicodeEncodeError, t.id_str, "a\ud800")
    yield raising(TypeError, t.id_str, b"x")
    yield calling(t.id_opt, None)
    yield calling(t.id_opt, 5)
    yield calling(t.id_tuple, (1, "a", True))
    yield raising(ValueError, t.id_tuple, (1, "a"))
    yield raising(TypeError, t.id_tuple, (1, 2, True))
    yield calling(t.id_vec, [1, 2, 3])
    yield calling(t.id_vec, range(50))
    yield calling(t.id_vec, (x for x in [1, 2]))
    yield raising(TypeError, t.id_vec, "abc")
    yield raising(TypeError, t.id_vec, [1, "2"])
    yield raising(Boom, t.id_vec, BadIter())
    yield raising(Boom, t.id_vec, BadNext())
    # Vec<T> reads a non-sequence iterable as list() does, length hint included: a
    # failing __len__ raises, as it does for list(BadLen()).
    yield raising(Boom, t.id_vec, BadLen())
    yield calling(t.id_nested, [["a"], [], ["b", "c"]])
    yield raising(TypeError, t.id_nested, [["a"], [1]])
    yield calling(t.id_bytes, b"\x00\xff")
    yield calling(t.id_bytes, bytearray(b"ab"))
    yield calling(t.id_bytes, [1, 2, 3])
    yield raising(OverflowError, t.id_bytes, [256])
    yield calling(t.id_map, {"a": 1, "b": 2})
    yield raising(TypeError, t.id_map, {1: 1})
    yield raising(TypeError, t.id_map, [("a", 1)])
    yield calling(t.id_btreemap, {2: b"x", 1: b""})
    yield calling(t.id_set, {1, 2, 3})
    yield calling(t.id_set, [1, 1, 2])
    yield raising(TypeError, t.id_set, {"a"})
    yield calling(t.id_btreeset, frozenset({"x"}))
    yield calling(t.id_array, [1, 2, 3])
    yield raising(ValueError, t.id_array, [1, 2])
    yield calling(t.id_object, object())
    yield calling(t.str_len, "héllo")
    yield raising(UnicodeEncodeError, t.str_len, "\udc80")
    yield calling(t.bytes_len, b"12345")
    yield raising(TypeError, t.bytes_len, "12345")
    yield calling(t.returns_unit, 1)
    yield calling(t.noargs)
    yield raising(TypeError, t.noargs, 1)
    yield calling(t.params, 1, 2, d=True)
    yield calling(t.params, 1, 2, 4, d=False, e=2.0)
    yield raising(TypeError, t.params, 1, 2)
    yield raising(TypeError, t.params, a=1, b=2, d=True)
    yield raising(TypeError, t.params, 1, 2, 3, 4, d=True)
    yield calling(t.variadic, 1, 2, 3, x=1, y=2)
    yield calling(t.variadic, first=9, z=0)
    yield raising(TypeError, t.variadic)
    yield calling(t.options, a=1, b=2)
    yield raising(TypeError, t.options, 1)
    yield calling(t.maybe)
    yield calling(t.maybe, 3)
    yield calling(t.divide, 1, 2)
    yield raising(ZeroDivisionError, t.divide, 1, 0)
    yield calling(t.parse_int, " 42 ")
    yield raising(ValueError, t.parse_int, "4x2")
    yield raising(PanicException, t.panics, "boom")
    yield raising(PanicException, t.panics_with_int)
    yield calling(t.make_list, 10)
    yield calling(t.apply, lambda x: x * 2, 21)
    yield raising(KeyError, t.apply, {}.__getitem__, "missing")
    yield calling(t.apply_kw, lambda x, **kw: (x, kw), 2, "k")
    yield calling(t.get_attr, t, "ANSWER")
    yield raising(AttributeError, t.get_attr, t, "nope")
    # A method whose effect does not pile up: before 3.12 small ints and built-in types
    # are not immortal, so list.append(1) grows the total by one per call from Python too.
    yield calling(t.call_method, set(), "add", 1)
    yield calling(t.describe, [1])
    yield raising(Boom, t.describe, _BadRepr())
    yield calling(t.iter_sum, [1, 2, 3])
    yield raising(Boom, t.iter_sum, BadNext())
    yield calling(t.sum_detached, 1000)
    yield calling(t.checksum_detached, 1000)
    yield calling(t.spin_detached, 0)
    yield calling(t.call_from_thread, lambda x: x * 2)
    yield raising(ValueError, t.call_from_thread, lambda x: int("x"))
    yield raising(TypeError, t.call_from_thread, lambda: 1)
    yield calling(t.renamed)
    yield calling(t.raw_ident, type="x")
    yield calling(t.sub.triple, 3)
    # Tracked and friends
    yield calling(t.Tracked, 1)
    yield calling(t.Tracked, 1, payload=[1])
    yield calling(t.make_tracked, 2)
    yield calling(SubTracked, 3)
    yield calling(t.TrackedChild, "c", 4)
    yield calling(lambda: t.TrackedChild("c", 4).label)
    yield calling(t.Tracked(5).bump, 1)
    yield raising(ValueError, t.Tracked(2**63 - 1).bump, 1)
    yield calling(repr, t.Tracked(1))
    yield calling(t.Tracked.counts)

    def payload_cycle():
        a = t.Tracked(0)
        a.payload = a

    def python_cycle():
        a = SubTracked(0)
        a.me = a

    def two_cycle():
        a, b = t.Tracked(0), t.Tracked(1)
        a.payload, b.payload = b, a

    yield calling(payload_cycle)
    yield calling(python_cycle)
    yield calling(two_cycle)
    yield calling(lambda: t.SlowCounter().incr())
    yield calling(lambda: t.SlowCounter().incr(pause_us=1))
    yield calling(lambda: t.SlowCounter().count)
    yield calling(setattr, t.Tracked(1), "value", 5)
    yield calling(setattr, t.Tracked(1), "payload", [1, 2])
    yield calling(lambda: t.Tracked(1, payload="p").payload)
    yield raising(OverflowError, setattr, t.Tracked(1), "value", 2**64)
    unarmed = t.Boom(armed=False)
    yield calling(unarmed.method, 1)
    yield calling(unarmed.method_mut)
    yield calling(lambda: unarmed.prop)
    yield calling(repr, unarmed)
    yield calling(len, unarmed)
    yield calling(hash, unarmed)
    yield calling(list, unarmed)
    yield calling(lambda: unarmed == t.Boom(armed=False))
    yield calling(lambda: t.SlowCounter().snapshot())
    yield raising(PanicException, t.Boom, in_new=True)
    boom = t.Boom()
    yield raising(PanicException, boom.method, 1)
    yield raising(PanicException, boom.method_mut)
    yield raising(PanicException, getattr, boom, "prop")
    yield raising(PanicException, setattr, boom, "prop", 1)
    yield raising(PanicException, repr, boom)
    yield raising(PanicException, len, boom)
    yield raising(PanicException, hash, boom)
    yield raising(PanicException, lambda: boom == boom)
    yield raising(PanicException, next, boom)
    yield raising(PanicException, lambda: boom[0])


class _BadRepr:
    def __repr__(self):
        raise Boom("repr")


def _protocol_cases():
    """Special methods found by name, derived ones, enums, attribute hooks, eval/run."""
    import copy
    import pickle

    def with_session(exc=None):
        s = t.Session()
        try:
            with s:
                if exc:
                    raise exc("x")
        except ValueError:
            pass
        return s.log

    yield calling(with_session)
    yield calling(with_session, KeyError)
    yield calling(with_session, ValueError)
    m = t.Money(1234)
    yield calling(format, m, "c")
    yield raising(ValueError, format, m, "x")
    yield calling(round, m)
    yield raising(TypeError, round, m, 1)
    yield calling(lambda: list(reversed(m)))
    yield calling(copy.deepcopy, m)
    yield calling(lambda: pickle.loads(pickle.dumps(m)))
    a, b = t.Version(1, 2), t.Version(1, 3)
    yield calling(lambda: (a == b, a < b, a >= b, hash(a), str(a)))
    yield calling(lambda: a == "other")
    yield raising(TypeError, lambda: a < 1)
    yield raising(TypeError, hash, t.Tag("x"))
    yield calling(lambda: (t.Color.Red, repr(t.Color.Blue), int(t.Color.Green)))
    yield calling(t.complement, t.Color.Red)
    yield raising(TypeError, t.complement, 1)
    r = t.Record(1)
    yield calling(setattr, r, "x_a", 5)
    yield calling(getattr, r, "x_a")
    yield raising(AttributeError, getattr, r, "missing")
    yield raising(AttributeError, setattr, r, "bad", 1)
    yield raising(TypeError, setattr, r, "x_b", "str")
    yield calling(lambda: t.Fallback().anything)
    yield calling(t.eval_expr, "6 * 7")
    yield raising(SyntaxError, t.eval_expr, "1 +")
    yield raising(ZeroDivisionError, t.eval_expr, "1 / 0")
    yield calling(t.run_code, "y = [i for i in range(3)]")
    yield raising(NameError, t.run_code, "undefined_name")


def _port_errors_cases():
    # Built-in bases (exceptions, dict, list, set) and `dict`/`weakref` instances.
    import weakref

    def raise_catch():
        try:
            raise errors.HttpError(500, "u")
        except errors.HttpError as e:
            return e.args

    def weak_cycle():
        n = errors.Node("a")
        n.me = n
        return weakref.ref(n, lambda r: None)

    def weak_cache():
        cache = weakref.WeakValueDictionary()
        entry = errors.CacheEntry("k", [1])
        cache["k"] = entry
        return cache.get("k") is entry

    yield calling(errors.HttpError, 404, "http://a")
    yield calling(lambda: str(errors.HttpError(404, "u")))
    yield calling(lambda: errors.HttpError(404, "u").is_client_error())
    yield calling(raise_catch)
    yield raising(errors.HttpError, errors.fetch, "http://a/missing")
    yield raising(ValueError, errors.validate, "", [1])
    yield raising(TypeError, errors.HttpError, status=1, url="u")
    yield raising(TypeError, errors.HttpError, "x", "u")
    yield raising(TypeError, errors.InvalidField)
    yield calling(errors.MissingItem, "users")
    yield calling(lambda: errors.Settings("a").__dict__.update(x=[1]))
    yield calling(lambda: vars(errors.Settings("a")))
    yield calling(weak_cycle)
    yield calling(weak_cache)
    yield calling(lambda: errors.CountingDict({"a": 1}, b=2)["missing"])
    yield calling(lambda: errors.TitledList([1, 2]).describe())
    yield calling(lambda: errors.TagSet(["a"]) | {"b"})
    yield raising(TypeError, errors.TitledList, 1, 2)
    yield calling(errors.NotFound, "http://a/b", "/b")
    yield calling(lambda: vars(errors.WeightedNode("w", 1.0)).update(x=[1]))
    yield calling(lambda: weakref.ref(errors.WeightedNode("w", 1.0)))


def _async_cases():
    """`async fn`s awaited on one event loop (kept for the whole run, so that each call
    is only the coroutine's work): results, errors, panics, cancelling, async methods,
    Python awaitables awaited from Rust."""
    import asyncio

    loop = asyncio.new_event_loop()

    def run(make):
        def call():
            return loop.run_until_complete(make())

        call.__name__ = getattr(make, "__name__", "run")
        return call

    async def cancel_hold():
        task = loop.create_task(t.hold([1, 2], 10))
        await asyncio.sleep(0)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            return

    async def timeout_sleep():
        try:
            await asyncio.wait_for(t.sleep(10, [1]), 0.0005)
        except TimeoutError:
            return

    async def throw_into():
        coro = t.hold({"k": 1}, 10)
        coro.send(None)
        try:
            coro.throw(KeyError("k"))
        except KeyError:
            return

    async def cancel_answered():
        task = loop.create_task(t.cancellable_sleep(10, "x"))
        await asyncio.sleep(0)
        task.cancel()
        assert await task == "x: CancelledError"

    def close_unstarted():
        coro = t.sleep(1, [1])
        coro.close()

    async def py_double(x):
        await asyncio.sleep(0)
        return 2 * x

    counter = t.AsyncCounter()
    yield calling(run(lambda: t.add_now(1, 2)))
    yield calling(run(lambda: t.pair(1, "a")))
    yield calling(run(lambda: t.sleep(0, [1])))
    yield calling(run(lambda: t.from_thread(7)))
    yield calling(run(lambda: t.yield_now(2)))
    yield calling(run(lambda: t.echo_later(ValueError("v"))))
    yield raising(ValueError, run(lambda: t.fail_later("bad")))
    yield raising(ValueError, run(lambda: t.parse_later("x")))
    yield raising(PanicException, run(lambda: t.panic_later(0)))
    yield raising(ZeroDivisionError, run(lambda: t.call_later(lambda: 1 / 0, 0)))
    yield calling(run(cancel_hold))
    yield calling(run(timeout_sleep))
    yield calling(run(throw_into))
    yield calling(run(cancel_answered))
    yield calling(close_unstarted)
    yield calling(lambda: t.hold([1], 10))  # never awaited
    yield calling(run(lambda: t.await_call(py_double, 21)))
    yield calling(run(lambda: counter.get(0)))
    yield calling(run(lambda: counter.incr(0)))
    yield calling(run(lambda: t.AsyncCounter.double(2)))
    yield raising(RuntimeError, lambda: (counter.incr(1), counter.get(0)))


def _interpreter_handle_cases():
    """Issue 19: attaching Rust threads through interpreter handles, objects dropped on
    them, guards, and `delattr`."""

    class Box:
        pass

    def delete_attr():
        b = Box()
        b.x = [1]
        t.del_attr(b, "x")

    yield calling(lambda: t.attach_from_threads(lambda th, c: [th, c], 2, 3))
    yield raising(ZeroDivisionError, lambda: t.attach_from_threads(lambda th, c: 1 / 0, 2, 1))
    yield calling(lambda: t.drop_on_worker([[1, 2]], True))
    yield calling(lambda: t.drop_on_worker([[1, 2]], False))
    yield calling(lambda: (t.keep_interpreter(), t.attach_kept(), t.drop_kept_interpreter()))
    yield calling(t.interpreter_id)
    yield calling(delete_attr)
    yield raising(AttributeError, lambda: t.del_attr(Box(), "missing"))


def _all_cases():
    groups = {
        "hello": _hello_cases,
        "Vector": _vector_cases,
        "NamedVector": _named_vector_cases,
        "Polygon": _polygon_cases,
        "Tally": _tally_cases,
        "testmod": _testmod_cases,
        "protocols": _protocol_cases,
        "port_errors": _port_errors_cases,
        "async": _async_cases,
        "interpreter_handles": _interpreter_handle_cases,
    }
    out = []
    for group, make in groups.items():
        for i, case in enumerate(make()):
            out.append(pytest.param(case, id=f"{group}-{i}-{case.__name__}"))
    return out


CASES = _all_cases()


# TrackedChild's deallocation warns on the debug build (the GC flag bug reproduced in
# test_gc.py); pytest keeps every warning it records, which would look like a leak.
@pytest.mark.filterwarnings("ignore:Object of type testmod.TrackedChild:ResourceWarning")
@pytest.mark.parametrize("case", CASES)
def test_no_leak(case):
    created, dropped = t.Tracked.counts()
    if LEAK_CHECK:
        calls = check_no_leak(case)  # ends with a full collection
    else:
        for calls in range(1, 4):
            case()
        gc.collect()
    created2, dropped2 = t.Tracked.counts()
    assert created2 - created == dropped2 - dropped, (
        f"{created2 - created} Tracked objects made, {dropped2 - dropped} dropped"
    )
    if LEAK_CHECK:
        record("leak_calls", calls)
        record("leak_cases", 1)


@needs_refcount
def test_drop_panic_is_unraisable_and_does_not_leak():
    # Counted, not listed: a list of the exception types would hold one more reference
    # to RuntimeError per call, which before 3.12 (no immortal types) is a growth.
    seen = {}

    def hook(u):
        seen[type(u.exc_value)] = seen.get(type(u.exc_value), 0) + 1

    old = sys.unraisablehook
    sys.unraisablehook = hook
    try:
        calls = check_no_leak(lambda: t.PanicOnDrop("drop"), n=100)
    finally:
        sys.unraisablehook = old
    assert set(seen) == {RuntimeError}
    assert seen[RuntimeError] == calls
    record("leak_calls", calls)


@pytest.mark.filterwarnings("ignore:Object of type testmod.TrackedChild:ResourceWarning")
def test_every_object_is_freed():
    """Objects made in every way are dropped: from Python, from Rust, Python subclasses,
    Rust subclasses, in reference cycles through Rust fields and through Python ones."""
    gc.collect()
    c0, d0 = t.Tracked.counts()
    made = []
    for i in range(200):
        made.append(t.Tracked(i))
        made.append(t.make_tracked(i))
        made.append(SubTracked(i))
        made.append(t.TrackedChild("x", i))
        cyc = t.Tracked(i)
        cyc.payload = [cyc]
        sub = SubTracked(i)
        sub.payload = sub
        sub.other = sub
    made.clear()
    del cyc, sub
    gc.collect()
    c1, d1 = t.Tracked.counts()
    assert c1 - c0 == 6 * 200
    assert d1 - d0 == c1 - c0


# --- negative controls: the checks can fail --------------------------------------------


@needs_refcount
def test_negative_control_reference_leak_is_detected():
    obj = object()
    with pytest.raises(LeakError, match="grew by"):
        check_no_leak(lambda: t.leak_ref(obj), n=200)
    assert sys.getrefcount(obj) > 600


@needs_refcount
def test_negative_control_reference_leak_to_a_module_object_is_detected():
    """The leaked object is the module's own class, found through the module alone (the
    call's closure holds nothing): what the release check watches via watch_namespaces."""
    before = sys.getrefcount(t.Tracked)
    with pytest.raises(LeakError, match="grew by"):
        check_no_leak(lambda: t.leak_ref(t.Tracked), n=200)
    assert sys.getrefcount(t.Tracked) - before >= 600


@needs_refcount
def test_negative_control_leaked_object_is_detected():
    gc.collect()
    created, dropped = t.Tracked.counts()
    with pytest.raises(LeakError):
        check_no_leak(t.leak_tracked, n=200)
    gc.collect()
    created2, dropped2 = t.Tracked.counts()
    assert created2 - created > dropped2 - dropped
