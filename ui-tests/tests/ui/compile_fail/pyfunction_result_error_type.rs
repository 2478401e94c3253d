//! A `Result` whose error type does not convert into a Python exception: reported at the
//! error type, with the `From` impl or `.map_err(...)` to write.

use abide::prelude::*;

#[derive(Debug)]
struct ParseError;

#[pyfunction]
fn parse(s: &str) -> Result<i64, ParseError> {
    s.parse().map_err(|_| ParseError)
}

fn main() {}
