//! An exception argument kept as a Rust value until Python needs the exception
//! (`PyStopIteration::new_err(value)`): converted once, on first use, and the object kept
//! for the exception instances made later.

use crate::conversion::IntoPyObject;
use crate::err::{PyErr, PyResult};
use crate::object::{Object, Py, PyAny};
use crate::python::Python;
use std::sync::{Mutex, OnceLock, TryLockError};

type Make = Box<dyn for<'py> FnOnce(Python<'py>) -> PyResult<Object<'py>> + Send>;

pub(crate) struct LazyArg {
    /// The conversion, taken by the thread that runs it.
    make: Mutex<Option<Make>>,
    /// Its outcome: the argument, or the exception the conversion raised.
    made: OnceLock<Result<Py<PyAny>, Py<PyAny>>>,
}

impl LazyArg {
    pub(crate) fn new<V>(value: V) -> Self
    where
        V: for<'py> IntoPyObject<'py> + Send + 'static,
    {
        LazyArg {
            make: Mutex::new(Some(Box::new(move |py| value.into_pyobject(py)))),
            made: OnceLock::new(),
        }
    }

    /// The argument object, or the error its conversion raised.
    pub(crate) fn get<'py>(&self, py: Python<'py>) -> PyResult<Object<'py>> {
        if self.made.get().is_none() {
            let mut guard = loop {
                match self.make.try_lock() {
                    Ok(guard) => break guard,
                    Err(TryLockError::Poisoned(p)) => break p.into_inner(),
                    // Another thread converts (perhaps running Python code): wait for it
                    // detached, so that it can finish on a GIL build too.
                    Err(TryLockError::WouldBlock) => py.detach(|| drop(self.make.lock())),
                }
            };
            if let Some(make) = guard.take() {
                let made = make(py)
                    .map(Object::unbind)
                    .map_err(|e| e.into_value(py).unbind());
                // Nobody else sets it: the conversion was ours alone.
                let _ = self.made.set(made);
            }
        }
        match self.made.get() {
            Some(Ok(arg)) => Ok(arg.bind(py)),
            Some(Err(exc)) => Err(PyErr::from_value(exc.bind(py))),
            // The conversion panicked in another thread (and poisoned the lock).
            None => Err(crate::exceptions::PySystemError::new_err(
                "the exception's argument could not be converted",
            )),
        }
    }
}
