//! A list of short texts kept in one buffer: what a night's job lists (half a million logins
//! blocked) costs a few bytes a text instead of a `String` each (measured on the inactivity job
//! over 1,000,000 accounts: 463,910 logins, 4 MB here against some 40 MB as `Vec<String>` and a
//! JSON array of them).

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeSeq, Serializer};

/// Texts in one `String`, each ending where `ends` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextList {
    text: String,
    ends: Vec<usize>,
}

impl TextList {
    pub fn new() -> TextList {
        TextList::default()
    }

    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The bytes of all the texts together.
    pub fn text_bytes(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`-th text (`i < len`).
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The same texts in byte order (as `Vec<String>::sort`). Already sorted (rows read in key
    /// order) costs one pass.
    ///
    /// Sorted by each text's first eight bytes, held beside its index in one array, and only
    /// texts that share them are compared whole: half a million logins in about 30 ms instead
    /// of 200 ms for comparing the texts where they lie (`scripts/bench-jobs`).
    pub fn sorted(self) -> TextList {
        if self.iter().zip(self.iter().skip(1)).all(|(a, b)| a <= b) {
            return self;
        }
        let Ok(n) = u32::try_from(self.len()) else {
            return self.sorted_in_place();
        };
        let mut keys: Vec<Key> = (0..n)
            .map(|at| Key {
                prefix: prefix(self.get(at as usize)),
                at,
            })
            .collect();
        keys.sort_unstable_by(|a, b| {
            let (pa, pb) = ({ a.prefix }, { b.prefix });
            pa.cmp(&pb)
                .then_with(|| self.get({ a.at } as usize).cmp(self.get({ b.at } as usize)))
        });
        self.gathered(keys.iter().map(|k| { k.at } as usize))
    }

    /// [`sorted`](Self::sorted) for more texts than a `u32` counts.
    fn sorted_in_place(self) -> TextList {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_unstable_by(|&a, &b| self.get(a).cmp(self.get(b)));
        self.gathered(order.into_iter())
    }

    /// The texts in the order of `order` (each index once).
    fn gathered(&self, order: impl Iterator<Item = usize>) -> TextList {
        let mut out = TextList {
            text: String::with_capacity(self.text.len()),
            ends: Vec::with_capacity(self.len()),
        };
        for i in order {
            out.push(self.get(i));
        }
        out
    }
}

/// A text's place in [`TextList::sorted`]: 12 bytes, not 16.
#[derive(Clone, Copy)]
#[repr(C, packed(4))]
struct Key {
    prefix: u64,
    at: u32,
}

/// The first eight bytes of `s`, zero-padded, as a big-endian number: ordered as the texts
/// are, except that texts sharing them must still be compared whole.
fn prefix(s: &str) -> u64 {
    let mut k = [0u8; 8];
    let n = s.len().min(8);
    k[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(k)
}

impl<S: AsRef<str>> FromIterator<S> for TextList {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> TextList {
        let mut out = TextList::new();
        for s in iter {
            out.push(s.as_ref());
        }
        out
    }
}

impl From<Vec<String>> for TextList {
    fn from(v: Vec<String>) -> TextList {
        v.into_iter().collect()
    }
}

/// A JSON array of strings, exactly as a `Vec<String>` serialises.
impl Serialize for TextList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for s in self.iter() {
            seq.serialize_element(s)?;
        }
        seq.end()
    }
}

/// A JSON array of strings, read back.
impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TextList, D::Error> {
        struct Texts;
        impl<'de> Visitor<'de> for Texts {
            type Value = TextList;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TextList, A::Error> {
                let mut out = TextList::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(&s);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(Texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_sorts_and_serialises_like_a_vec() {
        let v: Vec<String> = ["u2", "", "u10", "б", "a\"\n", "u1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let list = TextList::from(v.clone());
        assert_eq!(list.len(), 6);
        assert_eq!(list.iter().collect::<Vec<_>>(), v);
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            serde_json::to_string(&v).unwrap()
        );
        let mut sorted = v.clone();
        sorted.sort();
        let list = list.sorted();
        assert_eq!(list.iter().collect::<Vec<_>>(), sorted);
        assert_eq!(list.clone().sorted(), list);
        assert!(TextList::new().sorted().is_empty());
        assert_eq!(serde_json::to_string(&TextList::new()).unwrap(), "[]");
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(serde_json::from_str::<TextList>(&json).unwrap(), list);
    }

    /// Texts that share their first eight bytes, are shorter than eight, end in NUL or are
    /// prefixes of each other, in many shuffled orders: sorted as `Vec<String>::sort` does,
    /// by both ways of sorting.
    #[test]
    fn sorts_texts_sharing_their_first_bytes() {
        let base = [
            "ivanov.aa",
            "ivanov.a",
            "ivanov.ab",
            "ivanov",
            "ivanov\0",
            "ivanov\0\0",
            "ivanov.a1",
            "ivanov.a10",
            "ivanov.a2",
            "ж",
            "жж",
            "",
            "a",
            "ivanovich",
            "ivanovic",
            "\u{10FFFF}",
        ];
        let mut x: u64 = 7;
        for round in 0..200 {
            let mut v: Vec<String> = base.iter().map(|s| s.to_string()).collect();
            v.extend((0..round).map(|i| format!("ivanov.{}", i * 7919 % 97)));
            for i in (1..v.len()).rev() {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                v.swap(i, (x >> 33) as usize % (i + 1));
            }
            let mut expected = v.clone();
            expected.sort();
            let list = TextList::from(v);
            assert_eq!(list.clone().sorted().iter().collect::<Vec<_>>(), expected);
            assert_eq!(list.sorted_in_place().iter().collect::<Vec<_>>(), expected);
        }
    }
}
