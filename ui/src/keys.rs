//! Keyboard shortcuts.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Ctrl+N
    NewApplication,
    /// Ctrl+K
    FocusSearch,
    /// Ctrl+S
    Save,
    /// Esc
    Escape,
}

impl Shortcut {
    /// Whether the browser's own handling of the key must be stopped.
    pub const fn prevents_default(self) -> bool {
        !matches!(self, Self::Escape)
    }
}

/// The shortcut a key press means. `command` is Ctrl (or ⌘ on macOS).
pub fn shortcut(key: &str, command: bool, alt: bool, shift: bool) -> Option<Shortcut> {
    if key == "Escape" && !command && !alt {
        return Some(Shortcut::Escape);
    }
    if !command || alt || shift {
        return None;
    }
    match key {
        "n" | "N" => Some(Shortcut::NewApplication),
        "k" | "K" => Some(Shortcut::FocusSearch),
        "s" | "S" => Some(Shortcut::Save),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_need_ctrl_and_nothing_else() {
        assert_eq!(
            shortcut("n", true, false, false),
            Some(Shortcut::NewApplication)
        );
        assert_eq!(
            shortcut("K", true, false, false),
            Some(Shortcut::FocusSearch)
        );
        assert_eq!(shortcut("s", true, false, false), Some(Shortcut::Save));
        assert_eq!(shortcut("s", false, false, false), None, "typing an s");
        assert_eq!(shortcut("s", true, true, false), None);
        assert_eq!(shortcut("S", true, false, true), None);
        assert_eq!(
            shortcut("Escape", false, false, false),
            Some(Shortcut::Escape)
        );
        assert!(!Shortcut::Escape.prevents_default());
        assert!(Shortcut::Save.prevents_default());
    }
}
