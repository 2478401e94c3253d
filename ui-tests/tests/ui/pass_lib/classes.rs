//! Every form `#[pyclass]` and `#[pymethods]` accept: constructors with signatures,
//! getters and setters (methods and fields), static and class methods, class attributes,
//! special methods (containers, iteration, calls, numeric operators with their reflected
//! and in-place forms, comparisons, `__richcmp__`), garbage-collector hooks, `extends`,
//! `subclass`, `frozen`, and `PyRef`/`PyRefMut` parameters.

use abide::class::{CompareOp, PyTraverseError, PyVisit};
use abide::exceptions::{PyIndexError, PyValueError};
use abide::prelude::*;
use std::sync::Mutex;

/// A named shape, which Python code may subclass.
#[pyclass(module = "classes", subclass)]
struct Shape {
    #[py(get, set)]
    name: String,
    #[py(get, name = "sides")]
    side_count: usize,
}

#[pymethods]
impl Shape {
    #[new]
    #[py(signature = (name, side_count = 0))]
    fn new(name: String, side_count: usize) -> Self {
        Shape { name, side_count }
    }

    fn describe(&self) -> String {
        format!("{} with {} sides", self.name, self.side_count)
    }
}

/// A polygon: a Rust class built on `Shape`, with data of its own and Python references
/// that the garbage collector sees.
#[pyclass(module = "classes", extends = Shape, subclass)]
struct Polygon {
    lengths: Vec<f64>,
    /// Visited automatically (an `Option<Py<..>>` field).
    label: Option<Py<PyAny>>,
    /// Visited by `__traverse__`.
    observers: Mutex<Vec<Py<PyAny>>>,
}

#[pymethods]
impl Polygon {
    #[new]
    #[py(signature = (lengths, *, label = None))]
    fn new(lengths: Vec<f64>, label: Option<Py<PyAny>>) -> PyResult<(Self, Shape)> {
        if lengths.len() < 3 {
            return Err(PyValueError::new_err("a polygon has at least 3 sides"));
        }
        let base = Shape::new("polygon".to_owned(), lengths.len());
        let polygon = Polygon {
            lengths,
            label,
            observers: Mutex::new(Vec::new()),
        };
        Ok((polygon, base))
    }

    /// A getter method; the property is `perimeter`.
    #[getter]
    fn perimeter(&self) -> f64 {
        self.lengths.iter().sum()
    }

    /// A getter named explicitly, and its setter (`set_` is stripped).
    #[getter(label)]
    fn label_object<'py>(&self, py: Python<'py>) -> Option<Object<'py>> {
        self.label.as_ref().map(|l| l.bind(py))
    }

    #[setter]
    fn set_label(&mut self, label: Option<Py<PyAny>>) {
        self.label = label;
    }

    /// A static method.
    #[staticmethod]
    fn regular_perimeter(sides: usize, length: f64) -> f64 {
        sides as f64 * length
    }

    /// A class method: `cls` is the class it was called on (maybe a subclass).
    #[classmethod]
    fn square<'py>(cls: &TypeObject<'py>, length: f64) -> PyResult<Object<'py>> {
        cls.as_object().call1((vec![length; 4],))
    }

    /// A class attribute, renamed.
    #[classattr]
    #[py(name = "KIND")]
    fn kind() -> &'static str {
        "polygon"
    }

    /// `PyRef` and `PyRefMut` parameters borrow other instances.
    fn same_shape(&self, other: PyRef<'_, Polygon>) -> bool {
        self.lengths == other.lengths
    }

    fn absorb(&mut self, mut other: PyRefMut<'_, Polygon>) {
        self.lengths.append(&mut other.lengths);
    }

    fn watch(&self, observer: Py<PyAny>) {
        self.observers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(observer);
    }

    fn __repr__(slf: PyRef<'_, Self>) -> PyResult<String> {
        let base: PyRef<'_, Shape> = slf.as_object().extract()?;
        Ok(format!("Polygon({:?}, {:?})", base.name, slf.lengths))
    }

    fn __str__(&self) -> String {
        format!("polygon of {} sides", self.lengths.len())
    }

    fn __len__(&self) -> usize {
        self.lengths.len()
    }

    fn __bool__(&self) -> bool {
        !self.lengths.is_empty()
    }

    fn __getitem__(&self, index: usize) -> PyResult<f64> {
        self.lengths
            .get(index)
            .copied()
            .ok_or_else(|| PyIndexError::new_err("side index out of range"))
    }

    fn __setitem__(&mut self, index: usize, length: f64) -> PyResult<()> {
        let side = self
            .lengths
            .get_mut(index)
            .ok_or_else(|| PyIndexError::new_err("side index out of range"))?;
        *side = length;
        Ok(())
    }

    fn __delitem__(&mut self, index: usize) -> PyResult<()> {
        if index >= self.lengths.len() {
            return Err(PyIndexError::new_err("side index out of range"));
        }
        self.lengths.remove(index);
        Ok(())
    }

    fn __contains__(&self, length: f64) -> bool {
        self.lengths.contains(&length)
    }

    fn __iter__(&self) -> Sides {
        Sides {
            lengths: self.lengths.clone(),
            next: Mutex::new(0),
        }
    }

    /// `__call__` takes any signature.
    #[py(signature = (factor = 1.0, *, round = false))]
    fn __call__(&self, factor: f64, round: bool) -> Vec<f64> {
        let scaled = self.lengths.iter().map(|l| l * factor);
        if round {
            scaled.map(f64::round).collect()
        } else {
            scaled.collect()
        }
    }

    fn __add__(&self, other: PyRef<'_, Polygon>) -> Vec<f64> {
        self.lengths.iter().chain(&other.lengths).copied().collect()
    }

    fn __mul__(&self, factor: f64) -> Vec<f64> {
        self.lengths.iter().map(|l| l * factor).collect()
    }

    fn __rmul__(&self, factor: f64) -> Vec<f64> {
        self.__mul__(factor)
    }

    fn __iadd__(&mut self, length: f64) {
        self.lengths.push(length);
    }

    fn __imul__(&mut self, factor: f64) -> PyResult<()> {
        if !factor.is_finite() {
            return Err(PyValueError::new_err("factor must be finite"));
        }
        self.lengths.iter_mut().for_each(|l| *l *= factor);
        Ok(())
    }

    fn __neg__(&self) -> Vec<f64> {
        self.lengths.iter().map(|l| -l).collect()
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.lengths == other.lengths
    }

    fn __lt__(&self, other: &Self) -> bool {
        self.perimeter() < other.perimeter()
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        if let Ok(observers) = self.observers.try_lock() {
            for observer in observers.iter() {
                visit.call(observer)?;
            }
        }
        Ok(())
    }

    fn __clear__(&mut self) {
        self.observers
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// An iterator over a polygon's sides; frozen, so it keeps its position in a `Mutex`.
#[pyclass(module = "classes", frozen)]
struct Sides {
    lengths: Vec<f64>,
    next: Mutex<usize>,
}

#[pymethods]
impl Sides {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self) -> Option<f64> {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let item = self.lengths.get(*next).copied();
        *next += 1;
        item
    }
}

/// An immutable version number: `frozen`, hashable, ordered through `__richcmp__`.
#[pyclass(module = "classes", frozen, get_all)]
#[derive(Clone)]
struct Version {
    major: u32,
    minor: u32,
}

#[pymethods]
impl Version {
    #[new]
    #[py(signature = (major, minor = 0, /))]
    fn new(major: u32, minor: u32) -> Self {
        Version { major, minor }
    }

    fn __richcmp__(&self, other: &Self, op: CompareOp) -> bool {
        op.matches((self.major, self.minor).cmp(&(other.major, other.minor)))
    }

    fn __hash__(&self) -> u64 {
        u64::from(self.major) << 32 | u64::from(self.minor)
    }

    fn __int__(&self) -> u32 {
        self.major
    }

    fn __float__(&self) -> f64 {
        f64::from(self.major) + f64::from(self.minor) / 100.0
    }

    fn __radd__(&self, other: u32) -> Version {
        Version {
            major: self.major + other,
            minor: self.minor,
        }
    }
}

/// A class that holds per-instance state behind `&mut self`, plus `set_all`.
#[pyclass(module = "classes", get_all, set_all)]
struct Counter {
    count: u64,
    step: u64,
}

#[pymethods]
impl Counter {
    #[new]
    fn new() -> Self {
        Counter { count: 0, step: 1 }
    }

    fn incr(&mut self) -> u64 {
        self.count += self.step;
        self.count
    }
}

/// Named lifetimes in parameters and receivers.
#[pyclass]
struct Named {
    #[py(get)]
    n: i64,
}

#[pymethods]
impl Named {
    fn itself<'py>(slf: PyRef<'py, Self>) -> PyRef<'py, Self> {
        slf
    }

    fn module_name<'py>(&self, m: &Module<'py>) -> PyResult<String> {
        m.name()
    }
}

#[pyfunction]
fn first<'py>(items: &Tuple<'py>) -> Option<Object<'py>> {
    items.get(0).map(|item| item.to_owned())
}

#[pymodule]
fn classes(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<Named>()?;
    m.add_function(wrap_pyfunction!(first))?;
    m.add_class::<Shape>()?;
    m.add_class::<Polygon>()?;
    m.add_class::<Sides>()?;
    m.add_class::<Version>()?;
    m.add_class::<Counter>()?;
    Ok(())
}
