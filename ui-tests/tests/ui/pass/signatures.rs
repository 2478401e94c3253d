//! Every form a `#[pyfunction]` signature may take.

use abide::prelude::*;
use std::collections::HashMap;

/// No arguments at all (METH_NOARGS), returning nothing (`None`).
#[pyfunction]
fn nothing() {}

/// Plain positional-or-keyword parameters, derived from the Rust signature.
#[pyfunction]
fn add(a: i64, b: i64) -> i64 {
    a + b
}

/// Positional-only, a default, keyword-only with and without defaults.
#[pyfunction(signature = (a, b, /, c = 3, *, d, e = -1.5))]
fn params(a: i64, b: i64, c: i64, d: bool, e: f64) -> (i64, i64, i64, bool, f64) {
    (a, b, c, d, e)
}

/// `*args` and `**kwargs`.
#[pyfunction(signature = (first, *args, **kwargs))]
fn variadic(first: i64, args: Tuple<'_>, kwargs: Option<Dict<'_>>) -> (i64, usize, usize) {
    (first, args.len(), kwargs.map_or(0, |d| d.len()))
}

/// Keyword-only parameters after `*args`.
#[pyfunction(signature = (*values, sep = " "))]
fn join(values: Tuple<'_>, sep: &str) -> PyResult<String> {
    let mut parts = Vec::new();
    for v in values.iter() {
        parts.push(v.str()?);
    }
    Ok(parts.join(sep))
}

/// An `Option` that defaults to `None`.
#[pyfunction(signature = (x = None))]
fn maybe(x: Option<i64>) -> Option<i64> {
    x.map(|v| v + 1)
}

/// The `Python` token (anywhere in the parameter list, never in the signature) and a
/// `PyResult` return.
#[pyfunction(signature = (n, *, start = 0))]
fn make_list<'py>(n: usize, py: Python<'py>, start: usize) -> PyResult<List<'py>> {
    let list = List::empty(py)?;
    for i in start..start + n {
        list.append(i)?;
    }
    Ok(list)
}

/// Borrowed arguments, a Rust error turned into a Python exception by `?`.
#[pyfunction]
fn parse(s: &str, extra: &[u8]) -> PyResult<i64> {
    Ok(s.trim().parse::<i64>()? + extra.len() as i64)
}

/// Collections and any Python object.
#[pyfunction]
fn collect(items: Vec<String>, counts: HashMap<String, i64>, obj: Object<'_>) -> PyResult<String> {
    Ok(format!("{} {} {}", items.len(), counts.len(), obj.repr()?))
}

/// A Python name that differs from the Rust one, and a Rust keyword as a parameter name.
#[pyfunction(name = "kind_of")]
fn rust_kind_of(r#type: &str) -> String {
    r#type.to_owned()
}

/// A lifetime parameter is fine (only type parameters are refused).
#[pyfunction]
fn first<'py>(items: Vec<Object<'py>>) -> Option<Object<'py>> {
    items.into_iter().next()
}

#[pymodule]
fn signatures(m: &Module<'_>) -> PyResult<()> {
    for def in [
        wrap_pyfunction!(nothing),
        wrap_pyfunction!(add),
        wrap_pyfunction!(params),
        wrap_pyfunction!(variadic),
        wrap_pyfunction!(join),
        wrap_pyfunction!(maybe),
        wrap_pyfunction!(make_list),
        wrap_pyfunction!(parse),
        wrap_pyfunction!(collect),
        wrap_pyfunction!(rust_kind_of),
        wrap_pyfunction!(first),
    ] {
        m.add_function(def)?;
    }
    Ok(())
}

fn main() {}
