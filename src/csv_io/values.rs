//! Turning the text of one cell into the value a card field holds.

use crate::edit::is_hex_colour;

use super::error::CellProblem;

/// A yes/no cell: true/false, yes/no, 1/0, 是/否 in any case; empty is no.
pub(super) fn boolean(text: &str) -> Result<bool, CellProblem> {
    match text.to_lowercase().as_str() {
        "true" | "yes" | "1" | "是" => Ok(true),
        "false" | "no" | "0" | "否" | "" => Ok(false),
        _ => Err(CellProblem::Boolean(text.to_owned())),
    }
}

/// A finite number, or nothing for an empty cell.
pub(super) fn number(text: &str) -> Result<Option<f64>, CellProblem> {
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(Some(value)),
        _ => Err(CellProblem::Number(text.to_owned())),
    }
}

/// A whole number of minutes, or nothing for an empty cell.
pub(super) fn minutes(text: &str) -> Result<Option<u32>, CellProblem> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| CellProblem::Minutes(text.to_owned()))
}

/// A `#rrggbb` colour, or nothing for an empty cell.
pub(super) fn colour(text: &str) -> Result<Option<String>, CellProblem> {
    if text.is_empty() {
        Ok(None)
    } else if is_hex_colour(text) {
        Ok(Some(text.to_owned()))
    } else {
        Err(CellProblem::Colour(text.to_owned()))
    }
}

/// Text, or nothing for an empty cell.
pub(super) fn optional_text(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The items of a `;`-separated list (a full-width `；` also separates),
/// trimmed, empty items dropped.
pub(super) fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split([';', '；'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

/// Some text is Chinese: it holds a Han character.
pub(super) fn has_han(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{3134F}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_take_every_documented_word() {
        for word in ["true", "TRUE", "Yes", "1", "是"] {
            assert_eq!(boolean(word), Ok(true), "{word}");
        }
        for word in ["false", "False", "NO", "0", "否", ""] {
            assert_eq!(boolean(word), Ok(false), "{word}");
        }
        assert_eq!(boolean("maybe"), Err(CellProblem::Boolean("maybe".into())));
        assert_eq!(boolean("2"), Err(CellProblem::Boolean("2".into())));
    }

    #[test]
    fn numbers_are_finite_and_use_a_point() {
        assert_eq!(number(""), Ok(None));
        assert_eq!(number("-1.5"), Ok(Some(-1.5)));
        assert_eq!(number("1e3"), Ok(Some(1000.0)));
        for bad in ["1,5", "NaN", "inf", "three", "3 4"] {
            assert_eq!(number(bad), Err(CellProblem::Number(bad.into())), "{bad}");
        }
    }

    #[test]
    fn minutes_are_whole_and_not_negative() {
        assert_eq!(minutes("15"), Ok(Some(15)));
        assert_eq!(minutes(""), Ok(None));
        for bad in ["-5", "1.5", "4294967296", "ten"] {
            assert_eq!(minutes(bad), Err(CellProblem::Minutes(bad.into())), "{bad}");
        }
    }

    #[test]
    fn colours_are_hash_and_six_hex_digits() {
        assert_eq!(colour("#Ff8800"), Ok(Some("#Ff8800".into())));
        assert_eq!(colour(""), Ok(None));
        for bad in ["red", "#fff", "ff8800", "#gg0000"] {
            assert_eq!(colour(bad), Err(CellProblem::Colour(bad.into())), "{bad}");
        }
    }

    #[test]
    fn lists_split_on_both_semicolons() {
        let items: Vec<&str> = list(" a ;b；; c ;").collect();
        assert_eq!(items, ["a", "b", "c"]);
        assert_eq!(list("").count(), 0);
    }

    #[test]
    fn han_characters_are_found() {
        assert!(has_han("预约 booking"));
        assert!(!has_han("booking, café ☕"));
        assert!(!has_han("ひらがな"));
    }
}
