//! Classes whose `#[pymethods]` blocks define one Python name twice. The compiler cannot
//! see across blocks, so abide refuses such a class when it is created; these classes are
//! created on demand (`make_class("Twice")`), not when the module is imported.

use abide::exceptions::PyValueError;
use abide::prelude::*;

/// Two blocks, one Python name (`area`) under two Rust names.
#[pyclass(module = "testmod")]
pub struct Twice;

#[pymethods]
impl Twice {
    #[py(name = "area")]
    fn area_first(&self) -> i64 {
        1
    }
}

#[pymethods]
impl Twice {
    #[py(name = "area")]
    fn area_second(&self) -> i64 {
        2
    }
}

/// A field property and a method of one name.
#[pyclass(module = "testmod")]
pub struct FieldAndMethod {
    #[py(get)]
    size: i64,
}

#[pymethods]
impl FieldAndMethod {
    #[py(name = "size")]
    fn size_method(&self) -> i64 {
        self.size
    }
}

/// Two constructors in two blocks.
#[pyclass(module = "testmod")]
pub struct TwoConstructors;

#[pymethods]
impl TwoConstructors {
    #[new]
    fn new() -> Self {
        TwoConstructors
    }
}

#[pymethods]
impl TwoConstructors {
    #[new]
    fn new_too() -> Self {
        TwoConstructors
    }
}

/// A getter in one block and its setter in another: allowed, one property.
#[pyclass(module = "testmod")]
pub struct SplitProperty {
    value: i64,
}

#[pymethods]
impl SplitProperty {
    #[new]
    fn new() -> Self {
        SplitProperty { value: 0 }
    }

    #[getter]
    fn value(&self) -> i64 {
        self.value
    }
}

#[pymethods]
impl SplitProperty {
    #[setter]
    fn set_value(&mut self, value: i64) {
        self.value = value;
    }
}

/// Adds the named class to `testmod` and returns it (or the error creating it).
#[pyfunction]
fn make_class<'py>(py: Python<'py>, name: &str) -> PyResult<TypeObject<'py>> {
    let m: Module<'py> = py.import("testmod")?.extract()?;
    match name {
        "Twice" => m.add_class::<Twice>()?,
        "FieldAndMethod" => m.add_class::<FieldAndMethod>()?,
        "TwoConstructors" => m.add_class::<TwoConstructors>()?,
        "SplitProperty" => m.add_class::<SplitProperty>()?,
        _ => return Err(PyValueError::new_err(format!("no class {name}"))),
    }
    m.getattr(name)?.extract()
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(make_class))
}
