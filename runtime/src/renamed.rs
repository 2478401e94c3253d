//! PyO3 names that abide spells differently. Calling one is a compile error whose
//! message names abide's form (`obj.downcast::<Dict>()` says to use `extract`), instead
//! of rustc's "no method named `downcast`". The methods cannot be called: each requires
//! a sealed marker trait that nothing implements, and its body is unreachable by
//! construction (the marker's `never` cannot return).

use crate::object::PyAnyMethods;
use crate::python::Python;
use core::convert::Infallible;

mod sealed {
    pub trait Sealed {}
}

macro_rules! marker {
    ($(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        #[doc(hidden)]
        pub trait $name: sealed::Sealed {
            fn never() -> !;
        }
    };
}

marker!(
    #[diagnostic::on_unimplemented(
        message = "abide has no `cast`/`downcast`: use `extract::<{Self}>()`, which checks the type and converts",
        label = "PyO3's name",
        note = "e.g. `let d = obj.extract::<Dict<'_>>()?;` (see docs/migration.md)"
    )]
    UseExtract
);
marker!(
    #[diagnostic::on_unimplemented(
        message = "abide has no `to_object`/`into_py`: use `into_pyobject(py)` (trait `IntoPyObject`)",
        label = "PyO3's name",
        note = "`value.into_pyobject(py)?` gives an `Object<'py>`; `.unbind()` makes it a `Py<PyAny>`"
    )]
    UseIntoPyObject
);
marker!(
    #[diagnostic::on_unimplemented(
        message = "abide calls `Python::with_gil` `Python::attach`, and `allow_threads` `detach` (as PyO3 0.26 does)",
        label = "PyO3's old name"
    )]
    UseAttachDetach
);

/// PyO3's conversion methods on Python objects (in the prelude, unnamed).
#[doc(hidden)]
pub trait PyO3ObjectNames<'py>: PyAnyMethods<'py> {
    fn downcast<T: UseExtract>(&self) -> T {
        T::never()
    }
    fn downcast_into<T: UseExtract>(self) -> T {
        T::never()
    }
    fn cast<T: UseExtract>(&self) -> T {
        T::never()
    }
    fn cast_into<T: UseExtract>(self) -> T {
        T::never()
    }
}

impl<'py, X: PyAnyMethods<'py>> PyO3ObjectNames<'py> for X {}

/// PyO3's conversions of Rust values into Python objects (in the prelude, unnamed).
#[doc(hidden)]
pub trait PyO3ValueNames {
    fn to_object<P: UseIntoPyObject>(&self, py: P) -> Infallible {
        let _ = py;
        P::never()
    }
    fn into_py<P: UseIntoPyObject>(self, py: P) -> Infallible
    where
        Self: Sized,
    {
        let _ = py;
        P::never()
    }
}

impl<T: ?Sized> PyO3ValueNames for T {}

impl Python<'_> {
    #[doc(hidden)]
    pub fn with_gil<F: UseAttachDetach>(f: F) -> Infallible {
        let _ = f;
        F::never()
    }

    #[doc(hidden)]
    pub fn allow_threads<F: UseAttachDetach>(self, f: F) -> Infallible {
        let _ = f;
        F::never()
    }
}
