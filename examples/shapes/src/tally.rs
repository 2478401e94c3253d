//! `Tally`: a counter whose `&mut self` methods are exclusive even on free-threaded
//! Python, so concurrent increments are never lost.

use abide::exceptions::PyOverflowError;
use abide::prelude::*;

/// A counter that many threads may update at once.
#[pyclass(module = "shapes")]
pub struct Tally {
    count: u64,
    #[py(get)]
    step: u64,
}

#[pymethods]
impl Tally {
    #[new]
    #[py(signature = (step = 1))]
    fn new(step: u64) -> Self {
        Tally { count: 0, step }
    }

    /// Adds `step` to the count.
    fn incr(&mut self) -> PyResult<()> {
        // A read-modify-write that would lose updates without exclusivity.
        let c = self.count;
        std::hint::black_box(());
        self.count = c
            .checked_add(self.step)
            .ok_or_else(|| PyOverflowError::new_err("the count does not fit in 64 bits"))?;
        Ok(())
    }

    /// The current count.
    #[getter]
    fn count(&self) -> u64 {
        self.count
    }

    /// Runs `callback()` while holding `&mut self`, for testing re-entrancy.
    fn with_exclusive<'py>(&mut self, callback: Object<'py>) -> PyResult<Object<'py>> {
        callback.call0()
    }

    /// Runs `callback()` while holding `&self`.
    fn with_shared<'py>(&self, callback: Object<'py>) -> PyResult<Object<'py>> {
        callback.call0()
    }

    /// Holds `&mut self` for `millis` milliseconds with the interpreter released, so
    /// another thread can try to use the object meanwhile.
    fn hold(&mut self, py: Python<'_>, millis: u64) {
        py.detach(|| std::thread::sleep(std::time::Duration::from_millis(millis)));
        self.count += 1;
    }
}
