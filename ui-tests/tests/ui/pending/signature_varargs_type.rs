//! PENDING (macro message to fix). Today: "`?` operator has incompatible types: expected
//! `i64`, found `Tuple<'_>`" at the whole attribute. Expected, at `i64` of `args: i64`:
//! "`*args` is passed as a tuple: declare `args: Tuple<'_>`" (and for `**kwargs`:
//! "declare `kwargs: Option<Dict<'_>>`").
//!
//! `*args` bound to a parameter that cannot hold a tuple.

use abide::prelude::*;

#[pyfunction(signature = (*args))]
fn count(args: i64) -> i64 {
    args
}

fn main() {}
