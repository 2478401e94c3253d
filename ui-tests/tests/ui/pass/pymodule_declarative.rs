//! A declarative module as PyO3's guide writes it: exports by `use`, constants, items
//! declared inside, nested modules, an init function, `cfg` on an export, and the options
//! abide accepts.

use abide::exceptions::PyValueError;
use abide::prelude::*;

abide::create_exception!(my_ext, MyError, PyValueError);

#[pyfunction]
fn double(x: i64) -> i64 {
    x * 2
}

#[pyclass]
struct Counter {
    value: i64,
}

/// The extension.
#[pymodule(gil_used = false)]
mod my_ext {
    #![allow(clippy::approx_constant)]

    use abide::prelude::*;

    #[pymodule_export]
    use super::{Counter, MyError, double};

    #[pymodule_export]
    #[cfg(any())]
    use super::NotThere;

    #[pymodule_export]
    const PI: f64 = 3.14159;

    #[pyfunction]
    fn triple(x: i64) -> i64 {
        x * 3
    }

    #[pyclass(frozen)]
    struct Inner {}

    #[abide::pymodule(name = "sub_renamed")]
    mod sub {
        #[pymodule_export]
        use super::super::double;

        #[pymodule(submodule)]
        mod deeper {}
    }

    #[pymodule_init]
    fn init(py: Python<'_>, m: &Module<'_>) -> PyResult<()> {
        m.add("VERSION", py.import("sys")?.getattr("version")?)
    }
}

#[pymodule(gil_used = true)]
mod needs_the_gil {}

fn main() {
    let _ = Counter { value: 0 }.value;
}
