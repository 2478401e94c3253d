//! A module name that is not in NFKC normal form (it starts with the ligature `ﬁ`):
//! Python normalizes `import ﬁle` to `import file`, so the module is never found.

use abide::prelude::*;

#[pymodule(name = "ﬁle")]
fn file(m: &Module<'_>) -> PyResult<()> {
    m.add("ANSWER", 42)
}

fn main() {}
