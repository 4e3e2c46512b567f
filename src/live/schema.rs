//! The map in a Yjs document: which root maps hold what, how the map is
//! written into one and read back, and the repairs that make what
//! concurrent edits left behind a map `stagemap check` accepts, the same on
//! every peer. `docs/live-schema.md` documents the schema for other Yjs clients.

use serde::{Deserialize, Serialize};
use yrs::block::ClientID;
use yrs::{Doc, Map, OffsetKind, Options, ReadTxn, Transact, TransactionMut, WriteTxn};

use super::collection::{self, Key, Read, Shape};
use crate::limits::MAX_TEXT_CHARS;
use crate::model::{
    Action, AgendaStep, Card, CardId, Connector, Criterion, Decisions, Document, IdBlock, Lane,
    LaneId, LaneKind, MapMeta, Matrix, Persona, Placement, Presentation, Score, Screening, Stage,
    StageId, Step, StepId, View, VotingRound,
};

/// The room's own settings (not part of the map): `structure_locked`.
pub const ROOM: &str = "room";

/// The root maps that hold the map (all but [`ROOM`]).
pub const ROOTS: &[&str] = &[
    "meta",
    "personas",
    "stages",
    "steps",
    "lanes",
    "cards",
    "connectors",
    "views",
    "agenda",
    "rounds",
    "matrix",
    "placements",
    "criteria",
    "scores",
    "actions",
];

const META: Shape = Shape {
    root: "meta",
    key: Key::Id,
    texts: &["title", "description", "scenario", "expectations"],
    place: &[],
    arrays: &[],
};
const PERSONAS: Shape = Shape {
    root: "personas",
    key: Key::Id,
    texts: &["name", "role", "goals", "needs", "quote"],
    place: &[],
    arrays: &[],
};
const STAGES: Shape = Shape {
    root: "stages",
    key: Key::Id,
    texts: &["name"],
    place: &[],
    arrays: &[],
};
const STEPS: Shape = Shape {
    root: "steps",
    key: Key::Id,
    texts: &["name"],
    place: &["stage"],
    arrays: &[],
};
const LANES: Shape = Shape {
    root: "lanes",
    key: Key::Id,
    texts: &["name"],
    place: &[],
    arrays: &[],
};
const CARDS: Shape = Shape {
    root: "cards",
    key: Key::Id,
    texts: &["title", "detail", "channel", "recovery", "owner"],
    place: &["step", "lane"],
    arrays: &[],
};
const CONNECTORS: Shape = Shape {
    root: "connectors",
    key: Key::Id,
    texts: &["label"],
    place: &[],
    arrays: &[],
};
const VIEWS: Shape = Shape {
    root: "views",
    key: Key::Id,
    texts: &["title", "notes"],
    place: &[],
    arrays: &[],
};
const AGENDA: Shape = Shape {
    root: "agenda",
    key: Key::Id,
    texts: &[],
    place: &[],
    arrays: &[],
};
const ROUNDS: Shape = Shape {
    root: "rounds",
    key: Key::Id,
    texts: &["question"],
    place: &[],
    arrays: &["votes"],
};
const MATRIX: Shape = Shape {
    root: "matrix",
    key: Key::Id,
    texts: &[],
    place: &[],
    arrays: &[],
};
const PLACEMENTS: Shape = Shape {
    root: "placements",
    key: Key::Fields,
    texts: &[],
    place: &[],
    arrays: &[],
};
const CRITERIA: Shape = Shape {
    root: "criteria",
    key: Key::Id,
    texts: &["name"],
    place: &[],
    arrays: &[],
};
const SCORES: Shape = Shape {
    root: "scores",
    key: Key::Fields,
    texts: &[],
    place: &[],
    arrays: &[],
};
const ACTIONS: Shape = Shape {
    root: "actions",
    key: Key::Id,
    texts: &["what", "owner"],
    place: &[],
    arrays: &[],
};

/// A stage as the live document keeps it: its steps are entities of their own.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct StageEntry {
    id: StageId,
    name: String,
}

/// A step with the stage it sits in (in its `place`).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct StepEntry {
    id: StepId,
    name: String,
    stage: StageId,
}

/// The agenda, one value: it is edited as a whole.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
struct AgendaEntry {
    #[serde(default)]
    agenda: Vec<AgendaStep>,
}

/// A new Yjs document for a live map: text offsets in UTF-16 code units as
/// Yjs counts them, the given client id.
pub fn new_ydoc(client_id: u64) -> Doc {
    let mut options = Options::with_client_id(ClientID::new(client_id));
    options.offset_kind = OffsetKind::Utf16;
    Doc::with_options(options)
}

/// Writes a whole map into an empty Yjs document, in one transaction.
pub fn write_document(ydoc: &Doc, doc: &Document) {
    let mut txn = ydoc.transact_mut();
    write_changes(&mut txn, &Document::default(), doc);
}

/// Writes what changed from `before` to `after` into a transaction.
pub(crate) fn write_changes(txn: &mut TransactionMut, before: &Document, after: &Document) {
    collection::write_object(txn, &META, Some(&before.meta), &after.meta);
    collection::write(txn, &PERSONAS, &before.personas, &after.personas, &|p| {
        p.id.to_string()
    });
    let stages = |doc: &Document| -> Vec<StageEntry> {
        doc.stages
            .iter()
            .map(|s| StageEntry {
                id: s.id,
                name: s.name.clone(),
            })
            .collect()
    };
    collection::write(txn, &STAGES, &stages(before), &stages(after), &|s| {
        s.id.to_string()
    });
    collection::write(txn, &STEPS, &steps(before), &steps(after), &|s| {
        s.id.to_string()
    });
    collection::write(txn, &LANES, &before.lanes, &after.lanes, &|l| {
        l.id.to_string()
    });
    collection::write(txn, &CARDS, &before.cards, &after.cards, &|c| {
        c.id.to_string()
    });
    collection::write(
        txn,
        &CONNECTORS,
        &before.connectors,
        &after.connectors,
        &|c| c.id.to_string(),
    );
    let (old, new) = (&before.presentation, &after.presentation);
    collection::write(txn, &VIEWS, &old.views, &new.views, &|v| v.id.to_string());
    collection::write_object(
        txn,
        &AGENDA,
        Some(&AgendaEntry {
            agenda: old.agenda.clone(),
        }),
        &AgendaEntry {
            agenda: new.agenda.clone(),
        },
    );
    let (old, new) = (&before.decisions, &after.decisions);
    collection::write(txn, &ROUNDS, &old.rounds, &new.rounds, &|r| {
        r.id.to_string()
    });
    collection::write_object(
        txn,
        &MATRIX,
        Some(&matrix_names(&old.matrix)),
        &matrix_names(&new.matrix),
    );
    collection::write(
        txn,
        &PLACEMENTS,
        &old.matrix.placed,
        &new.matrix.placed,
        &|p| p.card.to_string(),
    );
    let (old_s, new_s) = (&old.screening, &new.screening);
    collection::write(txn, &CRITERIA, &old_s.criteria, &new_s.criteria, &|c| {
        c.id.to_string()
    });
    collection::write(txn, &SCORES, &old_s.scores, &new_s.scores, &|s| {
        format!("{}/{}", s.card, s.criterion)
    });
    collection::write(txn, &ACTIONS, &old.actions, &new.actions, &|a| {
        a.id.to_string()
    });
}

fn steps(doc: &Document) -> Vec<StepEntry> {
    doc.stages
        .iter()
        .flat_map(|stage| {
            stage.steps.iter().map(|step| StepEntry {
                id: step.id,
                name: step.name.clone(),
                stage: stage.id,
            })
        })
        .collect()
}

fn matrix_names(matrix: &Matrix) -> Matrix {
    Matrix {
        placed: Vec::new(),
        ..matrix.clone()
    }
}

/// A map read from a live document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Materialized {
    /// The map, repaired.
    pub document: Document,
    /// Cards whose step or lane someone deleted while another moved or added
    /// them there: kept, in the last column or lane, for the editor to point out.
    pub rescued: Vec<CardId>,
    /// Entities another client wrote in a form this version cannot read,
    /// left out (they stay in the live document).
    pub unreadable: usize,
}

/// Reads the map a live document holds, with the repairs concurrent edits
/// call for. The same document state gives the same map on every peer.
pub fn read_document(ydoc: &Doc) -> Materialized {
    let txn = ydoc.transact();
    read_from(&txn)
}

/// [`read_document`] within a transaction.
pub(crate) fn read_from<T: ReadTxn>(txn: &T) -> Materialized {
    let mut unreadable = 0;
    let meta: MapMeta = collection::read_object(txn, &META).unwrap_or_default();
    let personas: Vec<Persona> = items(collection::read(txn, &PERSONAS, &mut unreadable));
    let stages: Vec<StageEntry> = items(collection::read(txn, &STAGES, &mut unreadable));
    let steps: Vec<StepEntry> = items(collection::read(txn, &STEPS, &mut unreadable));
    let lanes: Vec<Lane> = items(collection::read(txn, &LANES, &mut unreadable));
    let cards: Vec<Card> = items(collection::read(txn, &CARDS, &mut unreadable));
    let connectors: Vec<Connector> = items(collection::read(txn, &CONNECTORS, &mut unreadable));
    let views: Vec<View> = items(collection::read(txn, &VIEWS, &mut unreadable));
    let agenda: AgendaEntry = collection::read_object(txn, &AGENDA).unwrap_or_default();
    let rounds: Vec<VotingRound> = items(collection::read(txn, &ROUNDS, &mut unreadable));
    let mut matrix: Matrix = collection::read_object(txn, &MATRIX).unwrap_or_default();
    matrix.placed = items(collection::read::<Placement, _>(
        txn,
        &PLACEMENTS,
        &mut unreadable,
    ));
    let criteria: Vec<Criterion> = items(collection::read(txn, &CRITERIA, &mut unreadable));
    let scores: Vec<Score> = items(collection::read(txn, &SCORES, &mut unreadable));
    let actions: Vec<Action> = items(collection::read(txn, &ACTIONS, &mut unreadable));

    let mut document = Document {
        meta,
        personas,
        stages: stages
            .into_iter()
            .map(|s| Stage {
                id: s.id,
                name: s.name,
                steps: Vec::new(),
            })
            .collect(),
        lanes,
        cards,
        connectors,
        presentation: Presentation {
            views,
            agenda: agenda.agenda,
        },
        decisions: Decisions {
            rounds,
            matrix,
            screening: Screening { criteria, scores },
            actions,
        },
        id_block: IdBlock::SHARED,
    };
    place_steps(&mut document, steps);
    let rescued = repair(&mut document);
    Materialized {
        document,
        rescued,
        unreadable,
    }
}

fn items<T>(reads: Vec<Read<T>>) -> Vec<T> {
    reads.into_iter().map(|r| r.item).collect()
}

/// Puts each step in its stage; a step whose stage was deleted while
/// someone moved it there goes to the end of the last stage.
fn place_steps(doc: &mut Document, steps: Vec<StepEntry>) {
    for entry in steps {
        let step = Step {
            id: entry.id,
            name: entry.name,
        };
        match doc.stages.iter_mut().find(|s| s.id == entry.stage) {
            Some(stage) => stage.steps.push(step),
            None => last_stage(doc).steps.push(step),
        }
    }
}

/// The last stage, made when there is none.
fn last_stage(doc: &mut Document) -> &mut Stage {
    if doc.stages.is_empty() {
        let id = doc.next_stage_id();
        doc.stages.push(Stage {
            id,
            name: String::new(),
            steps: Vec::new(),
        });
    }
    let last = doc.stages.len() - 1;
    &mut doc.stages[last]
}

/// What concurrent edits can leave that a map may not hold, made right the
/// same way on every peer; returns the cards put back in a cell.
fn repair(doc: &mut Document) -> Vec<CardId> {
    let mut rescued = Vec::new();
    let last_step = |doc: &mut Document| -> StepId {
        if let Some((_, step)) = doc.columns().last() {
            return step.id;
        }
        let id = doc.next_step_id();
        last_stage(doc).steps.push(Step {
            id,
            name: String::new(),
        });
        id
    };
    let last_lane = |doc: &mut Document| -> LaneId {
        if let Some(lane) = doc.lanes.last() {
            return lane.id;
        }
        let id = doc.next_lane_id();
        doc.lanes.push(Lane {
            id,
            name: String::new(),
            kind: LaneKind::Note,
        });
        id
    };
    for index in 0..doc.cards.len() {
        let (step, lane) = (doc.cards[index].step, doc.cards[index].lane);
        let step_gone = doc.step_location(step).is_none();
        let lane_gone = doc.lane(lane).is_none();
        if step_gone {
            doc.cards[index].step = last_step(doc);
        }
        if lane_gone {
            doc.cards[index].lane = last_lane(doc);
        }
        if step_gone || lane_gone {
            rescued.push(doc.cards[index].id);
        }
    }
    // One person changed the emotion scale (which moves every score) while
    // another set a score on the old one: the score is kept within the scale.
    let scale = doc.meta.emotion_scale;
    if scale.is_valid() {
        for card in &mut doc.cards {
            for score in [&mut card.emotion, &mut card.emotion_to_be]
                .into_iter()
                .flatten()
            {
                *score = score.clamp(scale.min, scale.max);
            }
        }
    }
    let personas: std::collections::HashSet<_> = doc.personas.iter().map(|p| p.id).collect();
    for card in &mut doc.cards {
        if card.persona.is_some_and(|p| !personas.contains(&p)) {
            card.persona = None;
        }
    }
    doc.meta.personas.retain(|p| personas.contains(p));
    let cards: std::collections::HashSet<_> = doc.cards.iter().map(|c| c.id).collect();
    doc.connectors
        .retain(|c| cards.contains(&c.from) && cards.contains(&c.to) && c.from != c.to);
    let mut seen = std::collections::HashSet::new();
    doc.connectors.retain(|c| seen.insert((c.from, c.to)));
    truncate_texts(doc);
    rescued
}

/// Two people typing into one field at once can pass the longest text a
/// map may hold; the end past it is cut, so the map still saves and opens.
/// These are the fields kept as shared text (the others are written whole).
fn truncate_texts(doc: &mut Document) {
    let cut = |text: &mut String| {
        if let Some((at, _)) = text.char_indices().nth(MAX_TEXT_CHARS) {
            text.truncate(at);
        }
    };
    let meta = &mut doc.meta;
    for text in [
        &mut meta.title,
        &mut meta.description,
        &mut meta.scenario,
        &mut meta.expectations,
    ] {
        cut(text);
    }
    for p in &mut doc.personas {
        for text in [
            &mut p.name,
            &mut p.role,
            &mut p.goals,
            &mut p.needs,
            &mut p.quote,
        ] {
            cut(text);
        }
    }
    for stage in &mut doc.stages {
        cut(&mut stage.name);
        for step in &mut stage.steps {
            cut(&mut step.name);
        }
    }
    for lane in &mut doc.lanes {
        cut(&mut lane.name);
    }
    for c in &mut doc.cards {
        for text in [
            &mut c.title,
            &mut c.detail,
            &mut c.channel,
            &mut c.recovery,
            &mut c.owner,
        ] {
            cut(text);
        }
    }
    for connector in &mut doc.connectors {
        cut(&mut connector.label);
    }
    for view in &mut doc.presentation.views {
        cut(&mut view.title);
        cut(&mut view.notes);
    }
    let decisions = &mut doc.decisions;
    for round in &mut decisions.rounds {
        cut(&mut round.question);
    }
    for criterion in &mut decisions.screening.criteria {
        cut(&mut criterion.name);
    }
    for action in &mut decisions.actions {
        cut(&mut action.what);
        cut(&mut action.owner);
    }
}

/// The host locked the structure: stages, steps and lanes stay as they are
/// and participants add and edit cards only.
pub fn structure_locked<T: ReadTxn>(txn: &T) -> bool {
    txn.get_map(ROOM)
        .and_then(|room| room.get(txn, "structure_locked"))
        .is_some_and(|value| value.cast::<bool>().unwrap_or(false))
}

/// Locks or unlocks the structure for everyone in the room.
pub(crate) fn set_structure_locked(txn: &mut TransactionMut, locked: bool) {
    let room = txn.get_or_insert_map(ROOM);
    room.insert(txn, "structure_locked", locked);
}
