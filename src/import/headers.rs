//! Header names in English, Russian and Kazakh, matched case-insensitively after trimming
//! (DESIGN.md, "HR orders"). `ё` counts as `е`, runs of spaces as one, and a stray BOM or a
//! trailing `*` or `:` is ignored.

use crate::domain::order::Field;

/// Normalises a header cell for matching.
pub fn normalize(h: &str) -> String {
    let h = h.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '*' || c == ':');
    let h = h.to_lowercase().replace('ё', "е").replace('_', " ");
    h.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The field a header names in an order file, if any.
pub fn order_field(header: &str) -> Option<Field> {
    let h = normalize(header);
    let h = h.as_str();
    Some(match h {
        "order no" | "номер приказа" | "№ приказа" | "№приказа" | "бұйрық нөмірі" | "бұйрық №" => {
            Field::OrderNo
        }
        "order date" | "дата приказа" | "бұйрық күні" => Field::OrderDate,
        "kind" | "вид приказа" | "тип приказа" | "бұйрық түрі" => {
            Field::Kind
        }
        "iin" | "иин" | "жсн" => Field::Iin,
        "surname" | "фамилия" | "тегі" => Field::Surname,
        "name" | "имя" | "аты" => Field::Name,
        "patronymic" | "отчество" | "әкесінің аты" => Field::Patronymic,
        "full name" | "фио" | "ф.и.о." | "ф.и.о" | "таә" | "т.а.ә." => {
            Field::FullName
        }
        "position" | "должность" | "лауазымы" | "лауазым" => {
            Field::Position
        }
        "department"
        | "подразделение"
        | "структурное подразделение"
        | "бөлімше"
        | "құрылымдық бөлімше" => Field::Department,
        "effective date" | "дата вступления в силу" | "күшіне ену күні" => {
            Field::EffectiveDate
        }
        "email" | "e-mail" | "электронная почта" | "электрондық пошта" => {
            Field::Email
        }
        _ => return None,
    })
}

/// Which column holds each field.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    columns: Vec<(Field, usize)>,
    pub headers: Vec<String>,
}

/// Why a header row cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderProblem {
    /// Not one cell names a known column: this is not a header.
    NoKnownColumn,
    /// Required columns are missing (canonical names).
    Missing(Vec<&'static str>),
    /// Two cells name the same field.
    Twice {
        field: &'static str,
        first: String,
        second: String,
    },
}

impl ColumnMap {
    /// Maps an order file's header: every required column present, either the three name
    /// columns or the combined full name.
    pub fn for_orders(header: &csv::StringRecord) -> Result<ColumnMap, HeaderProblem> {
        let mut map = ColumnMap {
            columns: Vec::new(),
            headers: header.iter().map(str::to_owned).collect(),
        };
        for (i, h) in header.iter().enumerate() {
            if let Some(f) = order_field(h) {
                if let Some(&(_, j)) = map.columns.iter().find(|(g, _)| *g == f) {
                    return Err(HeaderProblem::Twice {
                        field: f.as_str(),
                        first: map.headers[j].clone(),
                        second: h.to_owned(),
                    });
                }
                map.columns.push((f, i));
            }
        }
        if map.columns.is_empty() {
            return Err(HeaderProblem::NoKnownColumn);
        }
        let has = |f| map.index(f).is_some();
        let mut missing = Vec::new();
        for f in [Field::OrderNo, Field::OrderDate, Field::Kind, Field::Iin] {
            if !has(f) {
                missing.push(f.as_str());
            }
        }
        if !has(Field::FullName) {
            for f in [Field::Surname, Field::Name] {
                if !has(f) {
                    missing.push(f.as_str());
                }
            }
        }
        for f in [Field::Position, Field::Department] {
            if !has(f) {
                missing.push(f.as_str());
            }
        }
        if !missing.is_empty() {
            return Err(HeaderProblem::Missing(missing));
        }
        Ok(map)
    }

    /// The header's width: up to its last non-empty cell.
    pub fn width(&self) -> usize {
        super::header_width(self.headers.iter().map(String::as_str))
    }

    pub fn index(&self, f: Field) -> Option<usize> {
        self.columns.iter().find(|(g, _)| *g == f).map(|(_, i)| *i)
    }

    /// The header text of the column that holds a field (for messages), e.g. `Должность`.
    pub fn header_of(&self, f: Field) -> String {
        let col = self.index(f).or_else(|| match f {
            Field::Surname | Field::Name | Field::Patronymic => self.index(Field::FullName),
            _ => None,
        });
        col.and_then(|i| self.headers.get(i))
            .cloned()
            .unwrap_or_else(|| f.as_str().to_owned())
    }

    /// The trimmed value of a field in a record ("" when absent).
    pub fn get<'r>(&self, rec: &'r csv::StringRecord, f: Field) -> &'r str {
        self.index(f)
            .and_then(|i| rec.get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// Whether the separate name columns are used (else the full-name column is split).
    pub fn has_name_columns(&self) -> bool {
        self.index(Field::Surname).is_some() && self.index(Field::Name).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_in_three_languages() {
        assert_eq!(order_field(" № ПРИКАЗА "), Some(Field::OrderNo));
        assert_eq!(order_field("\u{feff}order_no"), Some(Field::OrderNo));
        assert_eq!(order_field("Бұйрық нөмірі"), Some(Field::OrderNo));
        assert_eq!(order_field("ИИН*"), Some(Field::Iin));
        assert_eq!(order_field("ЖСН"), Some(Field::Iin));
        assert_eq!(order_field("ФИО"), Some(Field::FullName));
        assert_eq!(order_field("ТАӘ"), Some(Field::FullName));
        assert_eq!(
            order_field("Структурное  подразделение"),
            Some(Field::Department)
        );
        assert_eq!(
            order_field("Дата вступления в силу"),
            Some(Field::EffectiveDate)
        );
        assert_eq!(order_field("E-mail"), Some(Field::Email));
        assert_eq!(order_field("примечание"), None);
    }

    #[test]
    fn required_columns() {
        let rec = |cells: &[&str]| csv::StringRecord::from(cells.to_vec());
        let full = rec(&[
            "№ приказа",
            "Дата приказа",
            "Вид приказа",
            "ИИН",
            "ФИО",
            "Должность",
            "Подразделение",
        ]);
        assert!(ColumnMap::for_orders(&full).is_ok());
        let missing = rec(&[
            "№ приказа",
            "Дата приказа",
            "ИИН",
            "Фамилия",
            "Должность",
            "Подразделение",
        ]);
        assert_eq!(
            ColumnMap::for_orders(&missing).unwrap_err(),
            HeaderProblem::Missing(vec!["kind", "name"])
        );
        assert_eq!(
            ColumnMap::for_orders(&rec(&["a", "b"])).unwrap_err(),
            HeaderProblem::NoKnownColumn
        );
        let twice = rec(&["iin", "ИИН"]);
        assert!(matches!(
            ColumnMap::for_orders(&twice),
            Err(HeaderProblem::Twice { field: "iin", .. })
        ));
    }
}
