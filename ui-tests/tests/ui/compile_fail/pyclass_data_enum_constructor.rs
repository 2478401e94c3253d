//! A variant's `constructor` names its fields: `_0`, `_1`, ... for a tuple variant.

use abide::prelude::*;

#[pyclass]
enum Shape {
    #[py(constructor = (radius = 1.0))]
    Circle { r: f64 },
    #[py(constructor = (w, h))]
    Rect(f64, f64),
    #[py(constructor = (a, *rest))]
    Many { a: u8 },
}

fn main() {}
