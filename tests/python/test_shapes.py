"""The `shapes` example: classes as a Python user sees them, checked against pure-Python
classes of the same shape where behaviour should match."""

import copy
import gc
import inspect
import pickle
import threading
import weakref

import pytest

import shapes
from shapes import GeometryError, NamedVector, Polygon, Tally, Vector


class PyVector:
    """A pure-Python class of the same shape as shapes.Vector, as a reference."""

    DIMENSIONS = 2

    def __init__(self, x=0.0, y=0.0):
        self.x = float(x)
        self.y = float(y)

    def __add__(self, other):
        if not isinstance(other, PyVector):
            return NotImplemented
        return PyVector(self.x + other.x, self.y + other.y)

    def __eq__(self, other):
        if not isinstance(other, PyVector):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))


# -- construction, attributes, methods ------------------------------------------------


def test_construct_and_read():
    v = Vector(3, 4)
    assert (v.x, v.y) == (3.0, 4.0)
    assert v.norm() == 5.0
    assert Vector().x == 0.0 and Vector(y=2).y == 2.0
    assert repr(v) == "Vector(3, 4)"
    assert type(v) is Vector and type(v).__module__ == "shapes"
    assert Vector.__name__ == "Vector" and Vector.__qualname__ == "Vector"


def test_constructor_errors():
    with pytest.raises(TypeError, match=r"^Vector\(\) argument 'x': must be real number, not str$"):
        Vector("a")
    with pytest.raises(TypeError, match=r"^Vector\(\) takes from 0 to 2 positional arguments but 3 were given$"):
        Vector(1, 2, 3)
    with pytest.raises(TypeError, match=r"^Vector\(\) got an unexpected keyword argument 'z'$"):
        Vector(z=1)
    # The generic tp_new path (type.__call__ with a tuple and dict) gives the same.
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        Vector.__new__(Vector, z=1)
    assert Vector.__new__(Vector, 1, y=2) == Vector(1, 2)


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


def test_setters():
    v = Vector(1, 2)
    v.x = 10
    assert v.x == 10.0
    # The error names the attribute, as a function's names the argument.
    with pytest.raises(TypeError, match="^attribute 'x' of 'Vector' objects: must be real number, not str$"):
        v.x = "nope"
    assert v.x == 10.0
    with pytest.raises(AttributeError, match="cannot delete attribute 'x'"):
        del v.x
    with pytest.raises(AttributeError) as e:
        v.z = 1  # no __dict__, as for a class with __slots__
    assert str(e.value) == slotted_message(shapes.Vector, "z")


def test_mutating_method():
    v = Vector(1, 2)
    assert v.scale(3) is None
    assert (v.x, v.y) == (3.0, 6.0)


def test_methods_take_pyclass_arguments():
    assert Vector(1, 2).dot(Vector(3, 4)) == 11.0
    with pytest.raises(TypeError, match=r"^dot\(\) argument 'other': 'tuple' object cannot be converted to 'Vector'$"):
        Vector(1, 2).dot((3, 4))


def test_result_errors():
    assert Vector(3, 4).normalized() == Vector(0.6, 0.8)
    with pytest.raises(ZeroDivisionError, match="zero vector"):
        Vector().normalized()


def test_static_class_methods_and_class_attributes():
    assert Vector.zero() == Vector(0, 0)
    assert Vector.unit_x() == Vector(1, 0)
    assert Vector.DIMENSIONS == PyVector.DIMENSIONS == 2
    assert Vector(1, 1).DIMENSIONS == 2


def test_polar_is_a_tuple():
    length, degrees = Vector(0, 2).polar()
    assert (length, degrees) == (2.0, 90.0)
    assert type(Vector(1, 0).polar()) is tuple


def test_rotated_takes_finite_degrees():
    r = Vector(1, 0).rotated(90)
    assert abs(r.x) < 1e-12 and abs(r.y - 1) < 1e-12
    r = Vector(0, 2).rotated(-90.0)
    assert abs(r.x - 2) < 1e-12 and abs(r.y) < 1e-12
    with pytest.raises(ValueError, match="an angle must be finite, not inf"):
        Vector(1, 0).rotated(float("inf"))
    with pytest.raises(TypeError):
        Vector(1, 0).rotated("90")


def test_docs_and_signatures():
    assert Vector.__doc__ == "A two-dimensional vector."
    assert str(inspect.signature(Vector)) == "(x=0.0, y=0.0)"
    assert Vector.norm.__doc__ == "The Euclidean length."
    assert str(inspect.signature(Vector.norm)) == "(self, /)"
    assert str(inspect.signature(Vector.dot)) == "(self, /, other)"
    assert Vector.x.__doc__ == "The x coordinate."
    assert shapes.__doc__.startswith("Two-dimensional geometry")


# -- operators, compared with the pure-Python reference -----------------------------


def test_arithmetic():
    a, b = Vector(1, 2), Vector(3, 5)
    assert a + b == Vector(4, 7)
    assert b - a == Vector(2, 3)
    assert a * 2 == Vector(2, 4) and 2 * a == Vector(2, 4)
    assert -a == Vector(-1, -2)
    assert abs(Vector(3, 4)) == 5.0


def test_binary_operator_with_wrong_type_is_not_implemented():
    # Same message as the pure-Python class.
    with pytest.raises(TypeError) as ours:
        Vector(1, 2) + 1
    with pytest.raises(TypeError) as theirs:
        PyVector(1, 2) + 1
    assert str(ours.value) == str(theirs.value).replace("PyVector", "shapes.Vector").replace("'test_shapes.", "'")
    assert Vector.__add__(Vector(), 1) is NotImplemented
    with pytest.raises(
        TypeError, match="can't multiply sequence by non-int of type 'shapes.Vector'"
    ):
        Vector(1, 2) * "x"


def test_reflected_operand_of_another_type_gets_its_turn():
    class Scalar:
        def __radd__(self, other):
            return "radd called"

    assert Vector(1, 2) + Scalar() == "radd called"


def test_inplace_mutates_and_keeps_identity():
    v = Vector(1, 2)
    alias = v
    v += Vector(1, 1)
    assert v is alias
    assert v == Vector(2, 3)


def test_equality_and_hash_follow_python_rules():
    assert Vector(1, 2) == Vector(1, 2)
    assert Vector(1, 2) != Vector(2, 1)
    assert not (Vector(1, 2) != Vector(1, 2))  # __ne__ falls back to __eq__
    assert (Vector(1, 2) == 5) is False  # NotImplemented both ways -> identity -> False
    assert Vector(1, 2) != "x"
    assert hash(Vector(1, 2)) == hash(Vector(1, 2))
    assert hash(Vector(0.0, 0.0)) == hash(Vector(-0.0, 0.0))
    assert len({Vector(1, 2), Vector(1, 2), Vector(3, 4)}) == 2
    assert (PyVector(1, 2) == 5) is (Vector(1, 2) == 5)
    with pytest.raises(TypeError, match="'<' not supported between instances of 'shapes.Vector'"):
        Vector(1, 2) < Vector(3, 4)  # no ordering defined, as for the reference
    with pytest.raises(TypeError):
        PyVector(1, 2) < PyVector(3, 4)


def test_sequence_protocol_and_truth():
    v = Vector(7, 8)
    assert len(v) == 2
    assert (v[0], v[1], v[-1]) == (7.0, 8.0, 8.0)
    assert list(v) == [7.0, 8.0]  # old-style iteration through __getitem__
    with pytest.raises(IndexError, match="^Vector index out of range$"):
        v[2]
    with pytest.raises(TypeError, match="'str' object cannot be interpreted as an integer"):
        v["a"]
    assert bool(Vector()) is False and bool(v) is True


# -- inheritance ----------------------------------------------------------------------


def test_python_subclass():
    class Labelled(Vector):
        def __init__(self, x, y):
            super().__init__()
            self.label = f"({x}, {y})"

        def describe(self):
            return f"{self.label}: {self.norm()}"

    p = Labelled(3, 4)
    assert p.describe() == "(3, 4): 5.0"
    assert (p.x, p.y) == (3.0, 4.0)
    assert isinstance(p, Vector)
    assert p + p == Vector(6, 8)
    assert type(Labelled.unit_x()) is Labelled  # a classmethod gets the subclass
    p.x = 9
    assert p.x == 9.0
    assert p.__dict__ == {"label": "(3, 4)"}


def test_subclass_init_with_extra_arguments_behaves_as_in_cpython():
    """The constructor's arguments go to __new__ first, so a subclass __init__ with other
    parameters needs a matching __new__: exactly as for a pure-Python base class that
    defines __new__, and for built-in types such as int."""

    class PyBase:
        def __new__(cls, x=0.0, y=0.0):
            return super().__new__(cls)

    def subclass(base):
        class Labelled(base):
            def __init__(self, x, y, label):
                self.label = label

        return Labelled

    with pytest.raises(TypeError, match="unexpected keyword argument 'label'"):
        subclass(PyBase)(1, 2, label="p")
    with pytest.raises(TypeError, match="unexpected keyword argument 'label'"):
        subclass(Vector)(1, 2, label="p")

    class Fixed(Vector):
        def __new__(cls, x, y, label):
            return super().__new__(cls, x, y)

        def __init__(self, x, y, label):
            self.label = label

    f = Fixed(1, 2, label="p")
    assert (f.x, f.y, f.label) == (1.0, 2.0, "p")


def test_python_subclass_overrides_dunder():
    class Loud(Vector):
        def __repr__(self):
            return "LOUD " + super().__repr__()

    assert repr(Loud(1, 2)) == "LOUD Vector(1, 2)"


def test_rust_subclass_has_data_at_each_level():
    n = NamedVector("north", 0, 1)
    assert n.name == "north"
    assert (n.x, n.y) == (0.0, 1.0)
    assert n.norm() == 1.0
    assert isinstance(n, Vector) and issubclass(NamedVector, Vector)
    assert repr(n) == 'NamedVector("north", 0, 1)'
    n.name = "up"
    n.x = 5
    assert (n.name, n.x) == ("up", 5.0)
    assert n.dot(Vector(1, 0)) == 5.0


def test_final_class_cannot_be_subclassed():
    with pytest.raises(TypeError, match="is not an acceptable base type"):

        class Sub(Polygon):
            pass


# -- Python references held by Rust ---------------------------------------------------


def triangle(**kw):
    return Polygon([Vector(0, 0), Vector(1, 0), Vector(0, 1)], **kw)


def test_polygon_holds_python_objects():
    a = Vector(0, 0)
    p = Polygon([a, Vector(2, 0), Vector(0, 2)], label="tri")
    assert p[0] is a  # the same object, not a copy
    a.x = 1
    assert p[0].x == 1.0
    assert p.area() == 1.0
    assert len(p) == 3
    assert Vector(2, 0) in p and Vector(5, 5) not in p and "x" not in p
    assert [v.y for v in p] == [0.0, 0.0, 2.0]
    p[1] = Vector(4, 0)
    assert p[1] == Vector(4, 0)
    with pytest.raises(IndexError, match="^polygon index out of range$"):
        p[3]
    with pytest.raises(TypeError, match="'tuple' object cannot be converted to 'Vector'"):
        p[0] = (1, 2)
    # No __delitem__: the AttributeError naming it, as for a Python class with only
    # __setitem__.
    with pytest.raises(AttributeError, match="^__delitem__$"):
        del p[0]
    assert p.label == "tri"
    p.label = None
    assert p.label is None


def test_iterator_protocol():
    p = triangle()
    it = iter(p)
    assert iter(it) is it
    assert next(it) == Vector(0, 0)
    assert list(it) == [Vector(1, 0), Vector(0, 1)]
    with pytest.raises(StopIteration):
        next(it)


def test_custom_exception():
    with pytest.raises(GeometryError, match="needs at least 3 vertices, got 2"):
        Polygon([Vector(), Vector()])
    assert issubclass(GeometryError, ValueError)
    assert GeometryError.__module__ == "shapes"
    assert GeometryError.__doc__ == "Raised for shapes that cannot exist."
    with pytest.raises(TypeError, match="^Polygon\\(\\) argument 'vertices': 'tuple' object"):
        Polygon([Vector(), Vector(), (1, 2)])


def test_reference_cycles_are_collected():
    class Label:
        pass

    label = Label()
    p = triangle(label=label)
    label.polygon = p  # polygon -> label -> polygon
    ref = weakref.ref(label)
    del label, p
    gc.collect()
    assert ref() is None


def test_cycle_through_iterator_is_collected():
    class Label:
        pass

    label = Label()
    p = triangle(label=label)
    label.it = iter(p)  # label -> iterator -> polygon -> label
    ref = weakref.ref(label)
    del label, p
    gc.collect()
    assert ref() is None


# -- borrowing and threads ------------------------------------------------------------


def test_reentrant_overlap_raises_runtime_error():
    t = Tally()
    with pytest.raises(RuntimeError, match="Already mutably borrowed"):
        t.with_exclusive(lambda: t.count)
    with pytest.raises(RuntimeError, match="Already borrowed"):
        t.with_shared(lambda: t.incr())
    # Shared inside shared is fine, as for &T in Rust.
    assert t.with_shared(lambda: t.count) == 0
    # The object is still usable afterwards.
    t.incr()
    assert t.count == 1


def test_same_object_twice_as_shared_arguments():
    v = Vector(1, 2)
    assert v.dot(v) == 5.0
    assert v == v


def test_eight_threads_hammering_one_object_lose_no_update():
    t = Tally()
    n = 20_000

    def work():
        for _ in range(n):
            t.incr()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert t.count == 8 * n


def test_contending_thread_waits_instead_of_raising():
    t = Tally()
    started = threading.Event()
    errors = []

    def holder():
        started.set()
        t.hold(200)  # &mut self held with the interpreter released

    def reader():
        started.wait()
        try:
            for _ in range(50):
                t.count  # must wait for the holder, never raise
                t.incr()
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=holder)] + [threading.Thread(target=reader) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert t.count == 1 + 3 * 50


def test_field_getter_generated_from_attribute():
    assert Tally(step=5).step == 5
    with pytest.raises(
        AttributeError, match="attribute 'step' of 'shapes.Tally' objects is not writable"
    ):
        Tally().step = 3  # get only


def test_not_picklable_or_copyable_by_accident():
    # No __reduce__ was defined, so pickling fails loudly rather than losing the Rust data.
    with pytest.raises(TypeError, match="^cannot pickle 'shapes.Vector' object$"):
        pickle.dumps(Vector(1, 2))
    with pytest.raises(TypeError, match="^cannot pickle 'shapes.Vector' object$"):
        copy.copy(Vector(1, 2))


def test_methods_from_a_second_pymethods_block():
    import math

    assert Vector(0, 2).angle() == pytest.approx(math.pi / 2)
    assert (Vector(1, 1).quadrant, Vector(-1, -1).quadrant, Vector(0, 1).quadrant) == (1, 3, 0)
    # Both blocks' members are on the class, next to each other.
    assert {"norm", "angle", "quadrant", "dot"} <= set(dir(Vector))
