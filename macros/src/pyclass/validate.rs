//! Checks between `#[pyclass]`'s options, its fields' options and the struct: options
//! that exclude or need each other, field options that do not fit, and what a class
//! cannot be.

use super::parse::{Field, Options};
use crate::ctx::Ctx;
use syn::{ItemStruct, Type};

/// Checks a struct's class options, its fields' options, and the struct itself.
pub fn validate(ctx: &mut Ctx, strukt: &ItemStruct, options: &Options, fields: &[Field]) {
    if let Some(set_all) = options.given.get("set_all").filter(|_| options.frozen) {
        ctx.error_spanned_by(
            set_all,
            "`set_all` cannot be combined with `frozen`: a frozen class is never modified; \
             remove one of them",
        );
    }
    validate_extends(ctx, options);
    validate_fields(ctx, strukt, options, fields);
    validate_struct(ctx, strukt);
    validate_derived(ctx, options);
}

/// The built-in types a class cannot extend, with why (PyO3's names for them). A
/// variable-size type keeps its items in the object, where PEP 697's type data would go,
/// and `PyType_FromMetaclass` refuses to extend it with type data; an immutable one gets
/// its value from arguments its `__new__` is not given.
const NOT_EXTENDABLE: &[(&str, &str, &str)] = &[
    ("PyTuple", "tuple", VARIABLE),
    ("PyLong", "int", VARIABLE),
    ("PyInt", "int", VARIABLE),
    ("PyBytes", "bytes", VARIABLE),
    ("PyString", "str", VARIABLE),
    ("PyStr", "str", VARIABLE),
    ("PyType", "type", VARIABLE),
    ("PyBool", "bool", "it cannot be subclassed at all"),
    ("PyNone", "NoneType", "it cannot be subclassed at all"),
    ("PyRange", "range", "it cannot be subclassed at all"),
    ("PySlice", "slice", "it cannot be subclassed at all"),
    (
        "PyMemoryView",
        "memoryview",
        "it cannot be subclassed at all",
    ),
    // Fixed-size, but the value is set by `__new__` from the call's arguments, and the
    // base's `__new__` gets none (as in PyO3): it would always be the default.
    ("PyFloat", "float", IMMUTABLE),
    ("PyComplex", "complex", IMMUTABLE),
    ("PyFrozenSet", "frozenset", IMMUTABLE),
];

const VARIABLE: &str = "it is variable-size (its items are part of the object, where a \
    class's Rust data would go), and the Limited API adds data only to fixed-size built-ins";
const IMMUTABLE: &str = "it takes its value in `__new__`, from arguments the base of a \
    #[pyclass] is not given";

/// `extends = X` for a built-in abide cannot extend: say why at the user's path, rather
/// than leave it to a missing type or trait.
fn validate_extends(ctx: &mut Ctx, options: &Options) {
    let Some(path) = &options.extends else { return };
    let Some(last) = path.segments.last() else {
        return;
    };
    let name = last.ident.to_string();
    if let Some((_, python, why)) = NOT_EXTENDABLE.iter().find(|(n, ..)| *n == name) {
        ctx.error_spanned_by(
            path,
            format!(
                "a #[pyclass] cannot extend `{name}` (`{python}`): {why}; keep the value in a field \
                 instead (abide extends `object`, another #[pyclass], the exception types, \
                 `PyDict`, `PyList` and `PySet`)"
            ),
        );
    }
}

/// Each field's options against the class's: properties need named fields, a frozen
/// class has no setters, and a name is for a property.
fn validate_fields(ctx: &mut Ctx, strukt: &ItemStruct, options: &Options, fields: &[Field]) {
    let named = matches!(strukt.fields, syn::Fields::Named(_) | syn::Fields::Unit);
    if !named && (options.get_all || options.set_all) {
        ctx.error_spanned_by(&strukt.fields, "`get_all`/`set_all` need named fields");
    }
    for field in fields {
        if let Some(set) = field.options.set.as_ref().filter(|_| options.frozen) {
            ctx.error_spanned_by(
                set,
                "a field of a `frozen` class cannot have a setter: a frozen class is never \
                 modified; remove `set` (or `frozen`)",
            );
        }
        if let Some(name) = field
            .options
            .name
            .as_ref()
            .filter(|_| !field.get && !field.set)
        {
            ctx.error_spanned_by(
                name,
                "`name` names the field's property, but the field has none: add `get` \
                 (and `set` for a writable one), or remove `name`",
            );
        }
    }
}

/// What `#[pyclass]` cannot support in the struct.
fn validate_struct(ctx: &mut Ctx, strukt: &ItemStruct) {
    if !strukt.generics.params.is_empty() {
        ctx.error_spanned_by(
            &strukt.generics,
            "#[pyclass] cannot have generic or lifetime parameters: Python needs one concrete type; \
             write a #[pyclass] for each concrete type you need (it may wrap the generic one)",
        );
    }
    for field in &strukt.fields {
        if is_object_header(&field.ty) {
            ctx.error_spanned_by(
                &field.ty,
                "a #[pyclass] does not embed a `PyObject` header: CPython keeps its header apart, \
                 and the struct is stored as PEP 697 type data after it; remove this field \
                 (to hold a reference to a Python object, use `Py<PyAny>`)",
            );
        }
    }
}

/// For a struct: `ord` compares with `__eq__` too, and `hash` is only sound for a value
/// that compares by `eq` and never changes (a dict would lose it otherwise): PyO3's rules.
fn validate_derived(ctx: &mut Ctx, options: &Options) {
    let d = &options.derive;
    if let (Some(ord), None) = (&d.ord, &d.eq) {
        ctx.error_spanned_by(
            ord,
            "`ord` needs `eq` as well: `#[pyclass(eq, ord)]` (Python's orderings come with \
             an equality)",
        );
    }
    if let Some(hash) = &d.hash {
        if d.eq.is_none() || !options.frozen {
            ctx.error_spanned_by(
                hash,
                "`hash` needs `eq` and `frozen`: `#[pyclass(frozen, eq, hash)]` (a hash must \
                 agree with equality and never change while the object is in a dict or set)",
            );
        }
    }
}

/// `PyObject` or `PyVarObject` (e.g. `ffi::PyObject`), the C object header.
pub(super) fn is_object_header(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    p.path.segments.last().is_some_and(|s| {
        (s.ident == "PyObject" || s.ident == "PyVarObject") && s.arguments.is_none()
    })
}

/// Checks that the enum can be a class: unit variants only, at least one, no generics,
/// and only the options that make sense for it.
pub fn validate_enum(ctx: &mut Ctx, item: &syn::ItemEnum, options: &Options) {
    if !item.generics.params.is_empty() {
        ctx.error_spanned_by(
            &item.generics,
            "#[pyclass] cannot have generic or lifetime parameters: Python needs one concrete type",
        );
    }
    if item.variants.is_empty() {
        ctx.error_spanned_by(
            &item.ident,
            "a #[pyclass] enum needs at least one variant: Python sees each variant as a class \
             attribute",
        );
    }
    for v in &item.variants {
        if !matches!(v.fields, syn::Fields::Unit) {
            ctx.error_spanned_by(
                &v.fields,
                format!(
                    "#[pyclass] enums are fieldless: variant `{}` has fields; make the enum a \
                     field of a #[pyclass] struct instead",
                    v.ident
                ),
            );
        }
    }
    let unsupported = [
        ("subclass", options.subclass),
        ("extends", options.extends.is_some()),
        ("get_all", options.get_all),
        ("set_all", options.set_all),
    ];
    // An enum's variants are shared singletons that live as long as their class: an
    // attribute set on one would be seen by every user of the variant, and a weak
    // reference to one never dies.
    for (name, set) in [("dict", options.dict), ("weakref", options.weakref)] {
        if let Some(key) = options.given.get(name).filter(|_| set) {
            ctx.error_spanned_by(
                key,
                format!(
                    "`{name}` is not supported on a #[pyclass] enum: its variants are shared \
                     singletons that live as long as the class; use a #[pyclass] struct"
                ),
            );
        }
    }
    for (name, set) in unsupported {
        if set {
            let msg = format!("`{name}` is not supported on a #[pyclass] enum");
            match options.given.get(name) {
                Some(key) => ctx.error_spanned_by(key, msg),
                None => ctx.error_spanned_by(&item.ident, msg),
            }
        }
    }
    let super::parse::Derived { eq, ord, hash, .. } = &options.derive;
    for path in [eq, hash].into_iter().flatten() {
        ctx.error_spanned_by(
            path,
            "a #[pyclass] enum already compares and hashes by variant; remove this option",
        );
    }
    if let Some(ord) = ord {
        ctx.error_spanned_by(
            ord,
            "`ord` is not supported on a #[pyclass] enum; compare `int(x)` instead",
        );
    }
}

/// Checks an enum whose variants carry data: PyO3's rule that every variant has `{}` or
/// `()` (each is a class, and a unit variant would be a value instead), the options that
/// fit, and each variant's `constructor`.
pub fn validate_data_enum(
    ctx: &mut Ctx,
    item: &syn::ItemEnum,
    options: &Options,
    variants: &[super::variant::Variant],
) {
    if !item.generics.params.is_empty() {
        ctx.error_spanned_by(
            &item.generics,
            "#[pyclass] cannot have generic or lifetime parameters: Python needs one concrete type",
        );
    }
    let with_data = variants.iter().find(|v| !v.unit).map(|v| &v.ident);
    for v in variants.iter().filter(|v| v.unit) {
        let ident = &v.ident;
        let data = with_data.map_or_else(String::new, ToString::to_string);
        ctx.error_spanned_by(
            ident,
            format!(
                "unit variant `{ident}` is not supported in an enum whose variants carry data \
                 (here `{data}`): each variant is a class; write `{ident}()` or `{ident} {{}}`"
            ),
        );
    }
    let rejected = [
        ("subclass", "variant classes cannot be subclassed"),
        (
            "extends",
            "the enum's class is the base of its variants' classes",
        ),
        ("get_all", "the variants' fields are always readable"),
        (
            "set_all",
            "the variants' fields are read-only (the enum is frozen)",
        ),
    ];
    for (name, why) in rejected {
        if let Some(key) = options.given.get(name) {
            ctx.error_spanned_by(
                key,
                format!("`{name}` is not supported on an enum whose variants carry data: {why}"),
            );
        }
    }
    validate_derived(ctx, options);
    for v in variants {
        validate_constructor(ctx, v);
    }
}

/// A variant's `constructor = (...)` lists its fields (with defaults, `/` and `*`), by
/// their property names: `_0`, `_1`, ... for a tuple variant.
fn validate_constructor(ctx: &mut Ctx, v: &super::variant::Variant) {
    use crate::signature::SigItem;
    let Some(signature) = &v.options.constructor else {
        return;
    };
    let fields: Vec<&str> = v.fields.iter().map(|f| f.python_name.as_str()).collect();
    let list = if fields.is_empty() {
        "none".to_owned()
    } else {
        fields
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let named_by = if v.tuple {
        " (a tuple variant's fields are named by position)"
    } else {
        ""
    };
    for item in &signature.items {
        match item {
            SigItem::Param { name, .. } => {
                let written = name.to_string();
                let python = written.trim_start_matches("r#");
                if !fields.contains(&python) {
                    ctx.error_spanned_by(
                        name,
                        format!(
                            "`{python}` is not a field of variant `{}`: its constructor's \
                             parameters are its fields, here {list}{named_by}",
                            v.ident
                        ),
                    );
                }
            }
            SigItem::Varargs(name) | SigItem::Varkw(name) => ctx.error_spanned_by(
                name,
                format!(
                    "a variant's constructor takes its fields only, here {list}: there is no \
                     field for `{name}` to fill"
                ),
            ),
            SigItem::PositionalOnlyMarker(_) | SigItem::KeywordOnlyMarker(_) => {}
        }
    }
}
