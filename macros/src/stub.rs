//! Type stubs: the `.pyi` text of each function, method and property, rendered from what
//! the macros see. Rust types map to Python annotations syntactically (`i64` is `int`,
//! `Vec<T>` is `list[T]`, a `#[pyclass]` is its class); what cannot be told from the
//! tokens is `Any`.
//!
//! The text is complete Python except for references, which the runtime resolves when it
//! composes a module's stub: `\u{1}module:Name\u{2}` is `Name` imported from `module`
//! (`typing:Any`), and `\u{1}@path\u{2}` is the class whose Rust type is at `path` as
//! written (its Python name, or `Any` if the module has no such class). Docstrings never
//! contain the two control characters: they are written as escapes.

use crate::callable::expand::python_default;
use crate::callable::{Callable, Kind, Role};
use crate::text::Text;
use proc_macro2::TokenStream;
use quote::quote;
use syn::{GenericArgument, PathArguments, ReturnType, Type};

/// Where a type appears: parameters name what Python may pass (abstract collections, as
/// the conversions accept any sequence or mapping), results what it gets back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Param,
    Result,
}

/// `Name` imported from `module`.
pub fn import(module: &str, name: &str) -> String {
    format!("\u{1}{module}:{name}\u{2}")
}

/// `typing.Any`.
pub fn any() -> String {
    import("typing", "Any")
}

/// What calling an `async fn` returns: `Coroutine[Any, Any, result]`.
pub fn coroutine_of(result: &str) -> String {
    let any = any();
    format!(
        "{}[{any}, {any}, {result}]",
        import("collections.abc", "Coroutine")
    )
}

/// The class whose Rust type is `path` (as written: `Vector`, `crate::geo::Vector`).
pub fn class_ref(path: &str) -> String {
    format!("\u{1}@{path}\u{2}")
}

/// A path as written, without generic arguments: `crate::geo::Vector`.
pub fn path_text(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments.join("::")
}

const INTS: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
];

/// The annotation for a Rust type. `self_ty` is the Rust name of `Self`, if any.
pub fn annotation(ty: &Type, pos: Pos, self_ty: Option<&str>) -> String {
    match ty {
        Type::Reference(r) => match &*r.elem {
            Type::Path(p) if p.path.is_ident("str") => "str".to_owned(),
            Type::Slice(s) if is_u8(&s.elem) => "bytes".to_owned(),
            Type::Slice(s) => sequence(&s.elem, pos, self_ty),
            elem => annotation(elem, pos, self_ty),
        },
        Type::Paren(p) => annotation(&p.elem, pos, self_ty),
        Type::Group(g) => annotation(&g.elem, pos, self_ty),
        Type::Tuple(t) if t.elems.is_empty() => "None".to_owned(),
        Type::Tuple(t) => {
            let items: Vec<String> = t
                .elems
                .iter()
                .map(|e| annotation(e, pos, self_ty))
                .collect();
            format!("tuple[{}]", items.join(", "))
        }
        Type::Array(a) => sequence(&a.elem, pos, self_ty),
        Type::Path(p) if p.qself.is_none() => path(ty, &p.path, pos, self_ty),
        _ => any(),
    }
}

/// The annotation that a type the macros cannot read declares through its conversion
/// (`FromPyObject::INPUT_TYPE` for a parameter, `IntoPyObject::OUTPUT_TYPE` for a
/// result), looked up in constant evaluation: `\u{3}I<type>\u{4}` (or `O`), which
/// [`Text`] turns into a constant expression. `None` for a type that a constant cannot
/// name (`Self` outside an impl).
fn declared(ty: &Type, pos: Pos, self_ty: Option<&str>) -> Option<String> {
    let self_ty: Option<Type> = match self_ty {
        Some(s) => Some(syn::parse_str(s).ok()?),
        None => None,
    };
    let tokens = crate::lifetimes::for_const(ty, self_ty.as_ref());
    if self_ty.is_none() && tokens.to_string().split_whitespace().any(|t| t == "Self") {
        return None;
    }
    let dir = match pos {
        Pos::Param => 'I',
        Pos::Result => 'O',
    };
    Some(format!("\u{3}{dir}{tokens}\u{4}"))
}

/// A type of the macros' own reading unknown, with the annotation its conversion
/// declares: `\u{1}=declared\u{2}`, which the stub renders with its dotted names imported.
fn declared_ref(ty: &Type, pos: Pos, self_ty: Option<&str>) -> String {
    match declared(ty, pos, self_ty) {
        Some(d) => format!("\u{1}={d}\u{2}"),
        None => any(),
    }
}

/// A name that may be a `#[pyclass]` of the module (its Python name then), else the
/// annotation its conversion declares: `\u{1}@path=declared\u{2}`.
fn class_or_declared(ty: &Type, path: &syn::Path, pos: Pos, self_ty: Option<&str>) -> String {
    match declared(ty, pos, self_ty) {
        Some(d) => format!("\u{1}@{}={d}\u{2}", path_text(path)),
        None => class_ref(&path_text(path)),
    }
}

/// The annotation of what a function returns: `T` of `PyResult<T>`, `None` for `()` or
/// no return type.
pub fn return_annotation(output: &ReturnType, self_ty: Option<&str>) -> String {
    match output {
        ReturnType::Default => "None".to_owned(),
        ReturnType::Type(_, ty) => annotation(ty, Pos::Result, self_ty),
    }
}

/// The Rust type of what a function returns, without `Result`: `None` for `()`.
pub fn value_type(output: &ReturnType) -> Option<&Type> {
    let ReturnType::Type(_, ty) = output else {
        return None;
    };
    let mut ty = &**ty;
    while let Some((name, args)) = last_segment(ty) {
        if (name == "PyResult" || name == "Result") && !args.is_empty() {
            ty = args[0];
        } else {
            break;
        }
    }
    match ty {
        Type::Tuple(t) if t.elems.is_empty() => None,
        _ => Some(ty),
    }
}

/// The element type of an `Option<T>` (after `Result`), for `__next__`.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    match last_segment(ty) {
        Some((name, args)) if name == "Option" && args.len() == 1 => Some(args[0]),
        _ => None,
    }
}

fn is_u8(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.is_ident("u8"))
}

/// A `Vec<T>` or array: any iterable but `str` as a parameter (typing cannot leave out
/// `str`), a `list` as a result.
fn sequence(elem: &Type, pos: Pos, self_ty: Option<&str>) -> String {
    let elem = annotation(elem, pos, self_ty);
    match pos {
        Pos::Param => format!("{}[{elem}]", import("collections.abc", "Iterable")),
        Pos::Result => format!("list[{elem}]"),
    }
}

/// The last path segment of a path type: its name and its type arguments.
fn last_segment(ty: &Type) -> Option<(String, Vec<&Type>)> {
    let ty = match ty {
        Type::Group(g) => &*g.elem,
        Type::Paren(p) => &*p.elem,
        other => other,
    };
    let Type::Path(p) = ty else { return None };
    let segment = p.path.segments.last()?;
    Some((segment.ident.to_string(), type_args(&segment.arguments)))
}

fn type_args(arguments: &PathArguments) -> Vec<&Type> {
    match arguments {
        PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|a| match a {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn path(ty: &Type, path: &syn::Path, pos: Pos, self_ty: Option<&str>) -> String {
    let Some(segment) = path.segments.last() else {
        return any();
    };
    let name = segment.ident.to_string();
    let args = type_args(&segment.arguments);
    let ann = |i: usize| match args.get(i) {
        Some(t) => annotation(t, pos, self_ty),
        None => any(),
    };
    match name.as_str() {
        // The conversions take any object with `__index__` (`__float__` for floats).
        n if INTS.contains(&n) => match pos {
            Pos::Param => import("typing", "SupportsIndex"),
            Pos::Result => "int".to_owned(),
        },
        "f32" | "f64" => match pos {
            Pos::Param => format!(
                "{} | {}",
                import("typing", "SupportsFloat"),
                import("typing", "SupportsIndex")
            ),
            Pos::Result => "float".to_owned(),
        },
        "bool" => "bool".to_owned(),
        "str" | "String" | "char" => "str".to_owned(),
        "Cow" => match args.first() {
            Some(Type::Slice(s)) if is_u8(&s.elem) => match pos {
                Pos::Param => "bytes | bytearray".to_owned(),
                Pos::Result => "bytes".to_owned(),
            },
            Some(Type::Path(p)) if p.path.is_ident("Path") => fs_path(pos, true),
            Some(Type::Path(p)) if p.path.is_ident("OsStr") => fs_path(pos, false),
            _ => "str".to_owned(),
        },
        "PathBuf" | "Path" => fs_path(pos, true),
        "OsString" | "OsStr" => fs_path(pos, false),
        "Duration" => import("datetime", "timedelta"),
        "SystemTime" => import("datetime", "datetime"),
        "Vec" => match args.first() {
            Some(t) if is_u8(t) && pos == Pos::Result => "bytes".to_owned(),
            Some(t) => sequence(t, pos, self_ty),
            None => any(),
        },
        "Option" => optional(ann(0)),
        "HashMap" | "BTreeMap" => match pos {
            Pos::Param => format!(
                "{}[{}, {}]",
                import("collections.abc", "Mapping"),
                ann(0),
                ann(1)
            ),
            Pos::Result => format!("dict[{}, {}]", ann(0), ann(1)),
        },
        "HashSet" | "BTreeSet" => match pos {
            Pos::Param => format!("{}[{}]", import("collections.abc", "Iterable"), ann(0)),
            Pos::Result => format!("set[{}]", ann(0)),
        },
        "PyResult" | "Result" => ann(0),
        // Written without arguments, a handle's name may be a class of the module's own
        // (a `#[pyclass] struct List`): the module's stub resolves it, and falls back to
        // the handle's annotation when no class has that name.
        "Object" | "Tuple" | "List" | "Dict" | "TypeObject" | "Module" | "Date" | "Time"
        | "DateTime" | "Delta" | "TzInfo"
            if segment.arguments.is_none() =>
        {
            class_ref(&path_text(path))
        }
        "Object" | "Borrowed" | "PyAny" => any(),
        "Date" => import("datetime", "date"),
        "Time" => import("datetime", "time"),
        "DateTime" => import("datetime", "datetime"),
        "Delta" => import("datetime", "timedelta"),
        "TzInfo" => import("datetime", "tzinfo"),
        "Py" | "PyRef" | "PyRefMut" => ann(0),
        // Any object with a buffer (PEP 688): `bytes`, `bytearray`, `memoryview`, `array`,
        // numpy arrays, a class with `__getbuffer__`.
        "PyBuffer" => import("collections.abc", "Buffer"),
        "Tuple" => format!("tuple[{}, ...]", any()),
        "List" => format!("list[{}]", any()),
        "Dict" => format!("dict[{}, {}]", any(), any()),
        "TypeObject" => "type".to_owned(),
        "Module" => import("types", "ModuleType"),
        // The typed handles of issue 15. Without arguments, the name may be a class of the
        // module's own, as above (the runtime's `handle_annotation` falls back to these).
        "Bytes" | "ByteArray" | "Str" | "Int" | "Float" | "Bool" | "Set" | "FrozenSet"
        | "Slice" | "MemoryView" | "Iter" | "Sequence" | "Mapping"
            if segment.arguments.is_none() =>
        {
            class_ref(&path_text(path))
        }
        "Bytes" => "bytes".to_owned(),
        "ByteArray" => "bytearray".to_owned(),
        "Str" => "str".to_owned(),
        "Int" => "int".to_owned(),
        "Float" => "float".to_owned(),
        "Bool" => "bool".to_owned(),
        "Set" => format!("set[{}]", any()),
        "FrozenSet" => format!("frozenset[{}]", any()),
        "Slice" => "slice".to_owned(),
        "MemoryView" => "memoryview".to_owned(),
        "Iter" => format!("{}[{}]", import("collections.abc", "Iterator"), any()),
        "Sequence" => format!("{}[{}]", import("collections.abc", "Sequence"), any()),
        "Mapping" => format!(
            "{}[{}, {}]",
            import("collections.abc", "Mapping"),
            any(),
            any()
        ),
        // abide's optional `num-bigint` and `num-complex` conversions.
        "BigInt" | "BigUint" => "int".to_owned(),
        "Complex" => "complex".to_owned(),
        "Self" => match self_ty {
            Some(s) => class_ref(s),
            None => any(),
        },
        // A #[pyclass] has no generic parameters; anything else is resolved by name when
        // the module's stub is composed, and is `Any` if no class of the module has it.
        _ if segment.arguments.is_none() => class_or_declared(ty, path, pos, self_ty),
        _ => declared_ref(ty, pos, self_ty),
    }
}

/// An annotation written in a `signature` (`"list[int]"`, `"Self"`): what a conversion
/// would declare, with `Self` as `typing.Self`.
pub fn written_annotation(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(if word == "Self" { "typing.Self" } else { word });
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' || c == '.' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    format!("\u{1}={}\u{2}", out.replace(['\u{1}', '\u{2}'], ""))
}

/// A file system path or OS string: what `os.fspath` accepts as a parameter; a
/// `pathlib.Path` (`path`) or a `str` as a result.
fn fs_path(pos: Pos, path: bool) -> String {
    match pos {
        Pos::Param => {
            let like = import("os", "PathLike");
            format!("str | bytes | {like}[str] | {like}[bytes]")
        }
        Pos::Result if path => import("pathlib", "Path"),
        Pos::Result => "str".to_owned(),
    }
}

/// `T | None`; `Any` stays `Any`.
fn optional(inner: String) -> String {
    if inner == any() || inner.ends_with("| None") {
        inner
    } else {
        format!("{inner} | None")
    }
}

/// The Python type of each named parameter of `c`, by parameter index.
pub fn param_types(c: &Callable, self_ty: Option<&str>) -> Vec<String> {
    let mut out = vec![any(); c.params.len()];
    for arg in &c.args {
        if let Role::Param(i) = arg.role {
            if let Some(slot) = out.get_mut(i) {
                *slot = match &c.params[i].annotation {
                    Some(written) => written.clone(),
                    None => annotation(&arg.ty, Pos::Param, self_ty),
                };
            }
        }
    }
    out
}

/// The parameter list of a `def`: `first` (`self`, `cls`) if any, then the parameters
/// of `c` with their annotations and defaults, and the `/` and `*` markers. A parameter
/// that may be the `Python` token is listed only if it is not.
pub fn params(c: &Callable, first: Option<&str>, self_ty: Option<&str>) -> Text {
    let types = param_types(c, self_ty);
    let mut t = Text::new(", ");
    if let Some(first) = first {
        t.item(first, None);
    }
    let param = |t: &mut Text, i: usize| {
        let p = &c.params[i];
        let text = match &p.default {
            None => format!("{}: {}", p.name, types[i]),
            Some(expr) => format!("{}: {} = {}", p.name, types[i], python_default(expr)),
        };
        t.item(text, p.maybe_token.as_ref().map(|tok| quote!(!#tok)));
    };
    let indexed = || c.params.iter().enumerate();
    let mut positional_only = false;
    for (i, _) in indexed().filter(|(_, p)| p.kind == Kind::PositionalOnly) {
        param(&mut t, i);
        positional_only = true;
    }
    if positional_only {
        t.item("/", None);
    }
    for (i, _) in indexed().filter(|(_, p)| p.kind == Kind::PositionalOrKeyword) {
        param(&mut t, i);
    }
    let kwonly: Vec<usize> = indexed()
        .filter(|(_, p)| p.kind == Kind::KeywordOnly)
        .map(|(i, _)| i)
        .collect();
    // `*args` is a tuple and `**kwargs` an optional dict of any objects.
    match &c.varargs {
        Some(name) => {
            t.item(format!("*{name}: {}", any()), None);
        }
        None if !kwonly.is_empty() => {
            t.item("*", None);
        }
        None => {}
    }
    for i in kwonly {
        param(&mut t, i);
    }
    if let Some(name) = &c.varkw {
        t.item(format!("**{name}: {}", any()), None);
    }
    t
}

/// [`def`] with a parameter list that may depend on the type system.
pub fn def_text(decorators: &[&str], name: &str, params: Text, ret: &str, doc: &str) -> Text {
    let whole = def(decorators, name, "\0", ret, doc);
    let (before, after) = whole.split_once('\0').expect("the placeholder");
    let mut t = Text::new(", ");
    t.text(before).append(params).text(after);
    t
}

/// `def name(params) -> ret:` with the docstring as its body (or `...`), preceded by
/// `decorators` (one per line).
pub fn def(decorators: &[&str], name: &str, params: &str, ret: &str, doc: &str) -> String {
    let mut out = String::new();
    for d in decorators {
        out.push_str(d);
        out.push('\n');
    }
    out.push_str(&format!("def {name}({params}) -> {ret}:"));
    match docstring(doc) {
        None => out.push_str(" ..."),
        Some(doc) => {
            for (i, line) in doc.lines().enumerate() {
                out.push_str(if i == 0 || !line.is_empty() {
                    "\n    "
                } else {
                    "\n"
                });
                out.push_str(line);
            }
        }
    }
    out
}

/// `doc` as a Python triple-quoted string literal (lines after the first unindented, as
/// in the source), or `None` for an empty doc.
pub fn docstring(doc: &str) -> Option<String> {
    let doc = doc.trim();
    if doc.is_empty() {
        return None;
    }
    let mut body = String::new();
    for ch in doc.chars() {
        match ch {
            '\\' => body.push_str("\\\\"),
            '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}' => {
                body.push_str(&format!("\\x{:02x}", ch as u32))
            }
            c => body.push(c),
        }
    }
    // A `"""` inside, or a `"` at the end, would close the literal early.
    let mut body = body.replace("\"\"\"", "\\\"\\\"\\\"");
    if body.ends_with('"') {
        body.pop();
        body.push_str("\\\"");
    }
    if body.contains('\n') {
        Some(format!("\"\"\"{body}\n\"\"\""))
    } else {
        Some(format!("\"\"\"{body}\"\"\""))
    }
}

/// What a stub item is, for the runtime that merges a property's getter and setter.
#[derive(Clone, Copy)]
pub enum ItemKind {
    Member,
    Getter,
    Setter,
    /// A comparison that `__richcmp__` answers: used unless the class defines that
    /// comparison itself.
    Implied,
    /// A member the class has at run time because of another one (the other side of a
    /// numeric slot, the orderings `tp_richcompare` gives to a class that defines one):
    /// used unless the class defines it or `__richcmp__` does.
    Fallback,
}

/// One stub item: its kind, the Python name it defines, and its text.
pub struct Item {
    pub kind: ItemKind,
    pub name: String,
    pub text: Text,
}

impl Item {
    pub fn member(name: &str, text: impl Into<Text>) -> Self {
        Item {
            kind: ItemKind::Member,
            name: name.to_owned(),
            text: text.into(),
        }
    }

    /// The `::abide::__private::class::StubItem` for the static table.
    pub fn tokens(&self) -> TokenStream {
        let kind = match self.kind {
            ItemKind::Member => quote!(Member),
            ItemKind::Getter => quote!(Getter),
            ItemKind::Setter => quote!(Setter),
            ItemKind::Implied => quote!(Implied),
            ItemKind::Fallback => quote!(Fallback),
        };
        let (name, text) = (&self.name, self.text.str_expr());
        quote! {
            ::abide::__private::class::StubItem {
                kind: ::abide::__private::class::StubKind::#kind,
                name: #name,
                text: #text,
            }
        }
    }
}

/// A property's getter: `@property def name(self) -> T`.
pub fn getter(name: &str, ty: &str, doc: &str) -> Item {
    Item {
        kind: ItemKind::Getter,
        name: name.to_owned(),
        text: def(&["@property"], name, "self", ty, doc).into(),
    }
}

/// A property's setter: `@name.setter def name(self, value: T) -> None`.
pub fn setter(name: &str, param: &str, ty: &str, doc: &str) -> Item {
    let mut value = Text::new(", ");
    value.item(format!("{param}: {ty}"), None);
    setter_text(name, value, doc)
}

/// [`setter`] with the value parameter as list items (some maybe the `Python` token).
pub fn setter_text(name: &str, value: Text, doc: &str) -> Item {
    let decorator = format!("@{name}.setter");
    let mut params = Text::new(", ");
    params.item("self", None).append(value);
    Item {
        kind: ItemKind::Setter,
        name: name.to_owned(),
        text: def_text(&[&decorator], name, params, "None", doc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(ty: &str, pos: Pos) -> String {
        let ty: Type = syn::parse_str(ty).unwrap();
        annotation(&ty, pos, Some("Point"))
            .replace("\u{1}typing:Any\u{2}", "Any")
            .replace('\u{1}', "<")
            .replace('\u{2}', ">")
    }

    #[test]
    fn scalars_and_containers() {
        use Pos::*;
        assert_eq!(ann("i64", Param), "<typing:SupportsIndex>");
        assert_eq!(ann("i64", Result), "int");
        assert_eq!(
            ann("f64", Param),
            "<typing:SupportsFloat> | <typing:SupportsIndex>"
        );
        assert_eq!(ann("&'a str", Param), "str");
        assert_eq!(ann("Cow<'_, str>", Result), "str");
        assert_eq!(ann("&[u8]", Param), "bytes");
        assert_eq!(ann("Vec<u8>", Result), "bytes");
        assert_eq!(
            ann("Vec<u8>", Param),
            "<collections.abc:Iterable>[<typing:SupportsIndex>]"
        );
        let fs = "str | bytes | <os:PathLike>[str] | <os:PathLike>[bytes]";
        assert_eq!(ann("PathBuf", Param), fs);
        assert_eq!(ann("&Path", Param), fs);
        assert_eq!(ann("Cow<'_, OsStr>", Param), fs);
        assert_eq!(ann("std::path::PathBuf", Result), "<pathlib:Path>");
        assert_eq!(ann("Cow<'_, Path>", Result), "<pathlib:Path>");
        assert_eq!(ann("OsString", Result), "str");
        assert_eq!(ann("Duration", Param), "<datetime:timedelta>");
        assert_eq!(ann("SystemTime", Result), "<datetime:datetime>");
        assert_eq!(ann("Date<'py>", Param), "<datetime:date>");
        assert_eq!(ann("TzInfo<'_>", Result), "<datetime:tzinfo>");
        assert_eq!(ann("PyBuffer<f64>", Param), "<collections.abc:Buffer>");
        assert_eq!(ann("Vec<Vec<String>>", Result), "list[list[str]]");
        assert_eq!(ann("Vec<String>", Param), "<collections.abc:Iterable>[str]");
        assert_eq!(ann("(i64, String, bool)", Result), "tuple[int, str, bool]");
        assert_eq!(ann("()", Result), "None");
        assert_eq!(ann("Option<u8>", Param), "<typing:SupportsIndex> | None");
        assert_eq!(ann("Option<Object<'py>>", Result), "Any");
        assert_eq!(ann("HashMap<String, i64>", Result), "dict[str, int]");
        assert_eq!(ann("BTreeSet<String>", Result), "set[str]");
        assert_eq!(ann("PyResult<Vec<f64>>", Result), "list[float]");
        assert_eq!(ann("Result<u8, MyError>", Result), "int");
        assert_eq!(ann("[i32; 3]", Result), "list[int]");
        assert_eq!(ann("Tuple<'py>", Result), "tuple[Any, ...]");
        assert_eq!(ann("Dict<'py>", Result), "dict[Any, Any]");
        assert_eq!(ann("&Module<'py>", Param), "<types:ModuleType>");
        // Without arguments it may be a class of the module's: the stub resolves it.
        assert_eq!(ann("&List", Param), "<@List>");
        assert_eq!(ann("Py<PyAny>", Param), "Any");
        assert_eq!(ann("PyRef<'_, Self>", Param), "<@Point>");
        // Else it is what the type's own conversion declares, looked up when the user's
        // crate compiles (lifetimes inferred, `Self` named).
        assert_eq!(ann("Py<Vector>", Param), "<@Vector=\u{3}IVector\u{4}>");
        assert_eq!(
            ann("&mut crate::geo::Vector", Result),
            "<@crate::geo::Vector=\u{3}Ocrate :: geo :: Vector\u{4}>"
        );
        assert_eq!(
            ann("Wrapper<'a, Self>", Param),
            "<=\u{3}IWrapper < '_ , Point >\u{4}>"
        );
        assert_eq!(ann("impl Iterator<Item = u8>", Result), "Any");
    }

    #[test]
    fn written_annotations() {
        assert_eq!(
            written_annotation("list[Self] | datetime.date"),
            "\u{1}=list[typing.Self] | datetime.date\u{2}"
        );
        assert_eq!(written_annotation("SelfLike"), "\u{1}=SelfLike\u{2}");
    }

    #[test]
    fn typed_handles() {
        use Pos::*;
        assert_eq!(ann("Bytes<'py>", Param), "bytes");
        assert_eq!(ann("&Bytes<'_>", Param), "bytes");
        assert_eq!(ann("Py<Bytes<'static>>", Result), "bytes");
        assert_eq!(ann("Vec<Bytes<'py>>", Result), "list[bytes]");
        assert_eq!(ann("ByteArray<'py>", Param), "bytearray");
        assert_eq!(ann("Str<'py>", Result), "str");
        assert_eq!(ann("Int<'py>", Param), "int");
        assert_eq!(ann("Float<'py>", Param), "float");
        assert_eq!(ann("Bool<'py>", Result), "bool");
        assert_eq!(ann("Set<'py>", Param), "set[Any]");
        assert_eq!(ann("FrozenSet<'py>", Result), "frozenset[Any]");
        assert_eq!(ann("Slice<'py>", Param), "slice");
        assert_eq!(ann("MemoryView<'py>", Result), "memoryview");
        assert_eq!(ann("Iter<'py>", Param), "<collections.abc:Iterator>[Any]");
        assert_eq!(
            ann("Sequence<'py>", Param),
            "<collections.abc:Sequence>[Any]"
        );
        assert_eq!(
            ann("Mapping<'py>", Param),
            "<collections.abc:Mapping>[Any, Any]"
        );
        assert_eq!(ann("Cow<'_, [u8]>", Param), "bytes | bytearray");
        assert_eq!(ann("Cow<'_, [u8]>", Result), "bytes");
        // Without arguments: a class of the module's, else the handle (resolved later).
        assert_eq!(ann("&Bytes", Param), "<@Bytes>");
        assert_eq!(ann("num_bigint::BigInt", Param), "int");
        assert_eq!(ann("Complex<f64>", Result), "complex");
    }

    #[test]
    fn docstrings() {
        assert_eq!(docstring("  "), None);
        assert_eq!(docstring("Adds."), Some("\"\"\"Adds.\"\"\"".into()));
        assert_eq!(
            docstring("Say \"hi\""),
            Some("\"\"\"Say \"hi\\\"\"\"\"".into())
        );
        assert_eq!(
            docstring("a\\b \"\"\" c\n\nmore"),
            Some("\"\"\"a\\\\b \\\"\\\"\\\" c\n\nmore\n\"\"\"".into())
        );
        assert_eq!(docstring("x\u{1}"), Some("\"\"\"x\\x01\"\"\"".into()));
    }
}
