//! Why a name reaches an entry: the path from a spelling to each entry it
//! can mean, for `gazet lookup` and `gazet show --explain`.

use crate::gazetteer::fuzzy::fuzzy_key;
use crate::gazetteer::variants::{self, MIN_SKELETON};
use crate::gazetteer::{EntryIdx, Gazetteer, NameRole};
use crate::mention::MatchMethod;
use crate::text::normalize_key;

/// One way a spelling reaches an entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Reach {
    /// The entry reached.
    pub entry: EntryIdx,
    /// The gazetteer name it is reached through.
    pub name: u32,
    /// Exact (same normalised form), variant (same skeleton) or fuzzy
    /// (within the edit-distance limit).
    pub method: MatchMethod,
    /// The path, e.g. `"Dair Alzour" → article, join, vowel → drzr ←
    /// article, join, vowel ← "Deir ez-Zor" (similarity 0.88)`.
    pub path: String,
}

fn rules(r: &[&str]) -> String {
    if r.is_empty() { "unchanged".to_string() } else { r.join(", ") }
}

/// Every entry `text` can reach, exact first, then variants, then fuzzy.
/// Demonyms are marked in the path.
pub fn reach(gaz: &Gazetteer, text: &str) -> Vec<Reach> {
    let key = normalize_key(text);
    let mut out: Vec<Reach> = Vec::new();
    for &n in gaz.lookup(text) {
        let name = gaz.name(n);
        let role = if name.role == NameRole::Demonym { "demonym" } else { "name" };
        let flags = name.flags.to_flag_string();
        let flags = if flags.is_empty() { String::new() } else { format!(" [{flags}]") };
        out.push(Reach {
            entry: name.entry,
            name: n,
            method: MatchMethod::Exact,
            path: format!("{text:?} → normalised {key:?} = {role} {:?}{flags}", name.text),
        });
    }
    if variants::eligible(&key) {
        let sk = variants::skeleton(&key);
        if sk.key.len() >= MIN_SKELETON {
            for &n in gaz.skeleton_names(&sk.key) {
                let name = gaz.name(n);
                if out.iter().any(|r| r.entry == name.entry) {
                    continue;
                }
                let nsk = variants::skeleton(&normalize_key(name.text));
                out.push(Reach {
                    entry: name.entry,
                    name: n,
                    method: MatchMethod::Variant,
                    path: format!(
                        "{text:?} → {} → {} ← {} ← {:?} (similarity {:.2})",
                        rules(&sk.rules),
                        sk.key,
                        rules(&nsk.rules),
                        name.text,
                        variants::similarity(&sk.base, &nsk.base)
                    ),
                });
            }
        }
    }
    let fkey = fuzzy_key(&key);
    for hit in gaz.fuzzy_find(&fkey) {
        for &n in hit.names {
            let name = gaz.name(n);
            if out.iter().any(|r| r.entry == name.entry) {
                continue;
            }
            out.push(Reach {
                entry: name.entry,
                name: n,
                method: MatchMethod::Fuzzy,
                path: format!(
                    "{fkey:?} ~ {:?} of {:?}: edit distance {} (similarity {:.2})",
                    hit.key, name.text, hit.distance, hit.similarity
                ),
            });
        }
    }
    out
}
