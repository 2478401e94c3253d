//! Options that make no sense for an enum whose variants carry data, and misplaced
//! variant options.

use abide::prelude::*;

#[pyclass(subclass, get_all, set_all)]
enum Shape {
    Circle { r: f64 },
}

#[pyclass(subclass)]
struct Base;

#[pyclass(extends = Base)]
enum Derived {
    One(u8),
}

#[pyclass]
enum Command {
    #[pyo3(constructor = (seconds = 1.0))]
    Wait { seconds: f64 },
    #[py(signature = (text))]
    Say(String),
    Move {
        #[py(get)]
        steps: u32,
    },
}

fn main() {}
