//! `__traverse__` runs during garbage collection and only reads (`&self`); `__clear__`
//! drops references (`&mut self`). The table of special methods says which receiver each
//! takes.

use abide::class::{PyTraverseError, PyVisit};
use abide::prelude::*;

#[pyclass]
struct Node {
    next: Option<Py<PyAny>>,
}

#[pymethods]
impl Node {
    fn __traverse__(&mut self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        if let Some(next) = &self.next {
            visit.call(next)?;
        }
        Ok(())
    }

    fn __clear__(&self) {}
}

fn main() {}
