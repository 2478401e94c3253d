//! `__getbuffer__` takes a `BufferRequest` or PyO3's raw `(view, flags)`;
//! `__releasebuffer__` a `ReleaseRequest`, the raw view, or nothing. Anything else is
//! reported at the method.

use abide::buffer::{BufferRequest, ReleaseRequest};
use abide::prelude::*;

#[pyclass]
struct Data {}

#[pymethods]
impl Data {
    fn __getbuffer__(&self) -> PyResult<()> {
        Ok(())
    }

    fn __releasebuffer__(&self, request: ReleaseRequest<'_>, extra: i32) {
        let _ = (request, extra);
    }
}

#[pyclass]
struct Other {}

#[pymethods]
impl Other {
    fn __getbuffer__(&self, request: BufferRequest<'_>, flags: i32, more: i32) -> PyResult<()> {
        let _ = (request, flags, more);
        Ok(())
    }
}

fn main() {}
