//! `testmod`: one function per conversion and calling convention, so the Python test
//! suite can check each of them end to end.

use abide::exceptions::{PyValueError, PyZeroDivisionError};
use abide::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

mod argspec;
mod async_methods;
mod awaitables;
mod buffers;
mod conveniences;
mod coroutines;
mod dates;
mod derives;
mod documented;
mod duplicates;
mod errors;
mod eval;
mod free_threading;
mod handles;
mod inheritance;
mod interpreters;
mod paths;
mod protocols;
mod reliability;
mod user_types;

/// Identity functions, one per scalar type: the value goes Python -> Rust -> Python.
macro_rules! identities {
    ($($name:ident: $t:ty),* $(,)?) => {
        $(
            #[pyfunction]
            fn $name(v: $t) -> $t {
                v
            }
        )*
        fn add_identities(m: &Module<'_>) -> PyResult<()> {
            $(m.add_function(wrap_pyfunction!($name))?;)*
            Ok(())
        }
    };
}

identities! {
    id_i8: i8, id_i16: i16, id_i32: i32, id_i64: i64, id_i128: i128, id_isize: isize,
    id_u8: u8, id_u16: u16, id_u32: u32, id_u64: u64, id_u128: u128, id_usize: usize,
    id_f32: f32, id_f64: f64, id_bool: bool, id_char: char, id_str: String,
    id_opt: Option<i64>, id_tuple: (i64, String, bool), id_vec: Vec<i64>,
    id_nested: Vec<Vec<String>>, id_bytes: Vec<u8>, id_map: HashMap<String, i64>,
    id_btreemap: BTreeMap<i64, Vec<u8>>, id_set: HashSet<i64>, id_btreeset: BTreeSet<String>,
    id_array: [i32; 3], id_object: Object<'_>,
}

/// Length of a borrowed `&str` in characters.
#[pyfunction]
fn str_len(s: &str) -> usize {
    s.chars().count()
}

/// Length of a borrowed `bytes`.
#[pyfunction]
fn bytes_len(b: &[u8]) -> usize {
    b.len()
}

/// Returns nothing: `None` in Python.
#[pyfunction]
fn returns_unit(_x: i64) {}

/// Takes no arguments (METH_NOARGS).
#[pyfunction]
fn noargs() -> &'static str {
    "ok"
}

/// Positional-only, positional-or-keyword with a default, keyword-only with and without
/// a default.
#[pyfunction(signature = (a, b, /, c = 3, *, d, e = -1.5))]
fn params(a: i64, b: i64, c: i64, d: bool, e: f64) -> (i64, i64, i64, bool, f64) {
    (a, b, c, d, e)
}

/// `*args` and `**kwargs`.
#[pyfunction(signature = (first, *args, **kwargs))]
fn variadic(
    first: i64,
    args: Tuple<'_>,
    kwargs: Option<Dict<'_>>,
) -> PyResult<(i64, usize, Vec<String>)> {
    let mut keys = Vec::new();
    if let Some(kwargs) = kwargs {
        for (k, _) in kwargs.items()? {
            keys.push(k.extract::<String>()?);
        }
    }
    Ok((first, args.len(), keys))
}

/// Only `**kwargs`.
#[pyfunction(signature = (**options))]
fn options(options: Option<Dict<'_>>) -> usize {
    options.map_or(0, |d| d.len())
}

/// An optional argument that defaults to `None`.
#[pyfunction(signature = (x = None))]
fn maybe(x: Option<i64>) -> String {
    match x {
        Some(v) => format!("some {v}"),
        None => "none".to_owned(),
    }
}

/// Raises ZeroDivisionError from Rust.
#[pyfunction]
fn divide(a: f64, b: f64) -> PyResult<f64> {
    if b == 0.0 {
        return Err(PyZeroDivisionError::new_err("division by zero"));
    }
    Ok(a / b)
}

/// Raises ValueError through `?` on a Rust error.
#[pyfunction]
fn parse_int(s: &str) -> PyResult<i64> {
    Ok(s.trim().parse::<i64>()?)
}

/// Panics with the given message.
#[pyfunction]
fn panics(msg: &str) -> i64 {
    panic!("{msg}")
}

/// Takes the token and builds a list.
#[pyfunction]
fn make_list(py: Python<'_>, n: usize) -> PyResult<List<'_>> {
    let list = List::empty(py)?;
    for i in 0..n {
        list.append(i)?;
    }
    Ok(list)
}

/// Calls a Python callable with one argument.
#[pyfunction]
fn apply<'py>(f: Object<'py>, x: Object<'py>) -> PyResult<Object<'py>> {
    f.call1((x,))
}

/// Calls a Python callable with positional and keyword arguments.
#[pyfunction]
fn apply_kw<'py>(py: Python<'py>, f: Object<'py>, x: i64, key: &str) -> PyResult<Object<'py>> {
    let kwargs = Dict::new(py)?;
    kwargs.set(key, x * 10)?;
    f.call((x,), Some(&kwargs))
}

/// Reads an attribute.
#[pyfunction]
fn get_attr<'py>(obj: Object<'py>, name: &str) -> PyResult<Object<'py>> {
    obj.getattr(name)
}

/// Deletes an attribute.
#[pyfunction]
fn del_attr(obj: Object<'_>, name: &str) -> PyResult<()> {
    obj.delattr(name)
}

/// Calls a method by name.
#[pyfunction]
fn call_method<'py>(obj: Object<'py>, name: &str, arg: Object<'py>) -> PyResult<Object<'py>> {
    obj.call_method1(name, (arg,))
}

/// `repr()` and `str()` of any object, from Rust.
#[pyfunction]
fn describe(obj: Object<'_>) -> PyResult<(String, String, String)> {
    Ok((obj.repr()?, obj.str()?, obj.get_type().name()?))
}

/// Sums over any iterable, reporting errors from the iterator.
#[pyfunction]
fn iter_sum(obj: Object<'_>) -> PyResult<i64> {
    let mut total = 0;
    for item in obj.try_iter()? {
        total += item?.extract::<i64>()?;
    }
    Ok(total)
}

/// Sums 0..n with the interpreter released.
#[pyfunction]
fn sum_detached(py: Python<'_>, n: u64) -> u64 {
    py.detach(|| (0..n).sum())
}

/// Calls `f(21)` from a thread that Rust starts, which attaches itself.
#[pyfunction]
fn call_from_thread(py: Python<'_>, f: Py<PyAny>) -> PyResult<i64> {
    let handle =
        std::thread::spawn(move || Python::attach(|py| f.bind(py).call1((21,))?.extract::<i64>()));
    py.detach(|| handle.join())
        .map_err(|_| PyValueError::new_err("thread panicked"))?
}

/// A Python name that differs from the Rust one.
#[pyfunction(name = "renamed")]
fn rust_side_name() -> &'static str {
    "renamed"
}

/// A parameter that is a Rust keyword.
#[pyfunction]
fn raw_ident(r#type: &str) -> String {
    r#type.to_uppercase()
}

/// Calls `f()`; raises KeyError from whatever it raised (`raise ... from ...`).
#[pyfunction]
fn wrap_error<'py>(py: Python<'py>, f: Object<'py>) -> PyResult<Object<'py>> {
    f.call0().map_err(|cause| {
        let mut err = abide::exceptions::PyKeyError::new_err("wrapped");
        err.set_cause(py, Some(cause));
        err
    })
}

/// The submodule's function.
#[pyfunction]
fn triple(x: i64) -> i64 {
    3 * x
}

// The docstring comes from a file, as PyO3 users write it (`#[doc = include_str!(...)]`).
#[doc = include_str!("docs/module.md")]
#[pymodule]
fn testmod(m: &Module<'_>) -> PyResult<()> {
    add_identities(m)?;
    reliability::add(m)?;
    protocols::add(m)?;
    duplicates::add(m)?;
    errors::add(m)?;
    eval::add(m)?;
    free_threading::add(m)?;
    inheritance::add(m)?;
    interpreters::add(m)?;
    user_types::add(m)?;
    argspec::add(m)?;
    awaitables::add(m)?;
    coroutines::add_to(m)?;
    async_methods::add(m)?;
    conveniences::add(m)?;
    documented::add(m)?;
    paths::add(m)?;
    dates::add(m)?;
    derives::add(m)?;
    handles::add(m)?;
    buffers::add(m)?;
    for def in [
        wrap_pyfunction!(str_len),
        wrap_pyfunction!(bytes_len),
        wrap_pyfunction!(returns_unit),
        wrap_pyfunction!(noargs),
        wrap_pyfunction!(params),
        wrap_pyfunction!(variadic),
        wrap_pyfunction!(options),
        wrap_pyfunction!(maybe),
        wrap_pyfunction!(divide),
        wrap_pyfunction!(parse_int),
        wrap_pyfunction!(panics),
        wrap_pyfunction!(make_list),
        wrap_pyfunction!(apply),
        wrap_pyfunction!(apply_kw),
        wrap_pyfunction!(get_attr),
        wrap_pyfunction!(del_attr),
        wrap_pyfunction!(call_method),
        wrap_pyfunction!(describe),
        wrap_pyfunction!(iter_sum),
        wrap_pyfunction!(sum_detached),
        wrap_pyfunction!(call_from_thread),
        wrap_pyfunction!(rust_side_name),
        wrap_pyfunction!(raw_ident),
        wrap_pyfunction!(wrap_error),
    ] {
        m.add_function(def)?;
    }
    m.add("VERSION", "1.0")?;
    m.add("ANSWER", 42)?;
    m.add("PRIMES", vec![2, 3, 5, 7])?;
    let sub = Module::new(m.py(), "testmod.sub")?;
    sub.add_function(wrap_pyfunction!(triple))?;
    m.add_submodule(&sub)?;
    Ok(())
}
