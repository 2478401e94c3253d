//! PENDING (macro message to fix). Today: "`Result<i64, ParseError>` cannot be returned to
//! Python" at the `#[pyfunction]` attribute, with a note about `IntoPyObject` (misleading:
//! `i64` converts fine) and a help pointing into abide's `impl_/ret.rs`. Expected, at
//! `ParseError` in the return type: "`ParseError` cannot be raised as a Python exception:
//! implement `From<ParseError> for PyErr`, or map it with
//! `.map_err(|e| PyValueError::new_err(e.to_string()))`".
//!
//! A `Result` whose error type does not convert into a Python exception.

use abide::prelude::*;

#[derive(Debug)]
struct ParseError;

#[pyfunction]
fn parse(s: &str) -> Result<i64, ParseError> {
    s.parse().map_err(|_| ParseError)
}

fn main() {}
