//! `café`: a module whose name is not ASCII. CPython looks for its entry points under
//! the punycode of the name (`PyModExportU_caf_dma`, `PyInitU_caf_dma`).

use abide::prelude::*;

/// Orders a drink.
#[pyfunction]
fn order(drink: &str) -> String {
    format!("un {drink}, s'il vous plaît")
}

#[pymodule]
fn café(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(order))?;
    Ok(())
}
