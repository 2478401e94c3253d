//! `item` and `attribute` on one field, and `attribute` under `from_item_all`.

use abide::prelude::*;

#[derive(FromPyObject)]
struct Both {
    #[py(item, attribute("a"))]
    a: String,
}

#[derive(FromPyObject)]
#[py(from_item_all)]
struct AllItems {
    #[py(attribute)]
    a: String,
    #[py(item)]
    b: String,
}

fn main() {}
