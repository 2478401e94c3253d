//! The static tables that `#[pyclass]` and `#[pymethods]` emit. Each `#[pymethods]` block
//! submits one [`ClassItems`] through `inventory`; the type is assembled from all of them
//! when the module adds the class.

use crate::err::PyResult;
use crate::ffi;
use crate::object::{Borrowed, Object};
use crate::python::Python;
use core::ffi::{CStr, c_int, c_void};

/// A `PyMethodDef` in a static table (copied into the class's merged table).
#[repr(transparent)]
pub struct MethodEntry(pub ffi::PyMethodDef);
// SAFETY: read-only after construction.
unsafe impl Sync for MethodEntry {}

impl MethodEntry {
    /// A method with its flags; `meth` is the function pointer for those flags.
    pub const fn new(
        name: &'static CStr,
        doc: &'static CStr,
        flags: c_int,
        meth: ffi::PyMethodDefPointer,
    ) -> Self {
        MethodEntry(ffi::PyMethodDef {
            ml_name: name.as_ptr(),
            ml_meth: meth,
            ml_flags: flags,
            ml_doc: doc.as_ptr(),
        })
    }

    /// A `METH_FASTCALL | METH_KEYWORDS` instance method.
    ///
    /// Not `METH_METHOD`, which would pass the defining class for free: a bound
    /// `METH_METHOD` method is a `builtin_method`, whose type's own `__doc__` (None)
    /// shadows the docstring getter it inherits, so `obj.method.__doc__` would be `None`
    /// on CPython 3.13 to 3.15. The body finds the class from the instance instead
    /// ([`cell_of_instance`](super::cell_of_instance)).
    pub const fn method(
        name: &'static CStr,
        doc: &'static CStr,
        meth: ffi::PyCFunctionFastWithKeywords,
    ) -> Self {
        Self::fastcall(name, doc, 0, meth)
    }

    /// A `METH_CLASS | METH_FASTCALL | METH_KEYWORDS` class method (not `METH_METHOD`,
    /// for the same reason as [`method`](Self::method)).
    pub const fn class_method(
        name: &'static CStr,
        doc: &'static CStr,
        meth: ffi::PyCFunctionFastWithKeywords,
    ) -> Self {
        Self::fastcall(name, doc, ffi::METH_CLASS, meth)
    }

    /// A `METH_STATIC | METH_FASTCALL | METH_KEYWORDS` static method.
    pub const fn static_method(
        name: &'static CStr,
        doc: &'static CStr,
        meth: ffi::PyCFunctionFastWithKeywords,
    ) -> Self {
        Self::fastcall(name, doc, ffi::METH_STATIC, meth)
    }

    const fn fastcall(
        name: &'static CStr,
        doc: &'static CStr,
        extra_flags: c_int,
        meth: ffi::PyCFunctionFastWithKeywords,
    ) -> Self {
        Self::new(
            name,
            doc,
            ffi::METH_FASTCALL | ffi::METH_KEYWORDS | extra_flags,
            ffi::PyMethodDefPointer {
                PyCFunctionFastWithKeywords: meth,
            },
        )
    }

    pub(crate) fn def(&self) -> ffi::PyMethodDef {
        self.0
    }
}

/// A property's getter or setter.
pub struct GetSetEntry {
    pub name: &'static CStr,
    pub doc: &'static CStr,
    pub get: Option<ffi::getter>,
    pub set: Option<ffi::setter>,
}

/// A property's deleter (`#[deleter]`): called for `del obj.name`. The class's setter
/// function for the name then dispatches between it and the setter, if any.
pub struct DeleterEntry {
    pub name: &'static CStr,
    pub delete: ffi::setter,
}

/// A type slot filled directly by one function (`__repr__` -> `Py_tp_repr`, ...).
pub struct SlotEntry {
    pub slot: c_int,
    pub pfunc: *mut c_void,
    /// The first CPython version that has the slot (`PY_VERSION_HEX` form, from the
    /// macros' table of special methods): on an older one the class is made without it.
    pub since: u32,
}
// SAFETY: holds a function pointer.
unsafe impl Sync for SlotEntry {}

/// A binary operator implementation: `self op other` or, reflected, `other op self`.
/// Returns `NotImplemented` (as an object) when it does not handle the operands.
pub type BinaryFn =
    for<'py> unsafe fn(Python<'py>, Borrowed<'_, 'py>, Borrowed<'_, 'py>) -> PyResult<Object<'py>>;

/// Which side of a binary operator a function implements.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `__add__`: the class instance is on the left.
    Left,
    /// `__radd__`: the class instance is on the right.
    Right,
}

/// A numeric binary operator (`Py_nb_add`, ...) from `__add__` and/or `__radd__`.
pub struct BinaryEntry {
    pub slot: c_int,
    pub side: Side,
    pub func: BinaryFn,
    /// The slot function that dispatches to this entry (and to the other side's):
    /// [`binary_dispatcher`](super::slots::binary_dispatcher) of the class and slot. The
    /// macros name it here so that only the slots a class defines are compiled for it.
    pub dispatcher: SlotFn,
}

/// A slot function, as `PyType_Slot` stores it; see [`SlotFn::as_ptr`].
#[derive(Clone, Copy)]
pub enum SlotFn {
    Binary(ffi::binaryfunc),
    Ternary(ffi::ternaryfunc),
}

impl SlotFn {
    /// The function's address for a `PyType_Slot`.
    pub fn as_ptr(self) -> *mut c_void {
        match self {
            SlotFn::Binary(f) => f as *mut c_void,
            SlotFn::Ternary(f) => f as *mut c_void,
        }
    }
}

/// A rich comparison: `__eq__`, `__lt__`, ... (`op` is `Py_EQ`, ...), or `__richcmp__`
/// (`op` is `-1`) that handles every operator.
pub struct CompareEntry {
    pub op: c_int,
    pub func: BinaryFnWithOp,
}

/// `__richcmp__`-style function: gets the operator too.
pub type BinaryFnWithOp = for<'py> unsafe fn(
    Python<'py>,
    Borrowed<'_, 'py>,
    Borrowed<'_, 'py>,
    c_int,
) -> PyResult<Object<'py>>;

/// `__setitem__` (value present) or `__delitem__` (value absent), and likewise
/// `__setattr__`/`__delattr__` (the key is then the attribute name).
pub type AssignFn = for<'py> unsafe fn(
    Python<'py>,
    Borrowed<'_, 'py>,
    Borrowed<'_, 'py>,
    Option<Borrowed<'_, 'py>>,
) -> PyResult<()>;

/// A class attribute (`#[classattr]`): computed once when the type is created.
pub struct ClassAttrEntry {
    pub name: &'static str,
    pub value: for<'py> fn(Python<'py>) -> PyResult<Object<'py>>,
}

/// Everything one `#[pymethods]` block (or the `#[pyclass]` fields) contributes.
pub struct ClassItems {
    pub methods: &'static [MethodEntry],
    pub getsets: &'static [GetSetEntry],
    pub deleters: &'static [DeleterEntry],
    pub slots: &'static [SlotEntry],
    pub binary: &'static [BinaryEntry],
    pub compare: &'static [CompareEntry],
    pub setitem: Option<AssignFn>,
    pub delitem: Option<AssignFn>,
    pub setattr: Option<AssignFn>,
    pub delattr: Option<AssignFn>,
    pub class_attrs: &'static [ClassAttrEntry],
    /// The `__new__` signature text (`(x=0.0, y=0.0)`), for the class docstring.
    pub new_text_signature: Option<&'static str>,
    /// A user-written `__traverse__`, called with a `&T` (type-erased).
    pub traverse: Option<TraverseFn>,
    /// A user-written `__clear__`, called with a `&mut T` (type-erased).
    pub clear: Option<ClearFn>,
    /// The block's members in the module's type stub.
    pub stub: ClassStub,
    /// Every Python name the block defines, with where: no two blocks of a class (nor its
    /// fields) may define the same one, which the compiler cannot see across blocks.
    pub names: &'static [DefinedName],
    /// Classes created with this one and kept as its attributes (the variant classes of
    /// an enum whose variants carry data). Only the `#[pyclass]` table has them.
    pub nested: &'static [NestedClass],
}

/// A class created right after its parent and set as the parent's attribute: a data
/// enum's `Shape.Circle`. `add` creates it in the module (see
/// `add_nested_class`).
pub struct NestedClass {
    pub(crate) add: for<'py> fn(
        &crate::types::Module<'py>,
        &crate::types::TypeObject<'py>,
    ) -> PyResult<crate::types::TypeObject<'py>>,
    /// What its type stub is made of (the `stubs` feature only).
    #[cfg(feature = "stubs")]
    pub(crate) stub: fn() -> crate::impl_::stubs::ClassInfo,
}

impl NestedClass {
    /// The entry of the class `T`.
    pub const fn of<T: super::PyClass>() -> Self {
        NestedClass {
            add: super::build::add_nested_class::<T>,
            #[cfg(feature = "stubs")]
            stub: crate::impl_::stubs::class_info::<T>,
        }
    }
}

/// A Python name a `#[pymethods]` block or a `#[pyclass]` field defines.
pub struct DefinedName {
    pub name: &'static str,
    pub kind: NameKind,
    /// `file:line` of the definition, for the error that names both places.
    pub at: &'static str,
}

/// What a [`DefinedName`] is: a property's getter, setter and deleter may come from
/// different places; anything else of one name may be defined once.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A method, class attribute, special method or the constructor (`__new__`).
    Attribute,
    Getter,
    Setter,
    Deleter,
}

impl DefinedName {
    /// Whether defining both `self` and `other` on one class is a conflict.
    pub fn clashes(&self, other: &DefinedName) -> bool {
        use NameKind::Attribute;
        // Two parts of one property are fine; the same part twice is not.
        self.name == other.name
            && (self.kind == Attribute || other.kind == Attribute || self.kind == other.kind)
    }
}

/// The type stub (`.pyi`) text of one block's members, in the block's order (see
/// [`crate::impl_::stubs`]). `file` and `line` say where the block is, so the members of
/// several blocks come out in the same order from build to build. Without the `stubs`
/// feature it is empty, and takes no room in the block's table.
pub struct ClassStub {
    #[cfg(feature = "stubs")]
    pub items: &'static [StubItem],
    #[cfg(feature = "stubs")]
    pub file: &'static str,
    #[cfg(feature = "stubs")]
    pub line: u32,
}

impl ClassStub {
    /// No members.
    pub const EMPTY: ClassStub = ClassStub {
        #[cfg(feature = "stubs")]
        items: &[],
        #[cfg(feature = "stubs")]
        file: "",
        #[cfg(feature = "stubs")]
        line: 0,
    };

    /// The members of a block. Without the `stubs` feature this is [`ClassStub::EMPTY`]:
    /// the text is dropped during constant evaluation and never reaches the binary.
    #[cfg(feature = "stubs")]
    pub const fn new(items: &'static [StubItem], file: &'static str, line: u32) -> Self {
        ClassStub { items, file, line }
    }

    /// The members of a block. Without the `stubs` feature this is [`ClassStub::EMPTY`]:
    /// the text is dropped during constant evaluation and never reaches the binary.
    #[cfg(not(feature = "stubs"))]
    pub const fn new(_items: &'static [StubItem], _file: &'static str, _line: u32) -> Self {
        ClassStub::EMPTY
    }
}

/// One member of a class in its type stub.
pub struct StubItem {
    pub kind: StubKind,
    /// The Python name the item defines.
    pub name: &'static str,
    /// Its definition, unindented: `def norm(self) -> float: ...`.
    pub text: &'static str,
}

/// What a [`StubItem`] is: a property's getter and setter are merged by name (the getter
/// first, whichever block each comes from).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum StubKind {
    Member,
    Getter,
    Setter,
    /// A comparison that `__richcmp__` answers: left out if the class defines it itself.
    Implied,
    /// A member the type has because of another (the other side of a numeric slot, the
    /// orderings `tp_richcompare` gives a class that defines one): left out if the class
    /// defines it, or `__richcmp__` does.
    Fallback,
}

#[cfg(feature = "stubs")]
impl StubKind {
    /// Which item of a name wins: a definition over an implied member over a fallback.
    pub(crate) fn rank(self) -> u8 {
        match self {
            StubKind::Member | StubKind::Getter | StubKind::Setter => 2,
            StubKind::Implied => 1,
            StubKind::Fallback => 0,
        }
    }
}

/// `__traverse__(&self, visit)`, with `self` passed as a pointer to the value.
pub type TraverseFn =
    unsafe fn(*const (), &super::PyVisit<'_>) -> Result<(), super::PyTraverseError>;

/// `__clear__(&mut self)`, with `self` passed as a pointer to the value.
pub type ClearFn = unsafe fn(*mut ());

impl ClassItems {
    /// A block that contributes nothing (the starting point of the macros' output).
    pub const EMPTY: ClassItems = ClassItems {
        methods: &[],
        getsets: &[],
        deleters: &[],
        slots: &[],
        binary: &[],
        compare: &[],
        setitem: None,
        delitem: None,
        setattr: None,
        delattr: None,
        class_attrs: &[],
        new_text_signature: None,
        traverse: None,
        clear: None,
        stub: ClassStub::EMPTY,
        names: &[],
        nested: &[],
    };
}

/// One `#[pymethods]` block, collected with `inventory` across the crate.
pub struct ClassItemsEntry {
    /// Identifies the class: its `PyClass::token` function.
    pub class: fn() -> *const c_void,
    pub items: &'static ClassItems,
}

inventory::collect!(ClassItemsEntry);
