//! The [`FromPyObject`](crate::FromPyObject) and [`IntoPyObject`](crate::IntoPyObject)
//! implementations for standard Rust types, one file per family.

mod bytes;
pub(crate) mod cache;
mod float;
mod int;
mod map;
#[cfg(any(feature = "num-bigint", feature = "num-complex"))]
mod num;
mod object;
mod option;
mod path;
pub(crate) mod seq;
mod string;
mod time;
