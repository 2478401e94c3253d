//! A `#[pymodule]` function without a return type: it returns `PyResult<()>`.

use abide::prelude::*;

#[pymodule]
fn hello(m: &Module<'_>) {
    let _ = m.add("ANSWER", 42);
}

fn main() {}
