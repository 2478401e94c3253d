"""Property-based bad-input testing of every function and method of `hello`, `shapes` and
`testmod` (run by test_bad_input.py, one subprocess per group, so that a crash is a test
failure with a message rather than a dead test runner).

    python _fuzz_driver.py GROUP MAX_EXAMPLES SEED

GROUP is one of the groups below or `all` (every group but the negative control).

For each target, hypothesis draws arities, keyword sets (real parameter names, unknown
names, names with lone surrogates) and values (integers at every width's edges, NaN and
infinities, strings with lone surrogates, bytes, containers, huge sequences, objects whose
`__index__`/`__float__`/`__len__`/`__iter__`/`__next__`/`__hash__` raise, instances of the
example classes). A call must return a valid value or raise an exception of an expected
class: never a crash, an abort, a hang, or a PanicException from code that does not panic.

Prints one JSON line with the examples run per target; exits 1 if any target failed.
"""

import faulthandler
import json
import math
import operator
import os
import re
import resource
import sys
import tempfile
import traceback

# Hypothesis keeps caches in ./.hypothesis by default: not in the source tree.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "abide-hypothesis")
)

from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st

import _support as s
import hello
import shapes
import testmod as t

# A runaway allocation must fail (MemoryError, or an abort reported as a failure), not
# take the machine down.
_LIMIT = 6 * 1024**3
resource.setrlimit(resource.RLIMIT_AS, (_LIMIT, _LIMIT))


PanicException = s.panic_exception_class(t)
V = shapes.Vector

# --- values ------------------------------------------------------------------------------

INT_EDGES = sorted(
    {sign * 2**bits + d for bits in (7, 8, 15, 16, 31, 32, 63, 64, 127, 128) for sign in (1, -1) for d in (-1, 0, 1)}
    | {0, 1, -1, 2**1000, -(2**1000)}
)
ints = st.one_of(st.sampled_from(INT_EDGES), st.integers(), st.integers(-(2**130), 2**130))
floats = st.one_of(
    st.floats(),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 5e-324, 1.7976931348623157e308, 3.5e38]),
)
surrogate = st.integers(0xD800, 0xDFFF).map(chr)
texts = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=st.one_of(st.characters(), surrogate), max_size=8),
    st.sampled_from(["", "\x00", "\udc80", "a\ud800b", "\udfff\ud800", "é✓𝄞", "42", " -7 ", "nan"]),
)
binaries = st.one_of(st.binary(max_size=20), st.binary(max_size=8).map(bytearray))

EVIL_CLASSES = [
    s.BadIndex, s.BadFloat, s.BadLen, s.BadIter, s.BadNext, s.LyingLen, s.BadHash, s.HugeIndex, object,
]
evil = st.sampled_from(EVIL_CLASSES).map(lambda c: c())

# Big but bounded inputs (a few MB at most).
HUGE = [
    lambda: [0] * 10**6,
    lambda: range(10**6),
    lambda: tuple(range(10**5)),
    lambda: b"x" * 10**6,
    lambda: "y" * 10**6,
    lambda: "\udc80" * 10**5,
    lambda: [V()] * 10**4,
    lambda: {i: i for i in range(10**4)},
    lambda: set(range(10**4)),
    lambda: [[1, 2]] * 10**4,
]
huge = st.sampled_from(HUGE).map(lambda f: f())

example_objects = st.one_of(
    st.builds(V, floats, floats),
    st.builds(shapes.NamedVector, st.text(max_size=3), floats, floats),
    st.builds(lambda: shapes.Polygon([V(0, 0), V(1, 0), V(0, 1)])),
    st.builds(shapes.Tally),
    st.builds(t.Tracked, st.integers(-5, 5)),
)

scalars = st.one_of(
    ints, floats, texts, binaries, st.booleans(), st.none(), st.complex_numbers(max_magnitude=10),
    evil, example_objects,
)
hashables = st.one_of(ints, texts, st.booleans(), st.none(), st.binary(max_size=4))


def _containers(children):
    return st.one_of(
        st.lists(children, max_size=5),
        st.tuples(children),
        st.tuples(children, children, children),
        st.dictionaries(hashables, children, max_size=4),
        st.frozensets(hashables, max_size=4),
        st.sets(hashables, max_size=4),
        st.lists(children, max_size=4).map(iter),
    )


values = st.one_of(st.recursive(scalars, _containers, max_leaves=8), huge)
keyword_names = st.one_of(
    st.sampled_from(["x", "y", "v", "a", "b", "self", "", "n"]),
    st.text(max_size=4),
    st.text(alphabet=surrogate, min_size=1, max_size=2),
)

# --- targets -------------------------------------------------------------------------------

COMMON = (TypeError, ValueError, OverflowError, MemoryError, s.Boom)
# Targets that call into arbitrary values (getattr, a method of any name) may also see these.
LOOKUPS = COMMON + (AttributeError, IndexError, KeyError, LookupError, ZeroDivisionError)
TARGETS = {}


def target(group, name, fn, params=(), allowed=COMMON, check=None, raised=None, always=()):
    """Registers `fn` (called as fn(*args, **kwargs)); `params` lists (name, plausible
    value strategy) for its real parameters; `check(args, kwargs, result)` validates a
    returned value, `raised(args, kwargs, exc)` an exception of an `allowed` class (that
    this input should raise exactly that); `always` lists (args, kwargs) calls made on
    every run whatever hypothesis draws."""
    TARGETS.setdefault(group, []).append(
        (name, fn, list(params), allowed, check, raised, list(always))
    )


def bound(args, kwargs, names):
    """The values of parameters `names` when the call passes exactly those (by position or
    keyword, nothing more or less), else None (the call must be a TypeError)."""
    if len(args) > len(names):
        return None
    values_ = dict(zip(names, args))
    for k, v in kwargs.items():
        if k not in names or k in values_:
            return None
        values_[k] = v
    if len(values_) != len(names):
        return None
    return [values_[n] for n in names]


def expect(exc, cls, pattern):
    """`exc` is exactly a `cls` whose message matches `pattern` in full."""
    assert type(exc) is cls and re.fullmatch(pattern, str(exc)), (
        f"expected {cls.__name__} matching {pattern!r}, got {type(exc).__name__}: {exc}"
    )


def index_error(fname, param, v, exc, lo, hi):
    """What converting `v` to a Rust integer in [lo, hi] for `fname`'s `param` must raise."""
    prefix = re.escape(f"{fname}() argument '{param}': ")
    if type(v) in (int, bool):
        assert not lo <= v <= hi, f"{fname}: {v} fits in [{lo}, {hi}] but raised {exc!r}"
        expect(exc, OverflowError, prefix + ".*(too large|too big|negative).*")
    elif isinstance(v, s.BadIndex):
        expect(exc, s.Boom, prefix + "__index__")
    elif isinstance(v, s.HugeIndex):
        expect(exc, OverflowError, prefix + ".*(too large|too big).*")
    else:
        expect(exc, TypeError, prefix + ".* cannot be interpreted as an integer")


class Sized:
    """A parameter that sizes the work (a sleep, a loop): drawn from its own strategy only,
    never from the arbitrary `values`, where a valid huge integer would just run for a
    very long time (2**63 milliseconds) instead of testing anything."""

    def __init__(self, strategy):
        self.strategy = strategy


def small(lo, hi):
    """Integers in [lo, hi] mostly, but also every bad type: for parameters that size the
    work (see `Sized`)."""
    return Sized(
        st.one_of(st.integers(lo, hi), st.integers(-(2**70), -1), st.booleans(), texts, floats, evil)
    )


def fresh(make, method):
    """A callable that calls `method` on a new object from `make()`."""

    def call(*args, **kwargs):
        return getattr(make(), method)(*args, **kwargs)

    return call


def index_of(v):
    return operator.index(v)


# hello

def _check_add(args, kwargs, r):
    a = args[0] if len(args) > 0 else kwargs.get("a")
    b = args[1] if len(args) > 1 else kwargs.get("b")
    assert type(r) is int
    if isinstance(a, int) and isinstance(b, int) and -(2**63) <= a + b < 2**63:
        assert r == a + b, (a, b, r)


def _add_raised(args, kwargs, e):
    ab = bound(args, kwargs, ["a", "b"])
    if ab is None:
        return expect(e, TypeError, r"add\(\) .*")
    for name, v in zip("ab", ab):
        if not (type(v) in (int, bool) and -(2**63) <= v < 2**63):
            return index_error("add", name, v, e, -(2**63), 2**63 - 1)
    assert not -(2**63) <= sum(ab) < 2**63, f"add{tuple(ab)} fits but raised {e!r}"
    expect(e, OverflowError, "the sum does not fit in 64 bits")


target("hello", "add", hello.add, [("a", ints), ("b", ints)], check=_check_add, raised=_add_raised)
target("hello", "greet", hello.greet, [("name", texts), ("greeting", texts)],
       check=lambda a, k, r: type(r) is str and r.endswith("!"))

# shapes.Vector

vec_params = [("x", floats), ("y", floats)]
target("vector", "Vector", V, vec_params, check=lambda a, k, r: type(r) is V)
target("vector", "Vector.norm", fresh(lambda: V(3, 4), "norm"), check=lambda a, k, r: r == 5.0)
target("vector", "Vector.scale", fresh(lambda: V(3, 4), "scale"), [("k", floats)])
target("vector", "Vector.dot", fresh(lambda: V(3, 4), "dot"), [("other", example_objects)])
target("vector", "Vector.normalized", fresh(V, "normalized"), allowed=COMMON + (ZeroDivisionError,))
target("vector", "Vector.zero", V.zero)
target("vector", "Vector.unit_x", V.unit_x)
target("vector", "Vector.__repr__", fresh(V, "__repr__"))
target("vector", "Vector.x=", lambda *a, **k: setattr(V(), "x", *a, **k), [("value", floats)])
target("vector", "Vector.y=", lambda *a, **k: setattr(V(), "y", *a, **k), [("value", floats)])
target("vector", "v + x", lambda x: V(1, 2) + x, [("x", example_objects)])
target("vector", "x + v", lambda x: x + V(1, 2), [("x", example_objects)])
target("vector", "v - x", lambda x: V(1, 2) - x, [("x", example_objects)])
target("vector", "v * x", lambda x: V(1, 2) * x, [("x", floats)])
target("vector", "x * v", lambda x: x * V(1, 2), [("x", floats)])
target("vector", "v == x", lambda x: V(1, 2) == x, [("x", example_objects)],
       check=lambda a, k, r: type(r) is bool)
target("vector", "v != x", lambda x: V(1, 2) != x, [("x", example_objects)])
target("vector", "v < x", lambda x: V(1, 2) < x, [("x", example_objects)])


def _iadd(x):
    v = V(1, 2)
    v += x
    return v


target("vector", "v += x", _iadd, [("x", example_objects)])
target("vector", "v[x]", lambda x: V(1, 2)[x], [("x", st.integers(-3, 3))], allowed=COMMON + (IndexError,))
target("vector", "hash(v)", lambda: hash(V(1, 2)))
target("vector", "NamedVector", shapes.NamedVector, [("name", texts), ("x", floats), ("y", floats)])
target("vector", "NamedVector.name=", lambda *a: setattr(shapes.NamedVector("n", 0, 0), "name", *a),
       [("value", texts)])

# shapes.Polygon, VertexIter, Tally


def tri():
    return shapes.Polygon([V(0, 0), V(4, 0), V(0, 3)], label="tri")


vertices = st.lists(st.one_of(st.builds(V, floats, floats), values), min_size=0, max_size=5)
target("polygon", "Polygon", shapes.Polygon, [("vertices", vertices), ("label", values)])
target("polygon", "Polygon.area", fresh(tri, "area"), check=lambda a, k, r: r == 6.0)
target("polygon", "Polygon.label=", lambda *a: setattr(tri(), "label", *a), [("value", values)])
target("polygon", "p[x]", lambda x: tri()[x], [("x", st.integers(-4, 4))], allowed=COMMON + (IndexError,))


def _setitem(i, v):
    tri()[i] = v


target("polygon", "p[i] = v", _setitem, [("i", st.integers(-4, 4)), ("v", example_objects)],
       allowed=COMMON + (IndexError,))
# No __delitem__: CPython's AttributeError naming it, as for a Python class.
target("polygon", "del p[i]", lambda i: tri().__delitem__(i), [("i", st.integers(-4, 4))],
       allowed=COMMON + (AttributeError,))
target("polygon", "x in p", lambda x: x in tri(), [("x", example_objects)],
       check=lambda a, k, r: type(r) is bool)
target("polygon", "p == x", lambda x: tri() == x, [("x", example_objects)])
target("polygon", "iter(p)", lambda *a: list(iter(tri(), *a)))
target("polygon", "VertexIter", shapes.VertexIter)
target("polygon", "Tally", shapes.Tally, [("step", ints)])
target("polygon", "Tally.incr", fresh(shapes.Tally, "incr"))
target("polygon", "Tally.hold", fresh(shapes.Tally, "hold"), [("millis", small(0, 2))])
target("polygon", "Tally.with_exclusive", fresh(shapes.Tally, "with_exclusive"),
       [("callback", values)])
target("polygon", "Tally.with_shared", fresh(shapes.Tally, "with_shared"),
       [("callback", values)])
target("polygon", "Tally.step=", lambda *a: setattr(shapes.Tally(), "step", *a), [("v", ints)],
       allowed=COMMON + (AttributeError,))

# testmod: every integer width, and the other conversions

INT_RANGES = {
    "i8": (-(2**7), 2**7 - 1), "i16": (-(2**15), 2**15 - 1), "i32": (-(2**31), 2**31 - 1),
    "i64": (-(2**63), 2**63 - 1), "i128": (-(2**127), 2**127 - 1), "isize": (-(2**63), 2**63 - 1),
    "u8": (0, 2**8 - 1), "u16": (0, 2**16 - 1), "u32": (0, 2**32 - 1), "u64": (0, 2**64 - 1),
    "u128": (0, 2**128 - 1), "usize": (0, 2**64 - 1),
}


def _int_check(lo, hi):
    def check(args, kwargs, r):
        v = args[0] if args else kwargs["v"]
        assert type(r) is int
        assert r == index_of(v), (v, r)
        assert lo <= r <= hi

    return check


def _int_raised(ty, lo, hi):
    def raised(args, kwargs, e):
        v = bound(args, kwargs, ["v"])
        if v is None:
            return expect(e, TypeError, rf"id_{ty}\(\) .*")
        index_error(f"id_{ty}", "v", v[0], e, lo, hi)

    return raised


for ty, (lo, hi) in INT_RANGES.items():
    target("ints", f"id_{ty}", getattr(t, f"id_{ty}"), [("v", ints)], check=_int_check(lo, hi),
           raised=_int_raised(ty, lo, hi))


def _same_float(args, kwargs, r):
    v = args[0] if args else kwargs["v"]
    f = float(v)
    assert type(r) is float
    assert r == f or (math.isnan(r) and math.isnan(f)), (v, r)


target("other", "id_f64", t.id_f64, [("v", floats)], check=_same_float)
target("other", "id_f32", t.id_f32, [("v", floats)], check=lambda a, k, r: type(r) is float)
target("other", "id_bool", t.id_bool, [("v", st.booleans())], check=lambda a, k, r: type(r) is bool)


def _identity(args, kwargs, r):
    v = args[0] if args else kwargs["v"]
    assert r == v, (v, r)


target("other", "id_str", t.id_str, [("v", texts)], check=_identity)
target("other", "id_char", t.id_char, [("v", texts)], check=_identity)
target("other", "id_opt", t.id_opt, [("v", st.one_of(st.none(), ints))])
target("other", "id_tuple", t.id_tuple, [("v", st.tuples(ints, texts, st.booleans()))], check=_identity)
target("other", "id_vec", t.id_vec, [("v", st.lists(ints))])
target("other", "id_nested", t.id_nested, [("v", st.lists(st.lists(texts)))])
target("other", "id_bytes", t.id_bytes, [("v", binaries)])
target("other", "id_map", t.id_map, [("v", st.dictionaries(texts, ints))])
target("other", "id_btreemap", t.id_btreemap, [("v", st.dictionaries(ints, binaries))])
target("other", "id_set", t.id_set, [("v", st.sets(ints))])
target("other", "id_btreeset", t.id_btreeset, [("v", st.frozensets(texts))])
target("other", "id_array", t.id_array, [("v", st.lists(ints, min_size=2, max_size=4))])
target("other", "id_object", t.id_object, [("v", values)])
target("other", "str_len", t.str_len, [("s", texts)],
       check=lambda a, k, r: r == len(a[0] if a else k["s"]))
target("other", "bytes_len", t.bytes_len, [("b", binaries)])
target("other", "returns_unit", t.returns_unit, [("_x", ints)], check=lambda a, k, r: r is None)
target("other", "noargs", t.noargs, check=lambda a, k, r: r == "ok")
target("other", "params", t.params,
       [("a", ints), ("b", ints), ("c", ints), ("d", st.booleans()), ("e", floats)])
target("other", "variadic", t.variadic, [("first", ints), ("args", values), ("kwargs", values)])
target("other", "options", t.options, [("options", values)])
target("other", "maybe", t.maybe, [("x", st.one_of(st.none(), ints))])
target("other", "divide", t.divide, [("a", floats), ("b", floats)], allowed=COMMON + (ZeroDivisionError,))
target("other", "parse_int", t.parse_int, [("s", texts)])
target("other", "make_list", t.make_list, [("n", small(0, 1000))])
target("other", "apply", t.apply, [("f", values), ("x", values)])
target("other", "apply_kw", t.apply_kw, [("f", values), ("x", ints), ("key", texts)])
target("other", "get_attr", t.get_attr, [("obj", values), ("name", texts)],
       allowed=COMMON + (AttributeError,))
target("other", "call_method", t.call_method, [("obj", values), ("name", texts), ("arg", values)],
       allowed=LOOKUPS)
target("other", "describe", t.describe, [("obj", values)])
target("other", "iter_sum", t.iter_sum, [("obj", values)])
target("other", "sum_detached", t.sum_detached, [("n", small(0, 10**6))])
target("other", "checksum_detached", t.checksum_detached, [("n", small(0, 10**5))])
target("other", "spin_detached", t.spin_detached, [("millis", small(0, 1))])
target("other", "call_from_thread", t.call_from_thread, [("f", values)])
target("other", "renamed", t.renamed)
target("other", "raw_ident", t.raw_ident, [("type", texts)])
target("other", "sub.triple", t.sub.triple, [("x", ints)])
target("other", "Tracked", t.Tracked, [("value", ints), ("payload", values)])
target("other", "Tracked.bump", fresh(lambda: t.Tracked(7), "bump"), [("by", ints)])
target("other", "Tracked.value=", lambda *a: setattr(t.Tracked(), "value", *a), [("v", ints)])
target("other", "Tracked.payload=", lambda *a: setattr(t.Tracked(), "payload", *a), [("v", values)])
target("other", "TrackedChild", t.TrackedChild, [("label", texts), ("value", ints)])
target("other", "make_tracked", t.make_tracked, [("value", ints)])
target("other", "SlowCounter.incr", fresh(t.SlowCounter, "incr"), [("pause_us", small(0, 10))])

# panics in user code

PANICKY = COMMON + (PanicException,)


def _check_panics(args, kwargs, r):
    raise AssertionError(f"panics() returned {r!r}")


target("panics", "panics", t.panics, [("msg", texts)], allowed=PANICKY, check=_check_panics)
target("panics", "panics_with_int", t.panics_with_int, allowed=PANICKY)
target("panics", "Boom", t.Boom, [("armed", st.booleans()), ("in_new", st.booleans())], allowed=PANICKY)
for _m in ("method", "method_mut", "__repr__", "__len__", "__hash__", "__next__"):
    target("panics", f"Boom.{_m}", fresh(t.Boom, _m), [("x", ints)], allowed=PANICKY)
target("panics", "Boom.__getitem__", fresh(t.Boom, "__getitem__"), [("i", ints)], allowed=PANICKY)
target("panics", "Boom.__eq__", lambda x: t.Boom() == x, [("x", values)], allowed=PANICKY)
target("panics", "Boom.prop=", lambda *a: setattr(t.Boom(), "prop", *a), [("v", ints)], allowed=PANICKY)

_unraisable = []


def _panic_on_drop(*args, **kwargs):
    """Makes a PanicOnDrop and drops it: its Drop panics during deallocation, which must be
    reported through sys.unraisablehook (as RuntimeError), not crash."""
    before = len(_unraisable)
    obj = t.PanicOnDrop(*args, **kwargs)
    del obj
    new = _unraisable[before:]
    assert len(new) == 1 and new[0] is RuntimeError, new


target("panics", "PanicOnDrop", _panic_on_drop, [("message", texts)])

# negative controls: the driver must report a panic where none is expected, and an
# OverflowError for a value the oracle says fits (it claims u8 takes all of u64)
# (each with one call made on every run: with few examples, hypothesis alone may not draw
# an input that shows the flaw, and a control that passes by luck proves nothing)
target("control", "panics (not allowed)", t.panics, [("msg", texts)], always=[(("x",), {})])
target("control-overflow", "id_u8 (oracle claims u64)", t.id_u8, [("v", ints)],
       raised=_int_raised("u8", 0, 2**64 - 1), always=[((256,), {})])

# --- driver ----------------------------------------------------------------------------------


@st.composite
def call_args(draw, params):
    """Positional arguments, keyword arguments: each real parameter passed by position,
    by keyword or not at all, with a plausible or an arbitrary value; plus, sometimes,
    surplus positionals and unknown keywords."""
    args, kwargs = [], {}
    positional = True
    for name, plausible in params:
        how = draw(st.sampled_from(["pos", "pos", "kw", "omit"]))
        if isinstance(plausible, Sized):
            value = draw(plausible.strategy)
        else:
            value = draw(st.one_of(plausible, values) if plausible is not values else values)
        if how == "pos" and positional:
            args.append(value)
        elif how == "kw":
            positional = False
            kwargs[name] = value
        else:
            positional = False
    if draw(st.integers(0, 9)) == 0:
        args.extend(draw(st.lists(values, max_size=2)))
    if draw(st.integers(0, 9)) == 0:
        kwargs.update(draw(st.dictionaries(keyword_names, values, max_size=2)))
    return args, kwargs


def run_target(name, fn, params, allowed, check, raised, always, max_examples, run_seed):
    count = 0

    def with_always(test):
        for call in reversed(always):
            test = example(call)(test)
        return test

    @seed(run_seed)
    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @with_always
    @given(call_args(params))
    def prop(drawn):
        nonlocal count
        count += 1
        args, kwargs = drawn
        try:
            result = fn(*args, **kwargs)
        except allowed as e:
            if raised is not None:
                raised(args, kwargs, e)
            return
        except BaseException as e:
            raise AssertionError(
                f"{name}: unexpected {type(e).__module__}.{type(e).__qualname__}: {e!r}"
            ) from e
        if check is not None:
            check(args, kwargs, result)

    prop()
    return count


def main():
    group, max_examples, run_seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    # A hang becomes a traceback and a non-zero exit.
    faulthandler.dump_traceback_later(int(os.environ.get("ABIDE_FUZZ_WATCHDOG", "240")), exit=True)
    sys.unraisablehook = lambda u: _unraisable.append(u.exc_type)
    counts, failures = {}, []
    if group == "all":
        todo = [x for g, xs in TARGETS.items() if not g.startswith("control") for x in xs]
    else:
        todo = TARGETS[group]
    for name, fn, params, allowed, check, raised, always in todo:
        try:
            counts[name] = run_target(
                name, fn, params, allowed, check, raised, always, max_examples, run_seed
            )
        except BaseException:  # noqa: BLE001 - reported below
            failures.append(name)
            print(f"=== {name} failed (seed {run_seed}):", file=sys.stderr)
            traceback.print_exc()
    idle = [name for name, n in counts.items() if n == 0]
    if not todo or idle:
        failures.append("no examples")
        print(f"=== no examples ran for {idle or group}", file=sys.stderr)
    unexpected = [u for u in _unraisable if u is not RuntimeError]
    if unexpected:
        failures.append("unraisable")
        print(f"=== unexpected unraisable exceptions: {unexpected}", file=sys.stderr)
    print(json.dumps({"group": group, "examples": counts, "failures": failures}))
    sys.stdout.flush()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
