//! What a `#[pyfunction]` may return: a value, `()`, `PyResult<T>`, or `Result<T, E>`
//! for any `E` that converts into `PyErr` (abide's, the standard library's, or the
//! user's own through `From<E> for PyErr`); and `wrap_pyfunction!` of an imported
//! function.

use abide::exceptions::PyValueError;
use abide::prelude::*;

mod errors {
    use abide::exceptions::PyValueError;
    use abide::PyErr;

    /// A user's error type, raised as `ValueError`.
    #[derive(Debug)]
    pub struct ParseError(pub String);

    impl From<ParseError> for PyErr {
        fn from(err: ParseError) -> PyErr {
            PyValueError::new_err(err.0)
        }
    }
}

mod functions {
    use super::errors::ParseError;
    use abide::prelude::*;

    #[pyfunction]
    pub fn parse(s: &str) -> Result<i64, ParseError> {
        s.trim().parse().map_err(|_| ParseError(format!("not a number: {s:?}")))
    }

    #[pyfunction]
    pub fn halve(n: i64) -> Result<i64, PyErr> {
        Ok(n / 2)
    }
}

use functions::{halve, parse};

#[pyfunction]
fn nothing() {}

#[pyfunction]
fn checked(n: i64) -> PyResult<Vec<i64>> {
    if n < 0 {
        return Err(PyValueError::new_err("negative"));
    }
    Ok((0..n).collect())
}

#[pyfunction]
fn parse_std(s: &str) -> Result<i64, std::num::ParseIntError> {
    s.parse()
}

#[pyfunction]
fn read(path: &str) -> std::io::Result<String> {
    std::fs::read_to_string(path)
}

#[pyfunction]
fn maybe_pair(n: i64) -> PyResult<Option<(i64, String)>> {
    Ok((n > 0).then(|| (n, n.to_string())))
}

/// A module function with a named lifetime and the full `Result<(), PyErr>`.
#[pymodule]
fn returns<'py>(m: &Module<'py>) -> Result<(), PyErr> {
    m.add_function(wrap_pyfunction!(nothing))?;
    m.add_function(wrap_pyfunction!(checked))?;
    m.add_function(wrap_pyfunction!(parse_std))?;
    m.add_function(wrap_pyfunction!(read))?;
    m.add_function(wrap_pyfunction!(maybe_pair))?;
    // Imported with `use`: the function and its hidden definition come together.
    m.add_function(wrap_pyfunction!(parse))?;
    m.add_function(wrap_pyfunction!(halve))?;
    Ok(())
}

fn main() {}
