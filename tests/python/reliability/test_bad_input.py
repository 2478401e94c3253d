"""Bad input: hypothesis throws arbitrary values, arities and keyword sets at every function
and method of `hello`, `shapes` and `testmod` (see _fuzz_driver.py), each group in a
subprocess so that a crash, an abort or a hang is a failure with a message. Plus targeted
cases: panics in user code and in `Drop`, huge inputs, and negative controls."""

import json
import os
import sys

import pytest

import hello
import shapes
import testmod as t
from _support import describe_exit, expect_clean_exit, panic_exception_class, record, run_python

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVER = os.path.join(HERE, "_fuzz_driver.py")
EXAMPLES = int(os.environ.get("ABIDE_FUZZ_EXAMPLES", "150"))
SEED = int(os.environ.get("ABIDE_FUZZ_SEED", "0")) or int.from_bytes(os.urandom(4), "little")
GROUPS = ["hello", "vector", "polygon", "ints", "other", "panics"]


PanicException = panic_exception_class(t)


def run_driver(group):
    return run_python([DRIVER, group, str(EXAMPLES), str(SEED)], timeout=300, env={"PYTHONPATH": _path()})


def _path():
    return os.pathsep.join([HERE, os.environ.get("PYTHONPATH", "")])


@pytest.mark.parametrize("group", GROUPS)
def test_fuzz(group):
    proc = run_driver(group)
    if proc.returncode != 0:
        pytest.fail(
            f"bad-input group {group!r} failed ({describe_exit(proc)}); reproduce with "
            f"ABIDE_FUZZ_SEED={SEED}\n--- stdout ---\n{proc.stdout[-3000:]}\n--- stderr "
            f"(panic messages are expected) ---\n{_interesting(proc.stderr)}"
        )
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    total = sum(stats["examples"].values())
    assert len(stats["examples"]) > 0
    record("fuzz_examples", total)
    record("fuzz_targets", len(stats["examples"]))


def _interesting(stderr):
    """Drops the panic messages that the Rust panic hook prints for expected panics."""
    lines = [
        line
        for line in stderr.splitlines()
        if not (line.startswith("thread '") and "panicked at" in line)
        and not line.startswith("note: run with")
    ]
    return "\n".join(lines)[-6000:]


def test_negative_control_unexpected_panic_fails_the_driver():
    proc = run_driver("control")
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "unexpected abide.PanicException" in proc.stderr


def test_negative_control_a_crash_is_reported():
    proc = run_python("import ctypes; ctypes.string_at(0)")
    assert describe_exit(proc) == "killed by SIGSEGV"
    assert "Fatal Python error: Segmentation fault" in proc.stderr


# --- targeted cases ------------------------------------------------------------------------


def test_panic_in_user_code_is_an_exception():
    for f, args in [
        (t.panics, ("boom",)),
        (t.panics_with_int, ()),
        (t.Boom, (True, True)),
        (t.Boom().method, (1,)),
        (t.Boom().method_mut, ()),
        (getattr, (t.Boom(), "prop")),
        (setattr, (t.Boom(), "prop", 1)),
        (repr, (t.Boom(),)),
        (len, (t.Boom(),)),
        (hash, (t.Boom(),)),
        (next, (t.Boom(),)),
        (t.Boom().__getitem__, (0,)),
    ]:
        with pytest.raises(PanicException):
            f(*args)
    with pytest.raises(PanicException, match="^boom$"):
        t.panics("boom")
    with pytest.raises(PanicException, match="non-string payload"):
        t.panics_with_int()
    assert not issubclass(PanicException, Exception)
    # The interpreter and the objects are fine afterwards.
    b = t.Boom(armed=False)
    assert b.method(3) == 3 and len(b) == 0 and repr(b) == "Boom()"


def test_panic_in_a_method_releases_the_borrow():
    b = t.Boom()
    for _ in range(3):
        with pytest.raises(PanicException):
            b.method_mut()
        with pytest.raises(PanicException):
            b.method(1)


def test_panic_in_drop_goes_to_unraisablehook(monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    obj = t.PanicOnDrop("in drop")
    del obj
    assert len(seen) == 1
    assert seen[0].exc_type is RuntimeError
    assert "PanicOnDrop" in str(seen[0].exc_value)
    # In a list freed at once, and as a payload of a GC-tracked object in a cycle.
    objs = [t.PanicOnDrop(str(i)) for i in range(10)]
    del objs
    assert len(seen) == 11
    holder = t.Tracked(0, payload=t.PanicOnDrop("in cycle"))
    holder.payload = [holder.payload, holder]
    del holder
    import gc

    gc.collect()
    assert len(seen) == 12


def test_panic_in_drop_at_interpreter_exit():
    proc = run_python(
        "import testmod as t\n"
        "keep = t.PanicOnDrop('at exit')\n"
        "cycle = t.Tracked(0)\n"
        "cycle.payload = [cycle, t.PanicOnDrop('in a cycle at exit')]\n"
        "print('done')\n"
    )
    expect_clean_exit(proc)
    assert "done" in proc.stdout


def test_lone_surrogates_everywhere():
    for f, args, kwargs in [
        (hello.greet, ("\udc80",), {}),
        (hello.greet, ("a",), {"greeting": "\ud800"}),
        (t.id_str, ("a\udfffb",), {}),
        (t.id_char, ("\udc80",), {}),
        (t.str_len, ("\udc80" * 1000,), {}),
        (t.id_nested, ([["ok", "\udc80"]],), {}),
        (t.id_map, ({"\udc80": 1},), {}),
        (t.id_btreeset, ({"\udc80"},), {}),
        (t.parse_int, ("\udc80",), {}),
        (t.panics, ("\udc80",), {}),
        (t.PanicOnDrop, ("\udc80",), {}),
        (shapes.NamedVector, ("\udc80", 1, 2), {}),
        (t.get_attr, (t, "\udc80"), {}),
    ]:
        with pytest.raises(UnicodeEncodeError):
            f(*args, **kwargs)
    # Keyword names with lone surrogates: the TypeError CPython gives (the name itself
    # in the message, surrogate and all), not a crash.
    with pytest.raises(TypeError) as info:
        hello.add(1, **{"\udc80": 2})
    assert str(info.value) == "add() got an unexpected keyword argument '\udc80'"
    with pytest.raises(TypeError) as info:
        hello.greet("x", **{"greeting\udc80": "y"})
    assert str(info.value) == "greet() got an unexpected keyword argument 'greeting\udc80'"


def test_keyword_name_with_lone_surrogate_reads_like_cpython():
    def py_add(a, b):
        pass

    with pytest.raises(TypeError) as python_error:
        py_add(1, **{"\udc80": 2})
    with pytest.raises(TypeError) as abide_error:
        hello.add(1, **{"\udc80": 2})
    # CPython names the function by its qualified name; what follows "()" must agree.
    assert str(abide_error.value).split("() ", 1) == [
        "add",
        str(python_error.value).split("() ", 1)[1],
    ]
    assert t.options(**{"\udc80": 1}) == 1


@pytest.mark.parametrize(
    "expr",
    [
        "t.id_vec([0] * 10**6)",
        "t.id_bytes(b'x' * 10**7)",
        "t.str_len('x' * 10**7)",
        "t.id_nested([['a'] * 100] * 10**4)",
        "t.id_set(range(10**6))",
        "t.id_map({str(i): i for i in range(10**5)})",
        "shapes.Polygon([shapes.Vector(i, i * i) for i in range(10**5)]).area()",
        "t.make_list(10**6)",
        "t.iter_sum(range(10**6))",
    ],
)
def test_huge_inputs(expr):
    proc = run_python(
        "import testmod as t, shapes\n"
        f"r = {expr}\n"
        "print(type(r).__name__)\n"
    )
    expect_clean_exit(proc)


@pytest.mark.parametrize(
    "expr",
    [
        "t.id_vec(range(2**62))",
        "t.id_set(range(2**62))",
        "t.id_bytes(range(2**62))",
        "shapes.Polygon(range(2**62))",
    ],
)
def test_huge_lazy_sequence_is_a_memory_error_not_a_crash(expr):
    """A lazily huge input is materialised (through tuple(), like CPython's own functions
    taking a sequence); with the address space limited, that must end in MemoryError,
    not an abort."""
    proc = run_python(
        "import resource\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))\n"
        "import testmod as t, shapes\n"
        "try:\n"
        f"    {expr}\n"
        "except MemoryError:\n"
        "    print('MemoryError')\n",
        timeout=120,
    )
    expect_clean_exit(proc)
    assert proc.stdout.strip() == "MemoryError"


def test_objects_whose_protocols_raise():
    from _support import BadFloat, BadHash, BadIndex, BadIter, BadNext, Boom

    # The exception the protocol raised, under the argument's name: exactly that.
    cases = [
        (hello.add, (BadIndex(), 1), Boom, "add() argument 'a': __index__"),
        (t.id_u8, (BadIndex(),), Boom, "id_u8() argument 'v': __index__"),
        (t.id_u64, (BadIndex(),), Boom, "id_u64() argument 'v': __index__"),
        (t.id_u128, (BadIndex(),), Boom, "id_u128() argument 'v': __index__"),
        (t.id_i128, (BadIndex(),), Boom, "id_i128() argument 'v': __index__"),
        (t.id_f64, (BadFloat(),), Boom, "id_f64() argument 'v': __float__"),
        (t.id_f32, (BadFloat(),), Boom, "id_f32() argument 'v': __float__"),
        (shapes.Vector, (BadFloat(),), Boom, "Vector() argument 'x': __float__"),
        (t.id_vec, (BadIter(),), Boom, "id_vec() argument 'v': __iter__"),
        (t.id_vec, (BadNext(),), Boom, "id_vec() argument 'v': __next__"),
        (t.id_bytes, (BadIter(),), Boom, "id_bytes() argument 'v': __iter__"),
        # A set of i64 converts each element first (Rust hashes the i64, not the object).
        (t.id_set, ([BadHash()],), TypeError,
         "id_set() argument 'v': 'BadHash' object cannot be interpreted as an integer"),
        (t.iter_sum, (BadNext(),), Boom, "__next__"),
        (shapes.Polygon, (BadIter(),), Boom, "Polygon() argument 'vertices': __iter__"),
        (t.make_list, (BadIndex(),), Boom, "make_list() argument 'n': __index__"),
    ]
    for f, args, cls, message in cases:
        with pytest.raises(cls) as info:
            f(*args)
        assert type(info.value) is cls and str(info.value) == message, (f, info.value)


def test_negative_control_a_wrong_exception_fails_the_driver():
    """The driver checks which exception an input raises, not only its class: an oracle
    that thinks every u64 fits in id_u8 is caught by the OverflowError of 256."""
    proc = run_driver("control-overflow")
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "fits in [0, 18446744073709551615] but raised OverflowError" in proc.stderr


# --- bugs found in the examples (expected to fail until fixed) ----------------------------


def test_add_overflowing_sum_is_not_a_wrong_value():
    with pytest.raises(OverflowError, match="^the sum does not fit in 64 bits$"):
        hello.add(2**62, 2**62)


# --- bugs found in the runtime (expected to fail until fixed) -----------------------------


def test_class_with_cosmetic_module_name_can_be_returned_from_rust():
    assert t.Elsewhere.__module__ == "testmod_public"
    assert t.make_elsewhere(3).value == 3


FOREIGN_MODULE_IN_SYS_MODULES = """
import sys, shapes
sys.modules['shapes'] = __import__({module!r})
try:
    v = shapes.Vector(3, 4).normalized()
    print(type(v).__name__, round(v.x, 3), round(v.y, 3))
except Exception as e:
    print(f"{{type(e).__name__}}: {{e}}")
"""


def test_foreign_module_under_the_home_name_is_not_consulted_nor_a_crash():
    # A method finds its class through its receiver's module, so another module placed
    # under the extension's name in sys.modules is never read (it used to be, as a
    # fallback, and had to fail cleanly). Garbage decides whether a wrong read crashes:
    # several modules, twice each.
    for module in ["math", "_heapq", "_statistics", "_json"] * 2:
        proc = run_python(FOREIGN_MODULE_IN_SYS_MODULES.format(module=module))
        assert proc.returncode == 0, f"{module}: {describe_exit(proc)}"
        assert proc.stdout.strip() == "Vector 0.6 0.8"
