//! The record of what `Py_mod_exec` added, and the composer that turns it into a stub
//! (compiled with the `stubs` feature only).

use crate::class::PyClass;
use crate::class::items::{ClassItems, StubKind};
use crate::err::PyResult;
use crate::ffi;
use crate::impl_::function::FunctionDef;
use crate::impl_::trampoline::trampoline;
use crate::object::{Object, PyAnyMethods};
use crate::python::Python;
use crate::types::Module;
use std::collections::{BTreeMap, BTreeSet};

/// What a module's `Py_mod_exec` added to it, in order; a name added again replaces its
/// earlier entry, as the attribute does.
#[derive(Default)]
pub(crate) struct Record {
    entries: Vec<(String, Added)>,
}

enum Added {
    Function(&'static FunctionDef),
    Class(ClassInfo),
    Exception,
    Submodule,
    Value,
}

pub(crate) struct ClassInfo {
    /// `T::NAME`: for a nested class, `Outer.Name`.
    name: &'static str,
    /// `core::any::type_name` of the Rust type: its last segment is what the macros'
    /// references name.
    rust_name: &'static str,
    doc: &'static str,
    subclass: bool,
    blocks: fn() -> Vec<&'static ClassItems>,
}

fn record(module: &Module<'_>, name: &str, added: Added) {
    if crate::impl_::module::executing() != module.as_ptr() {
        return;
    }
    // SAFETY: the module whose `Py_mod_exec` abide runs: an abide module.
    if let Some(state) = unsafe { crate::impl_::module::state_data(module.as_ptr()) } {
        let entries = &mut state.stubs.entries;
        entries.retain(|(n, _)| n != name);
        entries.push((name.to_owned(), added));
    }
}

pub(crate) fn record_function(module: &Module<'_>, def: &'static FunctionDef) {
    let name = def.name().to_string_lossy();
    record(module, &name, Added::Function(def));
}

pub(crate) fn record_class<T: PyClass>(module: &Module<'_>) {
    record(module, T::NAME, Added::Class(class_info::<T>()));
}

/// What the stub of the class `T` is made of.
pub(crate) fn class_info<T: PyClass>() -> ClassInfo {
    fn blocks<T: PyClass>() -> Vec<&'static ClassItems> {
        crate::class::build::blocks::<T>().collect()
    }
    ClassInfo {
        name: T::NAME,
        rust_name: core::any::type_name::<T>(),
        doc: T::DOC,
        subclass: T::SUBCLASS,
        blocks: blocks::<T>,
    }
}

pub(crate) fn record_exception(module: &Module<'_>, name: &str) {
    record(module, name, Added::Exception);
}

pub(crate) fn record_submodule(module: &Module<'_>, name: &str) {
    record(module, name, Added::Submodule);
}

pub(crate) fn record_value(module: &Module<'_>, name: &str) {
    record(module, name, Added::Value);
}

/// The type stub of `module`, an abide module, as a Python `str` (a new reference), or
/// NULL with an exception set.
///
/// For tools: abide-build's stub generation (`abide-build stubgen`, and its wheel builds)
/// loads the extension's library with `ctypes.PyDLL` and calls this with the imported
/// module (`argtypes = [ctypes.py_object]`, `restype = ctypes.py_object`).
///
/// # Safety
/// Call it attached to the interpreter (as `ctypes.PyDLL` does), with a module that this
/// library created.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn abide_module_stubs(module: *mut ffi::PyObject) -> *mut ffi::PyObject {
    // SAFETY: the caller is attached.
    let py = unsafe { Python::assume_attached() };
    trampoline(py, |py| {
        // SAFETY: a valid object, from the caller.
        if module.is_null() || unsafe { crate::compat::module_check(module) } == 0 {
            return Err(crate::exceptions::PyTypeError::new_err(
                "abide_module_stubs() takes a module",
            ));
        }
        // SAFETY: a module; the caller promises it is one of this library's.
        let module = unsafe { Module::from_borrowed_ptr(py, module) };
        let text = compose(&module)?;
        Ok(crate::conversion::IntoPyObject::into_pyobject(text, py)?.into_ptr())
    })
}

/// Names to import: `from module import name`, and `import module`.
#[derive(Default)]
struct Imports {
    from: BTreeMap<String, BTreeSet<String>>,
    modules: BTreeSet<String>,
}

impl Imports {
    fn name(&mut self, module: &str, name: &str) -> String {
        self.from
            .entry(module.to_owned())
            .or_default()
            .insert(name.to_owned());
        name.to_owned()
    }

    fn text(&self) -> String {
        let mut out = String::new();
        for m in &self.modules {
            out.push_str(&format!("import {m}\n"));
        }
        for (m, names) in &self.from {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            out.push_str(&format!("from {m} import {}\n", names.join(", ")));
        }
        out
    }
}

/// Composes the stub from the module's record.
fn compose(module: &Module<'_>) -> PyResult<String> {
    // SAFETY: an abide module (the caller's promise).
    let state = unsafe { crate::impl_::module::existing_state_data(module.as_ptr()) }
        .ok_or_else(|| crate::exceptions::PyValueError::new_err("the module has no abide state"))?;
    let this = module.name()?;
    let mut cx = Context {
        this,
        imports: Imports::default(),
        classes: state
            .stubs
            .entries
            .iter()
            .filter_map(|(name, added)| match added {
                Added::Class(info) => Some((info.rust_name.to_owned(), name.clone())),
                _ => None,
            })
            .collect(),
    };
    let mut blocks = Vec::new();
    for (name, added) in &state.stubs.entries {
        let variable = matches!(added, Added::Submodule | Added::Value);
        let text = match added {
            Added::Function(def) => match def.stub() {
                "" => format!(
                    "def {name}(*args: {any}, **kwargs: {any}) -> {any}: ...",
                    any = cx.imports.name("typing", "Any")
                ),
                stub => cx.resolve(stub),
            },
            Added::Class(info) => cx.class(&module.getattr(name)?, name, info)?,
            Added::Exception => cx.exception(&module.getattr(name)?, name)?,
            Added::Submodule => format!("{name}: {}", cx.imports.name("types", "ModuleType")),
            Added::Value => {
                let value = module.getattr(name)?;
                format!("{name}: {}", cx.value_type(&value)?)
            }
        };
        blocks.push((text, variable));
    }

    let mut out = String::new();
    let doc = module.getattr("__doc__")?;
    if let Ok(doc) = doc.extract::<String>() {
        if let Some(doc) = docstring(&doc) {
            out.push_str(&doc);
            out.push_str("\n\n");
        }
    }
    let imports = cx.imports.text();
    if !imports.is_empty() {
        out.push_str(&imports);
        out.push('\n');
    }
    // The names every `add...` appended to `__all__`, as the module has them.
    if module.as_object().hasattr("__all__")? {
        let all: Vec<String> = module.getattr("__all__")?.extract()?;
        let quoted: Vec<String> = all.iter().map(|n| format!("{n:?}")).collect();
        out.push_str(&format!("__all__ = [{}]\n\n", quoted.join(", ")));
    }
    // A blank line between definitions; variables one to a line.
    let mut previous_variable = None;
    for (text, variable) in blocks {
        match previous_variable {
            Some(true) if variable => out.push('\n'),
            Some(_) => out.push_str("\n\n"),
            None => {}
        }
        out.push_str(&text);
        previous_variable = Some(variable);
    }
    out.push('\n');
    Ok(out)
}

/// The annotation for a class reference that names no class of the module: abide's
/// handle of that name (`List` written without its lifetime), else `Any`.
fn handle_annotation(path: &str) -> &'static str {
    match path.rsplit("::").next().unwrap_or(path) {
        "Tuple" => "tuple[\u{1}typing:Any\u{2}, ...]",
        "List" => "list[\u{1}typing:Any\u{2}]",
        "Dict" => "dict[\u{1}typing:Any\u{2}, \u{1}typing:Any\u{2}]",
        "TypeObject" => "type",
        "Module" => "\u{1}types:ModuleType\u{2}",
        "Date" => "\u{1}datetime:date\u{2}",
        "Time" => "\u{1}datetime:time\u{2}",
        "DateTime" => "\u{1}datetime:datetime\u{2}",
        "Delta" => "\u{1}datetime:timedelta\u{2}",
        "TzInfo" => "\u{1}datetime:tzinfo\u{2}",
        // The typed handles of issue 15.
        "Bytes" => "bytes",
        "ByteArray" => "bytearray",
        "Str" => "str",
        "Int" => "int",
        "Float" => "float",
        "Bool" => "bool",
        "Set" => "set[\u{1}typing:Any\u{2}]",
        "FrozenSet" => "frozenset[\u{1}typing:Any\u{2}]",
        "Slice" => "slice",
        "MemoryView" => "memoryview",
        "Iter" => "\u{1}collections.abc:Iterator\u{2}[\u{1}typing:Any\u{2}]",
        "Sequence" => "\u{1}collections.abc:Sequence\u{2}[\u{1}typing:Any\u{2}]",
        "Mapping" => {
            "\u{1}collections.abc:Mapping\u{2}[\u{1}typing:Any\u{2}, \u{1}typing:Any\u{2}]"
        }
        _ => "\u{1}typing:Any\u{2}",
    }
}

struct Context {
    /// The module's name.
    this: String,
    imports: Imports,
    /// The module's classes: Rust type name and Python name.
    classes: Vec<(String, String)>,
}

impl Context {
    /// The macros' text with its references resolved.
    fn resolve(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find('\u{1}') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let end = after.find('\u{2}').unwrap_or(after.len());
            let reference = &after[..end];
            rest = after.get(end + 1..).unwrap_or("");
            if let Some(declared) = reference.strip_prefix('=') {
                let text = self.declared(declared);
                out.push_str(&text);
            } else if let Some(path) = reference.strip_prefix('@') {
                // `@path=declared`: the class, else what the type's conversion declares.
                let (path, declared) = match path.split_once('=') {
                    Some((path, declared)) => (path, Some(declared)),
                    None => (path, None),
                };
                match self.class_named(path) {
                    Some(python) => out.push_str(&python),
                    None => match declared {
                        Some(d) if d != "typing.Any" => {
                            let text = self.declared(d);
                            out.push_str(&text);
                        }
                        _ => {
                            let fallback = handle_annotation(path);
                            out.push_str(&self.resolve(fallback));
                        }
                    },
                }
            } else if let Some((module, name)) = reference.split_once(':') {
                out.push_str(&self.imports.name(module, name));
            }
        }
        out.push_str(rest);
        out
    }

    /// An annotation that a conversion declares (`FromPyObject::INPUT_TYPE`): each
    /// dotted name is imported from its module (`datetime.timedelta` is `timedelta`,
    /// with `from datetime import timedelta`); other names are builtins or the module's.
    fn declared(&mut self, annotation: &str) -> String {
        let mut out = String::with_capacity(annotation.len());
        let mut rest = annotation;
        while let Some(c) = rest.chars().next() {
            let len = if c == '"' || c == '\'' {
                // A string literal (`Literal["a.b"]`) is copied as it is.
                rest[1..].find(c).map_or(rest.len(), |end| end + 2)
            } else if c.is_alphabetic() || c == '_' {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                    .unwrap_or(rest.len());
                let name = rest[..end].trim_end_matches('.');
                match name.rsplit_once('.') {
                    Some((module, last)) => out.push_str(&self.imports.name(module, last)),
                    None => out.push_str(name),
                }
                rest = &rest[name.len()..];
                continue;
            } else {
                c.len_utf8()
            };
            out.push_str(&rest[..len]);
            rest = &rest[len..];
        }
        out
    }

    /// The Python name of the module's class whose Rust type is at `path` as written
    /// (`Vector`, `crate::geo::Vector`): the one class whose type name ends with it.
    fn class_named(&self, path: &str) -> Option<String> {
        let written: Vec<&str> = path
            .split("::")
            .filter(|s| !matches!(*s, "" | "crate" | "self" | "super"))
            .collect();
        let mut found = self.classes.iter().filter(|(rust, _)| {
            let full = rust_path(rust);
            full.len() >= written.len()
                && full
                    .iter()
                    .rev()
                    .zip(written.iter().rev())
                    .all(|(a, b)| a == b)
        });
        let (_, python) = found.next()?;
        match found.next() {
            None => Some(python.clone()),
            Some(_) => None,
        }
    }

    /// How the stub names the class `ty`: `int`, `Vector` (a class of this module),
    /// `other.Thing` (with `import other`).
    fn type_name(&mut self, ty: &Object<'_>) -> PyResult<String> {
        let module: String = ty.getattr("__module__")?.extract()?;
        let qualname: String = ty.getattr("__qualname__")?.extract()?;
        Ok(if module == "builtins" {
            match qualname.as_str() {
                "NoneType" => "None".to_owned(),
                _ => qualname,
            }
        } else if module == self.this {
            qualname
        } else {
            self.imports.modules.insert(module.clone());
            format!("{module}.{qualname}")
        })
    }

    /// The annotation of a module constant: its type, with `Any` parameters for the
    /// generic built-in containers.
    fn value_type(&mut self, value: &Object<'_>) -> PyResult<String> {
        let ty = value.get_type();
        let name = self.type_name(ty.as_object())?;
        let params = match name.as_str() {
            "list" | "set" | "frozenset" | "type" => 1,
            "dict" => 2,
            "tuple" => {
                let any = self.imports.name("typing", "Any");
                return Ok(format!("tuple[{any}, ...]"));
            }
            _ => 0,
        };
        if params == 0 {
            return Ok(name);
        }
        let any = self.imports.name("typing", "Any");
        Ok(format!("{name}[{}]", vec![any; params].join(", ")))
    }

    /// `class Name(Base):` for `ty`, with `doc` and `body` (unindented lines). A class
    /// that cannot be subclassed is `@final`; one whose instances have a layout of their
    /// own (Rust data after its base's) is `@disjoint_base` (PEP 800): it cannot be
    /// combined with another such base.
    fn class_text(
        &mut self,
        ty: &Object<'_>,
        name: &str,
        fin: bool,
        doc: &str,
        body: &[String],
    ) -> PyResult<String> {
        let mut out = String::new();
        let base = ty.getattr("__base__")?;
        let shape = |t: &Object<'_>| -> PyResult<(isize, isize)> {
            Ok((
                t.getattr("__basicsize__")?.extract()?,
                t.getattr("__itemsize__")?.extract()?,
            ))
        };
        if fin {
            out.push_str(&format!("@{}\n", self.imports.name("typing", "final")));
        } else if !base.is_none() && shape(ty)? != shape(&base)? {
            let decorator = self.imports.name("typing_extensions", "disjoint_base");
            out.push_str(&format!("@{decorator}\n"));
        }
        let object = ty.py().import("builtins")?.getattr("object")?;
        if base.is_none() || base.is(&object) {
            out.push_str(&format!("class {name}:"));
        } else {
            out.push_str(&format!("class {name}({}):", self.type_name(&base)?));
        }
        let mut lines: Vec<&str> = Vec::new();
        let doc = docstring(doc);
        if let Some(doc) = &doc {
            lines.extend(doc.lines());
        }
        for item in body {
            lines.extend(item.lines());
        }
        if lines.is_empty() {
            out.push_str(" ...");
        }
        for line in lines {
            out.push('\n');
            if !line.is_empty() {
                out.push_str("    ");
                out.push_str(line);
            }
        }
        Ok(out)
    }

    fn exception(&mut self, ty: &Object<'_>, name: &str) -> PyResult<String> {
        let doc = ty
            .getattr("__doc__")?
            .extract::<String>()
            .unwrap_or_default();
        self.class_text(ty, name, false, &doc, &[])
    }

    fn class(&mut self, ty: &Object<'_>, name: &str, info: &ClassInfo) -> PyResult<String> {
        // The `#[pyclass]` fields first, then the `#[pymethods]` blocks in source order.
        let mut blocks = (info.blocks)();
        if blocks.len() > 2 {
            blocks[1..].sort_by_key(|b| (b.stub.file, b.stub.line));
        }
        // Members in order; a property's getter and setter go together where the first
        // of them is.
        enum Member {
            Text(&'static str),
            Property(&'static str, Option<&'static str>, Option<&'static str>),
        }
        let items = || blocks.iter().flat_map(|b| b.stub.items);
        // The best rank of each name: an implied member or a fallback comes out only if
        // nothing outranks it, and only once.
        let mut best: BTreeMap<&str, u8> = BTreeMap::new();
        for item in items() {
            let rank = best.entry(item.name).or_default();
            *rank = (*rank).max(item.kind.rank());
        }
        let mut members: Vec<Member> = Vec::new();
        for item in items() {
            match item.kind {
                StubKind::Member => {
                    members.push(Member::Text(item.text));
                    continue;
                }
                StubKind::Implied | StubKind::Fallback => {
                    if best.get(item.name) == Some(&item.kind.rank()) {
                        best.remove(item.name);
                        members.push(Member::Text(item.text));
                    }
                    continue;
                }
                StubKind::Getter | StubKind::Setter => {}
            }
            let existing = members
                .iter_mut()
                .find(|m| matches!(m, Member::Property(n, ..) if *n == item.name));
            let property = match existing {
                Some(m) => m,
                None => {
                    members.push(Member::Property(item.name, None, None));
                    members.last_mut().expect("just pushed")
                }
            };
            if let Member::Property(_, get, set) = property {
                match item.kind {
                    StubKind::Getter => *get = get.or(Some(item.text)),
                    _ => *set = set.or(Some(item.text)),
                }
            }
        }
        let mut body = Vec::new();
        for member in members {
            match member {
                Member::Text(text) => body.push(self.resolve(text)),
                Member::Property(name, get, set) => {
                    match get {
                        Some(get) => body.push(self.resolve(get)),
                        // A stub's setter needs a getter; reading raises at run time.
                        None => body.push(format!(
                            "@property\ndef {name}(self) -> {}: ...",
                            self.imports.name("typing", "Any")
                        )),
                    }
                    if let Some(set) = set {
                        body.push(self.resolve(set));
                    }
                }
            }
        }
        // Nested classes (a data enum's variants), in their own bodies.
        for nested in blocks.iter().flat_map(|b| b.nested) {
            let info = (nested.stub)();
            let name = info.name.rsplit('.').next().unwrap_or(info.name);
            body.push(self.class(&ty.getattr(name)?, name, &info)?);
        }
        // `__eq__` without `__hash__` makes instances unhashable, as in Python.
        let own = ty.getattr("__dict__")?;
        if own.call_method1("get", ("__hash__", false))?.is_none() {
            body.push(format!(
                "__hash__: {}[None]  # type: ignore[assignment]",
                self.imports.name("typing", "ClassVar")
            ));
        }
        self.class_text(ty, name, !info.subclass, info.doc, &body)
    }
}

/// The segments of a Rust type name (`shapes::vector::Vector`).
fn rust_path(type_name: &str) -> Vec<&str> {
    let base = type_name.split('<').next().unwrap_or(type_name);
    base.split("::").collect()
}

/// `doc` as a triple-quoted Python string, or `None` if it is empty. Written as the
/// macros write their docstrings.
fn docstring(doc: &str) -> Option<String> {
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
    let mut body = body.replace("\"\"\"", "\\\"\\\"\\\"");
    if body.ends_with('"') {
        body.pop();
        body.push_str("\\\"");
    }
    Some(if body.contains('\n') {
        format!("\"\"\"{body}\n\"\"\"")
    } else {
        format!("\"\"\"{body}\"\"\"")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docstrings() {
        assert_eq!(docstring(""), None);
        assert_eq!(docstring("A \"b\""), Some("\"\"\"A \"b\\\"\"\"\"".into()));
        assert_eq!(docstring("x\ny"), Some("\"\"\"x\ny\n\"\"\"".into()));
    }

    #[test]
    fn references_resolve() {
        let mut cx = Context {
            this: "m".into(),
            imports: Imports::default(),
            classes: vec![
                ("m::geo::Vector".into(), "Vec2".into()),
                ("m::geo::Point".into(), "Point".into()),
                ("m::other::Point".into(), "OtherPoint".into()),
            ],
        };
        let text = cx.resolve(
            "def f(a: \u{1}@Vector\u{2}, b: \u{1}@Other\u{2}) -> \u{1}collections.abc:Sequence\u{2}[int]: ...",
        );
        assert_eq!(text, "def f(a: Vec2, b: Any) -> Sequence[int]: ...");
        assert_eq!(
            cx.class_named("crate::geo::Vector").as_deref(),
            Some("Vec2")
        );
        assert_eq!(
            cx.class_named("other::Point").as_deref(),
            Some("OtherPoint")
        );
        assert_eq!(cx.class_named("Point"), None);
        assert_eq!(cx.class_named("elsewhere::Vector"), None);
        assert_eq!(
            cx.imports.text(),
            "from collections.abc import Sequence\nfrom typing import Any\n"
        );
        // A handle's name that is no class of the module is the handle.
        assert_eq!(cx.resolve("\u{1}@List\u{2}"), "list[Any]");
        assert_eq!(cx.resolve("\u{1}@abide::types::Module\u{2}"), "ModuleType");
        // What a conversion declares, with its dotted names imported; a class of the
        // module wins over it.
        assert_eq!(
            cx.resolve("\u{1}=dict[str, datetime.timedelta] | None\u{2}"),
            "dict[str, timedelta] | None"
        );
        assert_eq!(
            cx.resolve("\u{1}=typing.Literal['a.b', \"c.d\"]\u{2}"),
            "Literal['a.b', \"c.d\"]"
        );
        assert_eq!(cx.resolve("\u{1}@Vector=typing.Any\u{2}"), "Vec2");
        assert_eq!(cx.resolve("\u{1}@Celsius=float | int\u{2}"), "float | int");
        assert_eq!(cx.resolve("\u{1}@Unknown=typing.Any\u{2}"), "Any");
        assert!(
            cx.imports
                .text()
                .contains("from datetime import timedelta\n")
        );
        // The typed handles of issue 15, written without their lifetime (`&Bytes`).
        assert_eq!(cx.resolve("\u{1}@Bytes\u{2}"), "bytes");
        assert_eq!(cx.resolve("\u{1}@FrozenSet\u{2}"), "frozenset[Any]");
        assert_eq!(cx.resolve("\u{1}@types::Mapping\u{2}"), "Mapping[Any, Any]");
    }
}
