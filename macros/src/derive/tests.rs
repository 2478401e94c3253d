//! The derives' parse and validate steps: each error is reported (all of them, in
//! order), and the accepted forms expand.

use super::parse::Derive;
use proc_macro2::TokenStream;

/// The compile errors `derive` emits for `input`, as text.
fn errors(kind: Derive, input: &str) -> Vec<String> {
    let input: TokenStream = input.parse().unwrap();
    let out = super::derive(kind, input).to_string();
    out.split("compile_error !")
        .skip(1)
        .map(|e| {
            let start = e.find('"').unwrap() + 1;
            let end = e.rfind('"').unwrap();
            e[start..end].to_owned()
        })
        .collect()
}

#[test]
fn accepted_forms_expand() {
    for input in [
        "struct A { #[py(item(\"k\"), default = 1 + 2)] a: i64, #[py(attribute)] b: i64 }",
        "#[py(from_item_all)] struct A { a: i64, #[py(item(0), from_py_with = f)] b: i64 }",
        "struct A<'a, T>(&'a str, T);",
        "#[py(transparent)] struct A { a: i64 }",
        "enum E { #[py(annotation = \"int\")] A(i64), B { x: i64 }, #[py(transparent)] C(i64) }",
    ] {
        assert_eq!(errors(Derive::From, input), Vec::<String>::new(), "{input}");
    }
    let out = super::derive(Derive::From, "struct A<'a>(&'a str, i64);".parse().unwrap());
    let out = out.to_string();
    assert!(
        out.contains("FromPyObject < '__a , 'py > for A < 'a >"),
        "{out}"
    );
    // Only types that name a generic get a bound.
    assert!(
        out.contains("& 'a str : :: abide :: FromPyObject < '__a , 'py >"),
        "{out}"
    );
    assert!(!out.contains("i64 : :: abide"), "{out}");
    for input in [
        "struct A { #[py(item(\"k\"))] a: i64 }",
        "enum E { A(i64, i64), B { x: i64 } }",
    ] {
        assert_eq!(errors(Derive::Into, input), Vec::<String>::new(), "{input}");
    }
}

#[test]
fn every_error_is_reported() {
    let errs = errors(
        Derive::From,
        "#[py(transparent, annotation = \"x\")] struct A { #[py(item, attribute)] a: i64, b: i64 }",
    );
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(
        errs[0].starts_with("`annotation` names an enum's variant"),
        "{errs:?}"
    );
    assert!(
        errs[1].starts_with("`transparent` converts a struct as its one field, but this one has 2"),
        "{errs:?}"
    );
    let errs = errors(Derive::From, "struct A { #[py(item, attribute)] a: i64 }");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with("`item` and `attribute` conflict"),
        "{errs:?}"
    );
}

#[test]
fn shapes_that_cannot_derive() {
    assert!(errors(Derive::From, "union U { a: u32 }")[0].contains("not supported for unions"));
    assert!(
        errors(Derive::Into, "struct U;")[0]
            .starts_with("cannot derive IntoPyObject for a struct without fields")
    );
    assert!(
        errors(Derive::From, "enum E {}")[0]
            .starts_with("cannot derive FromPyObject for an empty enum")
    );
    assert!(
        errors(Derive::From, "enum E { A }")[0]
            .starts_with("cannot derive FromPyObject for a variant without fields")
    );
}

#[test]
fn options_by_site() {
    let errs = errors(
        Derive::From,
        "struct A { #[py(default = )] a: i64, #[py(item = 1)] b: i64 }",
    );
    assert_eq!(
        errs,
        [
            "`default` is written `default` or `default = value`",
            "`item` is written `item` or `item(...)`",
        ]
    );
    let errs = errors(Derive::Into, "struct A { #[py(attribute)] a: i64 }");
    assert!(
        errs[0].starts_with("`attribute` is for `FromPyObject`"),
        "{errs:?}"
    );
    let errs = errors(Derive::From, "#[pyo3(transparent)] struct A(i64);");
    assert_eq!(errs, ["abide spells PyO3's `#[pyo3(...)]` as `#[py(...)]`"]);
    let errs = errors(Derive::From, "#[py(transparent)] enum E { A(i64) }");
    assert!(
        errs[0].starts_with("unknown option `transparent` for `#[py]` on an enum"),
        "{errs:?}"
    );
    let errs = errors(
        Derive::From,
        "#[py(rename_all = \"camel\")] struct A { a: i64 }",
    );
    assert!(
        errs[0].starts_with("unknown `rename_all` rule; accepted: "),
        "{errs:?}"
    );
    assert!(
        errs[0].contains("camelCase") && errs[0].contains("UPPERCASE"),
        "{errs:?}"
    );
}

#[test]
fn rename_all_rules() {
    use super::validate::rename;
    let cases = [
        ("camelCase", "someFieldName"),
        ("PascalCase", "SomeFieldName"),
        ("kebab-case", "some-field-name"),
        ("SCREAMING-KEBAB-CASE", "SOME-FIELD-NAME"),
        ("SCREAMING_SNAKE_CASE", "SOME_FIELD_NAME"),
        ("snake_case", "some_field_name"),
        ("lowercase", "some_field_name"),
        ("UPPERCASE", "SOME_FIELD_NAME"),
    ];
    for (rule, expected) in cases {
        assert_eq!(rename("some_field_name", Some(rule)), expected, "{rule}");
    }
    let out = super::derive(
        Derive::From,
        "#[py(rename_all = \"camelCase\")] enum E { A { some_field: i64, #[py(attribute(\"x_y\"))] b: i64 } }"
            .parse()
            .unwrap(),
    )
    .to_string();
    assert!(out.contains("\"someField\""), "{out}");
    assert!(out.contains("\"x_y\""), "{out}");
}
