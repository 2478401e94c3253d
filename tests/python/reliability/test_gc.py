"""Garbage collection of `#[pyclass]` objects: cycles through Rust fields are found and
freed, traversal leaves reference counts alone, and collections that run while an object
is being dropped do not see it. Runs on the release and the Py_DEBUG interpreter (whose
assertions catch refcount errors at once). Every case runs in a subprocess: the failures
these tests look for are crashes."""

from _support import expect_clean_exit, run_python


def run(code):
    proc = run_python(code)
    expect_clean_exit(proc)
    return proc


def test_collection_does_not_change_type_refcounts():
    """tp_traverse must not change any reference count (the collector's arithmetic relies
    on it): with live GC-tracked instances, a type's count must move exactly as a class
    written in Python does, and repeated collections must leave it alone. (Regression: the
    class found with PyType_GetBaseByToken_DuringGC, a borrowed reference, was released
    after each visit, and the type was soon freed.)

    On the free-threaded build the first collection after creating instances merges their
    deferred references to the type, so its `sys.getrefcount` grows by the number of
    instances there; the Python class in the same run shows the same growth, and on the
    GIL build both grow at creation instead. Either way abide's types must match it."""
    run(
        "import gc, sys, shapes, testmod as t\n"
        "class Py:\n"
        "    def __init__(self, i):\n"
        "        self.payload = [i]\n"
        "class PyChild(Py):\n"
        "    pass\n"
        "v = shapes.Vector(0, 0)\n"
        "def growth(ty, make):\n"
        "    gc.collect()\n"
        "    before = sys.getrefcount(ty)\n"
        "    objs = [make(i) for i in range(50)]\n"
        "    gc.collect()\n"
        "    first = sys.getrefcount(ty) - before\n"
        "    for _ in range(5):\n"
        "        gc.collect()\n"
        "    later = sys.getrefcount(ty) - before\n"
        "    del objs\n"
        "    return first, later\n"
        "expected = growth(Py, Py)\n"
        "assert expected == growth(PyChild, PyChild) == (50, 50), expected\n"
        "cases = {\n"
        "    'Tracked': growth(t.Tracked, lambda i: t.Tracked(i, payload=[i])),\n"
        "    'Polygon': growth(shapes.Polygon, lambda i: shapes.Polygon([v, v, v])),\n"
        "    'TrackedChild': growth(t.TrackedChild, lambda i: t.TrackedChild('c', i)),\n"
        "}\n"
        "for name, got in cases.items():\n"
        "    assert got == expected, (name, got, 'a Python class:', expected)\n"
        "gc.collect()\n"
        "print('ok')\n"
    )


def test_cycles_through_rust_fields_are_collected():
    run(
        "import gc, testmod as t, shapes\n"
        "gc.collect()\n"
        "c0, d0 = t.Tracked.counts()\n"
        "for i in range(1000):\n"
        "    a, b = t.Tracked(i), t.Tracked(-i)\n"
        "    a.payload, b.payload = b, [a, {'k': b}]\n"
        "    p = shapes.Polygon([shapes.Vector(), shapes.Vector(), shapes.Vector()], label=None)\n"
        "    p.label = [p, a]\n"
        "del a, b, p\n"
        "gc.collect()\n"
        "c1, d1 = t.Tracked.counts()\n"
        "assert c1 - c0 == d1 - d0 == 2000, (c1 - c0, d1 - d0)\n"
    )


def test_automatic_collections_with_many_live_objects():
    run(
        "import testmod as t, shapes\n"
        "keep = []\n"
        "for i in range(20000):\n"
        "    keep.append(t.Tracked(i, payload=[i]))\n"
        "    keep.append(shapes.Polygon([shapes.Vector(i, 0)] * 3))\n"
        "assert sum(x.value for x in keep[::2]) == sum(range(20000))\n"
    )


def test_collection_from_a_payloads_finalizer():
    """Dropping a Rust value can run Python code (a payload's __del__), which can start a
    collection while the object is half torn down."""
    run(
        "import gc, testmod as t\n"
        "class Collect:\n"
        "    def __del__(self):\n"
        "        gc.collect()\n"
        "for i in range(20):\n"
        "    a = t.Tracked(i, payload=Collect())\n"
        "    del a\n"
        "    class Sub(t.Tracked):\n"
        "        pass\n"
        "    s = Sub(i, payload=Collect())\n"
        "    s.me = s\n"
        "    del s\n"
        "    gc.collect()\n"
        "print(t.Tracked.counts())\n"
    )


GC_DURING_CHILD_DROP = """
import gc, testmod as t
class Collect:
    def __del__(self):
        gc.collect()
for i in range(3):
    c = t.TrackedChild('a', 1)
    c.payload = Collect()
    del c
print(t.Tracked.counts())
"""


def test_gc_during_drop_of_rust_subclass_of_gc_class():
    proc = run_python(["-X", "dev", "-c", GC_DURING_CHILD_DROP])
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "not untracked before destruction" not in proc.stderr


def test_a_module_with_an_enum_class_is_freed():
    """An enum's variants are instances kept in the class's own dict: a cycle (class ->
    variant -> class) that only the collector can break, so the variants must be GC
    objects. (Regression: they were not, and a module instance with an enum was never
    freed, nor its state, nor, in a closed subinterpreter, anything it held.)"""
    run(
        "import gc, importlib.util, sys, weakref\n"
        "spec = importlib.util.find_spec('testmod')\n"
        "m = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(m)\n"
        "# Its submodules in sys.modules belong to it and would keep it alive.\n"
        "for k in [k for k in sys.modules if k.startswith('testmod.')]:\n"
        "    del sys.modules[k]\n"
        "assert gc.is_tracked(m.Color.Red)\n"
        "gone = weakref.ref(m)\n"
        "color = weakref.ref(m.Color)\n"
        "del m\n"
        "gc.collect()\n"
        "assert gone() is None and color() is None, 'the module was not freed'\n"
        "import testmod\n"
        "assert testmod.Color.Red == testmod.Color.Red and int(testmod.Color.Blue) == 11\n"
    )
