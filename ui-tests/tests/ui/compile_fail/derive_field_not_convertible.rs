//! A field whose type does not convert is reported at the field's type.

use abide::prelude::*;

struct Opaque;

#[derive(FromPyObject)]
struct Holder {
    inner: Opaque,
}

#[derive(IntoPyObject)]
struct Out(Opaque, i64);

fn main() {}
