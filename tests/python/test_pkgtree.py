"""The `pkgtree` port: classes, an enum and an exception in submodules at two depths, as
a PyO3 user writes them; and two instances of the extension in one interpreter, each
with its own classes."""

import importlib.util
import pickle
import sys
import threading

import pytest

import pkgtree
import pkgtree.geometry
import pkgtree.geometry.shapes
from pkgtree.geometry import GeometryError, Point, Quadrant, origin
from pkgtree.geometry.shapes import Circle, Shape, unit_circle


# -- the package as Python sees it ----------------------------------------------------


def test_submodules_are_attributes_and_importable():
    assert pkgtree.geometry is sys.modules["pkgtree.geometry"]
    assert pkgtree.geometry.shapes is sys.modules["pkgtree.geometry.shapes"]
    assert pkgtree.geometry.__name__ == "pkgtree.geometry"
    assert pkgtree.geometry.shapes.__name__ == "pkgtree.geometry.shapes"
    assert pkgtree.__version__ == "1.0"


def test_names_of_classes_in_submodules():
    # `module = "..."` given, as PyO3 users write it.
    assert (Point.__module__, Point.__qualname__, Point.__name__) == (
        "pkgtree.geometry",
        "Point",
        "Point",
    )
    assert (Circle.__module__, Circle.__qualname__) == ("pkgtree.geometry.shapes", "Circle")
    # No `module` option: the name of the submodule it was added to.
    assert (Shape.__module__, Shape.__qualname__) == ("pkgtree.geometry.shapes", "Shape")
    assert (Quadrant.__module__, Quadrant.__qualname__) == ("pkgtree.geometry", "Quadrant")
    assert (GeometryError.__module__, GeometryError.__qualname__) == (
        "pkgtree.geometry",
        "GeometryError",
    )
    assert origin.__module__ == "pkgtree.geometry"
    assert unit_circle.__module__ == "pkgtree.geometry.shapes"
    assert repr(Point) == "<class 'pkgtree.geometry.Point'>"


def test_classes_work_in_submodules():
    p = Point(1.0, 2.0)
    assert repr(p.translated(1.0, 1.0)) == "Point(2, 3)"
    assert repr(p + Point(1.0, 1.0)) == "Point(2, 3)"
    assert repr(-p) == "Point(-1, -2)"
    assert type(p.mirrored()) is Point
    assert type(origin()) is Point
    c = Circle(p, 2.0)
    assert isinstance(c, Shape)
    assert c.name == "circle"
    assert c.area() == pytest.approx(12.566, rel=1e-3)
    assert type(c.scaled(2.0)) is Circle and c.scaled(2.0).radius == 4.0
    assert type(unit_circle()) is Circle and type(unit_circle().center) is Point


def test_enum_in_submodule():
    assert Point(1.0, 1.0).quadrant() == Quadrant.First
    assert Point(-1.0, -1.0).quadrant() == Quadrant.Third
    assert type(Point(1.0, -1.0).quadrant()) is Quadrant
    assert Quadrant.Second != Quadrant.Fourth


def test_exception_in_submodule():
    assert issubclass(GeometryError, ValueError)
    assert GeometryError.__doc__ == "Invalid geometry."
    with pytest.raises(GeometryError, match="no quadrant"):
        Point(0.0, 1.0).quadrant()
    with pytest.raises(GeometryError, match="not negative"):
        Circle(Point(0.0, 0.0), -1.0)


def test_pickle_finds_classes_by_their_submodule():
    # `__module__` + `__qualname__` must lead back to the class: pickle checks it.
    assert pickle.loads(pickle.dumps(Quadrant)) is Quadrant
    assert pickle.loads(pickle.dumps(Point)) is Point
    assert pickle.loads(pickle.dumps(GeometryError)) is GeometryError


def test_python_subclass_of_a_submodule_class():
    class Ring(Circle):
        pass

    r = Ring(Point(0.0, 0.0), 1.0)
    assert type(r.scaled(3.0)) is Circle
    assert r.area() == pytest.approx(3.14159, rel=1e-4)


def test_a_module_made_after_import_is_refused_clearly():
    with pytest.raises(RuntimeError, match=r"while the #\[pymodule\] function runs"):
        pkgtree.late_module()


# -- two instances of the extension -----------------------------------------------------


def load_instance():
    """Loads the extension again, as test runners and plugin loaders do, and puts back
    the `sys.modules` entries the second load replaced (its submodules register
    themselves)."""
    saved = {k: v for k, v in sys.modules.items() if k.split(".")[0] == "pkgtree"}
    try:
        spec = importlib.util.spec_from_file_location("pkgtree", pkgtree.__file__)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        for name in [k for k in sys.modules if k.split(".")[0] == "pkgtree"]:
            del sys.modules[name]
        sys.modules.update(saved)
    return module


@pytest.fixture(scope="module")
def other():
    return load_instance()


def test_each_instance_has_its_own_classes(other):
    assert other is not pkgtree
    assert other.geometry is not pkgtree.geometry
    assert other.geometry.Point is not Point
    assert other.geometry.Quadrant is not Quadrant
    assert other.geometry.GeometryError is not GeometryError
    assert other.geometry.shapes.Circle is not Circle
    assert other.geometry.shapes.Circle.__base__ is other.geometry.shapes.Shape
    assert other.geometry.Point.__module__ == "pkgtree.geometry"


def instance_checks(m):
    """Everything `m` makes is of `m`'s own classes."""
    g, s = m.geometry, m.geometry.shapes
    p = g.Point(1.0, 2.0)
    # A #[pyfunction] in a submodule returning a class.
    assert type(g.origin()) is g.Point
    # Methods returning `Self` and calling `Py::new`.
    assert type(p.translated(1.0, 1.0)) is g.Point
    assert type(p.mirrored()) is g.Point
    # Special methods (slots) returning `Self`.
    assert type(p + g.Point(1.0, 1.0)) is g.Point
    assert type(-p) is g.Point
    # A method returning the enum.
    assert type(p.quadrant()) is g.Quadrant
    assert p.quadrant() == g.Quadrant.First
    # The enum's variants, made while the module's #[pymodule] function ran.
    assert type(g.Quadrant.First) is g.Quadrant
    # `Py::new` with a base class, from a method and from a function.
    c = s.Circle(p, 1.0)
    assert type(c.scaled(2.0)) is s.Circle
    assert type(s.unit_circle()) is s.Circle
    assert type(s.unit_circle().center) is g.Point
    # A getter returning a class.
    assert type(c.center) is g.Point
    # Through a Python subclass's instance.

    class Ring(s.Circle):
        pass

    assert type(Ring(p, 1.0).scaled(2.0)) is s.Circle
    # Exceptions, from a method and from `__new__`.
    with pytest.raises(g.GeometryError) as raised:
        g.Point(0.0, 1.0).quadrant()
    assert type(raised.value) is g.GeometryError
    with pytest.raises(g.GeometryError) as raised:
        s.Circle(p, -1.0)
    assert type(raised.value) is g.GeometryError


def test_second_instance_makes_its_own_objects(other):
    instance_checks(other)


def test_first_instance_still_makes_its_own_objects(other):
    instance_checks(pkgtree)


def test_instances_do_not_follow_sys_modules(other):
    # With the other instance in `sys.modules`, each still finds its own classes: they
    # come from the receiving object's type (or the function's module), not from there.
    saved = {k: v for k, v in sys.modules.items() if k.split(".")[0] == "pkgtree"}
    try:
        sys.modules["pkgtree"] = other
        sys.modules["pkgtree.geometry"] = other.geometry
        sys.modules["pkgtree.geometry.shapes"] = other.geometry.shapes
        instance_checks(pkgtree)
        instance_checks(other)
    finally:
        sys.modules.update(saved)


def test_objects_of_the_two_instances(other):
    # Python sees two unrelated classes; Rust sees one type (the same Rust struct, the
    # same layout), so a method of one instance's class takes the other's objects as
    # arguments, and what it returns is of the receiver's module.
    a = Point(1.0, 1.0)
    b = other.geometry.Point(2.0, 2.0)
    assert not isinstance(b, Point) and not isinstance(a, other.geometry.Point)
    assert type(a + b) is Point and repr(a + b) == "Point(3, 3)"
    assert type(b + a) is other.geometry.Point
    assert type(Circle(b, 1.0).center) is Point


def test_instances_on_many_threads(other):
    # The note of the call's receiver is per thread: calls of both instances running at
    # once (in parallel on the free-threaded build) each get their own module's classes.
    errors = []
    barrier = threading.Barrier(4)

    def work(m):
        try:
            barrier.wait()
            for _ in range(200):
                p = m.geometry.Point(1.0, 2.0)
                assert type(p.translated(1.0, 1.0)) is m.geometry.Point
                assert type(-p) is m.geometry.Point
                assert type(m.geometry.shapes.unit_circle()) is m.geometry.shapes.Circle
        except BaseException as e:  # reported below, in the main thread
            errors.append(e)

    threads = [threading.Thread(target=work, args=(m,)) for m in (pkgtree, other) * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
