//! The type stub of a `#[pymethods]` block: one `StubItem` per Python member, in the
//! order of the block (see `crate::stub` for the text and its references).

use super::dunder::Dunder;
use super::parse::{Kind, Method};
use crate::callable::Role;
use crate::stub::{
    self, Item, ItemKind, Pos, annotation, def, getter, import, return_annotation, setter,
};

/// The stub items of one method. `self_ty` is the path of the class as the `impl` names it.
pub fn items(m: &Method, self_ty: Option<&str>) -> Vec<Item> {
    let c = &m.callable;
    let name = c.python_name.as_str();
    let ret = || return_annotation(&m.output, self_ty);
    let params = |first: &str| stub::params(c, Some(first), self_ty);
    match &m.kind {
        Kind::Method => vec![Item::member(
            name,
            def(&[], name, &params("self"), &ret(), &m.doc),
        )],
        Kind::Static => vec![Item::member(
            name,
            def(
                &["@staticmethod"],
                name,
                &stub::params(c, None, self_ty),
                &ret(),
                &m.doc,
            ),
        )],
        Kind::Class => vec![Item::member(
            name,
            def(&["@classmethod"], name, &params("cls"), &ret(), &m.doc),
        )],
        // CPython reads the parameters of `__new__` from the class's text signature.
        Kind::New => vec![Item::member(
            "__new__",
            def(
                &[],
                "__new__",
                &params("cls"),
                &import("typing", "Self"),
                &m.doc,
            ),
        )],
        Kind::Getter(prop) => vec![getter(prop, &ret(), &m.doc)],
        Kind::Setter(prop) => {
            let (param, ty) =
                first_param(m, self_ty).unwrap_or_else(|| ("value".into(), stub::any()));
            vec![setter(prop, &param, &ty, &m.doc)]
        }
        Kind::ClassAttr(attr) => vec![Item::member(
            attr,
            format!("{attr}: {}[{}]", import("typing", "ClassVar"), ret()),
        )],
        Kind::Special(d) => special(m, *d, self_ty),
    }
}

/// The Python parameters of `m` (no `Python` token), as `(name, annotation)`.
fn operands(m: &Method, self_ty: Option<&str>) -> Vec<(String, String)> {
    let c = &m.callable;
    let mut out: Vec<(usize, (String, String))> = c
        .args
        .iter()
        .filter_map(|a| match a.role {
            Role::Param(i) => Some((
                i,
                (
                    c.params
                        .get(i)
                        .map_or_else(|| a.ident.to_string(), |p| p.name.clone()),
                    annotation(&a.ty, Pos::Param, self_ty),
                ),
            )),
            _ => None,
        })
        .collect();
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, p)| p).collect()
}

fn first_param(m: &Method, self_ty: Option<&str>) -> Option<(String, String)> {
    operands(m, self_ty).into_iter().next()
}

/// Special methods: positional-only operands (as CPython's slot wrappers have them) and
/// the result type the slot implies.
fn special(m: &Method, d: Dunder, self_ty: Option<&str>) -> Vec<Item> {
    let name = m.callable.python_name.as_str();
    let ops = operands(m, self_ty);
    let ret = || return_annotation(&m.output, self_ty);
    let slot_def_doc = |name: &str, ops: &[(String, String)], ret: &str, doc: &str| {
        let mut params = vec!["self".to_owned()];
        params.extend(ops.iter().map(|(n, t)| format!("{n}: {t}")));
        params.push("/".to_owned());
        Item::member(name, def(&[], name, &params.join(", "), ret, doc))
    };
    let slot_def =
        |name: &str, ops: &[(String, String)], ret: &str| slot_def_doc(name, ops, ret, &m.doc);
    let fixed = |ty: &str| vec![slot_def(name, &ops, ty)];
    match d {
        Dunder::Traverse | Dunder::Clear => Vec::new(),
        Dunder::Unary(_) => match name {
            "__repr__" | "__str__" => fixed("str"),
            "__int__" | "__index__" => fixed("int"),
            "__float__" => fixed("float"),
            _ => fixed(&ret()),
        },
        Dunder::Next => {
            let ty = stub::value_type(&m.output)
                .map(|t| stub::option_inner(t).unwrap_or(t))
                .map_or_else(
                    || "None".to_owned(),
                    |t| annotation(t, Pos::Result, self_ty),
                );
            fixed(&ty)
        }
        Dunder::Hash | Dunder::Len => fixed("int"),
        Dunder::Bool => fixed("bool"),
        // A container answers `False` for an item of the wrong type.
        Dunder::Contains => {
            let ops: Vec<_> = ops
                .into_iter()
                .map(|(n, _)| (n, "object".to_owned()))
                .collect();
            vec![slot_def(name, &ops, "bool")]
        }
        Dunder::GetItem | Dunder::GetAttr => fixed(&ret()),
        Dunder::SetItem | Dunder::DelItem | Dunder::SetAttr | Dunder::DelAttr => fixed("None"),
        Dunder::Call => vec![Item::member(
            name,
            def(
                &[],
                name,
                &stub::params(&m.callable, Some("self"), self_ty),
                &ret(),
                &m.doc,
            ),
        )],
        Dunder::Binary(_, reflected) => {
            // CPython shows both sides of a numeric slot (`__add__` and `__radd__`); the
            // side the class does not define calls the other with the operands swapped,
            // which only works if the operand may be an instance of the class.
            let inner = name.trim_start_matches("__").trim_end_matches("__");
            let other_side = if reflected {
                format!("__{}__", &inner[1..])
            } else {
                format!("__r{inner}__")
            };
            let operand = ops.first().map(|(_, t)| t.as_str());
            let class = self_ty.map(stub::class_ref);
            let swapped = if operand == class.as_deref() || operand == Some(&stub::any()) {
                class.unwrap_or_else(stub::any)
            } else {
                import("typing", "Never")
            };
            let pow = name == "__pow__" || name == "__rpow__";
            let with_mod = |mut ops: Vec<(String, String)>| {
                if pow {
                    ops.push(("mod".to_owned(), "None = None".to_owned()));
                }
                ops
            };
            let swapped = with_mod(vec![("other".into(), swapped)]);
            let mut implied = slot_def_doc(&other_side, &swapped, &ret(), "");
            implied.kind = ItemKind::Fallback;
            vec![slot_def(name, &with_mod(ops), &ret()), implied]
        }
        // An in-place operator that returns nothing gives back `self`.
        Dunder::Inplace(_) => match stub::value_type(&m.output) {
            None => fixed(&import("typing", "Self")),
            Some(_) => fixed(&ret()),
        },
        Dunder::Compare(_) => {
            let mut items = vec![compare(name, &ops, &ret(), &m.doc)];
            // `tp_richcompare` answers every comparison; the orderings the class does not
            // define return `NotImplemented`, whatever the operand.
            const ORDERINGS: [&str; 4] = ["__lt__", "__le__", "__gt__", "__ge__"];
            if ORDERINGS.contains(&name) {
                let never = [("other".to_owned(), import("typing", "Never"))];
                for other in ORDERINGS.iter().filter(|o| **o != name) {
                    let mut item = compare(other, &never, &ret(), "");
                    item.kind = ItemKind::Fallback;
                    items.push(item);
                }
            }
            items
        }
        Dunder::RichCmp => {
            let ops = &ops[..ops.len().min(1)];
            ["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"]
                .iter()
                .map(|n| Item {
                    kind: ItemKind::Implied,
                    ..compare(n, ops, &ret(), &m.doc)
                })
                .collect()
        }
    }
}

/// A comparison; `__eq__` and `__ne__` take any object, as `object`'s do.
fn compare(name: &str, ops: &[(String, String)], ret: &str, doc: &str) -> Item {
    let (other, ty) = ops
        .first()
        .cloned()
        .unwrap_or_else(|| ("other".to_owned(), stub::any()));
    let ty = if name == "__eq__" || name == "__ne__" {
        "object".to_owned()
    } else {
        ty
    };
    Item::member(
        name,
        def(&[], name, &format!("self, {other}: {ty}, /"), ret, doc),
    )
}
