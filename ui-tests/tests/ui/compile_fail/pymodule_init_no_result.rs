//! A `#[pymodule_init]` function without a result, and one with three parameters.

use abide::prelude::*;

#[pymodule]
mod hello {
    use abide::prelude::*;

    #[pymodule_init]
    fn init(m: &Module<'_>) {
        let _ = m;
    }
}

#[pymodule]
mod again {
    use abide::prelude::*;

    #[pymodule_init]
    fn init(py: Python<'_>, m: &Module<'_>, extra: i64) -> PyResult<()> {
        let _ = (py, m, extra);
        Ok(())
    }
}

fn main() {}
