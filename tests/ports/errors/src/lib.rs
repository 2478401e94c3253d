//! Custom exceptions carrying data, a dict-backed settings object, a weakref-able cache
//! entry and a dict subclass, as a PyO3 crate writes them.

use abide::exceptions::{PyException, PyKeyError, PyValueError};
use abide::prelude::*;
use abide::types::{PyDict, PyList, PySet};

/// An HTTP error with its status code and URL.
#[pyclass(extends = PyException, subclass)]
struct HttpError {
    #[py(get)]
    status: u16,
    #[py(get)]
    url: String,
}

#[pymethods]
impl HttpError {
    #[new]
    fn new(status: u16, url: String) -> Self {
        HttpError { status, url }
    }

    fn is_client_error(&self) -> bool {
        (400..500).contains(&self.status)
    }

    fn __str__(&self) -> String {
        format!("HTTP {} for {}", self.status, self.url)
    }
}

/// A missing item, a `KeyError` that knows which table it looked in.
#[pyclass(extends = PyKeyError)]
struct MissingItem {
    #[py(get)]
    table: String,
}

#[pymethods]
impl MissingItem {
    #[new]
    fn new(table: String) -> Self {
        MissingItem { table }
    }
}

/// A validation error without a constructor of its own: raised from Rust only.
#[pyclass(extends = PyValueError)]
struct InvalidField {
    #[py(get)]
    field: String,
    /// The value that was refused.
    #[py(get)]
    value: Py<PyAny>,
}

/// Raises `HttpError` from Rust.
#[pyfunction]
fn fetch(py: Python<'_>, url: String) -> PyResult<String> {
    if url.ends_with("/missing") {
        return Err(PyErr::from_value(
            Py::new(py, HttpError { status: 404, url })?.into_bound(py),
        ));
    }
    Ok(format!("contents of {url}"))
}

/// Raises `InvalidField` from Rust (the class has no `__new__`).
#[pyfunction]
fn validate(py: Python<'_>, name: String, value: Py<PyAny>) -> PyResult<String> {
    if name.is_empty() {
        let field = String::from("name");
        let err = Py::new(py, InvalidField { field, value })?;
        return Err(PyErr::from_value(err.into_bound(py)));
    }
    Ok(name)
}

/// Settings whose instances take arbitrary attributes too.
#[pyclass(dict)]
struct Settings {
    #[py(get)]
    name: String,
}

#[pymethods]
impl Settings {
    #[new]
    fn new(name: String) -> Self {
        Settings { name }
    }
}

/// A cache entry that a `weakref.WeakValueDictionary` can hold.
#[pyclass(weakref, frozen)]
struct CacheEntry {
    #[py(get)]
    key: String,
    #[py(get)]
    value: Py<PyAny>,
}

#[pymethods]
impl CacheEntry {
    #[new]
    fn new(key: String, value: Py<PyAny>) -> Self {
        CacheEntry { key, value }
    }
}

/// Both: a node of an observer graph.
#[pyclass(dict, weakref, subclass)]
struct Node {
    #[py(get)]
    label: String,
}

#[pymethods]
impl Node {
    #[new]
    fn new(label: String) -> Self {
        Node { label }
    }
}

/// A weighted node: `__dict__` and weak references come from `Node`.
#[pyclass(extends = Node)]
struct WeightedNode {
    #[py(get)]
    weight: f64,
}

#[pymethods]
impl WeightedNode {
    #[new]
    fn new(label: String, weight: f64) -> (Self, Node) {
        (WeightedNode { weight }, Node { label })
    }
}

/// A 404, a Rust subclass of a Rust exception class.
#[pyclass(extends = HttpError)]
struct NotFound {
    #[py(get)]
    path: String,
}

#[pymethods]
impl NotFound {
    #[new]
    fn new(url: String, path: String) -> (Self, HttpError) {
        (NotFound { path }, HttpError { status: 404, url })
    }
}

/// A dict that counts the lookups that missed.
#[pyclass(extends = PyDict)]
struct CountingDict {
    misses: std::sync::atomic::AtomicU64,
}

#[pymethods]
impl CountingDict {
    #[new]
    #[py(signature = (*_args, **_kwargs))]
    fn new(_args: Tuple<'_>, _kwargs: Option<Dict<'_>>) -> Self {
        CountingDict {
            misses: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn __missing__(&self, _key: Object<'_>) -> PyResult<i64> {
        self.misses
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(0)
    }

    #[getter]
    fn misses(&self) -> u64 {
        self.misses.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// A list with a title; `list.__init__` takes the items, as for any list subclass.
#[pyclass(extends = PyList)]
struct TitledList {
    #[py(get, set)]
    title: String,
}

#[pymethods]
impl TitledList {
    #[new]
    #[py(signature = (*_args))]
    fn new(_args: Tuple<'_>) -> Self {
        TitledList {
            title: String::from("untitled"),
        }
    }

    fn describe(slf: PyRef<'_, Self>) -> PyResult<String> {
        Ok(format!("{}: {} items", slf.title, slf.as_object().len()?))
    }
}

/// A set of tags in a namespace.
#[pyclass(extends = PySet)]
struct TagSet {
    #[py(get, set)]
    namespace: String,
}

#[pymethods]
impl TagSet {
    #[new]
    #[py(signature = (*_args))]
    fn new(_args: Tuple<'_>) -> Self {
        TagSet {
            namespace: String::from("default"),
        }
    }
}

#[pymodule]
fn errors(m: &Module<'_>) -> PyResult<()> {
    m.add_class::<HttpError>()?;
    m.add_class::<MissingItem>()?;
    m.add_class::<InvalidField>()?;
    m.add_class::<Settings>()?;
    m.add_class::<CacheEntry>()?;
    m.add_class::<Node>()?;
    m.add_class::<WeightedNode>()?;
    m.add_class::<NotFound>()?;
    m.add_class::<CountingDict>()?;
    m.add_class::<TitledList>()?;
    m.add_class::<TagSet>()?;
    m.add_function(wrap_pyfunction!(fetch))?;
    m.add_function(wrap_pyfunction!(validate))?;
    Ok(())
}
