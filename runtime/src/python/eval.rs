//! Running Python source from Rust: [`Python::eval`] and [`Python::run`].

use super::Python;
use crate::err::PyResult;
use crate::ffi;
use crate::object::{Object, PyAnyMethods};
use crate::types::Dict;
use core::ffi::c_int;
use std::ffi::CString;

impl<'py> Python<'py> {
    /// Evaluates a Python expression and returns its value.
    ///
    /// `globals` defaults to a fresh namespace with the builtins, and `locals` to
    /// `globals`. A syntax error, or any exception the code raises, comes back as the
    /// `Err`.
    ///
    /// ```no_run
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn answer(py: Python<'_>) -> PyResult<i64> {
    ///     py.eval("6 * 7", None, None)?.extract()
    /// }
    /// ```
    pub fn eval(
        self,
        code: &str,
        globals: Option<&Dict<'py>>,
        locals: Option<&Dict<'py>>,
    ) -> PyResult<Object<'py>> {
        self.execute(code, ffi::Py_eval_input, globals, locals)
    }

    /// Runs Python statements. Names they define land in `locals` (by default
    /// `globals`, by default a fresh namespace with the builtins).
    ///
    /// ```no_run
    /// use abide::prelude::*;
    /// use abide::types::Dict;
    ///
    /// #[pyfunction]
    /// fn squares(py: Python<'_>) -> PyResult<Vec<i64>> {
    ///     let ns = Dict::new(py)?;
    ///     py.run("result = [i * i for i in range(4)]", Some(&ns), None)?;
    ///     ns.get("result")?.expect("set by the code").extract()
    /// }
    /// ```
    pub fn run(
        self,
        code: &str,
        globals: Option<&Dict<'py>>,
        locals: Option<&Dict<'py>>,
    ) -> PyResult<()> {
        self.execute(code, ffi::Py_file_input, globals, locals)
            .map(drop)
    }

    fn execute(
        self,
        code: &str,
        start: c_int,
        globals: Option<&Dict<'py>>,
        locals: Option<&Dict<'py>>,
    ) -> PyResult<Object<'py>> {
        let code = CString::new(code).map_err(|_| {
            crate::exceptions::PyValueError::new_err("source code cannot contain null bytes")
        })?;
        let fresh;
        let globals = match globals {
            Some(g) => g,
            None => {
                fresh = Dict::new(self)?;
                &fresh
            }
        };
        // Code needs its builtins, which it finds in its globals (as `exec` arranges).
        if globals.get("__builtins__")?.is_none() {
            // SAFETY: attached; a borrowed reference to the interpreter's builtins.
            let builtins = unsafe { ffi::PyEval_GetBuiltins() };
            if builtins.is_null() {
                return Err(crate::err::PyErr::fetch(self));
            }
            // SAFETY: a valid borrowed object.
            let builtins = unsafe { Object::from_borrowed_ptr(self, builtins) };
            globals.set("__builtins__", builtins)?;
        }
        let locals = locals.unwrap_or(globals);
        // SAFETY: attached; a C string, a file name and a valid start symbol.
        let compiled = unsafe {
            Object::from_owned_ptr_or_err(
                self,
                ffi::Py_CompileString(code.as_ptr(), c"<string>".as_ptr(), start),
            )?
        };
        // SAFETY: a code object and two dicts; returns a new reference or NULL.
        unsafe {
            Object::from_owned_ptr_or_err(
                self,
                ffi::PyEval_EvalCode(compiled.as_ptr(), globals.as_ptr(), locals.as_ptr()),
            )
        }
    }
}
