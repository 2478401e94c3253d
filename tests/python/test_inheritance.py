"""A Rust subclass (`#[pyclass(extends = Base)]`) inherits what it does not define, as a
Python subclass of a Python base does: each case runs on the testmod classes
(tests/testmod/src/inheritance.rs) and on pure-Python twins of the same names defined
here, and must give the same result, or raise the same exception with the same message.
The cases are the special methods that share one type slot: rich comparison (and the
hash that goes with it), item assignment/deletion, attribute assignment/deletion, and
the binary operators with their reflected forms."""

import pytest

import testmod as rust


class py:
    """The pure-Python twins."""

    class CmpBase:
        def __init__(self, v):
            self.v = v

        def __eq__(self, other):
            if not isinstance(other, py.CmpBase):
                return NotImplemented
            return self.v == other.v

        def __hash__(self):
            return self.v

    class CmpLt(CmpBase):
        def __lt__(self, other):
            if not isinstance(other, py.CmpBase):
                return NotImplemented
            return self.v < other.v

    class CmpGt(CmpLt):
        def __gt__(self, other):
            if not isinstance(other, py.CmpBase):
                return NotImplemented
            return self.v > other.v

    class CmpHash(CmpBase):
        def __hash__(self):
            return self.v + 1000

    class CmpEq(CmpBase):
        def __eq__(self, other):
            if not isinstance(other, py.CmpBase):
                return NotImplemented
            return abs(self.v - other.v) <= 1

    class CmpNe(CmpBase):
        def __ne__(self, other):
            if not isinstance(other, py.CmpBase):
                return NotImplemented
            return "ne: yes" if self.v != other.v else "ne: no"

    class OnlyLt:
        def __init__(self, v):
            self.v = v

        def __lt__(self, other):
            if not isinstance(other, py.OnlyLt):
                return NotImplemented
            return self.v < other.v

    class RichBase:
        def __init__(self, v):
            self.v = v

        def _cmp(self, other, test):
            if not isinstance(other, py.RichBase):
                return NotImplemented
            return test(self.v, other.v)

        def __eq__(self, o):
            return self._cmp(o, lambda a, b: a == b)

        def __ne__(self, o):
            return self._cmp(o, lambda a, b: a != b)

        def __lt__(self, o):
            return self._cmp(o, lambda a, b: a < b)

        def __le__(self, o):
            return self._cmp(o, lambda a, b: a <= b)

        def __gt__(self, o):
            return self._cmp(o, lambda a, b: a > b)

        def __ge__(self, o):
            return self._cmp(o, lambda a, b: a >= b)

    class RichLt(RichBase):
        def __lt__(self, o):
            return self._cmp(o, lambda a, b: a > b)

    class MapBase:
        def __init__(self):
            self.data = {}

        def __getitem__(self, key):
            if not isinstance(key, int):
                raise TypeError("an int key")
            return self.data[key]

        def __setitem__(self, key, value):
            if not isinstance(key, int) or not isinstance(value, int):
                raise TypeError("int keys and values")
            self.data[key] = value

        def __len__(self):
            return len(self.data)

    class MapDel(MapBase):
        def __init__(self):
            super().__init__()
            self.deleted = []

        def __delitem__(self, key):
            self.deleted.append(key)

    class DelBase:
        def __init__(self):
            self.deleted = []

        def __delitem__(self, key):
            self.deleted.append(key)

    class DelSet(DelBase):
        def __init__(self):
            super().__init__()
            self.stored = []

        def __setitem__(self, key, value):
            self.stored.append((key, value))

    class AttrBase:
        def __init__(self):
            object.__setattr__(self, "values", {})

        def __getattr__(self, name):
            try:
                return self.values[name]
            except KeyError:
                raise AttributeError(name) from None

        def __setattr__(self, name, value):
            self.values[name] = value

    class AttrDel(AttrBase):
        def __init__(self):
            super().__init__()
            object.__setattr__(self, "deleted", [])

        def __delattr__(self, name):
            self.deleted.append(name)

    class DelAttrBase:
        def __init__(self):
            object.__setattr__(self, "deleted", [])

        def __delattr__(self, name):
            self.deleted.append(name)

    class AttrSet(DelAttrBase):
        def __init__(self):
            object.__setattr__(self, "stored", [])
            super().__init__()

        def __setattr__(self, name, value):
            self.stored.append((name, value))

    class NumBase:
        def __init__(self, v):
            self.v = v

        @staticmethod
        def _operand(other):
            if isinstance(other, int):
                return other
            if isinstance(other, py.NumBase):
                return other.v
            return None

        def _reflected(self, tag, other):
            o = self._operand(other)
            return NotImplemented if o is None else f"{tag}({self.v}, {o})"

        def __add__(self, other):
            if not isinstance(other, int):
                return NotImplemented
            return f"base.add({self.v}, {other})"

        def __radd__(self, other):
            return self._reflected("base.radd", other)

        def __pow__(self, other):
            if not isinstance(other, int):
                return NotImplemented
            return f"base.pow({self.v}, {other})"

        def __rpow__(self, other):
            return self._reflected("base.rpow", other)

    class NumRadd(NumBase):
        def __radd__(self, other):
            return self._reflected("sub.radd", other)

    class NumAdd(NumBase):
        def __add__(self, other):
            if not isinstance(other, int):
                return NotImplemented
            return f"sub.add({self.v}, {other})"

    class NumRpow(NumBase):
        def __rpow__(self, other):
            return self._reflected("sub.rpow", other)


def outcome(f, ns):
    """What `f(ns)` does: ("ok", result) or ("raises", exception type, message), with the
    module prefix of Rust class names removed so both sides read alike."""
    try:
        return ("ok", f(ns))
    except Exception as e:  # noqa: BLE001 - any exception is an outcome to compare
        return ("raises", type(e), str(e).replace("testmod.", ""))


def same(f):
    """`f` does the same on the Rust classes and on their Python twins; returns it."""
    ours, theirs = outcome(f, rust), outcome(f, py)
    assert ours == theirs
    return ours


# -- rich comparison ------------------------------------------------------------------

CMP_CLASSES = ["CmpBase", "CmpLt", "CmpGt", "CmpHash", "CmpEq", "CmpNe"]
OPS = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("left", CMP_CLASSES)
@pytest.mark.parametrize("right", CMP_CLASSES + [None])
def test_comparisons_are_inherited(left, right, op):
    for a, b in [(1, 1), (1, 2), (2, 1), (1, 3)]:

        def compare(ns):
            x = getattr(ns, left)(a)
            y = b if right is None else getattr(ns, right)(b)
            return OPS[op](x, y)

        same(compare)


def test_subclass_defining_an_ordering_keeps_eq_and_ne():
    # The defect: CmpLt's slot read only CmpLt's own tables, so == fell back to identity.
    assert rust.CmpLt(1) == rust.CmpLt(1)
    assert not (rust.CmpLt(1) != rust.CmpLt(1))
    assert rust.CmpGt(1) == rust.CmpBase(1) and rust.CmpGt(1) < rust.CmpGt(2)
    assert rust.CmpHash(3) == rust.CmpHash(3)


@pytest.mark.parametrize("name", CMP_CLASSES + ["OnlyLt", "RichBase", "RichLt"])
def test_hash_follows_pythons_rule(name):
    # `__hash__` is None only for a class that defines `__eq__` itself (or inherits None).
    same(lambda ns: getattr(ns, name).__hash__ is None)
    same(lambda ns: hash(getattr(ns, name)(7)) if name != "OnlyLt" else type(hash(ns.OnlyLt(7))))


def test_ordering_only_class_on_object_is_hashable():
    x = rust.OnlyLt(1)
    assert hash(x) == hash(x) and {x: 1}[x] == 1


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("left", ["RichBase", "RichLt"])
@pytest.mark.parametrize("right", ["RichBase", "RichLt"])
def test_richcmp_base_serves_what_the_subclass_does_not_define(left, right, op):
    for a, b in [(1, 1), (1, 2), (2, 1)]:
        same(lambda ns: OPS[op](getattr(ns, left)(a), getattr(ns, right)(b)))


# -- item assignment and deletion -----------------------------------------------------


def test_setitem_is_inherited_by_a_class_defining_delitem():
    def run(ns):
        m = ns.MapDel()
        m[1] = 10
        m[2] = 20
        del m[1]
        return (m[1], len(m), m.deleted)

    assert same(run) == ("ok", (10, 2, [1]))


def test_delitem_is_inherited_by_a_class_defining_setitem():
    def run(ns):
        d = ns.DelSet()
        d[1] = 10
        del d[5]
        return (d.stored, d.deleted)

    assert same(run) == ("ok", ([(1, 10)], [5]))


@pytest.mark.parametrize(
    "case",
    [
        lambda ns: ns.MapBase().__delitem__(0),
        lambda ns: ns.DelBase().__setitem__(0, 1),
        lambda ns: ns.MapDel.__mro__[1].__delitem__(ns.MapDel(), 0),
    ],
)
def test_calling_the_missing_half_raises_attribute_error(case):
    # The messages differ: a Rust class has the slot wrapper (CPython adds both halves of
    # `mp_ass_subscript`), a Python class has no such attribute at all.
    assert outcome(case, rust)[:2] == outcome(case, py)[:2] == ("raises", AttributeError)


def test_missing_half_raises_attribute_error_naming_it():
    def delete(ns):
        m = ns.MapBase()
        del m[0]

    def assign(ns):
        d = ns.DelBase()
        d[0] = 1

    assert same(delete) == ("raises", AttributeError, "__delitem__")
    assert same(assign) == ("raises", AttributeError, "__setitem__")


def test_bad_keys_raise_type_error():
    def assign(ns):
        m = ns.MapDel()
        m["x"] = 1

    assert outcome(assign, rust)[:2] == outcome(assign, py)[:2] == ("raises", TypeError)


# -- attribute assignment and deletion ------------------------------------------------


def test_setattr_is_inherited_by_a_class_defining_delattr():
    def run(ns):
        a = ns.AttrDel()
        a.x = 5
        del a.x
        return (a.x, a.deleted)

    assert same(run) == ("ok", (5, ["x"]))


def test_delattr_is_inherited_by_a_class_defining_setattr():
    def run(ns):
        a = ns.AttrSet()
        a.x = 5
        del a.y
        return (a.stored, a.deleted)

    assert same(run) == ("ok", ([("x", 5)], ["y"]))


def test_undefined_half_behaves_as_object():
    def delete(ns):
        a = ns.AttrBase()
        a.x = 1
        del a.x

    assert outcome(delete, rust)[1] is AttributeError
    assert outcome(delete, py)[1] is AttributeError

    def assign(ns):
        d = ns.DelAttrBase()
        d.deleted = 1

    # The field is read-only in Rust; the Python twin's is a plain attribute.
    assert outcome(assign, rust)[1] is AttributeError


# -- binary operators -----------------------------------------------------------------

NUM_CLASSES = ["NumBase", "NumRadd", "NumAdd", "NumRpow"]
BINOPS = {
    "+": lambda a, b: a + b,
    "**": lambda a, b: a**b,
    "pow3": lambda a, b: pow(a, b, 5),
}


@pytest.mark.parametrize("op", BINOPS)
@pytest.mark.parametrize("left", NUM_CLASSES + [None])
@pytest.mark.parametrize("right", NUM_CLASSES + [None, "str"])
def test_binary_operators_resolve_per_side_through_each_class(left, right, op):
    def make(ns, name, v):
        if name is None:
            return v
        if name == "str":
            return "s"
        return getattr(ns, name)(v)

    def run(ns):
        return BINOPS[op](make(ns, left, 2), make(ns, right, 3))

    ours, theirs = outcome(run, rust), outcome(run, py)
    if op == "pow3" and theirs[0] == "raises":
        # A Python `__pow__(self, other)` fails on the third argument with its own
        # message; abide's takes no modulo and reports the unsupported operands.
        assert ours[:2] == theirs[:2] == ("raises", TypeError)
    else:
        assert ours == theirs


def test_subclass_defining_radd_keeps_the_bases_add():
    assert rust.NumRadd(2) + 3 == "base.add(2, 3)"
    assert 3 + rust.NumRadd(2) == "sub.radd(2, 3)"
    assert 3 + rust.NumAdd(2) == "base.radd(2, 3)"
    assert rust.NumRpow(2) ** 3 == "base.pow(2, 3)"
    assert 3 ** rust.NumRpow(2) == "sub.rpow(2, 3)"


def test_reflected_method_is_not_tried_for_the_same_type():
    # Python calls `__radd__` only when the operands' types differ.
    with pytest.raises(TypeError, match="unsupported operand"):
        rust.NumBase(1) + rust.NumBase(2)
    assert rust.NumBase(1) + rust.NumRadd(2) == "sub.radd(2, 1)"
