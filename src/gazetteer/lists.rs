//! Many short lists of numbers (or strings) in one table, instead of one
//! allocation each: the trie's patterns and the fuzzy index's
//! targets number hundreds of thousands, and a snapshot decodes them in
//! one pass.

use serde::{Deserialize, Serialize};

/// Lists of `u32`, stored end to end.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Lists {
    /// Where each list ends in `items`.
    #[serde(with = "le_u32s")]
    ends: Vec<u32>,
    #[serde(with = "le_u32s")]
    items: Vec<u32>,
}

impl Lists {
    /// List `i`, or an empty one if there is no such list.
    pub(crate) fn get(&self, i: usize) -> &[u32] {
        let Some(&end) = self.ends.get(i) else { return &[] };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.items.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// Number of lists.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Adds a list at the end.
    pub(crate) fn push(&mut self, list: &[u32]) {
        self.items.extend_from_slice(list);
        self.ends.push(self.items.len() as u32);
    }

    /// Whether the ends run in order within the items, and every item is
    /// below `limit`: what a loaded table must hold before it is used.
    pub(crate) fn consistent(&self, limit: u32) -> bool {
        self.ends.is_sorted()
            && self.ends.last().is_none_or(|&e| e as usize == self.items.len())
            && self.items.iter().all(|&n| n < limit)
    }
}

impl<'a> FromIterator<&'a [u32]> for Lists {
    fn from_iter<I: IntoIterator<Item = &'a [u32]>>(lists: I) -> Lists {
        let mut out = Lists::default();
        for list in lists {
            out.push(list);
        }
        out
    }
}

/// Strings, stored end to end.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Strings {
    #[serde(with = "le_u32s")]
    ends: Vec<u32>,
    text: String,
}

impl Strings {
    /// String `i` (empty if there is none).
    pub(crate) fn get(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else { return "" };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// Number of strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Adds a string at the end.
    pub(crate) fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
    }

    /// Whether every string lies on character boundaries of the text.
    pub(crate) fn consistent(&self) -> bool {
        self.ends.is_sorted()
            && self.ends.last().is_none_or(|&e| e as usize == self.text.len())
            && self.ends.iter().all(|&e| self.text.is_char_boundary(e as usize))
    }
}

/// Lists under string keys, in the keys' byte order: a map that a
/// snapshot loads as flat arrays, without a heap allocation per key (the
/// variants index has a quarter of a million), looked up by binary search.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct KeyedLists {
    keys: Strings,
    lists: Lists,
}

impl KeyedLists {
    /// The list under `key` (empty if there is none).
    pub(crate) fn get(&self, key: &str) -> &[u32] {
        let (mut lo, mut hi) = (0, self.keys.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.keys.get(mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.lists.get(mid),
            }
        }
        &[]
    }

    /// Number of keys.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// Number of items in all lists.
    pub(crate) fn items(&self) -> usize {
        self.lists.items.len()
    }

    /// Whether the table is whole and every item is below `limit` (see
    /// [`Lists::consistent`]).
    pub(crate) fn consistent(&self, limit: u32) -> bool {
        self.keys.len() == self.lists.len()
            && self.keys.consistent()
            && self.lists.consistent(limit)
    }
}

impl<K: AsRef<str>> FromIterator<(K, Vec<u32>)> for KeyedLists {
    /// The table of `(key, list)` pairs with distinct keys, in any order.
    fn from_iter<I: IntoIterator<Item = (K, Vec<u32>)>>(pairs: I) -> KeyedLists {
        let mut pairs: Vec<(K, Vec<u32>)> = pairs.into_iter().collect();
        pairs.sort_unstable_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
        let mut out = KeyedLists::default();
        for (key, list) in &pairs {
            out.keys.push(key.as_ref());
            out.lists.push(list);
        }
        out
    }
}

/// A little-endian u32 from the first four of `b` (which holds at least
/// four): how the snapshot stores every number of its flat tables.
pub(crate) fn le_u32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// A `Vec<u32>` as one run of little-endian bytes: a snapshot copies it
/// back in one pass instead of decoding a varint per number.
mod le_u32s {
    use serde::{Deserializer, Serializer, de};

    pub(super) fn serialize<S: Serializer>(v: &[u32], s: S) -> Result<S::Ok, S::Error> {
        let bytes: Vec<u8> = v.iter().flat_map(|n| n.to_le_bytes()).collect();
        s.serialize_bytes(&bytes)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
        struct Numbers;
        impl de::Visitor<'_> for Numbers {
            type Value = Vec<u32>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("little-endian u32s")
            }

            fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<Vec<u32>, E> {
                if !b.len().is_multiple_of(4) {
                    return Err(E::invalid_length(b.len(), &self));
                }
                Ok(b.chunks_exact(4).map(super::le_u32).collect())
            }
        }
        d.deserialize_bytes(Numbers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_strings_come_back_as_pushed() {
        let lists: Lists = [&[1u32, 2][..], &[], &[3]].into_iter().collect();
        assert_eq!(
            (0..lists.len()).map(|i| lists.get(i)).collect::<Vec<_>>(),
            [&[1, 2][..], &[], &[3]]
        );
        assert_eq!(lists.get(7), &[] as &[u32]);
        assert!(lists.consistent(4) && !lists.consistent(3));
        let mut s = Strings::default();
        for w in ["raqqa", "", "ḩimş"] {
            s.push(w);
        }
        assert_eq!((s.get(0), s.get(1), s.get(2), s.len()), ("raqqa", "", "ḩimş", 3));
        assert!(s.consistent());
    }

    #[test]
    fn keyed_lists_find_every_key_and_no_other() {
        let pairs = [("rk", vec![1]), ("drzr", vec![2, 3]), ("hms", vec![]), ("a", vec![4])];
        let table: KeyedLists = pairs.iter().cloned().collect();
        for (key, list) in &pairs {
            assert_eq!(table.get(key), list.as_slice(), "{key}");
        }
        for missing in ["", "b", "drz", "drzrr", "zz"] {
            assert_eq!(table.get(missing), &[] as &[u32], "{missing}");
        }
        assert_eq!((table.len(), table.items()), (4, 4));
        assert!(table.consistent(5) && !table.consistent(4));
    }
}
