//! `unsendable` on a class that is used: the one error says what to do, and the
//! methods, the module and the struct's own thread-safety add nothing.

use abide::prelude::*;
use std::rc::Rc;

#[pyclass(unsendable)]
struct Cache {
    entries: Rc<Vec<String>>,
}

#[pymethods]
impl Cache {
    fn __len__(&self) -> usize {
        self.entries.len()
    }
}

#[pymodule]
fn caches(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<Cache>()?;
    Ok(())
}

fn main() {}
