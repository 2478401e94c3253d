//! `#[py(get)]` on a field of a tuple struct: a property needs the field's name.

use abide::prelude::*;

#[pyclass]
struct Meters(#[py(get)] f64);

fn main() {}
