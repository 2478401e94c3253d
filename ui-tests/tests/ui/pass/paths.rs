//! The macros through full paths, and `wrap_pyfunction!` of a function in another module.

mod ops {
    use abide::prelude::*;

    #[abide::pyfunction]
    pub fn negate(x: i64) -> i64 {
        -x
    }

    #[abide::pyfunction(signature = (x, /))]
    pub(crate) fn square(x: f64) -> PyResult<f64> {
        Ok(x * x)
    }
}

#[abide::pymodule]
fn paths(m: &abide::types::Module<'_>) -> abide::PyResult<()> {
    m.add_function(abide::wrap_pyfunction!(ops::negate))?;
    m.add_function(abide::wrap_pyfunction!(crate::ops::square))?;
    Ok(())
}

fn main() {}
