// A base must be a #[pyclass], a built-in exception type, or PyDict/PyList/PySet.
use abide::prelude::*;

#[pyclass(extends = String)]
struct Named {
    n: i64,
}

fn main() {}
