//! Which module names `#[pymodule]` accepts, and the names of the entry points CPython
//! looks for.
//!
//! A name is accepted when `import <name>` can find the module: a Python identifier
//! (XID_Start or `_`, then XID_Continue), not a hard keyword, already in NFKC (Python
//! normalizes the names in `import` to NFKC, so another spelling is never looked for),
//! and one component (no dots). Names that are not ASCII are supported: CPython looks
//! for `PyModExportU_`/`PyInitU_` followed by the Punycode of the name (PEP 489, PEP 793).

use super::parse::Parsed;
use super::punycode;
use crate::ctx::Ctx;

/// Python's hard keywords (`keyword.kwlist`): `import class` is a syntax error. Soft
/// keywords (`match`, `case`, `type`, `lazy`, `_`) are fine as module names.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Reports a module name Python cannot import, at the place the name is written.
pub fn validate(ctx: &mut Ctx, parsed: &Parsed) {
    if let Err(msg) = check(&parsed.name) {
        ctx.error_at(parsed.name_span, msg);
    }
}

/// Why `name` cannot be imported, if it cannot.
fn check(name: &str) -> Result<(), String> {
    const RULE: &str = "a module name is a Python identifier: a letter or `_`, then letters, \
                        digits and `_`";
    if name.is_empty() {
        return Err(format!("the module name is empty; {RULE}"));
    }
    if let Some((package, last)) = name.rsplit_once('.') {
        return Err(format!(
            "`{name}` contains `.`: #[pymodule] names the module itself, not its package; \
             write `name = \"{last}\"` and install the library inside the package `{package}`"
        ));
    }
    let mut chars = name.chars();
    let first = chars.next().unwrap_or('_');
    if first != '_' && !unicode_ident::is_xid_start(first) {
        return Err(format!(
            "`{name}` is not a valid Python module name: an identifier cannot start with `{}`; \
             {RULE}",
            first.escape_debug()
        ));
    }
    if let Some(bad) = chars.find(|&c| !unicode_ident::is_xid_continue(c)) {
        return Err(format!(
            "`{name}` is not a valid Python module name: `{}` cannot be part of an \
             identifier; {RULE}",
            bad.escape_debug()
        ));
    }
    if !unicode_normalization::is_nfkc(name) {
        let normalized: String = unicode_normalization::UnicodeNormalization::nfkc(name).collect();
        return Err(format!(
            "`{name}` is not in NFKC normal form, and Python normalizes the names in `import` \
             to NFKC: `import {name}` looks for a module `{normalized}`; name the module \
             `{normalized}`"
        ));
    }
    if KEYWORDS.contains(&name) {
        return Err(format!(
            "`{name}` is a Python keyword: `import {name}` is a syntax error; choose another \
             module name"
        ));
    }
    Ok(())
}

/// The symbol of the entry point `prefix` (`PyModExport` or `PyInit`) for module `name`,
/// as CPython looks it up: `<prefix>_<name>` for an ASCII name, else `<prefix>U_` and the
/// Punycode of the name with `-` replaced by `_`.
pub fn hook_symbol(prefix: &str, name: &str) -> String {
    if name.is_ascii() {
        format!("{prefix}_{name}")
    } else {
        format!("{prefix}U_{}", punycode::encode(name).replace('-', "_"))
    }
}

#[cfg(test)]
mod tests {
    use super::{check, hook_symbol};

    #[test]
    fn accepts_what_import_finds() {
        for name in [
            "hello", "_private", "_", "x2", "match", "type", "lazy", "café", "東京",
        ] {
            assert_eq!(check(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn rejects_what_import_cannot_find() {
        for (name, part) in [
            ("", "empty"),
            ("2fast", "cannot start with `2`"),
            ("my-module", "`-` cannot be part"),
            ("has space", "` ` cannot be part"),
            ("pkg.sub", "write `name = \"sub\"`"),
            ("class", "is a Python keyword"),
            ("None", "is a Python keyword"),
            ("\u{FB01}le", "looks for a module `file`"),
            ("\u{FF46}oo", "looks for a module `foo`"),
        ] {
            let err = check(name).expect_err(name);
            assert!(err.contains(part), "{name}: {err}");
        }
    }

    /// As CPython's `hook_name(name)` in the docs of PEP 793's export hook.
    #[test]
    fn hook_symbols() {
        assert_eq!(hook_symbol("PyModExport", "hello"), "PyModExport_hello");
        assert_eq!(hook_symbol("PyInit", "hello"), "PyInit_hello");
        assert_eq!(hook_symbol("PyModExport", "café"), "PyModExportU_caf_dma");
        assert_eq!(hook_symbol("PyInit", "café"), "PyInitU_caf_dma");
        assert_eq!(hook_symbol("PyInit", "ü"), "PyInitU_tda");
        assert_eq!(
            hook_symbol("PyModExport", "naïve_mod"),
            "PyModExportU_nave_mod_v2a"
        );
    }
}
