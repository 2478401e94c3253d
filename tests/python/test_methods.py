"""The `methods` port (tests/ports/methods): method forms as PyO3 users write them."""

import inspect
import threading

import pytest

import methods
from methods import Countdown, Fibonacci, Range, Shape, Thermometer


# --- receivers of any name, `__next__` returning `PyResult<T>` -------------------------


def test_range_iterates_with_this_receivers():
    assert list(Range(5)) == [0, 1, 2, 3, 4]
    assert list(Range(10, 2, 3)) == [2, 5, 8]
    assert list(Range(-3, 0, -1)) == [0, -1, -2]
    r = Range(3)
    assert iter(r) is r


def test_range_end_is_stop_iteration_with_its_message():
    r = Range(1)
    assert next(r) == 0
    with pytest.raises(StopIteration) as e:
        next(r)
    assert e.value.args == ("range exhausted",)
    # Raised again at every call after the end, and a `for` loop ends quietly.
    with pytest.raises(StopIteration):
        r.__next__()
    assert list(r) == []


def test_range_rejects_zero_step():
    with pytest.raises(ValueError, match="^step must not be zero$"):
        Range(5, 0, 0)


def test_receiver_named_me_and_returning_self():
    r = Range(10)
    assert r.remaining() == 10
    assert r.skip(3) is r
    assert next(r) == 3
    assert r.remaining() == 6
    assert list(Range(10, 0, 4)) == [0, 4, 8]
    assert Range(10, 0, 4).remaining() == 3
    assert Range(-10, 0, -4).remaining() == 3
    assert Range(0).remaining() == 0


def test_receivers_are_not_python_parameters():
    assert str(inspect.signature(Range.remaining)) == "(self, /)"
    assert str(inspect.signature(Range.skip)) == "(self, /, n)"
    with pytest.raises(TypeError):
        Range(3).skip()


def test_special_method_with_object_parameter():
    r = Range(10, 0, 2)
    assert 4 in r
    assert 5 not in r
    assert 10 not in r
    assert "4" not in r
    assert None not in r


# --- `__next__` raising StopIteration with a value ------------------------------------


def test_countdown_yields_then_returns_its_total_to_yield_from():
    assert list(Countdown(3)) == [3, 2, 1]

    def relay(n):
        total = yield from Countdown(n)
        return total

    gen = relay(4)
    assert [next(gen) for _ in range(4)] == [4, 3, 2, 1]
    with pytest.raises(StopIteration) as e:
        next(gen)
    assert e.value.value == 10


def test_countdown_stop_iteration_carries_the_value():
    c = Countdown(2)
    assert list(c) == [2, 1]
    with pytest.raises(StopIteration) as e:
        next(c)
    assert e.value.value == 3
    assert e.value.args == (3,)
    assert type(e.value.value) is int


def test_countdown_behaves_like_a_python_generator():
    def py_countdown(n):
        total = 0
        while n:
            yield n
            total += n
            n -= 1
        return total

    def relay(it):
        return (yield from it)

    for source in (Countdown(5), py_countdown(5)):
        gen = relay(source)
        items = list(_drain(gen))
        assert items[:-1] == [5, 4, 3, 2, 1]
        assert items[-1] == ("returned", 15)


def _drain(gen):
    while True:
        try:
            yield next(gen)
        except StopIteration as e:
            yield ("returned", e.value)
            return


# --- `__next__` returning `Option<T>` still ends at `None` -----------------------------


def test_fibonacci_option_form():
    assert list(Fibonacci(30)) == [0, 1, 1, 2, 3, 5, 8, 13, 21]
    f = Fibonacci(10)
    assert list(f) == [0, 1, 1, 2, 3, 5, 8]
    # A `slf: Py<Self>` receiver.
    assert f.restart() is f
    assert list(f) == [0, 1, 1, 2, 3, 5, 8]
    assert str(inspect.signature(Fibonacci.restart)) == "(self, /)"
    f = Fibonacci(1)
    assert next(f) == 0
    with pytest.raises(StopIteration) as e:
        next(f)
    assert e.value.args == ()


# --- properties with a deleter ----------------------------------------------------------


def test_getter_setter_deleter():
    t = Thermometer(20.0)
    assert t.celsius == 20.0
    t.celsius = 25.5
    assert t.celsius == 25.5
    assert t.fahrenheit == pytest.approx(77.9)
    del t.celsius
    with pytest.raises(ValueError, match="^no reading$"):
        t.celsius
    assert t.fahrenheit is None
    t.celsius = -10
    assert t.celsius == -10.0


def test_deleter_matches_a_python_property():
    class PyThermometer:
        def __init__(self):
            self._c = 1.0

        @property
        def celsius(self):
            if self._c is None:
                raise ValueError("no reading")
            return self._c

        @celsius.setter
        def celsius(self, v):
            self._c = float(v)

        @celsius.deleter
        def celsius(self):
            self._c = None

    for t in (Thermometer(1.0), PyThermometer()):
        del t.celsius
        del t.celsius  # deleting twice is the deleter's business: here, fine
        with pytest.raises(ValueError):
            t.celsius
        t.celsius = 3
        assert t.celsius == 3.0


def test_setter_errors_still_raised():
    t = Thermometer()
    with pytest.raises(ValueError, match="^below absolute zero$"):
        t.celsius = -300
    with pytest.raises(TypeError):
        t.celsius = "hot"
    with pytest.raises(ValueError, match="^below absolute zero$"):
        Thermometer(-274)


def test_deleter_without_setter():
    t = Thermometer(label="lab")
    assert t.label == "lab"
    del t.label
    assert t.label == "thermometer"
    # The deleter's own error.
    with pytest.raises(ValueError, match="^the label is already the default$"):
        del t.label
    # No setter: CPython's message for a getset descriptor without one (as for
    # `fahrenheit`, which has neither setter nor deleter).
    with pytest.raises(AttributeError, match="^attribute 'label' of 'methods.Thermometer' objects is not writable$"):
        t.label = "x"


def test_property_without_deleter_keeps_its_error():
    t = Thermometer(1.0)
    with pytest.raises(AttributeError, match="^attribute 'fahrenheit' of 'methods.Thermometer' objects is not writable$"):
        del t.fahrenheit
    with pytest.raises(AttributeError, match="^attribute 'fahrenheit' of 'methods.Thermometer' objects is not writable$"):
        t.fahrenheit = 1.0
    s = Shape(3)
    with pytest.raises(AttributeError, match="^cannot delete attribute 'sides'$"):
        del s.sides
    s.sides = 4
    assert s.sides == 4


def test_property_doc_comes_from_the_getter():
    assert Thermometer.celsius.__doc__ == "The reading in degrees Celsius."


def test_deleter_on_python_subclass_instance():
    class Probe(Thermometer):
        pass

    p = Probe(5.0)
    del p.celsius
    assert p.fahrenheit is None
    p.celsius = 0
    assert p.fahrenheit == 32.0


def test_concurrent_set_and_delete():
    t = Thermometer(0.0)
    errors = []

    def work(i):
        try:
            for n in range(300):
                if n % 3 == 0:
                    del t.celsius
                else:
                    t.celsius = float(i)
                try:
                    t.celsius
                except ValueError:
                    pass
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []


# --- class attributes from constants and functions --------------------------------------


def test_class_constants():
    assert Thermometer.ABSOLUTE_ZERO == -273.15
    assert Thermometer.UNITS == "celsius"
    assert Thermometer.scales == ["celsius", "fahrenheit"]
    assert Thermometer(1.0).UNITS == "celsius"
    assert type(Thermometer.ABSOLUTE_ZERO) is float


# --- alternate constructor, `#[new]` with `#[classmethod]` -------------------------------


def test_alternate_constructor_is_subclass_aware():
    t = Thermometer.from_fahrenheit(212.0)
    assert type(t) is Thermometer
    assert t.celsius == 100.0

    class Probe(Thermometer):
        pass

    p = Probe.from_fahrenheit(32.0)
    assert type(p) is Probe
    assert p.celsius == 0.0


def test_new_receives_the_class():
    assert Shape().kind == "Shape"
    assert Shape(4).sides == 4

    class Square(Shape):
        pass

    sq = Square(4)
    assert type(sq) is Square
    assert sq.kind == "Square"
    assert sq.sides == 4
    assert str(inspect.signature(Shape)) == "(sides=0)"
    with pytest.raises(TypeError):
        Shape("four")


# --- `Option<&Object>`, `Option<&Dict>`, `&Tuple` parameters ----------------------------


def test_optional_object_parameter():
    t = Thermometer(1.0)
    assert t.update() == 1.0
    assert t.update(None) == 1.0
    assert t.update(21) == 21.0
    assert t.update(reading=22.5) == 22.5
    with pytest.raises(TypeError):
        t.update("warm")
    assert str(inspect.signature(Thermometer.update)) == "(self, /, reading=None)"
    assert t.describe() == "thermometer: 22.5 C"
    del t.celsius
    assert t.describe() == "thermometer: no reading"


def test_optional_dict_and_tuple_parameters():
    assert methods.count((1, 2, 3)) == 3
    assert methods.count((1,), {"a": 1, "b": 2}) == 3
    assert methods.count((), None) == 0
    assert methods.count(items=(), options={}) == 0
    with pytest.raises(TypeError, match="^count\\(\\) argument 'items': "):
        methods.count([1, 2])
    with pytest.raises(TypeError, match="^count\\(\\) argument 'options': "):
        methods.count((), [("a", 1)])
