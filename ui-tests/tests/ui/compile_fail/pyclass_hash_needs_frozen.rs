//! `hash` on a class that can change: its hash could change while it is in a set.

use abide::prelude::*;

#[pyclass(eq, hash)]
#[derive(PartialEq, Hash)]
struct Point {
    x: i64,
}

fn main() {}
