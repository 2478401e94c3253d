//! A `#[pymodule_init]` function whose parameter is not the module, and a `#[pymodule]`
//! function whose first of two parameters is not the token.

use abide::prelude::*;

#[pymodule]
mod hello {
    use abide::prelude::*;

    #[pymodule_init]
    fn init(m: &Object<'_>) -> PyResult<()> {
        let _ = m;
        Ok(())
    }
}

#[pymodule]
fn again(count: i64, m: &Module<'_>) -> PyResult<()> {
    m.add("COUNT", count)
}

fn main() {}
