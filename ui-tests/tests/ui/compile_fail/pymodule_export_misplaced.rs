//! `#[pymodule_export]` and `#[pymodule_init]` where they do not go, a glob export, and
//! `gil_used` on a nested module and on a `submodule`.

use abide::prelude::*;

#[pyfunction]
fn double(x: i64) -> i64 {
    x * 2
}

#[pymodule]
mod hello {
    #[pymodule_export]
    use super::*;

    #[pymodule_export]
    static COUNT: u32 = 0;

    #[pymodule_export]
    fn helper() {}

    #[pymodule_init]
    const INIT: u32 = 0;

    #[pymodule(gil_used = true)]
    mod inner {}
}

#[pymodule(submodule, gil_used = false)]
fn helpers(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

fn main() {}
