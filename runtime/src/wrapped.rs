//! PyO3's `m.add_wrapped(wrap_pymodule!(sub))` and `m.add_wrapped(wrap_pyfunction!(f))`:
//! what `add_wrapped` takes ([`Wrapped`]) and the `wrap_pymodule!` macro.

use crate::err::PyResult;
use crate::impl_::function::FunctionDef;
use crate::types::Module;

/// A `#[pymodule]` wrapped by [`wrap_pymodule!`](crate::wrap_pymodule), for
/// [`Module::add_wrapped`]. It adds the module to a parent as a submodule: abide creates
/// a submodule inside its parent's `Py_mod_exec` (whose state keeps its classes), so
/// unlike PyO3's it cannot be called to make a free-standing module.
pub struct WrappedModule {
    add: for<'py> fn(&Module<'py>) -> PyResult<()>,
}

impl WrappedModule {
    #[doc(hidden)]
    pub const fn new(add: for<'py> fn(&Module<'py>) -> PyResult<()>) -> Self {
        WrappedModule { add }
    }
}

/// What [`Module::add_wrapped`] adds: a wrapped `#[pymodule]` or `#[pyfunction]`.
#[diagnostic::on_unimplemented(
    message = "`add_wrapped` takes `wrap_pymodule!(module)` or `wrap_pyfunction!(function)`",
    label = "not a wrapped module or function"
)]
pub trait Wrapped {
    #[doc(hidden)]
    fn add_to(self, module: &Module<'_>) -> PyResult<()>;
}

impl Wrapped for &WrappedModule {
    fn add_to(self, module: &Module<'_>) -> PyResult<()> {
        (self.add)(module)
    }
}

impl Wrapped for &'static FunctionDef {
    fn add_to(self, module: &Module<'_>) -> PyResult<()> {
        module.add_function(self)
    }
}

/// Wraps a `#[pymodule]` (function or `mod`) for [`Module::add_wrapped`], which adds it
/// as a submodule: `m.add_wrapped(wrap_pymodule!(sub))` is
/// `#[pymodule_export] use sub;` in a declarative module. The submodule's `__name__` is
/// the parent's followed by its own, and it is registered in `sys.modules`.
///
/// ```no_run
/// use abide::prelude::*;
/// use abide::wrap_pymodule;
///
/// #[pyfunction]
/// fn double(x: i64) -> i64 {
///     2 * x
/// }
///
/// #[pymodule]
/// fn maths(m: &Module<'_>) -> PyResult<()> {
///     m.add_function(wrap_pyfunction!(double))
/// }
///
/// #[pymodule]
/// fn parent(m: &Module<'_>) -> PyResult<()> {
///     m.add_wrapped(wrap_pymodule!(maths)) // parent.maths.double
/// }
/// ```
#[macro_export]
macro_rules! wrap_pymodule {
    ($($module:ident)::+) => {
        &$crate::__private::wrapped::WrappedModule::new(|__parent| {
            #[allow(unused_imports)]
            use $crate::__private::declarative::ExportAny as _;
            $($module)::+::__abide_export(__parent)
        })
    };
}
