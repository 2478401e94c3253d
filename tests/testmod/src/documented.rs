//! Docstrings where PyO3 users put them: `#[doc = include_str!(...)]` on a class and a
//! function, `///` on fields and on methods (bound, class and static), and the errors a
//! setter or special method gives for a value it cannot convert.

use abide::prelude::*;

#[doc = include_str!("docs/ledger.md")]
#[pyclass]
struct Ledger {
    /// The ledger's name.
    #[py(get, set)]
    name: String,
    /// How many entries were added.
    #[py(get)]
    count: i64,
    limit: u8,
    slots: Vec<String>,
}

#[pymethods]
impl Ledger {
    #[new]
    fn new(name: String) -> Self {
        Ledger {
            name,
            count: 0,
            limit: 10,
            slots: vec![String::new(); 3],
        }
    }

    /// Adds `n` entries.
    fn add(&mut self, n: i64) {
        self.count += n;
    }

    /// A ledger named after `text`.
    #[classmethod]
    fn from_text(_cls: &TypeObject<'_>, text: &str) -> Self {
        Ledger::new(text.to_owned())
    }

    /// The version of the ledger format.
    #[staticmethod]
    fn version() -> u32 {
        2
    }

    /// The most entries allowed.
    #[getter]
    fn limit(&self) -> u8 {
        self.limit
    }

    #[setter]
    fn set_limit(&mut self, limit: u8) {
        self.limit = limit;
    }

    fn __setitem__(&mut self, index: usize, label: String) -> PyResult<()> {
        let len = self.slots.len();
        let slot = self
            .slots
            .get_mut(index)
            .ok_or_else(|| abide::exceptions::PyIndexError::new_err(format!("{index} >= {len}")))?;
        *slot = label;
        Ok(())
    }
}

#[doc = include_str!("docs/function.md")]
#[pyfunction]
fn documented_function() -> bool {
    true
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<Ledger>()?;
    m.add_function(wrap_pyfunction!(documented_function))
}
