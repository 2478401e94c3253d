"""The `enums` port: enums whose variants carry data, as PyO3 users write them. Each
variant is a class nested in the enum's class and extending it."""

import gc
import inspect
import pickle
import threading

import pytest

import enums
from enums import Command, Direction, Shape, Token


# -- the classes ------------------------------------------------------------------------


VARIANTS = {
    Shape: ["Circle", "Rect", "Square", "Empty"],
    Token: ["Number", "Name", "Op", "Open", "Close"],
    Command: ["Move", "Say", "Wait", "Stop", "Call"],
}


@pytest.mark.parametrize("enum", list(VARIANTS), ids=lambda e: e.__name__)
def test_each_variant_is_a_nested_subclass(enum):
    for name in VARIANTS[enum]:
        cls = getattr(enum, name)
        assert isinstance(cls, type)
        assert issubclass(cls, enum)
        assert cls.__mro__ == (cls, enum, object)
        assert cls.__name__ == name
        assert cls.__qualname__ == f"{enum.__name__}.{name}"
        assert cls.__module__ == "enums"
        assert repr(cls) == f"<class 'enums.{enum.__name__}.{name}'>"
        # Nested classes are not names of the module.
        assert not hasattr(enums, name)


def test_class_names_like_a_nested_python_class():
    class Outer:
        class Inner:
            pass

    assert Outer.Inner.__qualname__.rsplit("<locals>.", 1)[1] == "Outer.Inner"
    assert Shape.Circle.__qualname__ == "Shape.Circle"
    # pickle finds a class by module and qualified name.
    assert pickle.loads(pickle.dumps(Shape.Rect)) is Shape.Rect


def test_variant_docstrings_and_signatures():
    assert Shape.Circle.__doc__.endswith("A circle of radius `r`.")
    assert Shape.Rect.__doc__.endswith("A rectangle, width then height.")
    assert str(inspect.signature(Shape.Circle)) == "(r)"
    assert str(inspect.signature(Shape.Rect)) == "(_0, _1)"
    assert str(inspect.signature(Shape.Square)) == "(side=1.0)"
    assert str(inspect.signature(Shape.Empty)) == "()"
    assert str(inspect.signature(Command.Wait)) == "(seconds=1.0)"


def test_the_enum_class_itself_cannot_be_instantiated():
    for enum in VARIANTS:
        with pytest.raises(TypeError, match="cannot create 'enums.%s' instances" % enum.__name__):
            enum()


def test_variant_classes_cannot_be_subclassed():
    with pytest.raises(TypeError, match="not an acceptable base type"):

        class Bigger(Shape.Circle):
            pass


def test_a_python_subclass_of_the_enum_cannot_be_instantiated():
    class Custom(Shape):
        pass

    with pytest.raises(TypeError, match="cannot create 'Custom' instances"):
        Custom()


# -- constructors -----------------------------------------------------------------------


def test_constructors_take_fields_by_position_or_keyword():
    assert Shape.Circle(2).r == 2.0
    assert Shape.Circle(r=2).r == 2.0
    rect = Shape.Rect(2, 3)
    assert (rect._0, rect._1) == (2.0, 3.0)
    assert Shape.Rect(_0=4, _1=5)._1 == 5.0
    move = Command.Move(Direction.East, 3)
    assert move.direction == Direction.East
    assert move.steps == 3
    assert Command.Move(steps=2, direction=Direction.North).steps == 2
    assert Token.Op("+")._0 == "+"


def test_constructor_option_gives_defaults():
    assert Shape.Square().side == 1.0
    assert Shape.Square(4).side == 4.0
    assert Command.Wait().seconds == 1.0
    assert Command.Wait(seconds=0.5).seconds == 0.5


def test_empty_variants():
    for value in (Shape.Empty(), Token.Open(), Token.Close(), Command.Stop()):
        assert type(value).__match_args__ == ()
    assert len(Token.Open()) == 0
    assert list(Token.Close()) == []


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: Shape.Circle(), r"Shape\.Circle\(\) missing 1 required positional argument: 'r'"),
        (lambda: Shape.Circle("x"), r"Shape\.Circle\(\) argument 'r': must be real number, not str"),
        (lambda: Shape.Circle(1, 2), r"Shape\.Circle\(\) takes 1 positional argument but 2 were given"),
        (lambda: Shape.Circle(radius=1), r"Shape\.Circle\(\) got an unexpected keyword argument 'radius'"),
        (lambda: Shape.Rect(1), r"Shape\.Rect\(\) missing 1 required positional argument: '_1'"),
        (lambda: Shape.Empty(1), r"Shape\.Empty\(\) takes 0 positional arguments but 1 was given"),
        (lambda: Command.Move("north", 1), r"Command\.Move\(\) argument 'direction'"),
        (lambda: Command.Move(Direction.North, -1), r"Command\.Move\(\) argument 'steps'"),
        (lambda: Token.Op("++"), r"Token\.Op\(\) argument '_0'"),
    ],
)
def test_constructor_errors(call, message):
    with pytest.raises((TypeError, OverflowError, ValueError), match=message):
        call()


def named(qualname, func):
    func.__code__ = func.__code__.replace(co_qualname=qualname)
    func.__qualname__ = qualname
    return func


def test_constructor_errors_match_a_python_function_of_the_same_signature():
    Circle = named("Shape.Circle", lambda r: None)
    Square = named("Shape.Square", lambda side=1.0: None)

    for ours, theirs, args, kwargs in [
        (Shape.Circle, Circle, (), {}),
        (Shape.Circle, Circle, (1, 2), {}),
        (Shape.Circle, Circle, (1,), {"r": 2}),
        (Shape.Square, Square, (1, 2), {}),
    ]:
        with pytest.raises(TypeError) as expected:
            theirs(*args, **kwargs)
        with pytest.raises(TypeError) as got:
            ours(*args, **kwargs)
        assert str(got.value) == str(expected.value)


# -- fields -----------------------------------------------------------------------------


def test_fields_are_read_only_properties():
    circle = Shape.Circle(2)
    with pytest.raises(AttributeError):
        circle.r = 3
    with pytest.raises(AttributeError):
        del circle.r
    with pytest.raises(AttributeError):
        circle.other = 1
    assert circle.r == 2.0
    assert isinstance(Shape.Circle.r, property) or hasattr(Shape.Circle.r, "__get__")


def test_fields_belong_to_their_variant_only():
    assert not hasattr(Shape.Rect(1, 2), "r")
    assert not hasattr(Shape.Circle(1), "_0")
    assert not hasattr(Shape, "r")


def test_tuple_variants_index_and_unpack():
    rect = Shape.Rect(2, 3)
    assert len(rect) == 2
    assert rect[0] == 2.0 and rect[1] == 3.0
    assert rect[-1] == 3.0 and rect[-2] == 2.0
    w, h = rect
    assert (w, h) == (2.0, 3.0)
    assert list(rect) == [2.0, 3.0]
    assert tuple(Token.Name("x")) == ("x",)


def test_tuple_variant_index_errors_are_those_of_a_tuple():
    rect = Shape.Rect(2, 3)
    for index in (2, -3, 10**6):
        with pytest.raises(IndexError) as ours:
            rect[index]
        with pytest.raises(IndexError) as theirs:
            (2.0, 3.0)[index]
        assert str(ours.value) == str(theirs.value)
    with pytest.raises(TypeError):
        rect["a"]
    with pytest.raises(OverflowError):
        rect[10**30]


def test_struct_variants_are_not_sequences():
    with pytest.raises(TypeError, match="'enums.Shape.Circle' object is not subscriptable"):
        Shape.Circle(1)[0]
    with pytest.raises(TypeError):
        len(Shape.Circle(1))


def test_a_field_holding_a_class_instance():
    move = enums.parse_command("move west 2")
    assert isinstance(move.direction, Direction)
    assert move.direction == Direction.West
    assert repr(move.direction) == "Direction.West"


# -- match ------------------------------------------------------------------------------


def describe(shape):
    match shape:
        case Shape.Circle(r=r):
            return f"circle {r}"
        case Shape.Rect(w, h) if w == h:
            return f"square rect {w}"
        case Shape.Rect(w, h):
            return f"rect {w}x{h}"
        case Shape.Square(side):
            return f"square {side}"
        case Shape.Empty():
            return "empty"
        case _:
            return "not a shape"


def test_match_by_keyword_and_by_position():
    assert describe(Shape.Circle(1.5)) == "circle 1.5"
    assert describe(Shape.Rect(2, 2)) == "square rect 2.0"
    assert describe(Shape.Rect(2, 3)) == "rect 2.0x3.0"
    assert describe(Shape.Square(3)) == "square 3.0"
    assert describe(Shape.Empty()) == "empty"
    assert describe(42) == "not a shape"


def test_match_on_the_enum_class_and_sequence_patterns():
    match Token.Number(4.0):
        case Token.Name():
            assert False
        case Token(_0=value):
            assert value == 4.0
    match Shape.Rect(1, 2):
        case [w, h]:
            # A tuple variant is not a registered Sequence: like a class with only
            # `__len__` and `__getitem__`, it does not match a sequence pattern.
            assert False, (w, h)
        case Shape():
            pass


def test_match_args():
    assert Shape.Circle.__match_args__ == ("r",)
    assert Shape.Rect.__match_args__ == ("_0", "_1")
    assert Command.Move.__match_args__ == ("direction", "steps")
    with pytest.raises(TypeError, match="accepts 1 positional sub-pattern"):
        match Shape.Circle(1):
            case Shape.Circle(a, b):
                pass


# -- methods, repr, equality --------------------------------------------------------------


def test_methods_work_on_every_variant():
    assert Shape.Circle(1).area() == pytest.approx(3.141592653589793)
    assert Shape.Rect(2, 3).area() == 6.0
    assert Shape.Square(3).area() == 9.0
    assert Shape.Empty().area() == 0.0
    doubled = Shape.Rect(1, 2).scaled(2)
    assert type(doubled) is Shape.Rect
    assert tuple(doubled) == (2.0, 4.0)
    assert type(Shape.unit_circle()) is Shape.Circle


def test_repr_is_the_enums_repr_for_every_variant():
    assert repr(Shape.Circle(2)) == "Shape.Circle(r=2)"
    assert repr(Shape.Rect(2, 3)) == "Shape.Rect(2, 3)"
    assert repr(Shape.Empty()) == "Shape.Empty()"
    assert str(Shape.Square()) == "Shape.Square(side=1)"


def test_without_repr_a_variant_shows_its_class():
    text = repr(Token.Open())
    assert text.startswith("<enums.Token.Open object at 0x")


def test_eq_compares_values_across_variants():
    assert Shape.Circle(1) == Shape.Circle(1.0)
    assert Shape.Circle(1) != Shape.Circle(2)
    assert Shape.Circle(1) != Shape.Square(1)
    assert Shape.Rect(1, 2) == Shape.Rect(1, 2)
    assert Shape.Empty() == Shape.Empty()
    assert Shape.Circle(1) != 1
    assert Shape.Circle(1).__eq__(1) is NotImplemented
    assert Token.Number(1) == Token.Number(1)
    assert Token.Open() != Token.Close()


def test_eq_without_hash_is_unhashable_like_a_python_class():
    class PyShape:
        def __eq__(self, other):
            return True

    with pytest.raises(TypeError, match="unhashable type"):
        hash(PyShape())
    with pytest.raises(TypeError, match="unhashable type: 'enums.Shape.Circle'"):
        hash(Shape.Circle(1))


def test_without_eq_variants_compare_by_identity():
    a, b = Command.Stop(), Command.Stop()
    assert a == a and a != b
    assert {a: 1}[a] == 1


# -- conversions from Rust ----------------------------------------------------------------


def test_values_returned_from_rust_are_variant_instances():
    tokens = enums.tokenize("x + 2*(y - 1.5)")
    assert [type(t).__name__ for t in tokens] == [
        "Name", "Op", "Number", "Op", "Open", "Name", "Op", "Number", "Close",
    ]
    assert tokens[0] == Token.Name("x")
    assert tokens[-2] == Token.Number(1.5)
    assert all(isinstance(t, Token) for t in tokens)


def test_parameters_take_any_variant():
    shapes = [Shape.Circle(1), Shape.Rect(2, 3), Shape.Empty()]
    assert type(enums.largest(shapes)) is Shape.Rect
    assert enums.largest([]) is None
    assert enums.total_area(shapes) == pytest.approx(3.141592653589793 + 6)
    doubled = enums.double(Shape.Square(2))
    assert doubled == Shape.Square(4)


def test_parameters_refuse_other_objects():
    with pytest.raises(TypeError, match="'int' object cannot be converted to 'Shape'"):
        enums.double(1)
    with pytest.raises(TypeError, match="'Open' object cannot be converted to 'Shape'"):
        enums.total_area([Token.Open()])


def test_a_parser_returning_commands():
    commands = [enums.parse_command(line) for line in
                ["move north 3", "say hello world", "wait", "wait 0.25", "move east 2", "stop", "say late"]]
    assert [type(c).__name__ for c in commands] == ["Move", "Say", "Wait", "Wait", "Move", "Stop", "Say"]
    assert commands[1]._0 == "hello world"
    assert commands[3].seconds == 0.25
    assert enums.run(commands) == ((2, 3), ["hello world"])
    built = [Command.Move(Direction.South, 1), Command.Say("hi"), Command.Wait()]
    assert enums.run(built) == ((0, -1), ["hi"])
    with pytest.raises(ValueError, match='cannot parse "fly"'):
        enums.parse_command("fly")
    with pytest.raises(ValueError, match="unexpected '\\$' at 2"):
        enums.tokenize("1 $")


def test_a_variant_holding_a_python_object():
    seen = []
    commands = [Command.Move(Direction.North, 2), Command.Call(lambda x, y: seen.append((x, y)))]
    assert enums.run(commands) == ((0, 2), [])
    assert seen == [(0, 2)]
    assert commands[1].func is not None

    def fail(x, y):
        raise KeyError("from the callback")

    with pytest.raises(KeyError, match="from the callback"):
        enums.run([Command.Call(fail)])


def test_a_cycle_through_a_variants_field_is_collected():
    import weakref

    class Callback:
        def __call__(self, x, y):
            pass

    callback = Callback()
    command = Command.Call(callback)
    callback.command = command  # callback -> command -> callback
    ref = weakref.ref(callback)
    del callback, command
    gc.collect()
    assert ref() is None
    assert gc.is_tracked(Command.Call(print))


def test_py_new_makes_variant_instances():
    corners = enums.corners()
    assert [type(c) for c in corners] == [Shape.Rect] * 4
    assert corners[3] == Shape.Rect(1, 1)
    assert [tuple(c) for c in corners][:2] == [(0.0, 0.0), (1.0, 0.0)]


# -- the fieldless enum alongside -----------------------------------------------------------


def test_the_fieldless_enum_is_unchanged():
    assert repr(Direction.North) == "Direction.North"
    assert int(Direction.West) == 3
    assert Direction.North is Direction.North
    assert {Direction.North: 1}[Direction.North] == 1
    with pytest.raises(TypeError):
        Direction()


# -- lifetime and threads ---------------------------------------------------------------------


def test_instances_are_freed():
    before = len(gc.get_objects())
    for _ in range(1000):
        Shape.Rect(1, 2)
        enums.tokenize("a + b")
    gc.collect()
    assert len(gc.get_objects()) < before + 500


def test_threads_create_match_and_convert_at_once():
    errors = []
    barrier = threading.Barrier(8)

    def work(seed):
        try:
            barrier.wait()
            shapes = []
            for i in range(300):
                shapes.append(Shape.Rect(seed, i) if i % 2 else Shape.Circle(i))
                assert describe(shapes[-1]).split()[0] in ("rect", "circle", "square")
            assert enums.total_area(shapes) > 0
            assert len(enums.tokenize("a + (b * 2)" * 10)) == 70
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n + 1,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
