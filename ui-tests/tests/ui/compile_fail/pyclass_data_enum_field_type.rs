//! Each field is a constructor parameter and a read-only property, so its type converts
//! both ways.

use abide::prelude::*;

struct Opaque;

#[pyclass]
enum Holder {
    Value { inner: Opaque },
}

fn main() {}
