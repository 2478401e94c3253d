//! The attributes of a method in a `#[pymethods]` block: which kind each of abide's
//! gives a method, and what is said about PyO3's old ones and near misses of abide's.

use super::parse::Kind;

/// The method attributes abide accepts, for messages.
const ACCEPTED: &str = "`#[new]`, `#[getter]`, `#[setter]`, `#[deleter]`, `#[staticmethod]`, \
     `#[classmethod]`, `#[classattr]` and `#[py(name = \"...\", signature = (...))]`";

/// The kind an attribute `#[key]` (or `#[key(explicit)]`) gives a method named
/// `fn_name`; a property is named after the function without its `get_`, `set_` or
/// `delete_` prefix.
pub fn kind_named(key: &str, fn_name: &str, explicit: Option<String>) -> Option<Kind> {
    let prop = |prefixes: &[&str]| {
        explicit.clone().unwrap_or_else(|| {
            let name = prefixes.iter().find_map(|p| fn_name.strip_prefix(p));
            name.unwrap_or(fn_name).to_owned()
        })
    };
    Some(match key {
        "new" => Kind::New,
        "staticmethod" => Kind::Static,
        "classmethod" => Kind::Class,
        "classattr" => Kind::ClassAttr(String::new()),
        "getter" => Kind::Getter(prop(&["get_"])),
        "setter" => Kind::Setter(prop(&["set_"])),
        "deleter" => Kind::Deleter(prop(&["delete_", "del_"])),
        _ => return None,
    })
}

/// The message for a method attribute that is PyO3's (an old spelling) or a near miss of
/// one of abide's, with the abide attribute it stands for, if any; `None` for any other
/// attribute, which is left to Rust (`#[inline]`, an attribute macro of another crate, ...).
pub fn unknown_attribute(key: &str) -> Option<(String, Option<&'static str>)> {
    const KINDS: [&str; 7] = [
        "new",
        "getter",
        "setter",
        "deleter",
        "staticmethod",
        "classmethod",
        "classattr",
    ];
    let (advice, meant) = match key {
        "args" => (
            "PyO3's old `#[args(...)]` is written `#[py(signature = (...))]`".to_owned(),
            None,
        ),
        "text_signature" => (
            "abide writes `__text_signature__` from the parameters (or the `signature`): \
             remove `#[text_signature]`"
                .to_owned(),
            None,
        ),
        "call" => (
            "PyO3's old `#[call]` is written as a method named `__call__`".to_owned(),
            None,
        ),
        "name" => (
            "a method's Python name is written `#[py(name = \"...\")]`".to_owned(),
            None,
        ),
        "property" => (
            "a property is written as a `#[getter]` method (and `#[setter]`, `#[deleter]`)"
                .to_owned(),
            Some("getter"),
        ),
        "constructor" | "init" => ("the constructor is marked `#[new]`".to_owned(), Some("new")),
        _ => {
            let squashed = key.to_ascii_lowercase().replace('_', "");
            let squashed = squashed.strip_suffix('s').unwrap_or(&squashed);
            let near = KINDS.into_iter().find(|k| *k != key && *k == squashed)?;
            (format!("did you mean `#[{near}]`?"), Some(near))
        }
    };
    let msg = format!(
        "unknown method attribute `#[{key}]`: {advice} (abide's method attributes are \
         {ACCEPTED})"
    );
    Some((msg, meant))
}
