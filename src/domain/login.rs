//! Logins: the policy, the transliteration of Kazakh and Russian names, and generation.
//!
//! §20: an account has a personal unique login; §26: one login is never used by several
//! people. skud therefore never issues a login twice, not even after its account is blocked or
//! its holder dismissed: every login ever issued stays in the database and counts as taken.

use std::collections::HashSet;

/// The default template: the surname, a dot, the initials of the name and patronymic.
pub const DEFAULT_TEMPLATE: &str = "{surname}.{n}{p}";

pub const MIN_LEN: usize = 3;
/// Active Directory's limit for sAMAccountName (Windows refuses longer ones; Samba does not
/// enforce it), applied to every flavour so that a login is the same wherever it goes.
pub const MAX_LEN: usize = 20;

/// Names never issued as logins, whoever asks (the host's system accounts are added to these).
pub const RESERVED: [&str; 16] = [
    "root",
    "admin",
    "administrator",
    "guest",
    "nobody",
    "daemon",
    "bin",
    "sys",
    "operator",
    "postgres",
    "ldap",
    "test",
    "user",
    "support",
    "system",
    "skud",
];

/// Why a login breaks the policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginProblem {
    #[error("is {len} characters long; a login has {MIN_LEN} to {MAX_LEN}")]
    Length { len: usize },
    #[error("must start with a Latin letter")]
    FirstChar,
    #[error("contains {0:?}: only lowercase Latin letters, digits, '.', '_' and '-' are allowed")]
    BadChar(char),
    #[error("is a reserved name")]
    Reserved,
    #[error("was issued before, or the directory holds it; a login is never reused (§26)")]
    Taken,
}

impl LoginProblem {
    /// The stable code (`logins validate --json`).
    pub fn code(&self) -> &'static str {
        match self {
            LoginProblem::Length { .. } => "length",
            LoginProblem::FirstChar => "first_char",
            LoginProblem::BadChar(_) => "bad_char",
            LoginProblem::Reserved => "reserved",
            LoginProblem::Taken => "taken",
        }
    }
}

/// Checks the form of a login and that it is not reserved (`reserved` adds the host's system
/// accounts to [`RESERVED`]). Whether it was issued before is the caller's look-up.
pub fn check_policy(login: &str, reserved: &HashSet<String>) -> Result<(), LoginProblem> {
    let len = login.chars().count();
    if !(MIN_LEN..=MAX_LEN).contains(&len) {
        return Err(LoginProblem::Length { len });
    }
    if let Some(c) = login
        .chars()
        .find(|c| !matches!(c, 'a'..='z' | '0'..='9' | '.' | '_' | '-'))
    {
        return Err(LoginProblem::BadChar(c));
    }
    if !login.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(LoginProblem::FirstChar);
    }
    if RESERVED.contains(&login) || reserved.contains(login) {
        return Err(LoginProblem::Reserved);
    }
    Ok(())
}

/// The Latin spelling of one Cyrillic letter by the table of DESIGN.md (lowercase), `None` for
/// a letter the table does not know. Latin letters and digits stay as they are.
fn translit_char(c: char) -> Option<&'static str> {
    Some(match c {
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'і' => "i",
        'к' => "k",
        'қ' => "q",
        'л' => "l",
        'м' => "m",
        'н' | 'ң' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ұ' | 'ү' => "u",
        'ф' => "f",
        'х' => "kh",
        'һ' => "h",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Transliterates a name: letters by the table, Latin letters and digits kept, a hyphen kept,
/// everything else (spaces, apostrophes, unknown letters) dropped.
pub fn transliterate(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        if let Some(t) = translit_char(c) {
            out.push_str(t);
        } else if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        }
    }
    out
}

/// An initial: the transliteration of the first letter (Жанар → `zh`).
pub fn initial(s: &str) -> String {
    s.chars()
        .find(|c| c.is_alphabetic())
        .map(|c| transliterate(&c.to_string()))
        .unwrap_or_default()
}

/// The person a login is made for.
#[derive(Debug, Clone, Copy)]
pub struct NameParts<'a> {
    pub surname: &'a str,
    pub name: &'a str,
    pub patronymic: Option<&'a str>,
}

/// A template that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("unknown placeholder {{{0}}}: use {{surname}}, {{name}}, {{patronymic}}, {{n}}, {{p}}")]
    Unknown(String),
    #[error("an unclosed '{{'")]
    Unclosed,
    #[error("it has no {{surname}}: logins would not tell people apart")]
    NoSurname,
}

/// Checks a login template (`[login] template`).
impl TemplateError {
    /// The key of the message that says what is wrong (the unknown placeholder is named in
    /// the English text only; the others are whole).
    pub fn message_key(&self) -> &'static str {
        match self {
            TemplateError::Unknown(_) => "template-unknown",
            TemplateError::Unclosed => "template-unclosed",
            TemplateError::NoSurname => "template-no-surname",
        }
    }
}

pub fn check_template(template: &str) -> Result<(), TemplateError> {
    let mut rest = template;
    let mut has_surname = false;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let j = after.find('}').ok_or(TemplateError::Unclosed)?;
        let key = &after[..j];
        match key {
            "surname" => has_surname = true,
            "name" | "patronymic" | "n" | "p" => {}
            _ => return Err(TemplateError::Unknown(key.to_owned())),
        }
        rest = &after[j + 1..];
    }
    if has_surname {
        Ok(())
    } else {
        Err(TemplateError::NoSurname)
    }
}

/// The login a template gives for a name, before collisions: Петров Иван Сергеевич →
/// `petrov.is`. Leading characters that cannot start a login are dropped, repeated dots and a
/// trailing dot removed; when it is longer than [`MAX_LEN`], the surname part is shortened so
/// that the initials stay.
pub fn from_template(template: &str, p: NameParts<'_>) -> String {
    fitted(template, p, "")
}

/// The template filled with the surname cut to `keep` characters (all of them when `None`).
fn filled(template: &str, p: NameParts<'_>, keep: Option<usize>) -> String {
    let patronymic = p.patronymic.unwrap_or("");
    let mut surname = transliterate(p.surname);
    if let Some(k) = keep {
        surname.truncate(k);
        while surname.len() > 1 && surname.ends_with(['-', '_', '.']) {
            surname.pop();
        }
    }
    let filled = template
        .replace("{surname}", &surname)
        .replace("{name}", &transliterate(p.name))
        .replace("{patronymic}", &transliterate(patronymic))
        .replace("{n}", &initial(p.name))
        .replace("{p}", &initial(patronymic));
    let mut out = String::with_capacity(filled.len());
    for c in filled.chars() {
        let c = c.to_ascii_lowercase();
        if !matches!(c, 'a'..='z' | '0'..='9' | '.' | '_' | '-') {
            continue;
        }
        if out.is_empty() && !c.is_ascii_lowercase() {
            continue;
        }
        if c == '.' && out.ends_with('.') {
            continue;
        }
        out.push(c);
    }
    while out.ends_with(['.', '-', '_']) {
        out.pop();
    }
    out
}

/// The template's login followed by `suffix`, within [`MAX_LEN`]: the surname is shortened
/// first (never below one letter), then, if the rest alone is too long, the end is cut.
fn fitted(template: &str, p: NameParts<'_>, suffix: &str) -> String {
    let full = transliterate(p.surname).len();
    let mut keep = full;
    loop {
        let login = format!("{}{suffix}", filled(template, p, Some(keep)));
        if login.len() <= MAX_LEN {
            return login;
        }
        if keep <= 1 {
            let mut base = filled(template, p, Some(1));
            base.truncate(MAX_LEN.saturating_sub(suffix.len()));
            while base.ends_with(['.', '-', '_']) {
                base.pop();
            }
            return format!("{base}{suffix}");
        }
        keep -= (login.len() - MAX_LEN).min(keep - 1);
    }
}

/// §20, §26: a new login for a person, never one `taken` (every login ever issued, and every
/// login the directory already has) or reserved: the template's login, else the same with `2`,
/// `3`, ... appended (the surname shortened so that the whole fits in [`MAX_LEN`]). `None`
/// when the name gives no usable login.
pub fn generate(
    template: &str,
    p: NameParts<'_>,
    taken: &dyn Fn(&str) -> bool,
    reserved: &HashSet<String>,
) -> Option<String> {
    let mut base = from_template(template, p);
    let short = base.len() < MIN_LEN;
    if short {
        // A very short surname (e.g. "Ли" → "li"): pad with the name's letters.
        base = format!("{base}{}", transliterate(p.name));
        base.retain(|c| c != '.');
        base.truncate(MAX_LEN);
    }
    if check_policy(&base, reserved).is_err() && base.len() < MIN_LEN {
        return None;
    }
    if check_policy(&base, reserved).is_ok() && !taken(&base) {
        return Some(base);
    }
    for n in 2u32.. {
        let suffix = n.to_string();
        let candidate = if short {
            let mut stem = base.clone();
            stem.truncate(MAX_LEN - suffix.len());
            format!("{stem}{suffix}")
        } else {
            fitted(template, p, &suffix)
        };
        if check_policy(&candidate, reserved).is_ok() && !taken(&candidate) {
            return Some(candidate);
        }
        if n > 100_000 {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(s: &'a str, n: &'a str, p: &'a str) -> NameParts<'a> {
        NameParts {
            surname: s,
            name: n,
            patronymic: (!p.is_empty()).then_some(p),
        }
    }

    #[test]
    fn design_md_examples() {
        let t = DEFAULT_TEMPLATE;
        assert_eq!(
            from_template(t, parts("Петров", "Иван", "Сергеевич")),
            "petrov.is"
        );
        assert_eq!(
            from_template(t, parts("Жақсыбекова", "Гүлнұр", "Қайратқызы")),
            "zhaqsybekova.gq"
        );
        assert_eq!(initial("Жанар"), "zh");
        assert_eq!(from_template(t, parts("Ким", "Олег", "")), "kim.o");
        assert_eq!(
            from_template(t, parts("Әбдіхалық-Оглы", "Һасен", "")),
            "abdikhalyq-ogly.h"
        );
        assert_eq!(
            transliterate("Щукин Ёж Юля Ғ Ң Ө Ұ Ү Ъь"),
            "shchukinezhyulyagnouu"
        );
        assert_eq!(from_template(t, parts("O'Brien", "John", "")), "obrien.j");
    }

    #[test]
    fn collisions_number_from_two_and_never_reuse() {
        let reserved = HashSet::new();
        let taken: HashSet<&str> = ["petrov.is", "petrov.is2"].into();
        let is_taken = |l: &str| taken.contains(l);
        let p = parts("Петров", "Игорь", "Семенович");
        assert_eq!(
            generate(DEFAULT_TEMPLATE, p, &is_taken, &reserved).as_deref(),
            Some("petrov.is3")
        );
        let long = "Абдрахмановааааааааааааааааааааааааа";
        let base = from_template("{surname}", parts(long, "А", ""));
        assert_eq!(base.len(), 20);
        let l = generate("{surname}", parts(long, "А", ""), &|l| l == base, &reserved).unwrap();
        assert_eq!(l.len(), 20);
        assert!(l.ends_with('2'));
    }

    #[test]
    fn long_surnames_are_shortened_and_the_initials_stay() {
        let reserved = HashSet::new();
        // 26 letters of surname: cut to fit 20 with ".gq" kept.
        let p = parts("Жақсыбекова-Абдрахманова", "Гүлнұр", "Қайратқызы");
        let l = from_template(DEFAULT_TEMPLATE, p);
        assert_eq!(l, "zhaqsybekova-abdr.gq");
        assert_eq!(l.len(), MAX_LEN);
        let taken: HashSet<String> = [l.clone()].into();
        let second = generate(DEFAULT_TEMPLATE, p, &|x| taken.contains(x), &reserved).unwrap();
        assert_eq!(second, "zhaqsybekova-abd.gq2");
        // Every candidate fits, whatever the number.
        let all = |x: &str| x != "zhaqsybekova-a.gq100";
        assert_eq!(
            generate(DEFAULT_TEMPLATE, p, &all, &reserved).as_deref(),
            Some("zhaqsybekova-a.gq100")
        );
        // A shortened surname never ends in a dot or hyphen before the initials.
        let h = from_template(
            DEFAULT_TEMPLATE,
            parts("Абдрахманова-Қасымова", "Айгүл", ""),
        );
        assert!(h.len() <= MAX_LEN && !h.contains("-."), "{h}");
    }

    #[test]
    fn policy() {
        let host: HashSet<String> = ["www-data".to_owned()].into();
        assert_eq!(check_policy("petrov.is", &host), Ok(()));
        assert_eq!(
            check_policy("ab", &host),
            Err(LoginProblem::Length { len: 2 })
        );
        assert_eq!(check_policy("1abc", &host), Err(LoginProblem::FirstChar));
        assert_eq!(
            check_policy("Petrov", &host),
            Err(LoginProblem::BadChar('P'))
        );
        assert_eq!(
            check_policy("петров", &host),
            Err(LoginProblem::BadChar('п'))
        );
        assert_eq!(check_policy("root", &host), Err(LoginProblem::Reserved));
        assert_eq!(check_policy("www-data", &host), Err(LoginProblem::Reserved));
        assert_eq!(
            check_policy(&"a".repeat(21), &host),
            Err(LoginProblem::Length { len: 21 })
        );
    }

    #[test]
    fn reserved_and_short_names() {
        let reserved = HashSet::new();
        // A template that makes "test" gives "test2".
        let l = generate("{surname}", parts("Тест", "А", ""), &|_| false, &reserved);
        assert_eq!(l.as_deref(), Some("test2"));
        let li = generate("{surname}", parts("Ли", "Ан", ""), &|_| false, &reserved);
        assert_eq!(li.as_deref(), Some("lian"));
        assert_eq!(
            generate(
                DEFAULT_TEMPLATE,
                parts("123", "", ""),
                &|_| false,
                &reserved
            ),
            None
        );
    }

    #[test]
    fn templates() {
        assert_eq!(check_template(DEFAULT_TEMPLATE), Ok(()));
        assert_eq!(check_template("{name}.{surname}"), Ok(()));
        assert_eq!(
            check_template("{surnam}"),
            Err(TemplateError::Unknown("surnam".into()))
        );
        assert_eq!(check_template("{n}{p}"), Err(TemplateError::NoSurname));
        assert_eq!(check_template("{surname"), Err(TemplateError::Unclosed));
    }
}
