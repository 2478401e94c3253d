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

/// A version number: `==`, orderings, `hash()` and `str()` come from its Rust traits.
#[pyclass(module = "testmod", frozen, eq, ord, hash, str)]
#[derive(PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    #[py(get)]
    major: u32,
    #[py(get)]
    minor: u32,
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

#[pymethods]
impl Version {
    #[new]
    fn new(major: u32, minor: u32) -> Self {
        Version { major, minor }
    }
}

/// Mutable, compared with `eq` only: Python then makes it unhashable, as for a class
/// that defines `__eq__` alone.
#[pyclass(module = "testmod", eq)]
#[derive(PartialEq)]
pub struct Tag {
    #[py(get, set)]
    name: String,
}

#[pymethods]
impl Tag {
    #[new]
    fn new(name: String) -> Self {
        Tag { name }
    }
}

/// A fieldless enum as a class: `Color.Red`, ... are its instances.
#[pyclass(module = "testmod", str)]
#[derive(Debug)]
pub enum Color {
    Red,
    Green = 10,
    Blue,
}

impl std::fmt::Display for Color {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", format!("{self:?}").to_lowercase())
    }
}

#[pymethods]
impl Color {
    fn is_warm(&self) -> bool {
        matches!(self, Color::Red)
    }
}

/// Takes an enum argument and returns one.
#[pyfunction]
fn complement(c: &Color) -> Color {
    match c {
        Color::Red => Color::Green,
        Color::Green => Color::Red,
        Color::Blue => Color::Blue,
    }
}

/// Dynamic attributes: names not found normally come from (and go to) a map.
#[pyclass(module = "testmod")]
pub struct Record {
    /// A real field, found before `__getattr__` is asked.
    #[py(get, set)]
    id: i64,
    extra: std::collections::BTreeMap<String, i64>,
}

#[pymethods]
impl Record {
    #[new]
    fn new(id: i64) -> Self {
        Record {
            id,
            extra: Default::default(),
        }
    }

    fn keys(&self) -> Vec<String> {
        self.extra.keys().cloned().collect()
    }

    fn __getattr__(&self, name: &str) -> PyResult<i64> {
        self.extra.get(name).copied().ok_or_else(|| {
            abide::exceptions::PyAttributeError::new_err(format!(
                "'Record' object has no attribute '{name}'"
            ))
        })
    }

    /// Only names starting with `x_` are stored; others raise.
    fn __setattr__(&mut self, name: &str, value: i64) -> PyResult<()> {
        if !name.starts_with("x_") {
            return Err(abide::exceptions::PyAttributeError::new_err(format!(
                "cannot set '{name}' on a Record"
            )));
        }
        self.extra.insert(name.to_owned(), value);
        Ok(())
    }

    fn __delattr__(&mut self, name: &str) -> PyResult<()> {
        self.extra
            .remove(name)
            .map(drop)
            .ok_or_else(|| abide::exceptions::PyAttributeError::new_err(name.to_owned()))
    }
}

/// Only `__getattr__`: assignment keeps `object`'s behaviour.
#[pyclass(module = "testmod")]
pub struct Fallback {
    #[py(get, set)]
    level: i64,
}

#[pymethods]
impl Fallback {
    #[new]
    fn new() -> Self {
        Fallback { level: 1 }
    }

    fn __getattr__(&self, name: &str) -> String {
        format!("<{name} at level {}>", self.level)
    }
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<Record>()?;
    m.add_class::<Fallback>()?;
    m.add_class::<Color>()?;
    m.add_function(wrap_pyfunction!(complement))?;
    m.add_class::<Session>()?;
    m.add_class::<Money>()?;
    m.add_class::<Version>()?;
    m.add_class::<Tag>()?;
    Ok(())
}
