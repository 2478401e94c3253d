//! Argument parsing for the vectorcall ("fastcall") convention, driven by a static
//! [`ArgSpec`] that the macros emit for each function. One non-generic parser serves every
//! function, so argument handling is compiled once, not once per function.
//!
//! Error messages follow CPython's own wording for Python functions.

use crate::conversion::{FromPyObject, IntoPyObject};
use crate::err::{PyErr, PyResult};
use crate::exceptions::PyTypeError;
use crate::ffi;
use crate::object::{Borrowed, PyAnyMethods};
use crate::python::Python;
use crate::types::{Dict, Tuple};

/// The parameters of one Python-callable function, in Python's terms.
///
/// The named parameters come in order: the positional ones (positional-only first)
/// followed by the keyword-only ones. The layout is compact (one pointer for all the
/// names, 16-bit counts) because every function has one of these in its binary.
pub struct ArgSpec {
    /// The function's Python name, for messages (`add() missing ...`).
    pub name: &'static str,
    /// The named parameters' names, separated by NUL: `"a\0b\0c"`.
    pub params: &'static str,
    /// For each keyword-only parameter, whether it has no default.
    pub required_keyword_only: &'static [bool],
    /// How many named parameters there are.
    pub n_params: u16,
    /// How many of the leading parameters are positional-only.
    pub positional_only: u16,
    /// How many of the leading parameters are positional (positional-only included).
    pub positional: u16,
    /// How many of the leading positional parameters have no default.
    pub required_positional: u16,
    /// Whether the function takes `*args`.
    pub varargs: bool,
    /// Whether the function takes `**kwargs`.
    pub varkw: bool,
}

/// The names in an [`ArgSpec`]'s `params`. A plain byte loop: names are short, and this
/// runs for every keyword argument of a call.
struct ParamNames {
    rest: &'static str,
    left: usize,
}

impl Iterator for ParamNames {
    type Item = &'static str;

    #[inline]
    fn next(&mut self) -> Option<&'static str> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let bytes = self.rest.as_bytes();
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        // NUL is ASCII, so both sides of it are whole UTF-8 sequences.
        let (name, rest) = self.rest.split_at(end);
        self.rest = rest.get(1..).unwrap_or("");
        Some(name)
    }
}

/// The `*args` tuple and `**kwargs` dict of a call, for functions that take them.
pub struct Extra<'py> {
    /// Positional arguments beyond the named ones (only when `varargs`).
    pub varargs: Option<Tuple<'py>>,
    /// Keyword arguments that match no parameter (only when `varkw`).
    pub varkw: Option<Dict<'py>>,
}

impl Extra<'_> {
    const NONE: Self = Extra {
        varargs: None,
        varkw: None,
    };
}

/// The raw arguments of a vectorcall, as CPython passes them to a
/// `METH_FASTCALL | METH_KEYWORDS` function. `'a` is the duration of the call.
#[derive(Clone, Copy)]
pub struct FastcallArgs<'a> {
    args: *const *mut ffi::PyObject,
    nargs: usize,
    kwnames: *mut ffi::PyObject,
    _call: core::marker::PhantomData<&'a ()>,
}

impl FastcallArgs<'_> {
    /// # Safety
    /// `args` must hold `nargs` objects followed by one per entry of `kwnames` (a tuple
    /// of str, or NULL), all valid for the lifetime of the value.
    #[inline(always)]
    pub unsafe fn new(
        args: *const *mut ffi::PyObject,
        nargs: ffi::Py_ssize_t,
        kwnames: *mut ffi::PyObject,
    ) -> Self {
        FastcallArgs {
            args,
            nargs: nargs as usize,
            kwnames,
            _call: core::marker::PhantomData,
        }
    }
}

impl ArgSpec {
    #[inline(always)]
    fn n(&self) -> usize {
        self.n_params as usize
    }

    #[inline(always)]
    fn pos_only(&self) -> usize {
        self.positional_only as usize
    }

    #[inline(always)]
    fn pos(&self) -> usize {
        self.positional as usize
    }

    #[inline(always)]
    fn req_pos(&self) -> usize {
        self.required_positional as usize
    }

    /// The named parameters' names, in order.
    fn param_names(&self) -> ParamNames {
        ParamNames {
            rest: self.params,
            left: self.n(),
        }
    }

    /// The name of parameter `index`.
    fn param(&self, index: usize) -> &'static str {
        self.param_names().nth(index).unwrap_or("")
    }

    /// Sorts the arguments of a call into `out`: one slot per entry of `params`, `None`
    /// for an optional argument that was not passed. Required ones are always filled.
    #[inline(always)]
    pub fn parse<'a, 'py>(
        &'static self,
        py: Python<'py>,
        call: &FastcallArgs<'a>,
        out: &mut [Option<Borrowed<'a, 'py>>],
    ) -> PyResult<Extra<'py>> {
        let n = call.nargs;
        assert_eq!(out.len(), self.n());
        // Fast path: positional arguments only, all named parameters positional.
        if call.kwnames.is_null()
            && n >= self.req_pos()
            && n <= self.pos()
            && self.pos() == self.n()
            && !self.varargs
            && !self.varkw
        {
            // SAFETY: `args` holds `n` valid pointers (FastcallArgs::new) and `out` has
            // room for `positional >= n`; `Option<Borrowed>` is a nullable object pointer.
            unsafe {
                core::ptr::copy_nonoverlapping(
                    call.args.cast::<Option<Borrowed<'a, 'py>>>(),
                    out.as_mut_ptr(),
                    n,
                )
            };
            return Ok(Extra::NONE);
        }
        self.parse_general(py, call, out)
    }

    /// [`parse`](Self::parse) for functions without `*args` and `**kwargs` (most of
    /// them): nothing to return but success, which keeps the caller's code small.
    #[inline(always)]
    pub fn parse_fixed<'a, 'py>(
        &'static self,
        py: Python<'py>,
        call: FastcallArgs<'a>,
        out: &mut [Option<Borrowed<'a, 'py>>],
    ) -> PyResult<()> {
        let n = call.nargs;
        // Fast path: positional arguments only, and no keyword-only parameter is left
        // missing by that.
        if call.kwnames.is_null()
            && n >= self.req_pos()
            && n <= self.pos()
            && (self.pos() == self.n() || !self.required_keyword_only.contains(&true))
        {
            // SAFETY: as in `parse`; `out` has one slot per parameter, at least `n`.
            unsafe {
                core::ptr::copy_nonoverlapping(
                    call.args.cast::<Option<Borrowed<'a, 'py>>>(),
                    out.as_mut_ptr(),
                    n.min(out.len()),
                )
            };
            return Ok(());
        }
        self.parse_fixed_general(py, call, out)
    }

    #[inline(never)]
    fn parse_fixed_general<'a, 'py>(
        &'static self,
        py: Python<'py>,
        call: FastcallArgs<'a>,
        out: &mut [Option<Borrowed<'a, 'py>>],
    ) -> PyResult<()> {
        self.parse_general(py, &call, out).map(drop)
    }

    #[inline(never)]
    fn parse_general<'a, 'py>(
        &'static self,
        py: Python<'py>,
        call: &FastcallArgs<'a>,
        out: &mut [Option<Borrowed<'a, 'py>>],
    ) -> PyResult<Extra<'py>> {
        let (args, nargs, kwnames) = (call.args, call.nargs, call.kwnames);
        let mut extra = Extra::NONE;
        // The vectorcall contract: `args` holds `nargs + len(kwnames)` valid pointers,
        // borrowed for the call, and `kwnames` is NULL or a tuple of str.
        let taken = nargs.min(self.pos());
        for (i, slot) in out.iter_mut().enumerate().take(taken) {
            // SAFETY: i < nargs, so `args[i]` is one of the call's arguments.
            *slot = unsafe { Borrowed::from_ptr_opt(py, *args.add(i)) };
        }
        if nargs > self.pos() && self.varargs {
            // SAFETY: `args[pos..nargs]` are the call's remaining positional arguments.
            let rest =
                unsafe { core::slice::from_raw_parts(args.add(self.pos()), nargs - self.pos()) };
            // SAFETY: `rest` holds valid object pointers.
            extra.varargs = Some(unsafe { Tuple::from_slice(py, rest)? });
        } else if self.varargs {
            extra.varargs = Some(Tuple::empty(py)?);
        }

        if !kwnames.is_null() {
            // SAFETY: `kwnames` is a tuple (checked non-null above).
            let nkw = unsafe { ffi::PyTuple_Size(kwnames) } as usize;
            for k in 0..nkw {
                // SAFETY: k < len(kwnames); a borrowed str the tuple keeps alive.
                let key = unsafe { ffi::PyTuple_GetItem(kwnames, k as ffi::Py_ssize_t) };
                // SAFETY: keyword values follow the positional ones in `args`.
                let value = unsafe { *args.add(nargs + k) };
                // SAFETY: `value` is a valid pointer borrowed for the call.
                let value_ref = unsafe { Borrowed::from_ptr_opt(py, value) };
                // SAFETY: `key` is a non-null item of `kwnames`.
                let key_obj = unsafe { Borrowed::from_ptr(py, key) };
                // A name that is not valid UTF-8 (a lone surrogate) matches no parameter;
                // like CPython, it then goes to **kwargs or is an unexpected keyword.
                let key_str = match key_obj.extract::<&str>() {
                    Ok(k) => k,
                    Err(_) if self.varkw => "\u{0}",
                    Err(_) => return Err(self.unexpected_keyword(py, key_obj)),
                };
                match self
                    .param_names()
                    .skip(self.pos_only())
                    .position(|p| p == key_str)
                {
                    Some(i) => {
                        let index = self.pos_only() + i;
                        if out[index].is_some() {
                            return Err(PyTypeError::new_err(format!(
                                "{}() got multiple values for argument '{key_str}'",
                                self.name
                            )));
                        }
                        out[index] = value_ref;
                    }
                    None if self.varkw => {
                        let dict = match &extra.varkw {
                            Some(d) => d,
                            None => extra.varkw.insert(Dict::new(py)?),
                        };
                        // SAFETY: a dict we own and two valid objects.
                        let rc = unsafe { ffi::PyDict_SetItem(dict.as_ptr(), key, value) };
                        PyErr::check(py, rc)?;
                    }
                    None if self
                        .param_names()
                        .take(self.pos_only())
                        .any(|p| p == key_str) =>
                    {
                        return Err(self.positional_only_as_keyword(py, kwnames, nkw));
                    }
                    None => return Err(self.unexpected_keyword(py, key_obj)),
                }
            }
        }

        // Like CPython, report bad keywords before surplus positionals.
        if nargs > self.pos() && !self.varargs {
            let kwonly_given = out[self.pos()..].iter().filter(|s| s.is_some()).count();
            return Err(self.too_many_positional(nargs, kwonly_given));
        }

        let missing: Vec<&str> = (0..self.req_pos())
            .filter(|&i| out[i].is_none())
            .map(|i| self.param(i))
            .collect();
        if !missing.is_empty() {
            return Err(self.missing("positional", &missing));
        }
        let missing: Vec<&str> = self
            .required_keyword_only
            .iter()
            .enumerate()
            .filter(|&(i, &required)| required && out[self.pos() + i].is_none())
            .map(|(i, _)| self.param(self.pos() + i))
            .collect();
        if !missing.is_empty() {
            return Err(self.missing("keyword-only", &missing));
        }
        Ok(extra)
    }

    #[cold]
    fn too_many_positional(&self, given: usize, kwonly_given: usize) -> PyErr {
        PyTypeError::new_err(too_many_message(
            self.name,
            self.req_pos(),
            self.pos(),
            given,
            kwonly_given,
        ))
    }

    /// Like CPython: every positional-only parameter passed by keyword, in parameter
    /// order, in one quoted list.
    #[cold]
    #[inline(never)]
    fn positional_only_as_keyword(
        &self,
        py: Python<'_>,
        kwnames: *mut ffi::PyObject,
        nkw: usize,
    ) -> PyErr {
        // A key that is not UTF-8 (a lone surrogate) is no parameter's name.
        let passed = |name: &str| {
            (0..nkw).any(|k| {
                // SAFETY: `kwnames` is a tuple of `nkw` str objects (FastcallArgs::new);
                // its items stay alive with it for the call.
                let key = unsafe {
                    Borrowed::from_ptr(py, ffi::PyTuple_GetItem(kwnames, k as ffi::Py_ssize_t))
                };
                key.extract::<&str>().is_ok_and(|key| key == name)
            })
        };
        let names: Vec<&str> = self
            .param_names()
            .take(self.pos_only())
            .filter(|n| passed(n))
            .collect();
        PyTypeError::new_err(format!(
            "{}() got some positional-only arguments passed as keyword arguments: '{}'",
            self.name,
            names.join(", ")
        ))
    }

    /// `f() got an unexpected keyword argument 'key'`, with the key as the str it is
    /// (a lone surrogate, which a Rust string cannot hold, shown as CPython shows it).
    #[cold]
    #[inline(never)]
    fn unexpected_keyword(&self, py: Python<'_>, key: Borrowed<'_, '_>) -> PyErr {
        let before = format!("{}() got an unexpected keyword argument '", self.name);
        let message = (|| -> PyResult<crate::object::Object<'_>> {
            let before = before.as_str().into_pyobject(py)?;
            let after = "'".into_pyobject(py)?;
            // SAFETY: three str objects; each result is a new reference or NULL with an
            // exception set.
            let head = unsafe {
                crate::object::Object::from_owned_ptr_or_err(
                    py,
                    ffi::PyUnicode_Concat(before.as_ptr(), key.as_ptr()),
                )?
            };
            // SAFETY: as for `head`.
            unsafe {
                crate::object::Object::from_owned_ptr_or_err(
                    py,
                    ffi::PyUnicode_Concat(head.as_ptr(), after.as_ptr()),
                )
            }
        })();
        let type_error = <PyTypeError as crate::exceptions::PyExceptionType>::type_object_raw();
        // SAFETY: a static exception class of the interpreter.
        let type_error = unsafe { Borrowed::from_ptr(py, type_error) };
        match message.and_then(|m| type_error.call1((m,))) {
            Ok(value) => PyErr::from_value(value),
            Err(err) => err,
        }
    }

    #[cold]
    fn missing(&self, kind: &str, names: &[&str]) -> PyErr {
        PyTypeError::new_err(missing_message(self.name, kind, names))
    }

    /// Rewrites a conversion error to name the function and the argument, keeping its
    /// class: `add() argument 'a': 'str' object cannot be interpreted as an integer`.
    #[cold]
    #[inline(never)]
    pub fn argument_error(&self, py: Python<'_>, index: usize, err: PyErr) -> PyErr {
        reword(
            py,
            format_args!("{}() argument '{}'", self.name, self.param(index)),
            err,
        )
    }
}

/// A conversion error prefixed with what was being converted (`what: detail`), keeping
/// its class and chaining the original as `__cause__`: an argument (`add() argument
/// 'a'`), a special method's operand (`__setitem__() argument 'value'`) or a property's
/// new value (`attribute 'name' of 'Counter' objects`).
#[cold]
#[inline(never)]
pub fn reword(py: Python<'_>, what: core::fmt::Arguments<'_>, err: PyErr) -> PyErr {
    let ty = err.get_type(py);
    let detail = err.value(py).str().unwrap_or_default();
    let msg = format!("{what}: {detail}");
    // Exception classes whose constructor needs more than a message (say,
    // UnicodeEncodeError) keep their original error.
    let call = ty.as_object().call1((msg.as_str(),));
    match call {
        Ok(value) => {
            let mut new = PyErr::from_value(value);
            new.set_cause(py, Some(err));
            new
        }
        Err(_) => err,
    }
}

/// `f() takes 2 positional arguments but 3 were given`, in CPython's words: `min` to
/// `max` positional parameters, `given` positional arguments and `kwonly_given`
/// keyword-only ones alongside.
fn too_many_message(
    name: &str,
    min: usize,
    max: usize,
    given: usize,
    kwonly_given: usize,
) -> String {
    let takes = if min == max {
        format!("{max} positional argument{}", plural(max))
    } else {
        format!("from {min} to {max} positional arguments")
    };
    // "was" only for one positional argument alone, as CPython says it.
    let was = if given == 1 && kwonly_given == 0 {
        "was"
    } else {
        "were"
    };
    // CPython adds how many keyword-only arguments came along, when some did.
    let kw = if kwonly_given > 0 {
        format!(
            " positional argument{} (and {kwonly_given} keyword-only argument{})",
            plural(given),
            plural(kwonly_given)
        )
    } else {
        String::new()
    };
    format!("{name}() takes {takes} but {given}{kw} {was} given")
}

/// `f() missing 2 required positional arguments: 'a' and 'b'`, in CPython's words.
fn missing_message(name: &str, kind: &str, names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    let list = match quoted.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
        [] => String::new(),
    };
    format!(
        "{name}() missing {} required {kind} argument{}: {list}",
        names.len(),
        plural(names.len())
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Converts one parsed argument, naming it in the error if the conversion fails.
#[inline(always)]
pub fn extract_argument<'a, 'py, T: FromPyObject<'a, 'py>>(
    obj: Borrowed<'a, 'py>,
    spec: &'static ArgSpec,
    index: usize,
) -> PyResult<T> {
    match T::extract(obj) {
        Ok(value) => Ok(value),
        Err(err) => Err(spec.argument_error(obj.py(), index, err)),
    }
}

/// Converts a required argument (always present once `ArgSpec::parse` succeeded).
#[inline(always)]
pub fn extract_required<'a, 'py, T: FromPyObject<'a, 'py>>(
    slot: Option<Borrowed<'a, 'py>>,
    spec: &'static ArgSpec,
    index: usize,
) -> PyResult<T> {
    match slot {
        Some(obj) => extract_argument(obj, spec, index),
        None => Err(missing_required(spec, index)),
    }
}

/// The error for a required argument that parsing did not fill (cannot happen after a
/// successful `parse`; kept out of line so the generated code stays small).
#[cold]
#[inline(never)]
fn missing_required(spec: &'static ArgSpec, index: usize) -> PyErr {
    spec.missing("positional", &[spec.param(index)])
}

/// The `*args` tuple of a parsed call (empty when no extra positional arguments came).
#[inline]
pub fn varargs<'py>(py: Python<'py>, extra: &mut Extra<'py>) -> PyResult<Tuple<'py>> {
    match extra.varargs.take() {
        Some(t) => Ok(t),
        None => Tuple::empty(py),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(params: &'static str, n: u16) -> ArgSpec {
        ArgSpec {
            name: "f",
            params,
            required_keyword_only: &[],
            n_params: n,
            positional_only: 0,
            positional: n,
            required_positional: n,
            varargs: false,
            varkw: false,
        }
    }

    #[test]
    fn names_split_at_nul() {
        let s = spec("a\0bb\0\0d", 4);
        assert_eq!(s.param_names().collect::<Vec<_>>(), ["a", "bb", "", "d"]);
        assert_eq!(s.param(1), "bb");
        assert_eq!(s.param(9), "");
        // `n_params` bounds the names, whatever the string holds.
        let s = spec("a\0b", 1);
        assert_eq!(s.param_names().collect::<Vec<_>>(), ["a"]);
        assert_eq!(spec("", 0).param_names().count(), 0);
    }

    #[test]
    fn too_many_positional_messages() {
        let cases = [
            (
                (0, 0, 1, 0),
                "f() takes 0 positional arguments but 1 was given",
            ),
            (
                (1, 1, 2, 0),
                "f() takes 1 positional argument but 2 were given",
            ),
            (
                (2, 2, 3, 0),
                "f() takes 2 positional arguments but 3 were given",
            ),
            (
                (1, 2, 3, 0),
                "f() takes from 1 to 2 positional arguments but 3 were given",
            ),
            (
                (0, 1, 2, 0),
                "f() takes from 0 to 1 positional arguments but 2 were given",
            ),
            (
                (0, 0, 1, 1),
                "f() takes 0 positional arguments but 1 positional argument (and 1 keyword-only argument) were given",
            ),
            (
                (1, 1, 2, 2),
                "f() takes 1 positional argument but 2 positional arguments (and 2 keyword-only arguments) were given",
            ),
        ];
        for ((min, max, given, kw), expected) in cases {
            assert_eq!(too_many_message("f", min, max, given, kw), expected);
        }
    }

    #[test]
    fn missing_messages() {
        assert_eq!(
            missing_message("f", "positional", &["a"]),
            "f() missing 1 required positional argument: 'a'"
        );
        assert_eq!(
            missing_message("f", "keyword-only", &["a", "b"]),
            "f() missing 2 required keyword-only arguments: 'a' and 'b'"
        );
        assert_eq!(
            missing_message("f", "positional", &["a", "b", "c"]),
            "f() missing 3 required positional arguments: 'a', 'b', and 'c'"
        );
    }
}
