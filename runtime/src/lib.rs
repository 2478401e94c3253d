//! # abide
//!
//! Write CPython extension modules in Rust that abide by Python's Stable ABI.
//!
//! You write [`#[pyfunction]`](macro@pyfunction)s, [`#[pyclass]`](macro@pyclass)es and a
//! [`#[pymodule]`](macro@pymodule); abide compiles them into one shared library that
//! targets `abi3t` (PEP 803), the Stable ABI shared by GIL and free-threaded builds of
//! CPython 3.15+. By default the same file also loads on CPython 3.11 to 3.14 (GIL
//! builds): it exports `PyModExport_<name>` (PEP 793) for 3.15+ and `PyInit_<name>` for
//! the older versions, and looks up the functions newer than 3.11 when it loads. The runtime
//! reaches nothing outside the Limited API, and neither can your code by accident.
//!
//! ```no_run
//! use abide::prelude::*;
//!
//! /// Adds two integers.
//! #[pyfunction]
//! fn add(a: i64, b: i64) -> i64 {
//!     a + b
//! }
//!
//! #[pyfunction(signature = (name, *, greeting = "Hello"))]
//! fn greet(name: &str, greeting: &str) -> String {
//!     format!("{greeting}, {name}!")
//! }
//!
//! #[pymodule]
//! fn hello(m: &Module<'_>) -> PyResult<()> {
//!     m.add_function(wrap_pyfunction!(add))?;
//!     m.add_function(wrap_pyfunction!(greet))?;
//!     Ok(())
//! }
//! ```
//!
//! ## Where things are
//!
//! - [`prelude`]: what a typical extension imports.
//! - [`object`]: the object handles [`Object`], [`Borrowed`] and [`Py`], and
//!   [`PyAnyMethods`], the methods every object has.
//! - [`types`]: typed handles ([`Module`](types::Module), [`Tuple`](types::Tuple),
//!   [`List`](types::List), [`Dict`](types::Dict), [`TypeObject`](types::TypeObject),
//!   [`Bytes`](types::Bytes), [`Str`](types::Str), [`Set`](types::Set),
//!   [`Sequence`](types::Sequence), ...).
//! - [`conversion`]: [`FromPyObject`] and [`IntoPyObject`], and the table of what
//!   converts to what.
//! - [`err`], [`exceptions`], [`custom_exception`], [`panic`](mod@panic): errors.
//! - [`class`]: support for `#[pyclass]`: [`PyRef`], [`PyRefMut`], garbage collection,
//!   [`CompareOp`](class::CompareOp).
//! - [`python`]: the [`Python`] token, [`Python::attach`] and [`Python::detach`].
//! - [`interpreter`]: handles that attach Rust threads to a given interpreter, and fail
//!   instead of hanging once it shuts down (PEP 788).
//! - [`coroutine`]: what an `async fn` returns to Python, and
//!   [`await_py`](coroutine::await_py) for awaiting Python from Rust.
//! - [`ffi`]: the raw C API, limited to the Stable ABI.
//!
//! The guide in the repository's `docs/` folder explains each topic with examples:
//! functions and signatures, classes, errors, threads and free-threading, the Stable ABI,
//! packaging with maturin, migrating from PyO3, and async.
//!
//! ## Features
//!
//! - `abi3t-only`: export only `PyModExport_<name>`. The library then loads on CPython
//!   3.15+ only (GIL and free-threaded) and may use functions up to 3.15 directly.
//! - `num-bigint`: `num_bigint::BigInt` and `BigUint` convert to and from `int` (any
//!   object with `__index__` when extracting).
//! - `num-complex`: `num_complex::Complex<f64>` and `Complex<f32>` convert to and from
//!   `complex` (anything with `__complex__`, `__float__` or `__index__` when extracting).
//!
//! ## Building
//!
//! abide configures `pyo3-ffi` for `abi3t`. Set `PYO3_NO_PYTHON=1` and
//! `PYO3_BUILD_EXTENSION_MODULE=1` (in `.cargo/config.toml` under `[env]`) so that it does
//! not probe an older interpreter on `PATH` or link `libpython`.

#![warn(missing_docs)]
#![deny(clippy::undocumented_unsafe_blocks)]

#[cfg(abide_wrong_abi)]
compile_error!(
    "abide targets the abi3t Stable ABI, but pyo3-ffi was configured for another ABI. \
     Set PYO3_NO_PYTHON=1 and PYO3_BUILD_EXTENSION_MODULE=1 (e.g. in .cargo/config.toml \
     under [env]), or build with a CPython 3.15+ interpreter as PYO3_PYTHON."
);

// The macros name this crate `::abide`, also in the classes the runtime declares with them
// (the coroutine object).
extern crate self as abide;

pub mod buffer;
mod capsule;
pub mod class;
pub(crate) mod compat;
pub mod conversion;
mod convert;
pub mod coroutine;
pub mod custom_exception;
pub mod err;
mod err_arg;
pub mod exceptions;
pub mod ffi;
// Reached through `__private`, hidden like it.
#[allow(missing_docs)]
mod impl_;
pub mod interpreter;
pub mod object;
pub mod panic;
mod py_conveniences;
pub mod python;
mod renamed;
pub mod types;
mod wrapped;

/// What the code `#[pyfunction]`, `#[pyclass]`, `#[pymethods]` and `#[pymodule]` generate
/// refers to: the calling conventions, the class and module tables, the argument parser.
/// Not a public API: its contents change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::impl_::*;
    pub mod coroutine {
        pub use crate::coroutine::{Thrower, new};
    }
    pub mod wrapped {
        pub use crate::wrapped::WrappedModule;
    }
    pub use inventory;
}

/// Makes a Rust function callable from Python.
///
/// The parameters are converted from Python with [`FromPyObject`], the result back with
/// [`IntoPyObject`] (a [`PyResult`] raises its error), and the `///` comment becomes
/// `__doc__`. A parameter of type [`Python`] receives the token and is not a Python
/// parameter. Add the function to a module with
/// [`Module::add_function`](types::Module::add_function) and
/// [`wrap_pyfunction!`](macro@wrap_pyfunction).
///
/// Options:
///
/// - `name = "..."`: the Python name, when it differs from the Rust one.
/// - `signature = (...)`: the parameters in Python's syntax, with Rust expressions as
///   defaults: `a`, `b = 1`, `/` (what comes before is positional-only), `*` (what comes
///   after is keyword-only), `*args` (a [`Tuple`](types::Tuple)), `**kwargs` (an
///   `Option<`[`Dict`](types::Dict)`>`). Without it, every parameter is a required
///   positional-or-keyword one.
///
/// ```no_run
/// use abide::prelude::*;
///
/// /// `a` and `b` are positional-only, `c` has a default, `d` is keyword-only.
/// #[pyfunction(signature = (a, b, /, c = 3, *, d = false))]
/// fn params(a: i64, b: i64, c: i64, d: bool) -> (i64, i64, i64, bool) {
///     (a, b, c, d)
/// }
///
/// #[pyfunction(name = "count", signature = (*args, **kwargs))]
/// fn count_arguments(args: Tuple<'_>, kwargs: Option<Dict<'_>>) -> usize {
///     args.len() + kwargs.map_or(0, |k| k.len())
/// }
///
/// #[pymodule]
/// fn demo(m: &Module<'_>) -> PyResult<()> {
///     m.add_function(wrap_pyfunction!(params))?;
///     m.add_function(wrap_pyfunction!(count_arguments))
/// }
/// ```
pub use abide_macros::pyfunction;

/// Turns a function into a module's initialiser and exports the module; or, on an inline
/// `mod`, declares a module by its items.
///
/// The function takes the module being initialised, `&`[`Module`](types::Module)
/// (optionally after the [`Python`] token: `fn m(py: Python<'_>, m: &Module<'_>)`), and
/// returns `PyResult<()>`; an `Err` fails the import. Its name is the module's name
/// (`#[pymodule(name = "...")]` chooses another), and its `///` comment the module's
/// `__doc__`. It runs in the module's `Py_mod_exec`: once per module object, so once in
/// each (sub)interpreter that imports the module.
///
/// The macro exports `PyModExport_<name>`, which CPython 3.15+ calls, and, unless the
/// `abi3t-only` feature is on, `PyInit_<name>` for CPython 3.11 to 3.14. The name must
/// be one that `import` finds (a Python identifier in NFKC form, not a keyword, no dots;
/// anything else is a compile error); for a name that is not ASCII the entry points are
/// `PyModExportU_`/`PyInitU_` and the Punycode of the name, as CPython looks them up.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyfunction]
/// fn double(x: i64) -> i64 {
///     2 * x
/// }
///
/// /// Small arithmetic helpers.
/// #[pymodule(name = "arith")]
/// fn init_arith(m: &Module<'_>) -> PyResult<()> {
///     m.add_function(wrap_pyfunction!(double))?;
///     m.add("VERSION", "1.0")
/// }
/// ```
///
/// Options: `name = "..."`; `gil_used = true|false` (`true` sets `Py_mod_gil` to
/// `Py_MOD_GIL_USED`, so that a free-threaded build turns the GIL on when it imports the
/// module; the default `false` declares that the module does not need it); `submodule`
/// (no entry points: a module that another one exports).
///
/// **Declarative modules.** On `mod name { ... }`, the module's items say what it holds:
/// `#[pymodule_export]` on a `use` of a [`#[pyfunction]`](macro@pyfunction), a
/// [`#[pyclass]`](macro@pyclass), a [`create_exception!`] class or another `#[pymodule]`,
/// and on a `const`; every `#[pyfunction]`, `#[pyclass]` and `#[pymodule]` declared
/// inside; nested `#[pymodule] mod`s, which become submodules (`name.sub`, registered in
/// `sys.modules` so `import name.sub` works); and one `#[pymodule_init]` function, with
/// the signature above, run after the rest. The top-level module has the same entry
/// points and static slot table as the function form.
///
/// ```no_run
/// use abide::exceptions::PyValueError;
/// use abide::prelude::*;
///
/// abide::create_exception!(shop, OutOfStock, PyValueError);
///
/// #[pyfunction]
/// fn price(cents: u64) -> f64 {
///     cents as f64 / 100.0
/// }
///
/// /// A small shop.
/// #[pymodule]
/// mod shop {
///     use abide::prelude::*;
///
///     #[pymodule_export]
///     use super::{OutOfStock, price};
///
///     #[pymodule_export]
///     const CURRENCY: &str = "EUR";
///
///     #[pyclass(get_all)]
///     struct Item {
///         name: String,
///     }
///
///     /// Shipping rules.
///     #[pymodule]
///     mod shipping {
///         use abide::prelude::*;
///
///         #[pyfunction]
///         fn cost(weight_kg: f64) -> f64 {
///             4.5 + weight_kg
///         }
///     }
///
///     #[pymodule_init]
///     fn init(py: Python<'_>, m: &Module<'_>) -> PyResult<()> {
///         m.add("PYTHON", py.import("sys")?.getattr("version")?)
///     }
/// }
/// # fn main() {}
/// ```
pub use abide_macros::pymodule;

/// Exposes a struct to Python as a class.
///
/// The struct must be `Send + Sync` (any thread may use the object on free-threaded
/// Python) and have no generic parameters. Add the class to a module with
/// [`Module::add_class`](types::Module::add_class); give it methods with
/// [`#[pymethods]`](macro@pymethods).
///
/// Options: `name = "..."`, `module = "..."` (the class's `__module__`), `subclass`
/// (Python classes may inherit from it), `extends = Base` (built on another
/// `#[pyclass]` declared with `subclass`), `frozen` (immutable: no `&mut self`, no borrow
/// flag), `get_all` and `set_all` (properties for every field). On fields,
/// `#[py(get)]`, `#[py(set)]` and `#[py(name = "...")]` make properties.
///
/// Fields of type [`Py<T>`](Py), `Option<Py<T>>` and `Vec<Py<T>>` are reported to the
/// garbage collector automatically.
///
/// ```no_run
/// use abide::prelude::*;
///
/// /// A point in the plane.
/// #[pyclass(frozen, get_all)]
/// struct Point {
///     x: f64,
///     y: f64,
/// }
///
/// #[pyclass(subclass)]
/// struct Shape {
///     #[py(get, set, name = "label")]
///     name: String,
///     origin: Option<Py<Point>>,
/// }
///
/// #[pymodule]
/// fn shapes(m: &Module<'_>) -> PyResult<()> {
///     m.add_class::<Point>()?;
///     m.add_class::<Shape>()
/// }
/// ```
pub use abide_macros::pyclass;

/// Exposes the methods of an `impl` block on a [`#[pyclass]`](macro@pyclass).
///
/// Methods take `&self` (a shared borrow), `&mut self` (the exclusive borrow),
/// `slf: PyRef<'_, Self>` or `slf: PyRefMut<'_, Self>`. Attributes change what a method
/// becomes: `#[new]` (the constructor), `#[getter]` and `#[setter]` (a property, named
/// after the method without `get_`/`set_`, or as given: `#[getter(name)]`),
/// `#[staticmethod]`, `#[classmethod]` (first parameter `cls: &TypeObject<'_>`),
/// `#[classattr]` (a value computed when the class is created). `#[py(name = "...")]`
/// and `#[py(signature = (...))]` work as for [`#[pyfunction]`](macro@pyfunction).
///
/// Special methods (`__repr__`, `__len__`, `__getitem__`, `__eq__`, `__add__`,
/// `__iter__`/`__next__`, `__call__`, `__traverse__`, ...) fill the type's slots. A class
/// may have several `#[pymethods]` blocks.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyclass]
/// struct Counter {
///     value: i64,
/// }
///
/// #[pymethods]
/// impl Counter {
///     #[new]
///     #[py(signature = (start = 0))]
///     fn new(start: i64) -> Self {
///         Counter { value: start }
///     }
///
///     /// Adds one.
///     fn incr(&mut self) {
///         self.value += 1;
///     }
///
///     #[getter]
///     fn value(&self) -> i64 {
///         self.value
///     }
///
///     #[staticmethod]
///     fn zero() -> Self {
///         Counter { value: 0 }
///     }
///
///     fn __repr__(&self) -> String {
///         format!("Counter({})", self.value)
///     }
/// }
/// ```
pub use abide_macros::pymethods;

/// The static definition of a [`#[pyfunction]`](macro@pyfunction), for
/// [`Module::add_function`](types::Module::add_function).
///
/// It takes the function's path (`wrap_pyfunction!(add)`,
/// `wrap_pyfunction!(helpers::add)`) and names the definition that `#[pyfunction]`
/// generated next to it.
///
/// ```no_run
/// use abide::prelude::*;
///
/// mod helpers {
///     use abide::prelude::*;
///
///     #[pyfunction]
///     pub fn add(a: i64, b: i64) -> i64 {
///         a + b
///     }
/// }
///
/// #[pymodule]
/// fn calc(m: &Module<'_>) -> PyResult<()> {
///     m.add_function(wrap_pyfunction!(helpers::add))
/// }
/// ```
pub use abide_macros::wrap_pyfunction;

/// Derives [`FromPyObject`](trait@FromPyObject) for a struct or an enum, as PyO3's
/// `#[derive(FromPyObject)]` does (options in `#[py(...)]` instead of `#[pyo3(...)]`).
///
/// - A struct with named fields reads each field from the attribute of its name
///   (`obj.field`); `#[py(attribute("name"))]` names another, `#[py(item)]` or
///   `#[py(item("key"))]` reads a mapping item instead, and `#[py(from_item_all)]` on the
///   struct makes every field an item. `#[py(default)]` or `#[py(default = expr)]` is used
///   when the attribute or item is missing; `#[py(from_py_with = path)]` converts with
///   `fn(&Object<'py>) -> PyResult<T>` instead of `FromPyObject`. `#[py(rename_all =
///   "camelCase")]` (or PyO3's other rules) on the struct, a variant or the enum renames
///   the fields' default names.
/// - A tuple struct reads a `tuple` of its length (`ValueError: expected tuple of length
///   2, but got tuple of length 3`); a newtype (`struct Meters(f64)`) and a
///   `#[py(transparent)]` struct convert as their one field.
/// - An enum takes the first variant that extracts (each variant is a struct of one of
///   the shapes above); when none does, `TypeError: failed to extract enum Foo ('A | B')`
///   with a line per variant saying why. `#[py(annotation = "...")]` names a variant in
///   that message.
///
/// A field that does not convert raises `TypeError: failed to extract field Foo.bar`
/// with the field's own error as `__cause__`. Generic parameters and lifetimes are
/// allowed (`struct Wrap<'py> { obj: Object<'py> }`, `struct Name<'a>(&'a str)`).
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[derive(FromPyObject)]
/// struct RustyStruct {
///     #[py(item("key"))]
///     value: String,
///     #[py(attribute("count"), default)]
///     n: u32,
/// }
///
/// #[derive(FromPyObject)]
/// enum RustyEnum<'py> {
///     Int(usize),
///     Pair(i64, i64),
///     #[py(annotation = "str")]
///     Text(String),
///     #[py(transparent)]
///     Other(Object<'py>),
/// }
///
/// #[pyfunction]
/// fn describe(s: RustyStruct, e: RustyEnum<'_>) -> String {
///     let kind = match e {
///         RustyEnum::Int(i) => format!("int {i}"),
///         RustyEnum::Pair(a, b) => format!("pair {a} {b}"),
///         RustyEnum::Text(t) => format!("str {t}"),
///         RustyEnum::Other(o) => format!("other {}", o.repr().unwrap_or_default()),
///     };
///     format!("{} x{}: {kind}", s.value, s.n)
/// }
/// ```
pub use abide_macros::FromPyObject;

/// Derives [`IntoPyObject`](trait@IntoPyObject) for a struct or an enum, as PyO3's
/// `#[derive(IntoPyObject)]` does: a struct with named fields becomes a `dict` (keyed by
/// field name, or `#[py(item("key"))]`; `rename_all` as for
/// [`FromPyObject`](macro@FromPyObject)), a tuple struct a `tuple`, a newtype or a
/// `#[py(transparent)]` struct its one field; an enum converts its variant by the
/// variant's own shape.
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[derive(IntoPyObject)]
/// struct Point {
///     x: f64,
///     #[py(item("Y"))]
///     y: f64,
/// }
///
/// #[derive(IntoPyObject)]
/// enum Shape {
///     Circle(Point, f64),
///     Named { name: String },
/// }
///
/// /// `{'x': 1.0, 'Y': 2.0}`
/// #[pyfunction]
/// fn origin() -> Point {
///     Point { x: 1.0, y: 2.0 }
/// }
///
/// /// `({'x': 0.0, 'Y': 0.0}, 1.0)`
/// #[pyfunction]
/// fn unit_circle() -> Shape {
///     Shape::Circle(Point { x: 0.0, y: 0.0 }, 1.0)
/// }
/// ```
pub use abide_macros::IntoPyObject;

pub use class::{PyClass, PyRef, PyRefMut};
pub use conversion::{FromPyObject, IntoPyObject};
pub use err::{PyErr, PyResult};
pub use object::{Borrowed, Object, Py, PyAny, PyAnyMethods};
pub use python::Python;

/// Everything a typical extension needs: `use abide::prelude::*;`.
///
/// The macros, the object handles, [`Python`], [`PyErr`] and [`PyResult`], the borrows
/// [`PyRef`] and [`PyRefMut`], and the traits whose methods you call
/// ([`PyAnyMethods`], [`FromPyObject`], [`IntoPyObject`]). Exception types are in
/// [`crate::exceptions`].
///
/// ```no_run
/// use abide::prelude::*;
///
/// #[pyfunction]
/// fn shout(text: Object<'_>) -> PyResult<String> {
///     Ok(text.call_method0("upper")?.extract::<String>()? + "!")
/// }
/// ```
pub mod prelude {
    pub use crate::class::{PyClass, PyRef, PyRefMut};
    pub use crate::conversion::{FromPyObject, IntoPyObject};
    pub use crate::err::{PyErr, PyResult};
    pub use crate::interpreter::{Interpreter, InterpreterGone};
    pub use crate::object::{Borrowed, Object, Py, PyAny, PyAnyMethods};
    pub use crate::python::Python;
    // PyO3 names that abide spells differently: calling one is a compile error naming
    // abide's form.
    pub use crate::renamed::{PyO3ObjectNames as _, PyO3ValueNames as _};
    pub use crate::types::{Dict, List, Module, Tuple, TypeObject};
    // The typed handles of issue 15 (none shadows a name of Rust's own prelude).
    pub use crate::types::{
        Bool, ByteArray, Bytes, Float, FrozenSet, Int, Iter, Mapping, MemoryView, Sequence, Set,
        Slice, Str,
    };
    pub use abide_macros::{pyclass, pyfunction, pymethods, pymodule, wrap_pyfunction};
    // The derives, beside the traits of the same names (`#[derive(FromPyObject)]`).
    pub use abide_macros::{FromPyObject, IntoPyObject};
}
