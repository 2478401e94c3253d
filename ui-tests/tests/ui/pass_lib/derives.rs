//! The derives' allowed forms: every shape, generics and lifetimes, `from_py_with`,
//! `default`, enums mixing shapes.

#![allow(dead_code)] // Fields that are only converted, never read.

use abide::prelude::*;
use std::collections::HashMap;

#[derive(FromPyObject, IntoPyObject)]
struct Named {
    a: i64,
    #[py(item("b"))]
    b: String,
}

#[derive(FromPyObject)]
struct Attrs {
    #[py(attribute("real_name"), default)]
    a: Option<i64>,
    #[py(item(0), default = 5)]
    first: u8,
    #[py(from_py_with = Object::len)]
    len: usize,
    r#type: String,
}

#[derive(FromPyObject)]
struct Borrowing<'a>(&'a str, #[py(from_py_with = Object::len)] usize);

#[derive(FromPyObject)]
#[py(transparent)]
struct Borrowed2<'a> {
    text: &'a str,
}

#[derive(FromPyObject)]
struct Handles<'py> {
    obj: Object<'py>,
    #[py(item)]
    list: List<'py>,
}

#[derive(FromPyObject, IntoPyObject)]
struct Generic<K: std::hash::Hash + Eq, V>(HashMap<K, V>);

#[derive(FromPyObject, IntoPyObject)]
enum Mixed<T> {
    A(T),
    B(T, T),
    C {
        x: T,
    },
    #[py(transparent)]
    D {
        y: Vec<T>,
    },
}

#[derive(FromPyObject)]
enum WithPy<'py> {
    #[py(annotation = "int")]
    Int(i64),
    #[py(from_item_all)]
    Dict {
        a: i64,
        #[py(default)]
        b: i64,
    },
    Any(Object<'py>),
}

#[pyfunction]
fn take_borrowing(_b: Borrowing<'_>, _b2: Borrowed2<'_>, _h: Handles<'_>, _w: WithPy<'_>) {}

#[pyfunction]
fn take(
    _n: Named,
    _a: Attrs,
    _g: Generic<String, i64>,
    _m: Mixed<f64>,
) -> (Named, Mixed<i64>, Generic<i64, i64>) {
    (
        Named {
            a: 1,
            b: String::new(),
        },
        Mixed::B(1, 2),
        Generic(HashMap::new()),
    )
}

#[pymodule]
fn derives(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(take))?;
    m.add_function(wrap_pyfunction!(take_borrowing))
}
