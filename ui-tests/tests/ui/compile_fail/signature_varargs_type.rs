//! `*args` bound to a parameter that cannot hold a tuple: reported at its type, with
//! the type to declare.

use abide::prelude::*;

#[pyfunction(signature = (*args))]
fn count(args: i64) -> i64 {
    args
}

fn main() {}
