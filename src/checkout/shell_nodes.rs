//! The shell's nodes on the page ([`crate::shell`]): the early start's,
//! taken over, or made here.

use crate::shell::{attributes, Part, Value, EARLY_SHELL_ATTRIBUTE, NODES, SKELETON_LINES, SKELETON_LINE_CLASS};
use crate::view_model::ViewModel;
use web_sys::{Document, Element};

/// The shell's nodes, in the order of [`NODES`].
#[derive(Clone)]
pub struct ShellNodes {
    nodes: Vec<Element>,
}

impl ShellNodes {
    /// The early start's shell, the first child of `target`, when it is
    /// whole; otherwise a new one appended to `target` (a broken early
    /// shell is removed: its Element, if any, is then not adopted).
    pub fn take_or_build(target: &Element) -> Option<Self> {
        if let Some(early) = early_shell(target) {
            match Self::read(&early) {
                Some(shell) => {
                    let _ = early.remove_attribute(EARLY_SHELL_ATTRIBUTE);
                    return Some(shell);
                }
                None => early.remove(),
            }
        }
        let shell = Self::build(&target.owner_document()?)?;
        target.append_child(shell.root()).ok()?;
        Some(shell)
    }

    /// Finds every part under the early root, each in its parent.
    fn read(root: &Element) -> Option<Self> {
        let mut nodes: Vec<Element> = Vec::with_capacity(NODES.len());
        for (part, class, parent) in NODES {
            let node = match parent {
                None => root.clone(),
                Some(parent) => {
                    let parent = &nodes[index(parent)];
                    let selector = ":scope > .".to_owned() + class;
                    parent.query_selector(&selector).ok()??
                }
            };
            debug_assert_eq!(index(part), nodes.len());
            nodes.push(node);
        }
        Some(Self { nodes })
    }

    fn build(document: &Document) -> Option<Self> {
        let mut nodes: Vec<Element> = Vec::with_capacity(NODES.len());
        for (part, class, parent) in NODES {
            let node = document.create_element("div").ok()?;
            node.set_class_name(class);
            if part == Part::Skeleton {
                node.set_attribute("aria-hidden", "true").ok()?;
                for _ in 0..SKELETON_LINES {
                    let line = document.create_element("span").ok()?;
                    line.set_class_name(SKELETON_LINE_CLASS);
                    node.append_child(&line).ok()?;
                }
            }
            if let Some(parent) = parent {
                nodes[index(parent)].append_child(&node).ok()?;
            }
            nodes.push(node);
        }
        Some(Self { nodes })
    }

    /// The node of `part`.
    pub fn get(&self, part: Part) -> &Element {
        &self.nodes[index(part)]
    }

    /// The root, which the view is mounted in.
    pub fn root(&self) -> &Element {
        self.get(Part::Root)
    }

    /// Sets every attribute as `v` says.
    pub fn show(&self, v: &ViewModel) {
        for (part, name, value) in attributes(v) {
            let node = self.get(part);
            // Setting an attribute of a known name on our own node cannot fail.
            let _ = match value {
                Value::Set(s) => node.set_attribute(name, s),
                Value::Remove => node.remove_attribute(name),
                Value::Keep => Ok(()),
            };
        }
    }

    /// Takes the shell off the page.
    pub fn remove(&self) {
        self.root().remove();
    }
}

fn index(part: Part) -> usize {
    NODES.iter().position(|(p, ..)| *p == part).unwrap_or_default()
}

/// The early start's shell in `target`, if it made one.
fn early_shell(target: &Element) -> Option<Element> {
    target.first_element_child().filter(|root| root.has_attribute(EARLY_SHELL_ATTRIBUTE))
}

/// Removes an early shell the component will not use (a refused
/// configuration shows its error instead).
pub fn remove_early_shell(target: &Element) {
    if let Some(root) = early_shell(target) {
        root.remove();
    }
}
