//! A dotted module name: the entry point is named after the last component only, and
//! the package is where the library is installed.

use abide::prelude::*;

#[pymodule(name = "pkg.native")]
fn native(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

fn main() {}
