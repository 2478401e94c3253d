//! The table of special methods: every `__name__` a `#[pymethods]` block may define, with
//! everything parse, validate, expand and the stub writer need to know about it. A new
//! special method is one row here (plus, for a new shape of slot function, a `Form` and
//! its calling convention in the runtime's `impl_/convention.rs`).
//!
//! `docs/classes.md` lists the same rows; a test checks that it does
//! ([`markdown`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// One special method.
pub struct Special {
    /// The Python name.
    pub name: &'static str,
    /// The type slots it fills (the runtime dispatches some slots between several
    /// methods: see [`Form`]).
    pub slots: &'static [Slot],
    /// How its slot function is made, which decides the calling convention.
    pub form: Form,
    /// Its Python parameters after `self` (`None`: any, from its signature).
    pub arity: Option<usize>,
    /// Which receivers it may take.
    pub receiver: Receiver,
    /// What a parameter that fails to convert does.
    pub on_error: OnError,
    /// What its Rust result becomes.
    pub ret: Ret,
    /// Its result in the type stub.
    pub stub: StubRet,
    /// What Python code uses it, for the documentation.
    #[cfg_attr(not(test), allow(dead_code))]
    pub usage: &'static str,
}

impl PartialEq for Special {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Special {}

impl core::fmt::Debug for Special {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name)
    }
}

/// A type slot and the first CPython version that has it.
pub struct Slot {
    /// The `Py_*` slot constant in `abide::ffi`.
    pub name: &'static str,
    /// `(major, minor)`.
    pub since: (u8, u8),
}

/// How a special method's slot function is made.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Form {
    /// `slot(self) -> R`: `convention::unary`.
    Unary,
    /// `slot(self, arg) -> R`: `convention::binary`.
    Binary,
    /// `__getitem__`: `convention::subscript` (the mapping and the sequence slot).
    Subscript,
    /// `__getattr__`: `convention::getattr` (after the normal lookup fails).
    GetAttr,
    /// `__call__`: `convention::call`, with the method's own signature.
    Call,
    /// One half of an assignment slot, which the runtime dispatches to a set or a delete
    /// method (`mp_ass_subscript`, `tp_setattro`).
    Assign(Assign),
    /// One side of a numeric operator slot, which the runtime dispatches between the
    /// operands' classes.
    Operator(Side),
    /// A rich comparison (`Some(op)`, CPython's `Py_EQ`, ...) or all of them
    /// (`__richcmp__`), which the runtime dispatches by operator.
    Compare(Option<&'static str>),
    /// `__traverse__`, called by the runtime's `tp_traverse`.
    Traverse,
    /// `__clear__`, called by the runtime's `tp_clear`.
    Clear,
    /// `__getbuffer__`: `convention::getbuffer`, with the raw view and flags (PyO3's
    /// form) or a `BufferRequest`.
    GetBuffer,
    /// `__releasebuffer__`: `convention::releasebuffer`, with the raw view, a
    /// `ReleaseRequest`, or nothing.
    ReleaseBuffer,
}

/// The half of an assignment slot a method implements.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Assign {
    SetItem,
    DelItem,
    SetAttr,
    DelAttr,
}

/// The side of a numeric operator a method implements.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    /// `__add__`: the instance is on the left.
    Left,
    /// `__radd__`: the instance is on the right.
    Right,
    /// `__iadd__`: in place.
    Inplace,
}

/// Which receivers a special method may take.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Receiver {
    /// `&self`, `&mut self` or `slf: PyRef<Self>`/`PyRefMut<Self>`.
    Any,
    /// `&self` only (it runs during garbage collection).
    Shared,
    /// `&mut self` only.
    Exclusive,
}

/// What a parameter that fails to convert does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OnError {
    /// Raises the conversion's error.
    Raise,
    /// Returns `NotImplemented`, so Python tries the other operand (operators).
    NotImplemented,
    /// Answers `False` (`__contains__`: an item of the wrong type is not contained).
    False,
}

/// What the Rust result becomes, through which runtime trait.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ret {
    /// Any `IntoPyObject` value (or `PyResult` of one).
    Object,
    /// `Option<T>`: `Some` yields, `None` stops (`__next__`).
    IterNext,
    /// An integer, `-1` becoming `-2` (`__hash__`).
    Hash,
    /// `bool` as a C int.
    Bool,
    /// `usize` as a `Py_ssize_t`.
    Len,
    /// `()`.
    Unit,
    /// `()` meaning "return self", or an object.
    Inplace,
    /// `Result<(), PyTraverseError>` (`__traverse__`).
    Traverse,
}

impl Ret {
    /// The runtime function that converts the result, and the arguments it takes after
    /// the value; `None` for `__traverse__`, whose `Result` the runtime's `tp_traverse`
    /// reads as it is.
    pub fn convert(self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            Ret::Object => ("::abide::__private::ret::IntoReturn::into_return", ", py"),
            Ret::IterNext => (
                "::abide::__private::ret::IterNextReturn::into_iter_next",
                ", py",
            ),
            Ret::Hash => ("::abide::__private::ret::HashReturn::into_hash", ""),
            Ret::Bool => ("::abide::__private::ret::BoolReturn::into_bool", ""),
            Ret::Len => ("::abide::__private::ret::LenReturn::into_len", ""),
            Ret::Unit => ("::abide::__private::ret::UnitReturn::into_unit", ""),
            Ret::Inplace => (
                "::abide::__private::ret::InplaceReturn::into_inplace",
                ", py, this",
            ),
            Ret::Traverse => return None,
        })
    }
}

/// A special method's result in the type stub.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StubRet {
    /// Always this type, whatever the Rust one (`__repr__` gives `str`).
    Fixed(&'static str),
    /// The Rust return type's annotation.
    Declared,
    /// The item type of `Option<T>` (`__next__`).
    Item,
    /// `Self` for `()`, else the Rust type (in-place operators).
    SelfIfUnit,
    /// Not in the stub (garbage collection).
    Omitted,
}

impl Slot {
    /// The runtime's `SlotEntry` that fills this slot with `pfunc` (a `*mut c_void`
    /// expression); the runtime leaves it out on a CPython older than `since`.
    pub fn entry(&self, pfunc: TokenStream) -> TokenStream {
        let slot = format_ident!("{}", self.name);
        let since = (u32::from(self.since.0) << 24) | (u32::from(self.since.1) << 16);
        quote! {
            ::abide::__private::class::SlotEntry {
                slot: ::abide::ffi::#slot,
                pfunc: #pfunc,
                since: #since,
            }
        }
    }
}

/// The slots of a `#[new]` constructor: `tp_new`, and the type's vectorcall (the fast
/// path for `Class(...)`), which CPython has since 3.14.
pub const CONSTRUCTOR: [Slot; 2] = [
    slot("Py_tp_new"),
    Slot {
        name: "Py_tp_vectorcall",
        since: (3, 14),
    },
];

/// A slot every supported CPython (3.11+) has.
pub const fn slot(name: &'static str) -> Slot {
    Slot {
        name,
        since: (3, 11),
    }
}

/// A row for a method of the instance alone.
const fn unary(
    name: &'static str,
    slots: &'static [Slot],
    ret: Ret,
    stub: StubRet,
    usage: &'static str,
) -> Special {
    Special {
        name,
        slots,
        form: Form::Unary,
        arity: Some(0),
        receiver: Receiver::Any,
        on_error: OnError::Raise,
        ret,
        stub,
        usage,
    }
}

/// A row for one side of a numeric operator.
const fn operator(
    name: &'static str,
    slots: &'static [Slot],
    side: Side,
    usage: &'static str,
) -> Special {
    let (ret, stub) = match side {
        Side::Inplace => (Ret::Inplace, StubRet::SelfIfUnit),
        _ => (Ret::Object, StubRet::Declared),
    };
    Special {
        name,
        slots,
        form: Form::Operator(side),
        arity: Some(1),
        receiver: Receiver::Any,
        on_error: OnError::NotImplemented,
        ret,
        stub,
        usage,
    }
}

/// A row for one comparison.
const fn compare(name: &'static str, op: &'static str, usage: &'static str) -> Special {
    Special {
        name,
        slots: RICHCOMPARE,
        form: Form::Compare(Some(op)),
        arity: Some(1),
        receiver: Receiver::Any,
        on_error: OnError::NotImplemented,
        ret: Ret::Object,
        stub: StubRet::Declared,
        usage,
    }
}

/// A row for one half of an assignment slot.
const fn assign(
    name: &'static str,
    slots: &'static [Slot],
    what: Assign,
    usage: &'static str,
) -> Special {
    Special {
        name,
        slots,
        form: Form::Assign(what),
        arity: Some(match what {
            Assign::SetItem | Assign::SetAttr => 2,
            Assign::DelItem | Assign::DelAttr => 1,
        }),
        receiver: Receiver::Any,
        on_error: OnError::Raise,
        ret: Ret::Unit,
        stub: StubRet::Fixed("None"),
        usage,
    }
}

const RICHCOMPARE: &[Slot] = &[slot("Py_tp_richcompare")];
const ADD: &[Slot] = &[slot("Py_nb_add")];
const SUB: &[Slot] = &[slot("Py_nb_subtract")];
const MUL: &[Slot] = &[slot("Py_nb_multiply")];
const MATMUL: &[Slot] = &[slot("Py_nb_matrix_multiply")];
const TRUEDIV: &[Slot] = &[slot("Py_nb_true_divide")];
const FLOORDIV: &[Slot] = &[slot("Py_nb_floor_divide")];
const MOD: &[Slot] = &[slot("Py_nb_remainder")];
const DIVMOD: &[Slot] = &[slot("Py_nb_divmod")];
const POW: &[Slot] = &[slot("Py_nb_power")];
const LSHIFT: &[Slot] = &[slot("Py_nb_lshift")];
const RSHIFT: &[Slot] = &[slot("Py_nb_rshift")];
const AND: &[Slot] = &[slot("Py_nb_and")];
const OR: &[Slot] = &[slot("Py_nb_or")];
const XOR: &[Slot] = &[slot("Py_nb_xor")];
const ASS_SUBSCRIPT: &[Slot] = &[slot("Py_mp_ass_subscript")];
const SETATTRO: &[Slot] = &[slot("Py_tp_setattro")];

use Side::{Inplace, Left, Right};

/// Every special method that fills a type slot.
#[rustfmt::skip]
pub const SPECIALS: &[Special] = &[
    unary("__repr__", &[slot("Py_tp_repr")], Ret::Object, StubRet::Fixed("str"), "`repr(x)`"),
    unary("__str__", &[slot("Py_tp_str")], Ret::Object, StubRet::Fixed("str"), "`str(x)`"),
    unary("__hash__", &[slot("Py_tp_hash")], Ret::Hash, StubRet::Fixed("int"), "`hash(x)`: a Rust integer of up to 64 bits"),
    unary("__bool__", &[slot("Py_nb_bool")], Ret::Bool, StubRet::Fixed("bool"), "`bool(x)`, `if x:`"),
    unary("__len__", &[slot("Py_mp_length"), slot("Py_sq_length")], Ret::Len, StubRet::Fixed("int"), "`len(x)`: returns `usize`"),
    unary("__iter__", &[slot("Py_tp_iter")], Ret::Object, StubRet::Declared, "`iter(x)`, `for v in x:`"),
    unary("__await__", &[slot("Py_am_await")], Ret::Object, StubRet::Declared, "`await x`: returns an iterator (its last `StopIteration` carries the result)"),
    unary("__aiter__", &[slot("Py_am_aiter")], Ret::Object, StubRet::Declared, "`async for v in x:`, `aiter(x)`"),
    unary("__anext__", &[slot("Py_am_anext")], Ret::Object, StubRet::Declared, "`anext(x)`, each step of `async for`: returns an awaitable, or raises `StopAsyncIteration` at the end"),
    unary("__next__", &[slot("Py_tp_iternext")], Ret::IterNext, StubRet::Item, "`next(x)`: returns `Option<T>` (`None` ends the iteration), or `T` (raise `StopIteration` to end it)"),
    unary("__neg__", &[slot("Py_nb_negative")], Ret::Object, StubRet::Declared, "`-x`"),
    unary("__pos__", &[slot("Py_nb_positive")], Ret::Object, StubRet::Declared, "`+x`"),
    unary("__abs__", &[slot("Py_nb_absolute")], Ret::Object, StubRet::Declared, "`abs(x)`"),
    unary("__invert__", &[slot("Py_nb_invert")], Ret::Object, StubRet::Declared, "`~x`"),
    unary("__int__", &[slot("Py_nb_int")], Ret::Object, StubRet::Fixed("int"), "`int(x)`"),
    unary("__float__", &[slot("Py_nb_float")], Ret::Object, StubRet::Fixed("float"), "`float(x)`"),
    unary("__index__", &[slot("Py_nb_index")], Ret::Object, StubRet::Fixed("int"), "`operator.index(x)`, slicing, `bin(x)`"),
    Special {
        name: "__getitem__",
        slots: &[slot("Py_mp_subscript"), slot("Py_sq_item")],
        form: Form::Subscript,
        arity: Some(1),
        receiver: Receiver::Any,
        on_error: OnError::Raise,
        ret: Ret::Object,
        stub: StubRet::Declared,
        usage: "`x[k]`",
    },
    assign("__setitem__", ASS_SUBSCRIPT, Assign::SetItem, "`x[k] = v` (without `__delitem__`, `del x[k]` raises `AttributeError`, as for a Python class)"),
    assign("__delitem__", ASS_SUBSCRIPT, Assign::DelItem, "`del x[k]` (without `__setitem__`, `x[k] = v` raises `AttributeError`)"),
    Special {
        name: "__contains__",
        slots: &[slot("Py_sq_contains")],
        form: Form::Binary,
        arity: Some(1),
        receiver: Receiver::Any,
        on_error: OnError::False,
        ret: Ret::Bool,
        stub: StubRet::Fixed("bool"),
        usage: "`k in x` (an item of the wrong type is not contained)",
    },
    Special {
        name: "__getattr__",
        slots: &[slot("Py_tp_getattro")],
        form: Form::GetAttr,
        arity: Some(1),
        receiver: Receiver::Any,
        on_error: OnError::Raise,
        ret: Ret::Object,
        stub: StubRet::Declared,
        usage: "`x.name` when the normal lookup (fields, methods, properties) finds nothing",
    },
    assign("__setattr__", SETATTRO, Assign::SetAttr, "`x.name = v`, for every name (without `__delattr__`, `del x.name` behaves as for `object`)"),
    assign("__delattr__", SETATTRO, Assign::DelAttr, "`del x.name` (without `__setattr__`, `x.name = v` behaves as for `object`)"),
    Special {
        name: "__call__",
        slots: &[slot("Py_tp_call")],
        form: Form::Call,
        arity: None,
        receiver: Receiver::Any,
        on_error: OnError::Raise,
        ret: Ret::Object,
        stub: StubRet::Declared,
        usage: "`x(...)`, with any signature",
    },
    compare("__eq__", "Py_EQ", "`x == y`"),
    compare("__ne__", "Py_NE", "`x != y`"),
    compare("__lt__", "Py_LT", "`x < y`"),
    compare("__le__", "Py_LE", "`x <= y`"),
    compare("__gt__", "Py_GT", "`x > y`"),
    compare("__ge__", "Py_GE", "`x >= y`"),
    Special {
        name: "__richcmp__",
        slots: &[slot("Py_tp_richcompare")],
        form: Form::Compare(None),
        arity: Some(2),
        receiver: Receiver::Any,
        on_error: OnError::NotImplemented,
        ret: Ret::Object,
        stub: StubRet::Declared,
        usage: "every comparison, in one method `(&self, other, op: CompareOp)`",
    },
    operator("__add__", ADD, Left, "`x + y`"),
    operator("__radd__", ADD, Right, "`y + x`"),
    operator("__iadd__", &[slot("Py_nb_inplace_add")], Inplace, "`x += y`"),
    operator("__sub__", SUB, Left, "`x - y`"),
    operator("__rsub__", SUB, Right, "`y - x`"),
    operator("__isub__", &[slot("Py_nb_inplace_subtract")], Inplace, "`x -= y`"),
    operator("__mul__", MUL, Left, "`x * y`"),
    operator("__rmul__", MUL, Right, "`y * x`"),
    operator("__imul__", &[slot("Py_nb_inplace_multiply")], Inplace, "`x *= y`"),
    operator("__matmul__", MATMUL, Left, "`x @ y`"),
    operator("__rmatmul__", MATMUL, Right, "`y @ x`"),
    operator("__imatmul__", &[slot("Py_nb_inplace_matrix_multiply")], Inplace, "`x @= y`"),
    operator("__truediv__", TRUEDIV, Left, "`x / y`"),
    operator("__rtruediv__", TRUEDIV, Right, "`y / x`"),
    operator("__itruediv__", &[slot("Py_nb_inplace_true_divide")], Inplace, "`x /= y`"),
    operator("__floordiv__", FLOORDIV, Left, "`x // y`"),
    operator("__rfloordiv__", FLOORDIV, Right, "`y // x`"),
    operator("__ifloordiv__", &[slot("Py_nb_inplace_floor_divide")], Inplace, "`x //= y`"),
    operator("__mod__", MOD, Left, "`x % y`"),
    operator("__rmod__", MOD, Right, "`y % x`"),
    operator("__imod__", &[slot("Py_nb_inplace_remainder")], Inplace, "`x %= y`"),
    operator("__divmod__", DIVMOD, Left, "`divmod(x, y)`"),
    operator("__rdivmod__", DIVMOD, Right, "`divmod(y, x)`"),
    operator("__pow__", POW, Left, "`x ** y`, `pow(x, y)`"),
    operator("__rpow__", POW, Right, "`y ** x`"),
    operator("__ipow__", &[slot("Py_nb_inplace_power")], Inplace, "`x **= y`"),
    operator("__lshift__", LSHIFT, Left, "`x << y`"),
    operator("__rlshift__", LSHIFT, Right, "`y << x`"),
    operator("__ilshift__", &[slot("Py_nb_inplace_lshift")], Inplace, "`x <<= y`"),
    operator("__rshift__", RSHIFT, Left, "`x >> y`"),
    operator("__rrshift__", RSHIFT, Right, "`y >> x`"),
    operator("__irshift__", &[slot("Py_nb_inplace_rshift")], Inplace, "`x >>= y`"),
    operator("__and__", AND, Left, "`x & y`"),
    operator("__rand__", AND, Right, "`y & x`"),
    operator("__iand__", &[slot("Py_nb_inplace_and")], Inplace, "`x &= y`"),
    operator("__or__", OR, Left, "`x \\| y`"),
    operator("__ror__", OR, Right, "`y \\| x`"),
    operator("__ior__", &[slot("Py_nb_inplace_or")], Inplace, "`x \\|= y`"),
    operator("__xor__", XOR, Left, "`x ^ y`"),
    operator("__rxor__", XOR, Right, "`y ^ x`"),
    operator("__ixor__", &[slot("Py_nb_inplace_xor")], Inplace, "`x ^= y`"),
    Special {
        name: "__traverse__",
        slots: &[slot("Py_tp_traverse")],
        form: Form::Traverse,
        arity: Some(1),
        receiver: Receiver::Shared,
        on_error: OnError::Raise,
        ret: Ret::Traverse,
        stub: StubRet::Omitted,
        usage: "garbage collection: visits the `Py` references a field holds",
    },
    Special {
        name: "__clear__",
        slots: &[slot("Py_tp_clear")],
        form: Form::Clear,
        arity: Some(0),
        receiver: Receiver::Exclusive,
        on_error: OnError::Raise,
        ret: Ret::Unit,
        stub: StubRet::Omitted,
        usage: "garbage collection: drops the references that may form a cycle",
    },
    Special {
        name: "__getbuffer__",
        slots: &[slot("Py_bf_getbuffer")],
        form: Form::GetBuffer,
        arity: None,
        receiver: Receiver::Any,
        on_error: OnError::Raise,
        ret: Ret::Unit,
        stub: StubRet::Fixed("memoryview"),
        usage: "`memoryview(x)`, `numpy.asarray(x)`, any buffer consumer: takes `request: BufferRequest` (safe) or `view: *mut ffi::Py_buffer, flags: c_int` (PyO3's, in an `unsafe fn`)",
    },
    Special {
        name: "__releasebuffer__",
        slots: &[slot("Py_bf_releasebuffer")],
        form: Form::ReleaseBuffer,
        arity: None,
        receiver: Receiver::Any,
        on_error: OnError::Raise,
        ret: Ret::Unit,
        stub: StubRet::Fixed("None"),
        usage: "a buffer view's release: takes `request: ReleaseRequest`, `view: *mut ffi::Py_buffer` or nothing; errors go to `sys.unraisablehook`",
    },
];

/// Special methods that CPython finds by looking the name up on the type, with no type
/// slot involved (`with`, `format()`, `round()`, `reversed()`, `copy`, `pickle`, ...):
/// abide adds them as ordinary methods, exactly as written.
pub const PLAIN: &[&str] = &[
    "__enter__",
    "__exit__",
    "__format__",
    "__bytes__",
    "__complex__",
    "__round__",
    "__trunc__",
    "__floor__",
    "__ceil__",
    "__reversed__",
    "__length_hint__",
    "__sizeof__",
    "__dir__",
    "__fspath__",
    "__copy__",
    "__deepcopy__",
    "__reduce__",
    "__reduce_ex__",
    "__getstate__",
    "__setstate__",
    "__getnewargs__",
    "__getnewargs_ex__",
    // `dict` subclasses (`extends = PyDict`): `d[key]` calls it for a missing key.
    "__missing__",
];

/// The row of a special method.
pub fn lookup(name: &str) -> Option<&'static Special> {
    SPECIALS.iter().find(|s| s.name == name)
}

/// Whether `name` is one of the special methods that need no slot (see [`PLAIN`]).
pub fn is_plain_method(name: &str) -> bool {
    PLAIN.contains(&name)
}

/// The names, for error messages: the numeric operators by their plain form.
pub fn supported() -> String {
    let named = |f: fn(&Special) -> bool| {
        SPECIALS
            .iter()
            .filter(|s| f(s))
            .map(|s| s.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{}; the numeric operators {} with their reflected (`__radd__`) and in-place \
         (`__iadd__`) forms; and, as ordinary methods, {}",
        named(|s| !matches!(s.form, Form::Operator(_))),
        named(|s| s.form == Form::Operator(Side::Left)),
        PLAIN.join(", ")
    )
}

/// The table as `docs/classes.md` shows it.
#[cfg(test)]
pub fn markdown() -> String {
    let mut out =
        String::from("| method | Python | slots | result in the stub |\n|---|---|---|---|\n");
    for s in SPECIALS {
        let slots: Vec<String> = s.slots.iter().map(|s| format!("`{}`", s.name)).collect();
        let result = match s.stub {
            StubRet::Fixed(t) => format!("`{t}`"),
            StubRet::Declared => "the Rust type's".to_owned(),
            StubRet::Item => "`T` of `Option<T>`".to_owned(),
            StubRet::SelfIfUnit => "`Self` for `()`, else the Rust type's".to_owned(),
            StubRet::Omitted => "(not in the stub)".to_owned(),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            s.name,
            s.usage,
            slots.join(", "),
            result
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/classes.md` shows the table as it is: regenerate its section from
    /// `markdown()` when a row changes.
    #[test]
    fn the_guide_lists_every_special_method() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/classes.md");
        let guide = std::fs::read_to_string(path).expect("docs/classes.md");
        let expected = markdown();
        assert!(
            guide.contains(&expected),
            "docs/classes.md does not show the table of special methods as \
             macros/src/pymethods/specials.rs has it; put this in its place:\n\n{expected}"
        );
    }

    #[test]
    fn names_are_unique_and_look_special() {
        for (i, s) in SPECIALS.iter().enumerate() {
            assert!(
                s.name.starts_with("__") && s.name.ends_with("__"),
                "{}",
                s.name
            );
            assert!(!s.slots.is_empty(), "{} fills no slot", s.name);
            assert!(
                SPECIALS[..i].iter().all(|t| t.name != s.name) && !PLAIN.contains(&s.name),
                "{} is listed twice",
                s.name
            );
        }
    }

    #[test]
    fn the_binary_forms_are_all_there() {
        for op in [
            "add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "divmod",
        ] {
            for form in ["", "r"] {
                let name = format!("__{form}{op}__");
                assert!(lookup(&name).is_some(), "{name}");
            }
        }
        assert!(lookup("__idivmod__").is_none());
    }
}
