//! A small extension written the way PyO3's guide now leads with: a declarative module
//! (`#[pymodule] mod`) exporting functions, a class, an exception, constants, nested
//! submodules and an init function.

use abide::exceptions::PyValueError;
use abide::prelude::*;

abide::create_exception!(
    declarative,
    NegativeError,
    PyValueError,
    "A count below zero."
);

/// Doubles a number.
#[pyfunction]
fn double(x: i64) -> i64 {
    x * 2
}

/// Counts up from a start.
#[pyclass]
struct Counter {
    #[py(get)]
    value: i64,
}

#[pymethods]
impl Counter {
    #[new]
    #[py(signature = (start = 0))]
    fn new(start: i64) -> PyResult<Self> {
        if start < 0 {
            return Err(NegativeError::new_err("a counter starts at zero or above"));
        }
        Ok(Counter { value: start })
    }

    /// Adds one and returns the new value.
    fn incr(&mut self) -> i64 {
        self.value += 1;
        self.value
    }
}

/// Tells whether the token came through: the old two-parameter form.
#[pymodule(submodule)]
fn legacy(py: Python<'_>, m: &Module<'_>) -> PyResult<()> {
    m.add("PLATFORM", py.import("sys")?.getattr("platform")?)?;
    Ok(())
}

/// A submodule declared outside the module that exports it.
#[pymodule(submodule)]
mod external {
    #[pymodule_export]
    const ANSWER: u32 = 42;
}

/// A module written in the declarative style.
#[pymodule]
mod declarative {
    use abide::prelude::*;

    #[pymodule_export]
    use super::double;
    #[pymodule_export]
    use super::{Counter, NegativeError};
    #[pymodule_export]
    use super::{external, legacy};

    #[pymodule_export]
    const PI: f64 = std::f64::consts::PI;
    #[pymodule_export]
    const GREETING: &str = "hello";
    #[pymodule_export]
    #[allow(non_upper_case_globals)]
    const r#type: char = '!';
    #[allow(dead_code)]
    const NOT_EXPORTED: i32 = 0;

    /// Triples a number.
    #[pyfunction]
    fn triple(x: i64) -> i64 {
        x * 3
    }

    /// A label.
    #[pyclass]
    struct Tag {
        #[py(get)]
        text: String,
    }

    #[pymethods]
    impl Tag {
        #[new]
        fn new(text: String) -> Self {
            Tag { text }
        }
    }

    /// Maths helpers.
    #[pymodule]
    mod maths {
        use abide::prelude::*;

        #[pymodule_export]
        use super::super::double;
        #[pymodule_export]
        const E: f64 = std::f64::consts::E;

        #[pyfunction]
        fn square(x: i64) -> i64 {
            x * x
        }

        #[pymodule]
        mod deeper {
            use abide::prelude::*;

            #[pyfunction]
            fn cube(x: i64) -> i64 {
                x * x * x
            }
        }
    }

    #[pymodule(name = "renamed")]
    mod original_name {
        #[pymodule_export]
        const WHO: &str = "renamed";
    }

    #[pymodule_init]
    fn init(m: &Module<'_>) -> PyResult<()> {
        m.add("double2", m.getattr("double")?)
    }
}

/// A module that needs the GIL: a free-threaded build turns the GIL on when it imports
/// it.
#[pymodule(gil_used = true)]
mod declarative_gil {
    #[pymodule_export]
    use super::double;
}

/// A module whose submodule holds a class (loaded by its own name from this library).
#[pymodule]
mod declarative_nested_class {
    #[pymodule]
    mod shapes {
        use abide::prelude::*;

        #[pyclass]
        struct Square {
            #[py(get)]
            side: f64,
        }

        #[pymethods]
        impl Square {
            #[new]
            fn new(side: f64) -> Self {
                Square { side }
            }

            fn area(&self) -> f64 {
                self.side * self.side
            }
        }
    }
}
