//! Options that do not fit the shape: `transparent` with two fields, `item` on a tuple
//! struct's field, `default` on a newtype's, `from_item_all` on a tuple struct,
//! `annotation` on a struct, a key that is not a literal.

use abide::prelude::*;

#[derive(FromPyObject)]
#[py(transparent)]
struct Two {
    a: i64,
    b: i64,
}

#[derive(FromPyObject)]
struct Pair(#[py(item)] i64, i64);

#[derive(FromPyObject)]
struct Meters(#[py(default)] f64);

#[derive(FromPyObject)]
#[py(from_item_all, annotation = "pair")]
struct Tuple(i64, i64);

#[derive(FromPyObject)]
struct Keys {
    #[py(item(some_key))]
    a: i64,
    #[py(attribute(""))]
    b: i64,
}

fn main() {}
