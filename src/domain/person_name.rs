//! Whether an order names the person on record for its IIN: an order never renames a person
//! (a known IIN under another name is a mistake that would block the wrong person's accounts,
//! §30), except for a changed surname, which marriage brings.
//!
//! Names are compared as people write them: case, `ё`/`е`, spaces and hyphens do not count, and
//! letters that look alike count as one — Latin and Cyrillic look-alikes (a/а, o/о, ...) and the
//! Kazakh letters with their Russian neighbours (ә/а, қ/к, ұ/ү/у, і/и, ...), which a keyboard
//! or a converted file swaps.

/// How a new order's name stands to the name on record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch {
    /// The same person, however written.
    Same,
    /// The same name and patronymic under another surname: a marriage, accepted with a warning.
    SurnameChanged,
    /// Another name: the order is rejected (`name_mismatch`).
    Different,
}

/// A person's name: surname, name and patronymic (empty when the order has none).
pub type FullName<'a> = (&'a str, &'a str, &'a str);

/// Compares the name an order gives with the name on record for the same IIN. A patronymic
/// missing on either side is not a difference for the same surname; a new surname is taken
/// as a marriage only when name and patronymic are both written and the same (a first name
/// alone is too little to tell the person).
pub fn compare(on_record: FullName<'_>, new: FullName<'_>) -> NameMatch {
    let (s1, n1, p1) = (key(on_record.0), key(on_record.1), key(on_record.2));
    let (s2, n2, p2) = (key(new.0), key(new.1), key(new.2));
    let patronymic_agrees = p1.is_empty() || p2.is_empty() || p1 == p2;
    let patronymic_same = !p1.is_empty() && p1 == p2;
    if s1 == s2 && n1 == n2 && patronymic_agrees {
        NameMatch::Same
    } else if s1 != s2 && n1 == n2 && patronymic_same {
        NameMatch::SurnameChanged
    } else {
        NameMatch::Different
    }
}

/// Whether a name search (`employees list --name`) finds a person: the text is any part of
/// the full name, case, `ё`/`е`, spaces and look-alike letters aside, written in Cyrillic or in
/// Latin letters (Akhmetova and Ahmetova find Ахметова; Zhaksybekova and Jaksybekova find
/// Жақсыбекова).
pub fn name_matches(full_name: &str, text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() {
        return true;
    }
    key(full_name).contains(&key(text)) || latin(full_name).contains(&latin(text))
}

/// A name in plain Latin letters as compared: transliterated, then the spellings that vary
/// between passports and keyboards made one (kh/h, zh/j, y/i, q/k, ts/c).
fn latin(s: &str) -> String {
    let t = super::login::transliterate(s).replace('-', "");
    t.replace("kh", "h")
        .replace("zh", "j")
        .replace("ts", "c")
        .replace(['y', 'i'], "i")
        .replace('q', "k")
}

/// A name part as compared: lower case, no spaces or hyphens, look-alike letters as one.
fn key(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '–' | '.' | '\''))
        .map(|c| match c {
            'ё' => 'е',
            'a' | 'ә' => 'а',
            'b' => 'в',
            'c' => 'с',
            'e' => 'е',
            'h' | 'ң' => 'н',
            'k' | 'қ' => 'к',
            'm' => 'м',
            'o' | 'ө' => 'о',
            'p' => 'р',
            't' => 'т',
            'x' | 'һ' => 'х',
            'y' | 'ұ' | 'ү' => 'у',
            'i' | 'і' | 'ї' => 'и',
            'ғ' => 'г',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_found_by_any_part() {
        let full = "Жақсыбекова Гүлнұр Қайратқызы";
        for text in [
            "жақсы",
            "ЖАКСЫБЕКОВА",
            "гулнур",
            "Zhaksybekova",
            "jaksybekova",
            "Gulnur",
            "бекова гүл",
        ] {
            assert!(name_matches(full, text), "{text}");
        }
        assert!(name_matches("Ахметова Дана", "Akhmetova"));
        assert!(name_matches("Ахметова Дана", "ahmetova"));
        assert!(name_matches("Сёмина Алёна", "семина"));
        assert!(name_matches("Цой Виктор", "Tsoy"));
        assert!(!name_matches("Петров Иван", "Сидоров"));
        assert!(!name_matches("Петров Иван", "smith"));
    }

    #[test]
    fn the_same_person_however_written() {
        let on_record = ("Петров", "Иван", "Сергеевич");
        for new in [
            ("ПЕТРОВ", "иван", "Сергеевич"),
            ("Петров", "Иван", ""),
            (" Петров ", "Иван", "Сергеевич"),
            ("Пeтpoв", "Иван", "Сергеевич"), // Latin e, p, o
        ] {
            assert_eq!(compare(on_record, new), NameMatch::Same, "{new:?}");
        }
        let kk = ("Жақсыбекова", "Гүлнұр", "Қайрат қызы");
        assert_eq!(
            compare(kk, ("Жаксыбекова", "Гулнур", "Қайратқызы")),
            NameMatch::Same
        );
        assert_eq!(
            compare(("Сёмина", "Алёна", ""), ("Семина", "Алена", "")),
            NameMatch::Same
        );
    }

    #[test]
    fn a_marriage_and_a_mistake() {
        let on_record = ("Петрова", "Анна", "Сергеевна");
        assert_eq!(
            compare(on_record, ("Иванова", "Анна", "Сергеевна")),
            NameMatch::SurnameChanged
        );
        assert_eq!(
            compare(on_record, ("Сидоров", "Пётр", "Ильич")),
            NameMatch::Different
        );
        assert_eq!(
            compare(on_record, ("Петрова", "Мария", "Сергеевна")),
            NameMatch::Different
        );
        assert_eq!(
            compare(on_record, ("Иванова", "Анна", "Петровна")),
            NameMatch::Different
        );
        assert_eq!(
            compare(on_record, ("Иванова", "Анна", "")),
            NameMatch::Different,
            "a first name alone does not tell the person"
        );
    }
}
