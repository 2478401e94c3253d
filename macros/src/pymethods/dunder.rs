//! The special methods abide maps to type slots, and what each one looks like.

/// How a special method is wired up.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Dunder {
    /// `slot(self) -> object` (`__repr__`, `__neg__`, ...).
    Unary(&'static str),
    /// `__next__`: `Some(v)` yields, `None` stops.
    Next,
    Hash,
    Bool,
    Len,
    GetItem,
    SetItem,
    DelItem,
    /// `__getattr__`: called when the normal lookup raises `AttributeError`.
    GetAttr,
    SetAttr,
    DelAttr,
    Contains,
    Call,
    /// A numeric binary operator; `true` for the reflected (`__radd__`) form.
    Binary(&'static str, bool),
    /// An in-place operator (`__iadd__`).
    Inplace(&'static str),
    /// `__eq__`, `__lt__`, ... with CPython's operator constant.
    Compare(&'static str),
    RichCmp,
    Traverse,
    Clear,
}

impl Dunder {
    /// The number of Python-level parameters after `self` (`None`: any).
    pub fn arity(self) -> Option<usize> {
        Some(match self {
            Dunder::Unary(_)
            | Dunder::Next
            | Dunder::Hash
            | Dunder::Bool
            | Dunder::Len
            | Dunder::Clear => 0,
            Dunder::GetItem
            | Dunder::DelItem
            | Dunder::GetAttr
            | Dunder::DelAttr
            | Dunder::Contains
            | Dunder::Binary(..)
            | Dunder::Inplace(_)
            | Dunder::Compare(_)
            | Dunder::Traverse => 1,
            Dunder::SetItem | Dunder::SetAttr | Dunder::RichCmp => 2,
            Dunder::Call => return None,
        })
    }
}

/// Looks up a special method by name.
pub fn lookup(name: &str) -> Option<Dunder> {
    use Dunder::*;
    Some(match name {
        "__repr__" => Unary("Py_tp_repr"),
        "__str__" => Unary("Py_tp_str"),
        "__iter__" => Unary("Py_tp_iter"),
        "__neg__" => Unary("Py_nb_negative"),
        "__pos__" => Unary("Py_nb_positive"),
        "__abs__" => Unary("Py_nb_absolute"),
        "__invert__" => Unary("Py_nb_invert"),
        "__int__" => Unary("Py_nb_int"),
        "__float__" => Unary("Py_nb_float"),
        "__index__" => Unary("Py_nb_index"),
        "__next__" => Next,
        "__hash__" => Hash,
        "__bool__" => Bool,
        "__len__" => Len,
        "__getitem__" => GetItem,
        "__setitem__" => SetItem,
        "__delitem__" => DelItem,
        "__getattr__" => GetAttr,
        "__setattr__" => SetAttr,
        "__delattr__" => DelAttr,
        "__contains__" => Contains,
        "__call__" => Call,
        "__eq__" => Compare("Py_EQ"),
        "__ne__" => Compare("Py_NE"),
        "__lt__" => Compare("Py_LT"),
        "__le__" => Compare("Py_LE"),
        "__gt__" => Compare("Py_GT"),
        "__ge__" => Compare("Py_GE"),
        "__richcmp__" => RichCmp,
        "__traverse__" => Traverse,
        "__clear__" => Clear,
        _ => return binary(name),
    })
}

fn binary(name: &str) -> Option<Dunder> {
    const OPS: &[(&str, &str, &str)] = &[
        ("add", "Py_nb_add", "Py_nb_inplace_add"),
        ("sub", "Py_nb_subtract", "Py_nb_inplace_subtract"),
        ("mul", "Py_nb_multiply", "Py_nb_inplace_multiply"),
        (
            "matmul",
            "Py_nb_matrix_multiply",
            "Py_nb_inplace_matrix_multiply",
        ),
        ("truediv", "Py_nb_true_divide", "Py_nb_inplace_true_divide"),
        (
            "floordiv",
            "Py_nb_floor_divide",
            "Py_nb_inplace_floor_divide",
        ),
        ("mod", "Py_nb_remainder", "Py_nb_inplace_remainder"),
        ("divmod", "Py_nb_divmod", ""),
        ("pow", "Py_nb_power", "Py_nb_inplace_power"),
        ("lshift", "Py_nb_lshift", "Py_nb_inplace_lshift"),
        ("rshift", "Py_nb_rshift", "Py_nb_inplace_rshift"),
        ("and", "Py_nb_and", "Py_nb_inplace_and"),
        ("or", "Py_nb_or", "Py_nb_inplace_or"),
        ("xor", "Py_nb_xor", "Py_nb_inplace_xor"),
    ];
    let inner = name.strip_prefix("__")?.strip_suffix("__")?;
    for &(op, slot, inplace) in OPS {
        if inner == op {
            return Some(Dunder::Binary(slot, false));
        }
        if inner.strip_prefix('r') == Some(op) {
            return Some(Dunder::Binary(slot, true));
        }
        if inner.strip_prefix('i') == Some(op) && !inplace.is_empty() {
            return Some(Dunder::Inplace(inplace));
        }
    }
    None
}

/// Special methods that CPython finds by looking the name up on the type, with no type
/// slot involved (`with`, `format()`, `round()`, `reversed()`, `copy`, `pickle`, ...):
/// abide adds them as ordinary methods, exactly as written.
const PLAIN: &[&str] = &[
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
];

/// Whether `name` is one of the special methods that need no slot (see [`PLAIN`]).
pub fn is_plain_method(name: &str) -> bool {
    PLAIN.contains(&name)
}

/// The names, for error messages.
pub fn supported() -> String {
    const SLOTTED: &str = "__repr__, __str__, __hash__, __bool__, __len__, __getitem__, \
        __setitem__, __delitem__, __getattr__, __setattr__, __delattr__, __contains__, __iter__, __next__, __call__, __eq__, __ne__, \
        __lt__, __le__, __gt__, __ge__, __richcmp__, the numeric operators (__add__, __radd__, \
        __iadd__, ...), __neg__, __pos__, __abs__, __invert__, __int__, __float__, __index__, \
        __traverse__, __clear__";
    format!("{SLOTTED}; and, as ordinary methods, {}", PLAIN.join(", "))
}
