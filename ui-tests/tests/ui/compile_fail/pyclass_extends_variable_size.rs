// `tuple`, `int`, `bytes`, `str` and `type` keep their items in the object, where a
// class's Rust data would go: the Limited API cannot extend them; `float` gets its value
// in `__new__`, from arguments a base of a #[pyclass] is not given. The error says so at
// the base the user wrote (one error each, no cascade).
use abide::prelude::*;

#[pyclass(extends = PyTuple)]
struct Pair {
    tag: String,
}

#[pyclass(extends = abide::types::PyLong)]
struct BigNum {
    unit: String,
}

#[pyclass(extends = PyBool)]
struct Flag;

#[pyclass(extends = PyFloat)]
struct Meters {
    precision: u8,
}

fn main() {}
