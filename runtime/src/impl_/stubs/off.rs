//! Without the `stubs` feature: nothing is recorded, so nothing is kept.

use crate::class::PyClass;
use crate::impl_::function::FunctionDef;
use crate::types::Module;

#[inline(always)]
pub(crate) fn record_function(_module: &Module<'_>, _def: &'static FunctionDef) {}

#[inline(always)]
pub(crate) fn record_class<T: PyClass>(_module: &Module<'_>) {}

#[inline(always)]
pub(crate) fn record_exception(_module: &Module<'_>, _name: &str) {}

#[inline(always)]
pub(crate) fn record_submodule(_module: &Module<'_>, _name: &str) {}

#[inline(always)]
pub(crate) fn record_value(_module: &Module<'_>, _name: &str) {}
