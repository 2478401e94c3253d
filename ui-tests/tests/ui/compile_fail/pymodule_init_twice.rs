//! Two `#[pymodule_init]` functions in one module.

use abide::prelude::*;

#[pymodule]
mod hello {
    use abide::prelude::*;

    #[pymodule_init]
    fn init(m: &Module<'_>) -> PyResult<()> {
        m.add("A", 1)
    }

    #[pymodule_init]
    fn init_more(m: &Module<'_>) -> PyResult<()> {
        m.add("B", 2)
    }
}

fn main() {}
