"""#[derive(FromPyObject)] and #[derive(IntoPyObject)], as the PyO3 guide's examples use
them: each form accepted, each rejected with PyO3's error text, the inner error kept as
`__cause__`."""

import types

import pytest

import testmod as t


def ns(**kw):
    return types.SimpleNamespace(**kw)


class Mapping(dict):
    """A dict that also has attributes."""


def test_struct_from_attributes_items_and_defaults():
    obj = Mapping(key=3)
    obj.my_string = "s"
    obj.name = "renamed"
    assert t.rusty_struct(obj) == "s renamed 3 None 7"
    obj.missing = 5
    obj.seven = 8
    assert t.rusty_struct(obj) == "s renamed 3 Some(5) 8"


def test_struct_missing_attribute_propagates_as_is():
    obj = Mapping(key=3)
    obj.name = "renamed"
    with pytest.raises(AttributeError, match="'Mapping' object has no attribute 'my_string'"):
        t.extract_as("struct", obj)
    obj.my_string = "s"
    del obj["key"]
    with pytest.raises(KeyError) as e:
        t.extract_as("struct", obj)
    assert e.value.args == ("key",)


def test_struct_field_error_names_the_field_with_cause():
    obj = Mapping(key="three")
    obj.my_string = "s"
    obj.name = "n"
    with pytest.raises(TypeError) as e:
        t.extract_as("struct", obj)
    assert str(e.value) == "failed to extract field RustyStruct.from_item"
    cause = e.value.__cause__
    assert type(cause) is TypeError
    assert str(cause) == "'str' object cannot be interpreted as an integer"


def test_default_is_only_for_a_missing_value():
    # Present but of the wrong type: an error, not the default.
    obj = Mapping(key=1)
    obj.my_string = "s"
    obj.name = "n"
    obj.seven = "x"
    with pytest.raises(TypeError, match=r"^failed to extract field RustyStruct.seven$"):
        t.extract_as("struct", obj)


def test_as_an_argument_the_error_names_the_argument():
    with pytest.raises(TypeError) as e:
        t.rusty_tuple(("a", "b"))
    assert str(e.value) == "rusty_tuple() argument 't': failed to extract field RustyTuple.1"
    assert str(e.value.__cause__) == "failed to extract field RustyTuple.1"
    assert isinstance(e.value.__cause__.__cause__, TypeError)


def test_from_item_all_and_from_py_with():
    assert t.from_dict({"name": "a", "n": 2, "size": [1, 2, 3]}) == ("a", 2, 3)
    assert t.from_dict({"name": "a", "n": 2}) == ("a", 2, 0)
    with pytest.raises(TypeError) as e:
        t.extract_as("from_dict", {"name": "a", "n": 2, "size": 5})
    assert str(e.value) == "failed to extract field FromDict.size"
    assert str(e.value.__cause__) == "object of type 'int' has no len()"
    with pytest.raises(KeyError) as e:
        t.extract_as("from_dict", {"name": "a"})
    assert e.value.args == ("n",)


def test_tuple_struct():
    assert t.rusty_tuple(("x", 5)) == "x:5"
    with pytest.raises(ValueError) as e:
        t.extract_as("tuple", ("x", 5, 6))
    assert str(e.value) == "expected tuple of length 2, but got tuple of length 3"
    with pytest.raises(TypeError) as e:
        t.extract_as("tuple", ["x", 5])
    assert str(e.value) == "'list' object cannot be converted to 'tuple'"
    with pytest.raises(TypeError) as e:
        t.extract_as("tuple", (1, 5))
    assert str(e.value) == "failed to extract field RustyTuple.0"
    assert str(e.value.__cause__) == "'int' object cannot be converted to 'str'"


def test_newtypes_and_transparent():
    assert t.newtypes(2.5, "lbl") == "2.5m lbl"
    with pytest.raises(TypeError) as e:
        t.extract_as("meters", "far")
    assert str(e.value) == "failed to extract field Meters.0"
    assert isinstance(e.value.__cause__, TypeError)
    with pytest.raises(TypeError) as e:
        t.extract_as("label", 1)
    assert str(e.value) == "failed to extract field Label.text"
    assert str(e.value.__cause__) == "'int' object cannot be converted to 'str'"


def test_enum_first_variant_that_extracts():
    assert t.rusty_enum(5) == "Int(5)"
    assert t.rusty_enum("s") == "String(s)"
    assert t.rusty_enum((1, 2)) == "IntTuple(1, 2)"
    assert t.rusty_enum(("a", 2)) == "StringIntTuple(a, 2)"
    assert t.rusty_enum(ns(x=1, y=2, z=3)) == "Coordinates3d(1, 2, 3)"
    assert t.rusty_enum(ns(x=1, y=2)) == "Coordinates2d(1, 2)"
    assert t.rusty_enum([1]) == "CatchAll([1])"


def test_enum_error_lists_every_variant():
    with pytest.raises(TypeError) as e:
        t.extract_as("int_or_str", [1])
    assert str(e.value) == (
        "failed to extract enum IntOrStr ('int | str | Point')\n"
        "- variant Int (int): TypeError: failed to extract field IntOrStr::Int.0, "
        "caused by TypeError: 'list' object cannot be interpreted as an integer\n"
        "- variant Str (str): TypeError: failed to extract field IntOrStr::Str.0, "
        "caused by TypeError: 'list' object cannot be converted to 'str'\n"
        "- variant Point (Point): TypeError: list indices must be integers or slices, not str"
    )
    assert t.int_or_str(3) == "int 3"
    assert t.int_or_str("a") == "str a"
    assert t.int_or_str({"x": 4}) == "point 4"
    with pytest.raises(TypeError) as e:
        t.extract_as("int_or_str", {"x": "no"})
    assert str(e.value).endswith(
        "- variant Point (Point): TypeError: failed to extract field IntOrStr::Point.x, "
        "caused by TypeError: 'str' object cannot be interpreted as an integer"
    )


def test_generics_and_lifetimes():
    assert t.generics(("a", "b"), ns(obj=[1]), [1, 2, 3]) == "ab [1] 6"
    with pytest.raises(TypeError, match=r"failed to extract field Generic.inner"):
        t.generics(("a", "b"), ns(obj=1), "str")


def test_nested_errors_chain():
    with pytest.raises(TypeError) as e:
        t.extract_as("outer", {"inner": ("a", "b")})
    assert str(e.value) == "failed to extract field Outer.inner"
    assert str(e.value.__cause__) == "failed to extract field RustyTuple.1"
    assert str(e.value.__cause__.__cause__) == "'str' object cannot be interpreted as an integer"
    assert t.outer({"inner": ("a", 1)}) == "a"


def test_into_pyobject():
    assert t.into_point() == {"x": 1, "Y": 2}
    assert t.into_misc() == (("a", b"\x01\x02"), 9, "n")
    assert t.into_shapes() == [{"r": 1.5}, (2.0, 3.0), "dot"]


def test_rename_all():
    class RenameAllCls(dict):
        someField = "Foo"
        customNumber = 42

    assert t.rename_all(RenameAllCls(otherField=1.5)) == "Foo 1.5 42"
    with pytest.raises(TypeError) as e:
        t.rename_all(RenameAllCls(other_field=1.5))
    assert str(e.value.__cause__) == (
        "failed to extract enum RenameAll ('Foo')\n- variant Foo (Foo): KeyError: 'otherField'"
    )
    assert t.into_settings() == {"MAX_SIZE": 3, "name": "s"}


def test_derived_conversions_declare_their_python_types_for_stubs():
    # A newtype accepts what its field does, an enum the union of its variants (each an
    # annotation or a newtype); attributes and items would need a Protocol: Any.
    assert dict(t.declared_types()) == {
        "Meters": "typing.SupportsFloat | typing.SupportsIndex",
        "IntOrText": "int | str",
        "IntOrStr": "typing.Any",
        "RustyStruct": "typing.Any",
        "Id": "int",
        "Name": "str",
        "Point": "dict[str, typing.Any]",
        "Pair": "typing.Any",
    }
    assert t.int_or_text(3) == "int 3"
    assert t.int_or_text("x") == "text x"
