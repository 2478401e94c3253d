//! The buffer protocol, both ways: [`PyBuffer<T>`] reads any object that exports a buffer
//! (`bytes`, `bytearray`, `memoryview`, `array.array`, numpy arrays, ...), and
//! [`SharedVec<T>`] lets a `#[pyclass]` export its data to `memoryview`, numpy and any
//! other consumer without a copy.
//!
//! # Why cells and not `&[T]`
//!
//! An exporter's memory is shared with whatever else holds a view of it. Python code can
//! write it between two Rust reads (even with the GIL: a call back into Python is enough),
//! and on a free-threaded build another thread can write it at the same instant. A Rust
//! `&[T]` into that memory promises that nobody writes it while the reference lives, and a
//! `&mut [T]` that nobody else reads it; neither can be kept. So abide never hands out a
//! plain reference into a buffer. The contiguous fast path gives `&[ReadOnlyCell<T>]` (or
//! `&[WritableCell<T>]`): a cell wraps the element in `UnsafeCell`, so a shared reference
//! to it promises nothing about the value, and every access is a single relaxed atomic
//! load or store of the element's size. Racing with a writer then yields an old or a new
//! value, never undefined behaviour, and on every platform abide supports such a load is
//! the same machine instruction as a plain one (`mov`), so a loop over cells runs at the
//! speed of the same loop in C. Copies of a whole buffer ([`PyBuffer::to_vec`],
//! [`PyBuffer::copy_to_slice`], [`PyBuffer::copy_from_slice`]) are done by CPython
//! (`PyBuffer_ToContiguous`, `PyBuffer_FromContiguous`), as `memcpy` into or out of
//! memory that Rust owns exclusively.
//!
//! Element types whose accesses cannot be atomic (`bool`, whose bytes might not be 0 or 1)
//! are not offered; read those as `u8`.
//!
//! ```no_run
//! use abide::buffer::PyBuffer;
//! use abide::prelude::*;
//!
//! /// The sum of a float64 buffer (`array('d')`, a numpy array, a memoryview, ...).
//! #[pyfunction]
//! fn total(py: Python<'_>, buf: PyBuffer<f64>) -> PyResult<f64> {
//!     match buf.as_slice() {
//!         Some(cells) => Ok(cells.iter().map(|c| c.get()).sum()),
//!         // Not contiguous (a slice with a step): copy it first.
//!         None => Ok(buf.to_vec(py)?.iter().sum()),
//!     }
//! }
//! ```

use crate::err::{PyErr, PyResult};
use crate::exceptions::PyBufferError;
use crate::ffi;
use crate::object::{Borrowed, Object};
use crate::python::Python;
use core::cell::UnsafeCell;
use core::ffi::{CStr, c_int};
use core::marker::PhantomData;
use core::sync::atomic::Ordering::Relaxed;
use core::sync::atomic::{AtomicIsize, AtomicUsize};

mod sealed {
    pub trait Sealed {}
}

/// An element type a buffer can hold: the integers of 8 to 64 bits, `isize`, `usize`,
/// `f32` and `f64` (PyO3's `Element`; abide's is sealed, because its accesses must be
/// atomic, see the [module docs](self)).
///
/// A buffer's `format` string is compatible with `T` when it names an item of `T`'s kind
/// (signed, unsigned, float) and size: in native mode (`"d"`, `"@i"`) with the C sizes
/// of this platform (`'l'` is 8 bytes on 64-bit Linux), in standard mode (`"=i"`, `"<q"`)
/// with the `struct` module's standard sizes, where `<` and `>`/`!` must match this
/// platform's byte order.
pub trait Element: sealed::Sealed + Copy + Send + Sync + 'static {
    /// The format string of a buffer of `Self`, as `struct` writes it (`c"d"` for `f64`).
    const FORMAT: &'static CStr;

    /// Whether a buffer with this `format` string holds items of `Self`.
    fn is_compatible_format(format: &CStr) -> bool {
        element_kind(format) == Some((Self::KIND, core::mem::size_of::<Self>()))
    }

    #[doc(hidden)]
    const KIND: Kind;

    /// One relaxed atomic load.
    ///
    /// # Safety
    /// `p` is valid for reads of `Self` and aligned.
    #[doc(hidden)]
    unsafe fn load(p: *const Self) -> Self;

    /// One relaxed atomic store.
    ///
    /// # Safety
    /// `p` is valid for writes of `Self` and aligned.
    #[doc(hidden)]
    unsafe fn store(p: *mut Self, value: Self);
}

/// The kind of a buffer item.
#[doc(hidden)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Signed,
    Unsigned,
    Float,
}

macro_rules! element {
    ($($t:ty => $atomic:ident, $kind:ident, $format:literal, $to:expr, $from:expr;)*) => {$(
        impl sealed::Sealed for $t {}
        impl Element for $t {
            const FORMAT: &'static CStr = $format;
            const KIND: Kind = Kind::$kind;
            #[inline(always)]
            unsafe fn load(p: *const Self) -> Self {
                // SAFETY: per the caller; the atomic type has the size and alignment of
                // `Self` (checked below).
                let bits = unsafe { (*p.cast::<core::sync::atomic::$atomic>()).load(Relaxed) };
                #[allow(clippy::redundant_closure_call)]
                ($from)(bits)
            }
            #[inline(always)]
            unsafe fn store(p: *mut Self, value: Self) {
                #[allow(clippy::redundant_closure_call)]
                let bits = ($to)(value);
                // SAFETY: as in `load`.
                unsafe { (*p.cast::<core::sync::atomic::$atomic>()).store(bits, Relaxed) }
            }
        }
        const _: () = assert!(
            core::mem::size_of::<$t>() == core::mem::size_of::<core::sync::atomic::$atomic>()
                && core::mem::align_of::<$t>() == core::mem::align_of::<core::sync::atomic::$atomic>()
        );
    )*};
}

element! {
    u8 => AtomicU8, Unsigned, c"B", |v| v, |b| b;
    i8 => AtomicI8, Signed, c"b", |v| v, |b| b;
    u16 => AtomicU16, Unsigned, c"H", |v| v, |b| b;
    i16 => AtomicI16, Signed, c"h", |v| v, |b| b;
    u32 => AtomicU32, Unsigned, c"I", |v| v, |b| b;
    i32 => AtomicI32, Signed, c"i", |v| v, |b| b;
    u64 => AtomicU64, Unsigned, c"Q", |v| v, |b| b;
    i64 => AtomicI64, Signed, c"q", |v| v, |b| b;
    usize => AtomicUsize, Unsigned, c"N", |v| v, |b| b;
    isize => AtomicIsize, Signed, c"n", |v| v, |b| b;
    f32 => AtomicU32, Float, c"f", f32::to_bits, f32::from_bits;
    f64 => AtomicU64, Float, c"d", f64::to_bits, f64::from_bits;
}

/// The kind and size of the items a `struct` format string describes; `None` for
/// anything else (several items, structs, pointers, `bool`, half floats).
fn element_kind(format: &CStr) -> Option<(Kind, usize)> {
    use core::ffi::{c_long, c_longlong, c_short};
    use core::mem::size_of;
    let bytes = format.to_bytes();
    let (native, code) = match bytes {
        [code] => (true, *code),
        [b'@', code] => (true, *code),
        [order @ (b'=' | b'<' | b'>' | b'!'), code] => {
            let little = cfg!(target_endian = "little");
            match order {
                b'<' if !little => return None,
                b'>' | b'!' if little => return None,
                _ => (false, *code),
            }
        }
        _ => return None,
    };
    let pick = |native_size: usize, standard: usize| if native { native_size } else { standard };
    Some(match code {
        b'b' => (Kind::Signed, 1),
        b'B' | b'c' => (Kind::Unsigned, 1),
        b'h' => (Kind::Signed, pick(size_of::<c_short>(), 2)),
        b'H' => (Kind::Unsigned, pick(size_of::<c_short>(), 2)),
        b'i' => (Kind::Signed, pick(size_of::<c_int>(), 4)),
        b'I' => (Kind::Unsigned, pick(size_of::<c_int>(), 4)),
        b'l' => (Kind::Signed, pick(size_of::<c_long>(), 4)),
        b'L' => (Kind::Unsigned, pick(size_of::<c_long>(), 4)),
        b'q' => (Kind::Signed, pick(size_of::<c_longlong>(), 8)),
        b'Q' => (Kind::Unsigned, pick(size_of::<c_longlong>(), 8)),
        b'n' if native => (Kind::Signed, size_of::<isize>()),
        b'N' if native => (Kind::Unsigned, size_of::<usize>()),
        b'f' => (Kind::Float, 4),
        b'd' => (Kind::Float, 8),
        _ => return None,
    })
}

/// An element of a buffer that others may write at any time, read with
/// [`get`](Self::get) (PyO3's `ReadOnlyCell`).
#[repr(transparent)]
pub struct ReadOnlyCell<T: Element>(UnsafeCell<T>);

// SAFETY: every access is atomic (`Element::load`).
unsafe impl<T: Element> Sync for ReadOnlyCell<T> {}

impl<T: Element> ReadOnlyCell<T> {
    /// The element's value now.
    #[inline(always)]
    pub fn get(&self) -> T {
        // SAFETY: the cell is an aligned element of a live buffer (or of a `SharedVec`).
        unsafe { T::load(self.0.get()) }
    }
}

/// An element of a writable buffer that others may read or write at any time
/// (PyO3 gives `Cell<T>` here, which is not safe to share with other threads).
#[repr(transparent)]
pub struct WritableCell<T: Element>(UnsafeCell<T>);

// SAFETY: every access is atomic (`Element::load`, `Element::store`).
unsafe impl<T: Element> Sync for WritableCell<T> {}

impl<T: Element> WritableCell<T> {
    /// The element's value now.
    #[inline(always)]
    pub fn get(&self) -> T {
        // SAFETY: the cell is an aligned element of a live, writable buffer.
        unsafe { T::load(self.0.get()) }
    }

    /// Writes the element.
    #[inline(always)]
    pub fn set(&self, value: T) {
        // SAFETY: as in `get`.
        unsafe { T::store(self.0.get(), value) }
    }
}

/// A view of another object's buffer, holding items of type `T` (PyO3's `PyBuffer`).
///
/// Made by [`PyBuffer::get`] or as a function parameter (`buf: PyBuffer<f64>`), which
/// accepts any object with a buffer whose format is compatible with `T` (see
/// [`Element`]); a `list` raises CPython's `TypeError` ("a bytes-like object is
/// required, not 'list'"), a buffer of another item type a `BufferError` naming both.
/// The view is released (`PyBuffer_Release`) when the `PyBuffer` is dropped, on any
/// thread: one that is not attached attaches for the release.
///
/// ```no_run
/// use abide::buffer::PyBuffer;
/// use abide::prelude::*;
///
/// /// Doubles every item of a writable float64 buffer in place.
/// #[pyfunction]
/// fn double(buf: PyBuffer<f64>) -> PyResult<()> {
///     let cells = buf
///         .as_mut_slice()
///         .ok_or_else(|| abide::exceptions::PyBufferError::new_err("need a writable, contiguous buffer"))?;
///     for c in cells {
///         c.set(c.get() * 2.0);
///     }
///     Ok(())
/// }
/// ```
pub struct PyBuffer<T: Element> {
    // Boxed: an exporter may point `strides` or `shape` into the struct itself (as
    // `PyBuffer_FillInfo` does), so it must not move.
    view: Box<ffi::Py_buffer>,
    _items: PhantomData<[T]>,
}

// SAFETY: the view owns a strong reference to its exporter and is only released attached;
// the data is only reached through atomic cells or through CPython's copy functions.
unsafe impl<T: Element> Send for PyBuffer<T> {}
// SAFETY: as above; `&PyBuffer` gives nothing that is not safe to share.
unsafe impl<T: Element> Sync for PyBuffer<T> {}

impl<T: Element> PyBuffer<T> {
    /// Gets `obj`'s buffer, checking that it holds items of `T` at `T`'s alignment.
    ///
    /// ```no_run
    /// use abide::buffer::PyBuffer;
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn byte_count(obj: Object<'_>) -> PyResult<usize> {
    ///     Ok(PyBuffer::<u8>::get(&obj)?.item_count())
    /// }
    /// ```
    pub fn get(obj: &Object<'_>) -> PyResult<Self> {
        Self::get_borrowed(obj.as_borrowed())
    }

    fn get_borrowed(obj: Borrowed<'_, '_>) -> PyResult<Self> {
        let mut view = Box::new(ffi::Py_buffer::new());
        // SAFETY: attached (we hold a `Borrowed`); `view` is a fresh, writable struct.
        // Strides and format, no suboffsets (exporters that need them refuse).
        let rc =
            unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), &mut *view, ffi::PyBUF_RECORDS_RO) };
        if rc != 0 {
            return Err(PyErr::fetch(obj.py()));
        }
        // From here on, dropping `buffer` releases the view.
        let buffer = PyBuffer {
            view,
            _items: PhantomData,
        };
        buffer.check()?;
        Ok(buffer)
    }

    fn check(&self) -> PyResult<()> {
        let v = &*self.view;
        let format = self.format();
        let size = core::mem::size_of::<T>();
        if !T::is_compatible_format(format) || v.itemsize as usize != size {
            return Err(PyBufferError::new_err(format!(
                "buffer has items of format '{}' ({} bytes), not compatible with {}",
                format.to_string_lossy(),
                v.itemsize,
                core::any::type_name::<T>(),
            )));
        }
        let align = core::mem::align_of::<T>();
        // An empty buffer is never read, and its pointer may be anything (`array.array`
        // points an empty one at a static byte).
        let misaligned = v.len != 0 && (v.buf as usize) % align != 0
            || self
                .strides()
                .iter()
                .any(|&s| s.rem_euclid(align as isize) != 0);
        if misaligned {
            return Err(PyBufferError::new_err(format!(
                "buffer items are not aligned for {} ({align} bytes)",
                core::any::type_name::<T>(),
            )));
        }
        if !v.suboffsets.is_null() {
            return Err(PyBufferError::new_err(
                "buffers with suboffsets are not supported",
            ));
        }
        Ok(())
    }

    /// The address of the first item (for a C library that takes a pointer).
    pub fn buf_ptr(&self) -> *mut core::ffi::c_void {
        self.view.buf
    }

    /// Whether Python forbids writing through this buffer (`bytes`, a read-only
    /// memoryview).
    pub fn readonly(&self) -> bool {
        self.view.readonly != 0
    }

    /// The size of one item in bytes (`size_of::<T>()`).
    pub fn item_size(&self) -> usize {
        self.view.itemsize as usize
    }

    /// The number of items (the product of [`shape`](Self::shape)).
    pub fn item_count(&self) -> usize {
        (self.view.len as usize) / (self.view.itemsize as usize).max(1)
    }

    /// The size in bytes (`item_count() * item_size()`).
    pub fn len_bytes(&self) -> usize {
        self.view.len as usize
    }

    /// The number of dimensions (0 for a scalar, 1 for `bytes` or `array.array`).
    pub fn dimensions(&self) -> usize {
        self.view.ndim as usize
    }

    /// The length of each dimension.
    pub fn shape(&self) -> &[usize] {
        // SAFETY: with `PyBUF_ND` requested the exporter gives `ndim` lengths that live as
        // long as the view; `Py_ssize_t` lengths are never negative, so as `usize` they
        // read the same.
        unsafe { raw_slice(self.view.shape.cast::<usize>(), self.dimensions()) }
    }

    /// The distance in bytes between consecutive items of each dimension (negative when
    /// the view runs backwards: `memoryview(b)[::-1]`).
    pub fn strides(&self) -> &[isize] {
        // SAFETY: with `PyBUF_STRIDES` requested the exporter gives `ndim` strides.
        unsafe { raw_slice(self.view.strides, self.dimensions()) }
    }

    /// The item format, as the `struct` module writes it (`"B"` if the exporter gave
    /// none).
    pub fn format(&self) -> &CStr {
        if self.view.format.is_null() {
            c"B"
        } else {
            // SAFETY: a NUL-terminated string that lives as long as the view.
            unsafe { CStr::from_ptr(self.view.format) }
        }
    }

    /// Whether the items are laid out one after the other in C (row-major) order.
    pub fn is_c_contiguous(&self) -> bool {
        // SAFETY: a valid view.
        unsafe { ffi::PyBuffer_IsContiguous(&*self.view, b'C' as _) != 0 }
    }

    /// Whether the items are laid out one after the other in Fortran (column-major) order.
    pub fn is_fortran_contiguous(&self) -> bool {
        // SAFETY: a valid view.
        unsafe { ffi::PyBuffer_IsContiguous(&*self.view, b'F' as _) != 0 }
    }

    /// The items as cells, if the buffer is C-contiguous: the fast path for reading.
    /// See the [module docs](self) for why these are cells.
    ///
    /// ```no_run
    /// use abide::buffer::PyBuffer;
    /// use abide::prelude::*;
    ///
    /// #[pyfunction]
    /// fn largest(buf: PyBuffer<i32>) -> Option<i32> {
    ///     buf.as_slice()?.iter().map(|c| c.get()).max()
    /// }
    /// ```
    pub fn as_slice(&self) -> Option<&[ReadOnlyCell<T>]> {
        if !self.is_c_contiguous() {
            return None;
        }
        // SAFETY: `item_count` aligned items (checked in `get`) live at `buf` as long as
        // the view does; cells make every access atomic.
        Some(unsafe { raw_slice(self.view.buf.cast::<ReadOnlyCell<T>>(), self.item_count()) })
    }

    /// The items as writable cells, if the buffer is C-contiguous and writable.
    pub fn as_mut_slice(&self) -> Option<&[WritableCell<T>]> {
        if self.readonly() || !self.is_c_contiguous() {
            return None;
        }
        // SAFETY: as in `as_slice`, and the exporter allows writes.
        Some(unsafe { raw_slice(self.view.buf.cast::<WritableCell<T>>(), self.item_count()) })
    }

    /// Copies the items, in C order, into `target`, whose length must be
    /// [`item_count`](Self::item_count). Works for any layout (slices with a step,
    /// transposed arrays).
    pub fn copy_to_slice(&self, py: Python<'_>, target: &mut [T]) -> PyResult<()> {
        self.check_len(target.len(), "to")?;
        // SAFETY: `target` is Rust memory of exactly `len` bytes; CPython copies into it.
        let rc = unsafe {
            ffi::PyBuffer_ToContiguous(
                target.as_mut_ptr().cast(),
                &*self.view,
                self.view.len,
                b'C' as _,
            )
        };
        if rc != 0 {
            return Err(PyErr::fetch(py));
        }
        Ok(())
    }

    /// The items, in C order, in a new `Vec`.
    pub fn to_vec(&self, py: Python<'_>) -> PyResult<Vec<T>> {
        let n = self.item_count();
        let mut out: Vec<T> = Vec::with_capacity(n);
        // SAFETY: CPython writes exactly `len` bytes (`n` items) into the spare capacity.
        unsafe {
            let rc = ffi::PyBuffer_ToContiguous(
                out.as_mut_ptr().cast(),
                &*self.view,
                self.view.len,
                b'C' as _,
            );
            if rc != 0 {
                return Err(PyErr::fetch(py));
            }
            out.set_len(n);
        }
        Ok(out)
    }

    /// Copies `source`, in C order, into the buffer, whose length must be
    /// [`item_count`](Self::item_count); a read-only buffer raises `BufferError`.
    pub fn copy_from_slice(&self, py: Python<'_>, source: &[T]) -> PyResult<()> {
        if self.readonly() {
            return Err(PyBufferError::new_err("cannot write to a read-only buffer"));
        }
        self.check_len(source.len(), "from")?;
        // SAFETY: `source` is `len` bytes of Rust memory; the exporter allows writes.
        let rc = unsafe {
            ffi::PyBuffer_FromContiguous(
                &*self.view,
                source.as_ptr().cast(),
                self.view.len,
                b'C' as _,
            )
        };
        if rc != 0 {
            return Err(PyErr::fetch(py));
        }
        Ok(())
    }

    fn check_len(&self, len: usize, direction: &str) -> PyResult<()> {
        if len != self.item_count() {
            return Err(PyBufferError::new_err(format!(
                "slice to copy {direction} (of length {len}) does not match buffer length of {}",
                self.item_count()
            )));
        }
        Ok(())
    }

    /// The exporting object.
    pub fn obj<'py>(&self, py: Python<'py>) -> Object<'py> {
        // SAFETY: the view holds a strong reference to its exporter.
        unsafe { Borrowed::from_ptr(py, self.view.obj) }.to_owned()
    }

    /// Releases the view now (dropping does the same).
    pub fn release(self, _py: Python<'_>) {
        drop(self);
    }
}

/// `n` items from `ptr` (a dangling, aligned pointer for an empty slice).
///
/// # Safety
/// `ptr` is valid for `n` items for the borrow's lifetime, or `n` is 0.
unsafe fn raw_slice<'a, U>(ptr: *const U, n: usize) -> &'a [U] {
    if n == 0 || ptr.is_null() {
        &[]
    } else {
        // SAFETY: per the caller.
        unsafe { core::slice::from_raw_parts(ptr, n) }
    }
}

impl<T: Element> Drop for PyBuffer<T> {
    fn drop(&mut self) {
        // `PyBuffer_Release` calls the exporter's `bf_releasebuffer` and drops the
        // reference in `view.obj`: both need an attached thread. A `PyBuffer` is `Send`
        // and may be dropped anywhere (after `detach`, on a Rust thread), so attach if
        // this thread is not (see `attached_here`). The view was filled by
        // `PyObject_GetBuffer` and is released once.
        let view: *mut ffi::Py_buffer = &mut *self.view;
        if crate::python::attached_here() {
            // SAFETY: see above; attached.
            unsafe { ffi::PyBuffer_Release(view) };
        } else {
            // SAFETY: see above; run attached (or not at all: leaked with its exporter).
            crate::interpreter::release_unattached(|| unsafe { ffi::PyBuffer_Release(view) });
        }
    }
}

impl<'a, 'py, T: Element> crate::conversion::FromPyObject<'a, 'py> for PyBuffer<T> {
    fn extract(obj: Borrowed<'a, 'py>) -> PyResult<Self> {
        Self::get_borrowed(obj)
    }
}

impl<T: Element> core::fmt::Debug for PyBuffer<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PyBuffer")
            .field("format", &self.format())
            .field("shape", &self.shape())
            .field("strides", &self.strides())
            .field("readonly", &self.readonly())
            .finish()
    }
}

// ---------------------------------------------------------------------------------------
// Exporting

/// What a `__getbuffer__` receives, for the safe way to export: pass it to
/// [`SharedVec::export`]. (PyO3's raw form, `view: *mut ffi::Py_buffer, flags: c_int`,
/// works too, in an `unsafe fn`.)
pub struct BufferRequest<'a> {
    exporter: *mut ffi::PyObject,
    view: *mut ffi::Py_buffer,
    flags: c_int,
    _view: PhantomData<&'a mut ffi::Py_buffer>,
}

impl BufferRequest<'_> {
    #[doc(hidden)]
    /// # Safety
    /// `exporter` is the object whose `bf_getbuffer` runs, `view` the struct to fill.
    pub unsafe fn __new(
        exporter: *mut ffi::PyObject,
        view: *mut ffi::Py_buffer,
        flags: c_int,
    ) -> Self {
        BufferRequest {
            exporter,
            view,
            flags,
            _view: PhantomData,
        }
    }

    /// The consumer's `PyBUF_*` flags.
    pub fn flags(&self) -> c_int {
        self.flags
    }

    /// Whether the consumer wants to write (`PyBUF_WRITABLE`).
    pub fn writable(&self) -> bool {
        self.flags & ffi::PyBUF_WRITABLE != 0
    }
}

/// What a `__releasebuffer__` receives, for the safe way to export: pass it to
/// [`SharedVec::release`].
pub struct ReleaseRequest<'a> {
    view: *mut ffi::Py_buffer,
    _view: PhantomData<&'a mut ffi::Py_buffer>,
}

impl ReleaseRequest<'_> {
    #[doc(hidden)]
    /// # Safety
    /// `view` is a view this object's `bf_getbuffer` filled, being released.
    pub unsafe fn __new(view: *mut ffi::Py_buffer) -> Self {
        ReleaseRequest {
            view,
            _view: PhantomData,
        }
    }
}

/// What a `__releasebuffer__` parameter can be: PyO3's raw view, or a [`ReleaseRequest`].
#[doc(hidden)]
pub trait ReleaseArg {
    /// # Safety
    /// `view` is a view this object's `bf_getbuffer` filled, being released.
    unsafe fn __from_view(view: *mut ffi::Py_buffer) -> Self;
}

impl ReleaseArg for *mut ffi::Py_buffer {
    unsafe fn __from_view(view: *mut ffi::Py_buffer) -> Self {
        view
    }
}

impl ReleaseArg for ReleaseRequest<'_> {
    unsafe fn __from_view(view: *mut ffi::Py_buffer) -> Self {
        // SAFETY: per the caller.
        unsafe { ReleaseRequest::__new(view) }
    }
}

/// Bookkeeping that moves with the data (boxed): the one-item shape exported views point
/// to, and the number of views exported.
struct Exports {
    shape: AtomicIsize,
    count: AtomicUsize,
}

/// A `Vec<T>` that a `#[pyclass]` can export through the buffer protocol with no copy and
/// no `unsafe`: `memoryview(obj)` and `numpy.asarray(obj)` then see (and write) the very
/// items, and while any view is exported the length cannot change ([`push`](Self::push),
/// [`clear`](Self::clear), [`with_vec`](Self::with_vec) raise `BufferError`, as
/// `bytearray` does), so the memory the views point to stays where it is.
///
/// How a view's pointer stays valid: the view's `obj` holds a strong reference to the
/// instance, so the instance (and this `SharedVec` in it) is not deallocated while a view
/// exists; the `Vec` does not reallocate because every method that could is refused while
/// the export count is not zero; and a `SharedVec` dropped with views still exported (by
/// the garbage collector breaking a cycle, or a field being replaced) leaks its memory
/// instead of freeing it. The items are only ever reached through atomic cells, never a
/// `&[T]`, because the views' holders (other threads, Python code between two Rust reads)
/// may write them at any time. The count is atomic, so exporting under `&self` from
/// several threads at once (free-threaded Python) is fine.
///
/// ```no_run
/// use abide::buffer::{BufferRequest, ReleaseRequest, SharedVec};
/// use abide::prelude::*;
///
/// #[pyclass]
/// struct Samples {
///     data: SharedVec<f64>,
/// }
///
/// #[pymethods]
/// impl Samples {
///     #[new]
///     fn new(n: usize) -> Self {
///         Samples { data: SharedVec::from(vec![0.0; n]) }
///     }
///
///     fn __getbuffer__(&self, request: BufferRequest<'_>) -> PyResult<()> {
///         self.data.export(request)
///     }
///
///     fn __releasebuffer__(&self, request: ReleaseRequest<'_>) {
///         self.data.release(request);
///     }
///
///     /// Raises `BufferError` while a memoryview of the samples exists.
///     fn push(&mut self, x: f64) -> PyResult<()> {
///         self.data.push(x)
///     }
/// }
/// ```
pub struct SharedVec<T: Element> {
    vec: UnsafeCell<Vec<T>>,
    exports: Box<Exports>,
}

// SAFETY: under `&self` the `Vec` itself (pointer, length) is only read, and its items only
// through atomic cells; it changes under `&mut self` only, and then only with no view
// exported.
unsafe impl<T: Element> Sync for SharedVec<T> {}

impl<T: Element> From<Vec<T>> for SharedVec<T> {
    fn from(vec: Vec<T>) -> Self {
        SharedVec {
            vec: UnsafeCell::new(vec),
            exports: Box::new(Exports {
                shape: AtomicIsize::new(0),
                count: AtomicUsize::new(0),
            }),
        }
    }
}

impl<T: Element> Default for SharedVec<T> {
    fn default() -> Self {
        Vec::new().into()
    }
}

impl<T: Element> SharedVec<T> {
    /// An empty vector.
    pub fn new() -> Self {
        Self::default()
    }

    fn vec(&self) -> &Vec<T> {
        // SAFETY: the `Vec` struct is only changed under `&mut self`.
        unsafe { &*self.vec.get() }
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.vec().len()
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of buffer views exported now.
    pub fn exports(&self) -> usize {
        self.exports.count.load(Relaxed)
    }

    /// The items as cells (a view's holder may write them at any time).
    pub fn as_cells(&self) -> &[WritableCell<T>] {
        let v = self.vec();
        // SAFETY: `len` initialised, aligned items owned by the `Vec`, which does not
        // reallocate while `&self` lives; cells make every access atomic.
        unsafe { raw_slice(v.as_ptr().cast::<WritableCell<T>>(), v.len()) }
    }

    /// Item `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<T> {
        self.as_cells().get(i).map(WritableCell::get)
    }

    /// Sets item `i`; `false` if there is none.
    pub fn set(&self, i: usize, value: T) -> bool {
        self.as_cells().get(i).map(|c| c.set(value)).is_some()
    }

    /// A copy of the items.
    pub fn to_vec(&self) -> Vec<T> {
        self.as_cells().iter().map(WritableCell::get).collect()
    }

    fn refuse_resize(&self) -> PyResult<()> {
        if self.exports() > 0 {
            Err(PyBufferError::new_err(
                "Existing exports of data: object cannot be re-sized",
            ))
        } else {
            Ok(())
        }
    }

    /// Runs `f` with the `Vec` itself (to resize it, sort it, ...), unless a view is
    /// exported (`BufferError`).
    pub fn with_vec<R>(&mut self, f: impl FnOnce(&mut Vec<T>) -> R) -> PyResult<R> {
        self.refuse_resize()?;
        // With `&mut self` no export can start meanwhile, and none exists.
        Ok(f(self.vec.get_mut()))
    }

    /// Appends an item, unless a view is exported (`BufferError`).
    pub fn push(&mut self, value: T) -> PyResult<()> {
        self.with_vec(|v| v.push(value))
    }

    /// Removes every item, unless a view is exported (`BufferError`).
    pub fn clear(&mut self) -> PyResult<()> {
        self.with_vec(Vec::clear)
    }

    /// Takes the `Vec` out, leaving an empty one, unless a view is exported
    /// (`BufferError`).
    pub fn take(&mut self) -> PyResult<Vec<T>> {
        self.with_vec(core::mem::take)
    }

    /// Fills the view of a `__getbuffer__` with the items: one dimension, format
    /// [`T::FORMAT`](Element::FORMAT), writable. The view keeps the instance alive, and
    /// the length fixed, until it is released through [`release`](Self::release).
    pub fn export(&self, request: BufferRequest<'_>) -> PyResult<()> {
        let v = self.vec();
        let size = core::mem::size_of::<T>() as ffi::Py_ssize_t;
        let len = v.len() as ffi::Py_ssize_t;
        // A length cannot change while a view exists, so the stored one changes only
        // when none does (and views in use never see a write).
        if self.exports.shape.load(Relaxed) != len {
            self.exports.shape.store(len, Relaxed);
        }
        let flags = request.flags;
        let want = |f: c_int| flags & f == f;
        // SAFETY: `request.view` is the struct CPython asks us to fill; `exporter` is the
        // instance, whose reference the view takes. The pointers stored live as long as
        // the view: the items and the boxed shape do not move or get freed while
        // `count` is not zero (see the type's docs).
        unsafe {
            let view = &mut *request.view;
            view.buf = v.as_ptr().cast_mut().cast();
            view.len = len * size;
            view.itemsize = size;
            view.readonly = 0;
            view.ndim = 1;
            view.format = if want(ffi::PyBUF_FORMAT) {
                T::FORMAT.as_ptr().cast_mut()
            } else {
                core::ptr::null_mut()
            };
            view.shape = if want(ffi::PyBUF_ND) {
                self.exports.shape.as_ptr()
            } else {
                core::ptr::null_mut()
            };
            // One dimension, contiguous: the stride is the item size (`PyBuffer_FillInfo`
            // points it at `itemsize` the same way).
            view.strides = if want(ffi::PyBUF_STRIDES) {
                &mut view.itemsize
            } else {
                core::ptr::null_mut()
            };
            view.suboffsets = core::ptr::null_mut();
            view.internal = (&*self.exports as *const Exports).cast_mut().cast();
            self.exports.count.fetch_add(1, Relaxed);
            ffi::Py_IncRef(request.exporter);
            view.obj = request.exporter;
        }
        Ok(())
    }

    /// Counts a view of these items as released (in `__releasebuffer__`); a view
    /// exported by something else is ignored. Returns whether it was one of ours.
    pub fn release(&self, request: ReleaseRequest<'_>) -> bool {
        // SAFETY: the view being released (the request's promise); only read.
        let internal = unsafe { (*request.view).internal };
        let ours = internal.cast_const() == (&*self.exports as *const Exports).cast();
        if ours {
            self.exports.count.fetch_sub(1, Relaxed);
        }
        ours
    }
}

impl<T: Element> Drop for SharedVec<T> {
    fn drop(&mut self) {
        if self.exports() > 0 {
            // Views still point here: leak rather than free memory they may read.
            core::mem::forget(core::mem::take(self.vec.get_mut()));
            core::mem::forget(core::mem::replace(
                &mut self.exports,
                Box::new(Exports {
                    shape: AtomicIsize::new(0),
                    count: AtomicUsize::new(0),
                }),
            ));
        }
    }
}

impl<T: Element + core::fmt::Debug> core::fmt::Debug for SharedVec<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.to_vec()).finish()
    }
}
