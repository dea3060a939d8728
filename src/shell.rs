//! The shell: the nodes the Stripe Elements live in, made before the
//! Leptos view, and what each of them shows for a [`ViewModel`].
//!
//! Moving an iframe in the DOM reloads it, so the node Stripe mounts into
//! must be at its final place before anything is mounted there. The early
//! start (`src/embed/early.js`) makes this shell as the page is parsed and
//! can mount the Element into it before the wasm has arrived; otherwise
//! the component makes it. Either way the view is mounted inside the root,
//! after the pay area, and the shell's attributes follow the view model
//! through [`attributes`], the one place that says what they are.

use crate::view_model::ViewModel;

/// One node of the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The `.bc` root; the view is mounted inside it, after the pay area.
    Root,
    /// Wallet buttons and the form.
    PayArea,
    /// Where the Express Checkout Element (wallet buttons) mounts.
    Wallets,
    /// One grid cell shared by the skeleton and the Element.
    Form,
    /// Grey lines while the Element loads.
    Skeleton,
    /// Where the Payment or Card Element mounts.
    Element,
}

/// Every node, parent before child: its part, class and parent. early.js
/// builds the same tree (a browser test holds the two together).
pub const NODES: [(Part, &str, Option<Part>); 6] = [
    (Part::Root, "bc", None),
    (Part::PayArea, "bc-payarea", Some(Part::Root)),
    (Part::Wallets, "bc-wallets", Some(Part::PayArea)),
    (Part::Form, "bc-form", Some(Part::PayArea)),
    (Part::Skeleton, "bc-skeleton", Some(Part::Form)),
    (Part::Element, "bc-element", Some(Part::Form)),
];

/// The skeleton's lines: `<span class="bc-skeleton-line">`, this many.
pub const SKELETON_LINES: usize = 2;

/// The class of one skeleton line.
pub const SKELETON_LINE_CLASS: &str = "bc-skeleton-line";

/// Marks a shell the early start made, until the component takes it.
pub const EARLY_SHELL_ATTRIBUTE: &str = "data-early";

/// Set on the root by the early start once the Element it mounted is
/// ready: the form shows before the wasm has arrived (checkout.css).
pub const EARLY_FORM_ATTRIBUTE: &str = "data-form";

/// What an attribute becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// Set to this value.
    Set(&'static str),
    /// Removed.
    Remove,
    /// Left as it is.
    Keep,
}

fn present(on: bool) -> Value {
    if on {
        Value::Set("")
    } else {
        Value::Remove
    }
}

/// `"true"` / `"false"` for ARIA attributes, which are not presence attributes.
pub fn aria(on: bool) -> &'static str {
    if on {
        "true"
    } else {
        "false"
    }
}

/// The shell's attributes for `v`. The skeleton is `aria-hidden` for good:
/// Pay's label says that the form is loading.
pub fn attributes(v: &ViewModel) -> [(Part, &'static str, Value); 9] {
    [
        (Part::Root, "data-state", Value::Set(v.state)),
        (Part::Root, "aria-busy", Value::Set(aria(v.busy))),
        // The early form stays shown until the checkout has left loading;
        // from then on the view model alone says what shows.
        (Part::Root, EARLY_FORM_ATTRIBUTE, if v.loading { Value::Keep } else { Value::Remove }),
        (Part::PayArea, "hidden", present(!v.loading && v.form_hidden)),
        (Part::Wallets, "hidden", present(v.wallets_hidden)),
        (Part::Wallets, "inert", present(v.wallets_inert)),
        (Part::Wallets, "data-pending", present(v.wallets_kept)),
        (Part::Skeleton, "hidden", present(!v.loading)),
        (Part::Element, "hidden", present(v.form_hidden)),
    ]
}

/// The shell as HTML, with `inner` (the view's HTML) after the pay area:
/// what the host-rendered view tests read.
#[cfg(test)]
pub fn html(v: &ViewModel, inner: &str) -> String {
    fn open(part: Part, v: &ViewModel) -> String {
        let class = NODES.iter().find(|(p, ..)| *p == part).map(|(_, c, _)| *c).unwrap_or_default();
        let mut tag = format!("<div class=\"{class}\"");
        if part == Part::Skeleton {
            tag.push_str(" aria-hidden=\"true\"");
        }
        for (p, name, value) in attributes(v) {
            match value {
                Value::Set("") if p == part => tag.push_str(&format!(" {name}")),
                Value::Set(s) if p == part => tag.push_str(&format!(" {name}=\"{s}\"")),
                _ => {}
            }
        }
        tag + ">"
    }
    fn children(part: Part, v: &ViewModel, inner: &str) -> String {
        let mut out = open(part, v);
        for (child, ..) in NODES.iter().filter(|(_, _, parent)| *parent == Some(part)) {
            out.push_str(&children(*child, v, inner));
        }
        if part == Part::Skeleton {
            out.push_str(&format!("<span class=\"{SKELETON_LINE_CLASS}\"></span>").repeat(SKELETON_LINES));
        }
        if part == Part::Root {
            out.push_str(inner);
        }
        out + "</div>"
    }
    children(Part::Root, v, inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use crate::view_model::Picture;

    #[test]
    fn every_part_but_the_root_has_a_parent_listed_before_it() {
        for (i, (part, _, parent)) in NODES.iter().enumerate() {
            match parent {
                None => assert_eq!(*part, Part::Root),
                Some(parent) => assert!(NODES[..i].iter().any(|(p, ..)| p == parent), "{part:?}"),
            }
        }
    }

    #[test]
    fn the_early_form_stays_shown_only_while_loading() {
        let loading = ViewModel::of(&Picture::loading(None, Locale::En));
        let early = attributes(&loading).into_iter().find(|(_, name, _)| *name == EARLY_FORM_ATTRIBUTE);
        assert_eq!(early.map(|(.., v)| v), Some(Value::Keep));
        let failed = ViewModel { loading: false, ..loading };
        let early = attributes(&failed).into_iter().find(|(_, name, _)| *name == EARLY_FORM_ATTRIBUTE);
        assert_eq!(early.map(|(.., v)| v), Some(Value::Remove));
    }
}
