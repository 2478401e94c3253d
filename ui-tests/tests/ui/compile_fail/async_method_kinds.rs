//! Only instance and static methods can be `async fn`: a constructor, a class method, a
//! property or a special method is called by Python expecting its value, not a
//! coroutine.

use abide::prelude::*;

#[pyclass]
struct Conn {
    open: bool,
}

#[pymethods]
impl Conn {
    #[new]
    async fn new() -> Self {
        Conn { open: true }
    }

    #[classmethod]
    async fn make(_cls: &TypeObject<'_>) -> i64 {
        1
    }

    #[getter]
    async fn open(&self) -> bool {
        self.open
    }

    async fn __len__(&self) -> usize {
        0
    }

    async fn borrowed(slf: PyRef<'_, Self>) -> bool {
        slf.open
    }
}

fn main() {}
