//! Method forms PyO3 users write: receivers of any name and type (`PyRef`, `PyRefMut`,
//! `Py<Self>`, the class named instead of `Self`), a `PyRef<Self>` first parameter of a
//! static method (an argument there), `Option<&T>` parameters in methods and special
//! methods, `__next__` returning `T` or `PyResult<T>`, a deleter, class constants and a
//! constructor that receives the class.

use abide::exceptions::PyStopIteration;
use abide::prelude::*;

#[pyclass(subclass)]
pub struct Counter {
    n: u64,
    label: Option<String>,
}

#[pymethods]
impl Counter {
    #[classattr]
    const START: u64 = 0;

    #[classattr]
    const NAMES: [&'static str; 2] = ["up", "down"];

    #[new]
    #[classmethod]
    fn new(cls: &TypeObject<'_>) -> PyResult<Self> {
        Ok(Counter {
            n: Self::START,
            label: Some(cls.name()?),
        })
    }

    fn __iter__(me: Py<Self>) -> Py<Self> {
        me
    }

    fn __next__(mut this: PyRefMut<'_, Counter>) -> PyResult<u64> {
        if this.n == 3 {
            return Err(PyStopIteration::new_err(this.n));
        }
        this.n += 1;
        Ok(this.n)
    }

    fn __contains__(&self, item: Option<&Object<'_>>) -> bool {
        item.is_none()
    }

    fn peek(self_: PyRef<'_, Self>) -> u64 {
        self_.n
    }

    #[staticmethod]
    fn total(a: PyRef<'_, Self>, b: PyRef<'_, Counter>) -> u64 {
        a.n + b.n
    }

    #[py(signature = (extra = None, options = None))]
    fn describe(&self, extra: Option<&str>, options: Option<&Dict<'_>>) -> String {
        let n = options.map_or(0, |o| o.len());
        format!("{:?} {:?} {n}", self.label, extra)
    }

    #[getter]
    fn label(&self) -> Option<String> {
        self.label.clone()
    }

    #[setter]
    fn set_label(&mut self, label: String) {
        self.label = Some(label);
    }

    #[deleter]
    fn delete_label(&mut self) {
        self.label = None;
    }
}

/// `__next__` returning a plain value: endless unless it raises.
#[pyclass]
pub struct Ones;

#[pymethods]
impl Ones {
    fn __next__(&self) -> u8 {
        1
    }
}
