//! The Python types that conversions declare, for type stubs
//! ([`FromPyObject::INPUT_TYPE`], [`IntoPyObject::OUTPUT_TYPE`]). The macros map the types
//! they can read (`i64`, `Vec<T>`, `Option<T>`, a `#[pyclass]`) themselves; for any other
//! type they ask [`Probe`] here, in constant evaluation, so the declaration of the type's
//! own conversion (yours, or a derive's) reaches the stub. A type without a conversion
//! in that direction (a `&T` of a class that is not `Clone`) is `typing.Any`.

use super::param::Probe;
use crate::conversion::{FromPyObject, IntoPyObject};

impl<T: FromPyObject<'static, 'static>> Probe<T> {
    /// What `T`'s conversion from Python accepts.
    pub const INPUT_TYPE: &'static str = T::INPUT_TYPE;
}

/// The fallback of [`Probe::INPUT_TYPE`]: `T` has no conversion from Python.
pub trait NoInputType {
    const INPUT_TYPE: &'static str = "typing.Any";
}

impl<T: ?Sized> NoInputType for Probe<T> {}

impl<T: IntoPyObject<'static>> Probe<T> {
    /// What `T`'s conversion to Python gives.
    pub const OUTPUT_TYPE: &'static str = T::OUTPUT_TYPE;
}

/// The fallback of [`Probe::OUTPUT_TYPE`]: `T` has no conversion to Python.
pub trait NoOutputType {
    const OUTPUT_TYPE: &'static str = "typing.Any";
}

impl<T: ?Sized> NoOutputType for Probe<T> {}
