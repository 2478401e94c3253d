//! PyO3 options abide does not have, on a class that is used: one error per option, at
//! the option, and nothing else.

use abide::prelude::*;

#[pyclass(mapping, rename_all = "camelCase", frozen)]
struct Table {
    #[pyo3(get)]
    size: usize,
}

#[pymethods]
impl Table {
    fn __len__(&self) -> usize {
        self.size
    }
}

#[pymodule]
fn tables(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<Table>()?;
    Ok(())
}

fn main() {}
