//! Building a new map from the rows of a CSV file.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;

use crate::edit::ops;
use crate::fsio::{self, TextEncoding};
use crate::limits::{MAX_CARDS, MAX_ITEMS};
use crate::model::{
    Card, CardId, Connector, ConnectorId, Direction, Document, Kano, Lane, LaneId, LaneKind,
    Persona, PersonaId, Servqual, Stage, StageId, Step, StepId,
};

use super::columns::{Column, Header, HeaderProblem};
use super::error::{CellProblem, ColumnRef, CsvError, Line};
use super::records::{self, Delimiter, Record};
use super::row::Row;
use super::{order, values, workbook};

/// The extensions (any case) of the files [`import_file`] is made for: CSV
/// and text exports of spreadsheets, and `.xlsx` workbooks.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &["csv", "tsv", "txt", "xlsx", "xlsm"];

/// The file's extension is one of [`SPREADSHEET_EXTENSIONS`].
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            SPREADSHEET_EXTENSIONS
                .iter()
                .any(|known| extension.eq_ignore_ascii_case(known))
        })
}

/// A map imported from a spreadsheet, and how the file was read.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The new map.
    pub doc: Document,
    /// How the file was read.
    pub read_as: ReadAs,
    /// An emotion lane was added, because rows score emotions and no lane
    /// is an emotion lane: without it the curve would not show.
    pub added_emotion_lane: bool,
}

/// How an imported file was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadAs {
    /// CSV text in this encoding, fields separated by this delimiter.
    Text {
        /// The character encoding found.
        encoding: TextEncoding,
        /// The delimiter found.
        delimiter: Delimiter,
    },
    /// The sheet of a workbook with this name.
    Sheet(String),
}

impl std::fmt::Display for ReadAs {
    /// "read as GB18030, tab-separated", "read sheet `Cards`".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Text {
                encoding,
                delimiter: Delimiter::Comma,
            } => write!(f, "read as {encoding}"),
            Self::Text {
                encoding,
                delimiter: Delimiter::Tab,
            } => write!(f, "read as {encoding}, tab-separated"),
            Self::Sheet(name) => write!(f, "read sheet `{name}`"),
        }
    }
}

/// Reads a spreadsheet file into a new map titled after the file's name:
/// an `.xlsx` workbook's sheet named `sheet`, or its first worksheet; any
/// other file as CSV text in the encoding it is found in
/// ([`fsio::decode_text`]: UTF-8, UTF-16 or GB18030), its fields
/// separated by commas or, when its header row says so, tabs.
pub fn import_file(path: &Path, sheet: Option<&str>) -> Result<Imported, CsvError> {
    let (records, read_as) = if workbook::is_workbook(path) {
        let (records, name) = workbook::read(path, sheet)?;
        (records, ReadAs::Sheet(name))
    } else {
        if let Some(sheet) = sheet {
            return Err(CsvError::SheetOfText {
                path: path.to_owned(),
                sheet: sheet.to_owned(),
            });
        }
        let bytes = fsio::read_bytes(path).map_err(CsvError::Read)?;
        let (text, encoding) = fsio::decode_text(&bytes).map_err(|problem| CsvError::NotText {
            path: path.to_owned(),
            problem,
        })?;
        let delimiter = Delimiter::of(&text);
        let records = records::read(&text, delimiter, path)?;
        (
            records,
            ReadAs::Text {
                encoding,
                delimiter,
            },
        )
    };
    let (doc, added_emotion_lane) = import_records(&records, path)?;
    Ok(Imported {
        doc,
        read_as,
        added_emotion_lane,
    })
}

/// Reads the text of a CSV file (a byte-order mark allowed; commas or,
/// when its header row says so, tabs between fields) into a new map.
/// `path` names the file in errors, and its stem is the map's title
/// (`cards.csv` → "cards").
pub fn import_str(text: &str, path: &Path) -> Result<Document, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let records = records::read(text, Delimiter::of(text), path)?;
    import_records(&records, path).map(|(doc, _)| doc)
}

/// Builds a map from the records of a file: the first non-blank one is the
/// header. Also tells whether an emotion lane was added.
fn import_records(records: &[Record], path: &Path) -> Result<(Document, bool), CsvError> {
    let mut rows = records.iter().filter(|record| !record.is_blank());
    let Some(header_row) = rows.next() else {
        return Err(CsvError::Empty {
            path: path.to_owned(),
        });
    };
    let header = Header::parse(header_row.fields.iter()).map_err(|problem| match problem {
        HeaderProblem::Missing(column) => CsvError::MissingColumn {
            path: path.to_owned(),
            line: header_row.line,
            column,
        },
        HeaderProblem::Repeated(column, first, second) => CsvError::RepeatedColumn {
            path: path.to_owned(),
            line: header_row.line,
            column,
            first,
            second,
        },
    })?;
    let title = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut builder = Builder::new(title);
    for record in rows {
        let row = Row {
            path,
            header: &header,
            record,
        };
        row.check_shape()?;
        builder.add(&row)?;
    }
    builder.finish(path)
}

/// A `next` cell waiting for every row's id to be known.
struct Flow {
    from: CardId,
    line: Line,
    column: ColumnRef,
    targets: Vec<String>,
}

/// The map being built, row by row.
struct Builder {
    doc: Document,
    stages: HashMap<String, usize>,
    steps: HashMap<(usize, String), StepId>,
    step_count: u64,
    lanes: HashMap<String, usize>,
    /// The kind a row gave each lane, and that row.
    given_kinds: Vec<Option<(LaneKind, usize)>>,
    personas: HashMap<String, PersonaId>,
    /// The CSV ids, with the card and row that hold them.
    ids: HashMap<String, (CardId, usize)>,
    flows: Vec<Flow>,
}

impl Builder {
    fn new(title: String) -> Self {
        Self {
            doc: Document::new(title),
            stages: HashMap::new(),
            steps: HashMap::new(),
            step_count: 0,
            lanes: HashMap::new(),
            given_kinds: Vec::new(),
            personas: HashMap::new(),
            ids: HashMap::new(),
            flows: Vec::new(),
        }
    }

    /// Adds the card of one row, with the stage, step, lane and persona it
    /// names when they are new.
    fn add(&mut self, row: &Row<'_>) -> Result<(), CsvError> {
        if self.doc.cards.len() >= MAX_CARDS {
            return Err(CsvError::TooMany {
                path: row.path.to_owned(),
                line: row.record.line,
                what: "cards",
                limit: MAX_CARDS,
            });
        }
        let id = CardId(count_id(self.doc.cards.len()) + 1);
        let stage = self.stage(row.required(Column::Stage)?);
        let step = self.step(stage, row.text(Column::Step));
        let lane_name = row.required(Column::Lane)?;
        let lane = self.lane(lane_name);
        let kind = row.parse(Column::LaneKind, |word| match word {
            "" => Ok(None),
            word => LaneKind::parse(word)
                .map(Some)
                .ok_or_else(|| CellProblem::LaneKind(word.to_owned())),
        })?;
        if let Some(kind) = kind {
            self.give_kind(row, lane, lane_name, kind)?;
        }
        let card = Card {
            id,
            step,
            lane: self.doc.lanes[lane].id,
            title: row.text(Column::Title).to_owned(),
            detail: row.text(Column::Detail).to_owned(),
            channel: row.text(Column::Channel).to_owned(),
            emotion: row.parse(Column::Emotion, values::number)?,
            emotion_to_be: row.parse(Column::EmotionToBe, values::number)?,
            duration_minutes: row.parse(Column::DurationMinutes, values::minutes)?,
            wait_minutes: row.parse(Column::WaitMinutes, values::minutes)?,
            pain: row.parse(Column::Pain, values::boolean)?,
            fail: row.parse(Column::Fail, values::boolean)?,
            recovery: row.text(Column::Recovery).to_owned(),
            moment_of_truth: row.parse(Column::MomentOfTruth, values::boolean)?,
            kano: row.parse(Column::Kano, |word| {
                optional_word(word, Kano::parse, CellProblem::Kano)
            })?,
            servqual: row.parse(Column::Servqual, |word| {
                optional_word(word, Servqual::parse, CellProblem::Servqual)
            })?,
            nps: row.parse(Column::Nps, values::number)?,
            csat: row.parse(Column::Csat, values::number)?,
            ces: row.parse(Column::Ces, values::number)?,
            owner: row.text(Column::Owner).to_owned(),
            tags: values::list(row.text(Column::Tags))
                .map(str::to_owned)
                .collect(),
            colour: row.parse(Column::Colour, values::colour)?,
            picture: values::optional_text(row.text(Column::Picture)),
            persona: self.persona(row.text(Column::Persona)),
        };
        let csv_id = row.text(Column::Id);
        if !csv_id.is_empty() {
            match self.ids.entry(csv_id.to_owned()) {
                Entry::Occupied(earlier) => {
                    let problem = CellProblem::DuplicateId {
                        id: csv_id.to_owned(),
                        earlier_line: earlier.get().1,
                    };
                    return Err(row.error(Column::Id, problem));
                }
                Entry::Vacant(slot) => {
                    slot.insert((id, row.record.line.row));
                }
            }
        }
        let targets: Vec<String> = values::list(row.text(Column::Next))
            .map(str::to_owned)
            .collect();
        if !targets.is_empty() {
            self.flows.push(Flow {
                from: id,
                line: row.record.line,
                column: row.column_ref(Column::Next),
                targets,
            });
        }
        self.doc.cards.push(card);
        Ok(())
    }

    /// Index of the stage named `name`, added if new.
    fn stage(&mut self, name: &str) -> usize {
        let next_index = self.doc.stages.len();
        let index = *self.stages.entry(name.to_owned()).or_insert(next_index);
        if index == next_index {
            self.doc.stages.push(Stage {
                id: StageId(count_id(next_index) + 1),
                name: name.to_owned(),
                steps: Vec::new(),
            });
        }
        index
    }

    /// The step named `name` in a stage, added if new; an empty name means
    /// the step named like its stage.
    fn step(&mut self, stage: usize, name: &str) -> StepId {
        let name = if name.is_empty() {
            self.doc.stages[stage].name.clone()
        } else {
            name.to_owned()
        };
        match self.steps.entry((stage, name)) {
            Entry::Occupied(known) => *known.get(),
            Entry::Vacant(slot) => {
                self.step_count += 1;
                let id = StepId(self.step_count);
                self.doc.stages[stage].steps.push(Step {
                    id,
                    name: slot.key().1.clone(),
                });
                slot.insert(id);
                id
            }
        }
    }

    /// Index of the lane named `name`, added if new. Its kind is settled
    /// in [`Builder::finish`].
    fn lane(&mut self, name: &str) -> usize {
        let next_index = self.doc.lanes.len();
        let index = *self.lanes.entry(name.to_owned()).or_insert(next_index);
        if index == next_index {
            self.doc.lanes.push(Lane {
                id: LaneId(count_id(next_index) + 1),
                name: name.to_owned(),
                kind: LaneKind::Note,
            });
            self.given_kinds.push(None);
        }
        index
    }

    /// Records the kind a row gives a lane; a different kind than an
    /// earlier row gave is an error.
    fn give_kind(
        &mut self,
        row: &Row<'_>,
        lane: usize,
        name: &str,
        kind: LaneKind,
    ) -> Result<(), CsvError> {
        match &self.given_kinds[lane] {
            Some((earlier, earlier_line)) if *earlier != kind => {
                let problem = CellProblem::LaneKindConflict {
                    lane: name.to_owned(),
                    kind: kind.as_str().to_owned(),
                    earlier_kind: earlier.as_str().to_owned(),
                    earlier_line: *earlier_line,
                };
                Err(row.error(Column::LaneKind, problem))
            }
            Some(_) => Ok(()),
            None => {
                self.given_kinds[lane] = Some((kind, row.record.line.row));
                Ok(())
            }
        }
    }

    /// The persona named `name`, added if new; none for an empty name.
    fn persona(&mut self, name: &str) -> Option<PersonaId> {
        if name.is_empty() {
            return None;
        }
        let next_id = PersonaId(count_id(self.doc.personas.len()) + 1);
        let id = *self.personas.entry(name.to_owned()).or_insert(next_id);
        if id == next_id {
            self.doc.personas.push(Persona {
                id,
                name: name.to_owned(),
                ..Persona::default()
            });
        }
        Some(id)
    }

    /// Connects the `next` cells, settles lane kinds and the language, and
    /// adds an emotion lane when the scores need one (telling whether it did).
    fn finish(mut self, path: &Path) -> Result<(Document, bool), CsvError> {
        for flow in &self.flows {
            let mut seen: Vec<&str> = Vec::new();
            for target in &flow.targets {
                if seen.contains(&target.as_str()) {
                    continue;
                }
                seen.push(target);
                let Some(&(to, _)) = self.ids.get(target) else {
                    return Err(CsvError::Cell {
                        path: path.to_owned(),
                        line: flow.line,
                        column: flow.column.clone(),
                        problem: Box::new(CellProblem::UnknownNext(target.clone())),
                    });
                };
                if self.doc.connectors.len() >= MAX_ITEMS {
                    return Err(CsvError::TooMany {
                        path: path.to_owned(),
                        line: flow.line,
                        what: "connectors",
                        limit: MAX_ITEMS,
                    });
                }
                self.doc.connectors.push(Connector {
                    id: ConnectorId(count_id(self.doc.connectors.len()) + 1),
                    from: flow.from,
                    to,
                    direction: Direction::OneWay,
                    label: String::new(),
                });
            }
        }
        for (lane, given) in self.doc.lanes.iter_mut().zip(self.given_kinds) {
            lane.kind = match given {
                Some((kind, _)) => kind,
                None => LaneKind::parse(&lane.name).unwrap_or(LaneKind::Note),
            };
        }
        self.doc.meta.language = if holds_chinese(&self.doc) {
            "zh-CN"
        } else {
            "en"
        }
        .to_owned();
        let added_emotion_lane = add_emotion_lane(&mut self.doc);
        Ok((in_export_order(self.doc), added_emotion_lane))
    }
}

/// Adds an emotion lane, named in the map's language, when cards score
/// emotions and no lane draws their curve; tells whether it did.
fn add_emotion_lane(doc: &mut Document) -> bool {
    let scored = doc
        .cards
        .iter()
        .any(|card| card.emotion.is_some() || card.emotion_to_be.is_some());
    let name = if doc.meta.language == "zh-CN" {
        "情绪"
    } else {
        "Emotions"
    };
    if !scored || doc.lanes.len() >= MAX_ITEMS {
        return false;
    }
    ops::add_emotion_lane(doc, name).is_some_and(|command| command.apply(doc).is_ok())
}

/// Numbers steps in column order, and cards, personas and connectors in
/// the order an export writes the cards, so that exporting the map and
/// importing the text gives back an equal map. The order of stages, steps
/// and lanes, and of the cards in each cell, stays as the rows gave it.
fn in_export_order(mut doc: Document) -> Document {
    let mut step_ids = HashMap::new();
    let steps = doc
        .stages
        .iter_mut()
        .flat_map(|stage| stage.steps.iter_mut());
    for (index, step) in steps.enumerate() {
        let id = StepId(count_id(index) + 1);
        step_ids.insert(step.id, id);
        step.id = id;
    }
    for card in &mut doc.cards {
        card.step = step_ids.get(&card.step).copied().unwrap_or(card.step);
    }
    let order = order::card_order(&doc);
    let mut built = std::mem::take(&mut doc.cards);
    let mut card_ids = HashMap::new();
    let old_personas: HashMap<PersonaId, Persona> = std::mem::take(&mut doc.personas)
        .into_iter()
        .map(|persona| (persona.id, persona))
        .collect();
    let mut persona_ids = HashMap::new();
    for index in order {
        let Some(card) = built.get_mut(index) else {
            continue;
        };
        let mut card = std::mem::take(card);
        let id = CardId(count_id(doc.cards.len()) + 1);
        card_ids.insert(card.id, id);
        card.id = id;
        card.persona = card.persona.and_then(|old| {
            let persona = old_personas.get(&old)?;
            let next_id = PersonaId(count_id(doc.personas.len()) + 1);
            let id = *persona_ids.entry(old).or_insert(next_id);
            if id == next_id {
                doc.personas.push(Persona {
                    id,
                    ..persona.clone()
                });
            }
            Some(id)
        });
        doc.cards.push(card);
    }
    let mut connectors: Vec<Connector> = std::mem::take(&mut doc.connectors)
        .into_iter()
        .filter_map(|connector| {
            Some(Connector {
                from: *card_ids.get(&connector.from)?,
                to: *card_ids.get(&connector.to)?,
                ..connector
            })
        })
        .collect();
    // By the row of their start card, keeping the order of a `next` cell.
    connectors.sort_by_key(|connector| connector.from);
    for (index, connector) in connectors.iter_mut().enumerate() {
        connector.id = ConnectorId(count_id(index) + 1);
    }
    doc.connectors = connectors;
    doc
}

/// An optional word parsed by `parse`; `problem` describes a word it does not know.
fn optional_word<T>(
    word: &str,
    parse: impl FnOnce(&str) -> Option<T>,
    problem: impl FnOnce(String) -> CellProblem,
) -> Result<Option<T>, CellProblem> {
    if word.is_empty() {
        return Ok(None);
    }
    parse(word)
        .map(Some)
        .ok_or_else(|| problem(word.to_owned()))
}

/// A count below [`MAX_CARDS`] as an id number.
fn count_id(count: usize) -> u64 {
    u64::try_from(count).unwrap_or(u64::MAX)
}

/// Any text the map holds has a Chinese character.
fn holds_chinese(doc: &Document) -> bool {
    let names = doc
        .stages
        .iter()
        .flat_map(|stage| std::iter::once(&stage.name).chain(stage.steps.iter().map(|s| &s.name)))
        .chain(doc.lanes.iter().map(|lane| &lane.name))
        .chain(doc.personas.iter().map(|persona| &persona.name));
    let card_texts = doc.cards.iter().flat_map(|card| {
        [
            &card.title,
            &card.detail,
            &card.channel,
            &card.recovery,
            &card.owner,
        ]
        .into_iter()
        .chain(&card.tags)
        .chain(&card.picture)
    });
    names.chain(card_texts).any(|text| values::has_han(text))
}
