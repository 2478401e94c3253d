//! Special methods that CPython looks up by name, with no type slot: a context manager,
//! `format()`/`round()`/`reversed()`, and `copy`/`pickle` support.

use abide::prelude::*;

/// A resource that records how `with` used it.
#[pyclass(module = "testmod")]
pub struct Session {
    #[py(get)]
    log: Vec<String>,
}

#[pymethods]
impl Session {
    #[new]
    fn new() -> Self {
        Session { log: Vec::new() }
    }

    fn __enter__(slf: PyRefMut<'_, Self>) -> PyRefMut<'_, Self> {
        let mut slf = slf;
        slf.log.push("enter".to_owned());
        slf
    }

    /// Returns `True` (swallowing the exception) when the exception is a `KeyError`.
    fn __exit__(&mut self, ty: Object<'_>, _value: Object<'_>, _tb: Object<'_>) -> bool {
        let name = if ty.is_none() {
            "None".to_owned()
        } else {
            ty.getattr("__name__")
                .and_then(|n| n.extract::<String>())
                .unwrap_or_default()
        };
        self.log.push(format!("exit {name}"));
        name == "KeyError"
    }
}

/// An amount of money in cents: formats, rounds, copies and pickles.
#[pyclass(module = "testmod")]
pub struct Money {
    #[py(get)]
    cents: i64,
}

#[pymethods]
impl Money {
    #[new]
    fn new(cents: i64) -> Self {
        Money { cents }
    }

    fn __format__(&self, spec: &str) -> PyResult<String> {
        match spec {
            "" => Ok(format!("{}.{:02}", self.cents / 100, self.cents % 100)),
            "c" => Ok(format!("{} cents", self.cents)),
            other => Err(abide::exceptions::PyValueError::new_err(format!(
                "unknown format for Money: {other:?}"
            ))),
        }
    }

    /// `round(m)` gives whole units; `round(m, n)` is not supported.
    #[py(signature = (ndigits = None))]
    fn __round__(&self, ndigits: Option<i64>) -> PyResult<i64> {
        match ndigits {
            None => Ok((self.cents + 50).div_euclid(100)),
            Some(_) => Err(abide::exceptions::PyTypeError::new_err(
                "Money rounds to whole units only",
            )),
        }
    }

    fn __reversed__(&self) -> Vec<char> {
        self.cents.to_string().chars().rev().collect()
    }

    fn __copy__(&self) -> Money {
        Money { cents: self.cents }
    }

    fn __deepcopy__(&self, _memo: Object<'_>) -> Money {
        Money { cents: self.cents }
    }

    /// Pickles as `Money(cents)`.
    fn __reduce__<'py>(slf: PyRef<'py, Self>) -> (Object<'py>, (i64,)) {
        (slf.as_object().get_type().into_object(), (slf.cents,))
    }
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<Session>()?;
    m.add_class::<Money>()?;
    Ok(())
}
