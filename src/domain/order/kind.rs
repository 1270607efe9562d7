//! The kind of an order as HR writes it: a word, or the title of the order ("О приеме на
//! работу", "Расторжение трудового договора", "Жұмыстан босату туралы"). A kind is recognised by
//! its leading words in English, Russian or Kazakh; the configuration can add spellings
//! (`[orders.kinds]`), and an unknown kind is answered with the nearest known one.

use serde::Serialize;

/// The kind of an HR order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrderKind {
    Hire,
    Transfer,
    Dismissal,
}

crate::domain::stored_as_text!(OrderKind, "order kind", [Hire, Transfer, Dismissal]);

use OrderKind::{Dismissal, Hire, Transfer};

/// The leading words that name a kind, as word stems: each stem must begin the word in its
/// place ("прием" holds «приём», «о приеме»; "трудов" holds «трудового»).
const LEADING_WORDS: &[(&[&str], OrderKind)] = &[
    (&["hire"], Hire),
    (&["hiring"], Hire),
    (&["прием"], Hire),
    (&["принят"], Hire),
    (&["назначени"], Hire),
    (&["қабылда"], Hire),
    (&["жұмысқа", "қабылда"], Hire),
    (&["тағайында"], Hire),
    (&["transfer"], Transfer),
    (&["перевод"], Transfer),
    (&["перемещени"], Transfer),
    (&["ауыстыр"], Transfer),
    (&["басқа", "жұмысқа", "ауыстыр"], Transfer),
    (&["басқа", "лауазымға", "ауыстыр"], Transfer),
    (&["dismiss"], Dismissal),
    (&["увольнени"], Dismissal),
    (&["уволит"], Dismissal),
    (&["расторжени", "трудов", "договор"], Dismissal),
    (&["прекращени", "трудов", "договор"], Dismissal),
    (&["освобождени"], Dismissal),
    (&["босат"], Dismissal),
    (&["жұмыстан", "босат"], Dismissal),
    (&["жұмыстан", "шығар"], Dismissal),
    (&["лауазымнан", "босат"], Dismissal),
    (&["еңбек", "шарт", "бұз"], Dismissal),
    (&["еңбек", "шарт", "тоқтат"], Dismissal),
];

/// Words before the kind that say nothing of it: «Приказ о …», «Об …», «Қызметкерді …».
const LEAD_IN: &[&str] = &[
    "приказ",
    "о",
    "об",
    "бұйрық",
    "қызметкерді",
    "қызметкерлерді",
    "on",
    "of",
];

/// Known spellings, whole, for naming the nearest one to an unknown kind.
const SPELLINGS: &[(&str, OrderKind)] = &[
    ("hire", Hire),
    ("прием", Hire),
    ("прием на работу", Hire),
    ("назначение", Hire),
    ("қабылдау", Hire),
    ("жұмысқа қабылдау", Hire),
    ("transfer", Transfer),
    ("перевод", Transfer),
    ("перемещение", Transfer),
    ("ауыстыру", Transfer),
    ("dismissal", Dismissal),
    ("увольнение", Dismissal),
    ("расторжение трудового договора", Dismissal),
    ("освобождение", Dismissal),
    ("босату", Dismissal),
    ("жұмыстан босату", Dismissal),
    ("жұмыстан шығару", Dismissal),
];

impl OrderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Hire => "hire",
            Transfer => "transfer",
            Dismissal => "dismissal",
        }
    }

    /// Reads a kind by its built-in words (the configuration's spellings: [`KindWords`]).
    pub fn parse(s: &str) -> Option<OrderKind> {
        KindWords::default().parse(s)
    }

    /// Whether an order of this kind can be the basis of a grant or change request (§23); a
    /// dismissal only proves that a person is not acting staff (§30).
    pub fn is_basis_for_access(self) -> bool {
        matches!(self, Hire | Transfer)
    }
}

/// A kind's text as words: lower case, `ё` as `е`, punctuation and quotes as spaces.
fn words(s: &str) -> Vec<String> {
    let s = s.to_lowercase().replace('ё', "е");
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The words that name a kind: the built-in ones and those the configuration adds.
#[derive(Debug, Clone, Default)]
pub struct KindWords {
    /// Spellings from the configuration, as words; they are tried first, so a spelling can
    /// also give a built-in word another kind.
    added: Vec<(Vec<String>, OrderKind)>,
}

/// The nearest known spelling to a kind that is not recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nearest {
    pub spelling: String,
    pub kind: OrderKind,
}

impl KindWords {
    /// With spellings added by the configuration (`[orders.kinds]`).
    pub fn with(added: impl IntoIterator<Item = (String, OrderKind)>) -> KindWords {
        let added = added
            .into_iter()
            .map(|(s, k)| (words(&s), k))
            .filter(|(w, _)| !w.is_empty())
            .collect();
        KindWords { added }
    }

    /// The kind a text names by its leading words, if any.
    pub fn parse(&self, s: &str) -> Option<OrderKind> {
        let all = words(s);
        let lead = all.iter().take_while(|w| LEAD_IN.contains(&w.as_str()));
        let rest = &all[lead.count()..];
        for text in [&all[..], rest] {
            if let Some((_, k)) = self.added.iter().find(|(w, _)| text.starts_with(w)) {
                return Some(*k);
            }
        }
        LEADING_WORDS
            .iter()
            .find(|(stems, _)| {
                stems.len() <= rest.len() && stems.iter().zip(rest).all(|(s, w)| w.starts_with(s))
            })
            .map(|(_, k)| *k)
    }

    /// The known spelling nearest to a text (by edit distance over as many leading words as
    /// the spelling has), when it is near enough to be a misspelling of it: at most two edits,
    /// or a third of the spelling. «Командировка» is near nothing, and gets the list of kinds.
    pub fn nearest(&self, s: &str) -> Option<Nearest> {
        let all = words(s);
        let added = self.added.iter().map(|(w, k)| (w.join(" "), *k));
        let builtin = SPELLINGS.iter().map(|(w, k)| ((*w).to_owned(), *k));
        added
            .chain(builtin)
            .map(|(spelling, kind)| {
                let n = spelling.split(' ').count();
                let lead = all.iter().take(n).cloned().collect::<Vec<_>>().join(" ");
                let d = strsim::levenshtein(&lead, &spelling);
                (d, Nearest { spelling, kind })
            })
            .min_by_key(|(d, _)| *d)
            .filter(|(d, n)| *d <= 2 || *d * 3 <= n.spelling.chars().count())
            .map(|(_, n)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_in_three_languages() {
        for (s, k) in [
            ("hire", Hire),
            ("Приём на работу", Hire),
            ("  ПРИЕМ ", Hire),
            ("жұмысқа  қабылдау", Hire),
            ("Перемещение", Transfer),
            ("ауыстыру", Transfer),
            ("Увольнение", Dismissal),
            ("жұмыстан шығару", Dismissal),
        ] {
            assert_eq!(OrderKind::parse(s), Some(k), "{s}");
        }
        assert_eq!(OrderKind::parse("командировка"), None);
    }

    /// Kinds as the titles of orders say them (issue 14): each was `unknown_kind`.
    #[test]
    fn kinds_by_their_leading_words() {
        for (s, k) in [
            ("Увольнение по собственному желанию", Dismissal),
            ("Расторжение трудового договора", Dismissal),
            ("О расторжении трудового договора", Dismissal),
            ("Об увольнении", Dismissal),
            ("О приеме на работу", Hire),
            ("Приказ о приёме на работу", Hire),
            ("«О переводе»", Transfer),
            ("Жұмыстан босату туралы", Dismissal),
            ("Қызметкерді жұмыстан босату туралы", Dismissal),
            ("Жұмысқа қабылдау туралы", Hire),
            ("Басқа жұмысқа ауыстыру туралы", Transfer),
            ("Еңбек шартын бұзу туралы", Dismissal),
        ] {
            assert_eq!(OrderKind::parse(s), Some(k), "{s}");
        }
        for s in [
            "о",
            "",
            "Командировка",
            "Отпуск по уходу за ребенком",
            "трудового договора",
        ] {
            assert_eq!(OrderKind::parse(s), None, "{s}");
        }
    }

    #[test]
    fn configured_spellings_come_first() {
        let w = KindWords::with([
            ("Зачисление в штат".to_owned(), Hire),
            ("Назначение".to_owned(), Transfer),
        ]);
        assert_eq!(w.parse("Зачисление в штат министерства"), Some(Hire));
        assert_eq!(
            w.parse("О назначении"),
            Some(Hire),
            "a whole word, not a stem"
        );
        assert_eq!(w.parse("назначение на должность"), Some(Transfer));
        assert_eq!(w.parse("зачисление"), None);
    }

    #[test]
    fn nearest_known_kind() {
        let w = KindWords::default();
        let n = w.nearest("Увольненние").unwrap();
        assert_eq!((n.spelling.as_str(), n.kind), ("увольнение", Dismissal));
        let n = w.nearest("перивод сотрудника").unwrap();
        assert_eq!(n.kind, Transfer);
        assert_eq!(w.nearest("Командировка"), None);
        let w = KindWords::with([("Зачисление".to_owned(), Hire)]);
        assert_eq!(w.nearest("зачислене").unwrap().spelling, "зачисление");
    }
}
