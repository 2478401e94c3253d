//! `#[derive(FromPyObject)]` and `#[derive(IntoPyObject)]`, written as the PyO3 guide's
//! "Deriving FromPyObject" examples are, with `#[py(...)]` for `#[pyo3(...)]`.

use abide::prelude::*;

/// From attributes (the default), a renamed attribute, an item, a default.
#[derive(FromPyObject)]
struct RustyStruct {
    my_string: String,
    #[py(attribute("name"))]
    renamed: String,
    #[py(item("key"))]
    from_item: i64,
    #[py(default)]
    missing: Option<i64>,
    #[py(default = 7)]
    seven: u8,
}

#[pyfunction]
fn rusty_struct(s: RustyStruct) -> String {
    format!(
        "{} {} {} {:?} {}",
        s.my_string, s.renamed, s.from_item, s.missing, s.seven
    )
}

/// Every field from a mapping item; one with a key that is not its name, one through a
/// function.
#[derive(FromPyObject)]
#[py(from_item_all)]
struct FromDict {
    name: String,
    #[py(item("n"))]
    count: u32,
    #[py(from_py_with = Object::len, default)]
    size: usize,
}

#[pyfunction]
fn from_dict(d: FromDict) -> (String, u32, usize) {
    (d.name, d.count, d.size)
}

/// A tuple of two, by position.
#[derive(FromPyObject)]
struct RustyTuple(String, i64);

#[pyfunction]
fn rusty_tuple(t: RustyTuple) -> String {
    format!("{}:{}", t.0, t.1)
}

/// A newtype is its one field.
#[derive(FromPyObject)]
struct Meters(f64);

/// `transparent` on named fields.
#[derive(FromPyObject)]
#[py(transparent)]
struct Label {
    text: String,
}

#[pyfunction]
fn newtypes(m: Meters, l: Label) -> String {
    format!("{}m {}", m.0, l.text)
}

/// The guide's enum: the first variant that extracts.
#[derive(FromPyObject)]
enum RustyEnum<'py> {
    Int(usize),
    String(String),
    IntTuple(usize, usize),
    StringIntTuple(String, usize),
    Coordinates3d {
        x: usize,
        y: usize,
        z: usize,
    },
    Coordinates2d {
        #[py(attribute("x"))]
        a: usize,
        #[py(attribute("y"))]
        b: usize,
    },
    #[py(transparent)]
    CatchAll(Object<'py>),
}

#[pyfunction]
fn rusty_enum(e: RustyEnum<'_>) -> String {
    match e {
        RustyEnum::Int(i) => format!("Int({i})"),
        RustyEnum::String(s) => format!("String({s})"),
        RustyEnum::IntTuple(a, b) => format!("IntTuple({a}, {b})"),
        RustyEnum::StringIntTuple(a, b) => format!("StringIntTuple({a}, {b})"),
        RustyEnum::Coordinates3d { x, y, z } => format!("Coordinates3d({x}, {y}, {z})"),
        RustyEnum::Coordinates2d { a, b } => format!("Coordinates2d({a}, {b})"),
        RustyEnum::CatchAll(o) => format!("CatchAll({})", o.repr().unwrap_or_default()),
    }
}

/// No catch-all: the error lists every variant, with annotations.
#[derive(FromPyObject)]
enum IntOrStr {
    #[py(annotation = "int")]
    Int(i64),
    #[py(annotation = "str")]
    Str(String),
    Point {
        #[py(item)]
        x: i64,
    },
}

#[pyfunction]
fn int_or_str(v: IntOrStr) -> String {
    match v {
        IntOrStr::Int(i) => format!("int {i}"),
        IntOrStr::Str(s) => format!("str {s}"),
        IntOrStr::Point { x } => format!("point {x}"),
    }
}

/// Generics and lifetimes: a borrowed `&str` from a tuple, a Python handle, a `T`.
#[derive(FromPyObject)]
struct Borrowing<'a>(&'a str, &'a str);

#[derive(FromPyObject)]
struct Wrap<'py> {
    obj: Object<'py>,
}

#[derive(FromPyObject)]
#[py(transparent)]
struct Generic<T> {
    inner: Vec<T>,
}

#[pyfunction]
fn generics(b: Borrowing<'_>, w: Wrap<'_>, g: Generic<i64>) -> PyResult<String> {
    Ok(format!(
        "{}{} {} {}",
        b.0,
        b.1,
        w.obj.repr()?,
        g.inner.iter().sum::<i64>()
    ))
}

/// Nested: a field's error names both structs, each wrapping the next as `__cause__`.
#[derive(FromPyObject)]
struct Outer {
    #[py(item)]
    inner: RustyTuple,
}

#[pyfunction]
fn outer(o: Outer) -> String {
    o.inner.0
}

/// To a dict, with a renamed key.
#[derive(IntoPyObject)]
struct Point {
    x: i64,
    #[py(item("Y"))]
    y: i64,
}

/// To a tuple.
#[derive(IntoPyObject)]
struct Pair(String, Vec<u8>);

/// A newtype and `transparent`: the field itself.
#[derive(IntoPyObject)]
struct Id(u64);

#[derive(IntoPyObject)]
#[py(transparent)]
struct Name {
    name: String,
}

/// An enum: each variant by its own shape.
#[derive(IntoPyObject)]
enum Shape<T> {
    Circle { r: T },
    Rect(T, T),
    Named(String),
}

#[pyfunction]
fn into_point() -> Point {
    Point { x: 1, y: 2 }
}

#[pyfunction]
fn into_misc() -> (Pair, Id, Name) {
    (
        Pair("a".to_owned(), vec![1, 2]),
        Id(9),
        Name {
            name: "n".to_owned(),
        },
    )
}

#[pyfunction]
fn into_shapes() -> Vec<Shape<f64>> {
    vec![
        Shape::Circle { r: 1.5 },
        Shape::Rect(2.0, 3.0),
        Shape::Named("dot".to_owned()),
    ]
}

/// `rename_all` on an enum (PyO3's `test_enum_rename_all`): default names in camelCase,
/// given names as written.
#[derive(FromPyObject)]
#[py(rename_all = "camelCase")]
enum RenameAll {
    Foo {
        some_field: String,
        #[py(item)]
        other_field: f32,
        #[py(attribute("customNumber"))]
        custom_name: i32,
    },
}

#[pyfunction]
fn rename_all(r: RenameAll) -> String {
    let RenameAll::Foo {
        some_field,
        other_field,
        custom_name,
    } = r;
    format!("{some_field} {other_field} {custom_name}")
}

/// To a dict keyed in SCREAMING_SNAKE_CASE.
#[derive(IntoPyObject)]
#[py(rename_all = "SCREAMING_SNAKE_CASE")]
struct Settings {
    max_size: u32,
    #[py(item("name"))]
    label: String,
}

#[pyfunction]
fn into_settings() -> Settings {
    Settings {
        max_size: 3,
        label: "s".to_owned(),
    }
}

/// `obj.extract::<T>()` called from Rust, not as an argument: the error is the derive's
/// own, not reworded with the argument's name.
#[pyfunction]
fn extract_as(kind: &str, obj: Object<'_>) -> PyResult<String> {
    Ok(match kind {
        "struct" => rusty_struct(obj.extract()?),
        "tuple" => rusty_tuple(obj.extract()?),
        "meters" => format!("{}", obj.extract::<Meters>()?.0),
        "label" => obj.extract::<Label>()?.text,
        "enum" => rusty_enum(obj.extract()?),
        "int_or_str" => int_or_str(obj.extract()?),
        "outer" => outer(obj.extract()?),
        "from_dict" => format!("{:?}", from_dict(obj.extract()?)),
        _ => unreachable!(),
    })
}

/// An enum whose variants each say what they accept: an `annotation`, or a newtype's field.
#[derive(FromPyObject)]
enum IntOrText {
    #[py(annotation = "int")]
    Int(i64),
    Text(String),
}

#[pyfunction]
fn int_or_text(v: IntOrText) -> String {
    match v {
        IntOrText::Int(i) => format!("int {i}"),
        IntOrText::Text(s) => format!("text {s}"),
    }
}

/// What each derived conversion declares for type stubs (`INPUT_TYPE`, `OUTPUT_TYPE`).
#[pyfunction]
fn declared_types() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Meters", <Meters as FromPyObject<'_, '_>>::INPUT_TYPE),
        ("IntOrText", <IntOrText as FromPyObject<'_, '_>>::INPUT_TYPE),
        ("IntOrStr", <IntOrStr as FromPyObject<'_, '_>>::INPUT_TYPE),
        (
            "RustyStruct",
            <RustyStruct as FromPyObject<'_, '_>>::INPUT_TYPE,
        ),
        ("Id", <Id as IntoPyObject<'_>>::OUTPUT_TYPE),
        ("Name", <Name as IntoPyObject<'_>>::OUTPUT_TYPE),
        ("Point", <Point as IntoPyObject<'_>>::OUTPUT_TYPE),
        ("Pair", <Pair as IntoPyObject<'_>>::OUTPUT_TYPE),
    ]
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(int_or_text))?;
    m.add_function(wrap_pyfunction!(declared_types))?;
    m.add_function(wrap_pyfunction!(extract_as))?;
    m.add_function(wrap_pyfunction!(rename_all))?;
    m.add_function(wrap_pyfunction!(into_settings))?;
    m.add_function(wrap_pyfunction!(rusty_struct))?;
    m.add_function(wrap_pyfunction!(from_dict))?;
    m.add_function(wrap_pyfunction!(rusty_tuple))?;
    m.add_function(wrap_pyfunction!(newtypes))?;
    m.add_function(wrap_pyfunction!(rusty_enum))?;
    m.add_function(wrap_pyfunction!(int_or_str))?;
    m.add_function(wrap_pyfunction!(generics))?;
    m.add_function(wrap_pyfunction!(outer))?;
    m.add_function(wrap_pyfunction!(into_point))?;
    m.add_function(wrap_pyfunction!(into_misc))?;
    m.add_function(wrap_pyfunction!(into_shapes))?;
    Ok(())
}
