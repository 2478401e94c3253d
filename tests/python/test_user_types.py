"""User types named like abide's own (List, Dict, Tuple, Module, Python, Object) are
ordinary classes to abide: it tells parameters apart by type, not name. Fields whose
type can hold references (through an alias, in a tuple struct) are seen by the garbage
collector."""

import gc
import inspect

import pytest

import testmod

ut = testmod


def test_every_user_type_as_a_parameter():
    inner = ut.List([4, 5])
    d = ut.Dict(10)
    out = ut.describe_all(ut.List([1, 2]), d, ut.Tuple(3), ut.Module("m"), ut.Python(7), ut.Object(inner))
    assert out == "3 11 3 m 7 9"
    assert d.size == 11


def test_token_alias_is_not_a_python_parameter():
    # `py: Token<'_>` (an alias of the token) is not in the signature: six parameters.
    sig = inspect.signature(ut.describe_all)
    assert list(sig.parameters) == ["l", "d", "t", "m", "p", "o"]
    assert str(inspect.signature(ut.token_only)) == "()"
    assert ut.token_only() is True
    with pytest.raises(TypeError, match=r"token_only\(\) takes 0 positional arguments but 1 was given"):
        ut.token_only(1)


def test_user_python_is_a_parameter():
    assert str(inspect.signature(ut.python_version)) == "(p)"
    assert ut.python_version(ut.Python(13)) == 13
    assert ut.python_version(p=ut.Python(14)) == 14
    with pytest.raises(TypeError, match=r"python_version\(\) missing 1 required positional argument: 'p'"):
        ut.python_version()
    with pytest.raises(TypeError, match=r"python_version\(\) argument 'p'"):
        ut.python_version(ut.List([]))


def test_wrong_user_type_is_a_type_error():
    with pytest.raises(TypeError, match="describe_all\\(\\) argument 'l'"):
        ut.describe_all(ut.Dict(1), ut.Dict(1), ut.Tuple(3), ut.Module("m"), ut.Python(7), ut.Object(ut.List([])))


def test_methods_with_user_types_and_the_token():
    lst = ut.List([1])
    lst.push_size(ut.Dict(5))
    assert lst.total() == 6
    assert str(inspect.signature(ut.List.push_size)) == "(self, /, d)"
    assert len(lst) == 2
    assert lst == ut.List([1, 5])
    d = ut.Dict(1)
    d.grow(ut.Python(2))
    assert d.size == 3
    d.size = 8
    assert d.size == 8
    assert ut.Dict(1) < ut.Dict(2)
    assert not ut.Dict(3) <= ut.Dict(2)
    assert (ut.Tuple(1) + ut.Tuple(2)).first == 3
    assert ut.Python(4).twice == 8


def test_gc_flags_follow_field_types():
    flags = dict(ut.has_gc())
    assert flags == {"Node": True, "Cell": True, "Object": True, "Plain": False, "List": False}


def test_alias_children_cycle_is_collected():
    gc.collect()
    before = ut.alive()
    a = ut.Node()
    b = ut.Node([a])
    # A cycle through the alias-typed field: a -> ... needs a reference back to b.
    c = ut.Node([b])
    assert c.kid_count() == 1
    del a, b, c
    gc.collect()
    assert ut.alive() == before

    # A real cycle: `kids` is fixed at creation, so close it through a Cell.
    gc.collect()
    before = ut.alive()
    holder = []
    cell = ut.Cell(holder)
    node = ut.Node([])
    holder.append(cell)  # cell -> holder -> cell
    n2 = ut.Node([node])
    holder.append(n2)
    assert ut.alive() == before + 3
    del cell, node, n2, holder
    gc.collect()
    assert ut.alive() == before


def test_alias_field_cycle_through_node_is_collected():
    gc.collect()
    before = ut.alive()
    lst = []
    cell = ut.Cell(lst)
    node = ut.Node([])
    # node is referenced by n2 (through `Children`), n2 by the list, the list by cell,
    # and cell by the list: collecting it all needs `Children` and the tuple field seen.
    n2 = ut.Node([node])
    lst.extend([cell, n2])
    assert gc.get_referents(n2)  # the collector sees the alias-typed field
    assert node in gc.get_referents(n2)
    assert lst in gc.get_referents(cell)
    del lst, cell, node, n2
    gc.collect()
    assert ut.alive() == before
