//! Article ids made safe and unique as file names.

use std::collections::HashSet;

const MAX_LEN: usize = 120;
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// `id` as a safe file name: letters, digits, `-`, `_` and `.` only (others
/// become `_`), no leading dot, no `..`, no reserved device names, at most
/// 120 bytes.
pub fn safe(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
        .collect();
    while s.contains("..") {
        s = s.replace("..", "_");
    }
    let s = s.trim_start_matches('.');
    let mut s = if s.is_empty() { "article".to_string() } else { s.to_string() };
    if s.len() > MAX_LEN {
        let mut cut = MAX_LEN;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    let stem = s.split('.').next().unwrap_or("").to_ascii_lowercase();
    if RESERVED.contains(&stem.as_str()) {
        s.insert(0, '_');
    }
    s
}

/// Hands out unique safe ids: a repeated id gets `-2`, `-3`, ... (compared
/// without case, for case-insensitive file systems).
#[derive(Default)]
pub struct IdRegistry {
    seen: HashSet<String>,
}

impl IdRegistry {
    /// The unique safe id for `id`.
    pub fn assign(&mut self, id: &str) -> String {
        let base = safe(id);
        let mut candidate = base.clone();
        let mut n = 1;
        while !self.seen.insert(candidate.to_lowercase()) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_ids_become_safe() {
        assert_eq!(safe("../../etc/passwd"), "____etc_passwd");
        assert_eq!(safe("a/b\\c\0d"), "a_b_c_d");
        assert_eq!(safe(".hidden"), "hidden");
        assert_eq!(safe("CON"), "_CON");
        assert_eq!(safe(""), "article");
        assert_eq!(safe(&"x".repeat(10_000)).len(), 120);
        assert_eq!(safe("Raqqa-2017.10"), "Raqqa-2017.10");
    }

    #[test]
    fn collisions_get_suffixes() {
        let mut r = IdRegistry::default();
        assert_eq!(r.assign("a"), "a");
        assert_eq!(r.assign("A"), "A-2");
        assert_eq!(r.assign("a"), "a-3");
    }
}
