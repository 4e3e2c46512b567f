//! Export of a map for slides, posters and reports: SVG drawn from the map's
//! display list ([`crate::scene`], the one the canvas draws too) ([`svg`]), PNG
//! rasterised from it ([`png`]), PDF pages and tiled posters written from it
//! ([`pdf`]), slides for the handout, a page per step of the presentation
//! ([`slides`]), the workshop's results as pages a PDF ends with
//! ([`results`]), and a Markdown report ([`markdown`]).
//! The PNG and PDF writers trace shapes the same way ([`outline`]).
//! One export from choices to written file, with progress and cancel, is a [`job`].

pub mod job;
pub mod markdown;
pub mod outline;
pub mod pdf;
pub mod png;
pub mod results;
pub mod slides;
pub mod svg;

use std::collections::HashSet;
use std::fmt;

use crate::model::{CardId, Document, StepId};

pub use crate::scene::{Language, Scene, SceneOptions, TextMeasure, Theme, TitleBlock};

/// A range of stages to export, 1-based and inclusive, as written on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StageRange {
    /// First stage, from 1.
    pub first: usize,
    /// Last stage, at least `first`; `None` runs to the last stage.
    pub last: Option<usize>,
}

/// A stage range that cannot be read or does not fit the map.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct StageRangeError(String);

impl StageRange {
    /// Reads `A..B`, `A..`, `..B` or `A` (stage numbers from 1).
    pub fn parse(text: &str) -> Result<Self, StageRangeError> {
        let number = |part: &str| -> Result<Option<usize>, StageRangeError> {
            let part = part.trim();
            if part.is_empty() {
                return Ok(None);
            }
            match part.parse::<usize>() {
                Ok(0) | Err(_) => Err(StageRangeError(format!(
                    "`{text}` is not a stage range; write FIRST..LAST with stage numbers from 1, e.g. 2..4"
                ))),
                Ok(n) => Ok(Some(n)),
            }
        };
        let (first, last) = match text.split_once("..") {
            Some((first, last)) => (number(first)?, number(last.trim_start_matches('='))?),
            None => {
                let single = number(text)?;
                if single.is_none() {
                    return Err(StageRangeError(
                        "the stage range is empty; write FIRST..LAST, e.g. 2..4".to_owned(),
                    ));
                }
                (single, single)
            }
        };
        let first = first.unwrap_or(1);
        if last.is_some_and(|last| last < first) {
            return Err(StageRangeError(format!(
                "`{text}` ends before it starts; write the lower stage number first"
            )));
        }
        Ok(Self { first, last })
    }

    /// `doc` cut down to the stages in the range, with their cards and the
    /// connectors between those cards. Fails when the map has fewer stages than the range starts at.
    pub fn select(self, doc: &Document) -> Result<Document, StageRangeError> {
        let count = doc.stages.len();
        if self.first > count {
            return Err(StageRangeError(format!(
                "the stage range {self} starts after the last stage; the map has {count} stage(s)"
            )));
        }
        let last = self.last.unwrap_or(count).min(count);
        let mut selected = doc.clone();
        selected.stages = doc.stages[self.first - 1..last].to_vec();
        let steps: HashSet<StepId> = selected
            .stages
            .iter()
            .flat_map(|stage| stage.steps.iter().map(|step| step.id))
            .collect();
        selected.cards.retain(|card| steps.contains(&card.step));
        let cards: HashSet<CardId> = selected.cards.iter().map(|card| card.id).collect();
        selected
            .connectors
            .retain(|c| cards.contains(&c.from) && cards.contains(&c.to));
        Ok(selected)
    }
}

impl fmt::Display for StageRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.last {
            Some(last) => write!(f, "{}..{last}", self.first),
            None => write!(f, "{}..", self.first),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_ranges_parse_and_refuse_nonsense() {
        let range = |first, last| StageRange { first, last };
        assert_eq!(StageRange::parse("2..4"), Ok(range(2, Some(4))));
        assert_eq!(StageRange::parse("2..=4"), Ok(range(2, Some(4))));
        assert_eq!(StageRange::parse("3.."), Ok(range(3, None)));
        assert_eq!(StageRange::parse("..2"), Ok(range(1, Some(2))));
        assert_eq!(StageRange::parse("5"), Ok(range(5, Some(5))));
        for bad in ["", "0..2", "4..2", "a..b", "-1"] {
            assert!(StageRange::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn selecting_stages_keeps_their_cards_and_inner_connectors() {
        let doc = crate::samples::sample();
        let selected = StageRange {
            first: 2,
            last: Some(2),
        }
        .select(&doc)
        .unwrap();
        assert_eq!(selected.stages.len(), 1);
        assert_eq!(selected.stages[0].id, doc.stages[1].id);
        assert!(!selected.cards.is_empty());
        assert!(selected.cards.len() < doc.cards.len());
        for card in &selected.cards {
            assert!(selected.step(card.step).is_some());
        }
        for connector in &selected.connectors {
            assert!(
                selected.card(connector.from).is_some() && selected.card(connector.to).is_some()
            );
        }
        let beyond = StageRange {
            first: doc.stages.len() + 1,
            last: None,
        };
        assert!(beyond.select(&doc).is_err());
    }
}
