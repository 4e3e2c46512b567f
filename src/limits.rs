//! Size limits that keep a hostile or broken file from exhausting memory, and
//! the text fields of a map they apply to.

use std::fmt;

use crate::model::{
    ActionId, Card, CardId, ConnectorId, CriterionId, Document, LaneId, PersonaId, RoundId,
    StageId, StepId, ViewId,
};

/// Largest map, CSV or workbook file read, in bytes (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Most cards a map may hold.
pub const MAX_CARDS: usize = 100_000;

/// Most stages, steps, lanes, connectors or personas a map may hold, each.
pub const MAX_ITEMS: usize = 100_000;

/// Most cells read from one sheet of a workbook, counting every row as wide
/// as the header (ten million).
pub const MAX_SHEET_CELLS: usize = 10_000_000;

/// Longest text of a single field (title, detail …), in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Largest picture file a card or persona may reference, in bytes (20 MiB).
pub const MAX_PICTURE_BYTES: u64 = 20 * 1024 * 1024;

/// Widest or tallest picture decoded, in pixels.
pub const MAX_PICTURE_SIDE: u32 = 8192;

/// Most memory a picture decoder may allocate at once, in bytes (512 MiB).
pub const MAX_PICTURE_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// What a text field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextOwner {
    /// The map itself (title, description …).
    Map,
    /// A persona.
    Persona(PersonaId),
    /// A stage.
    Stage(StageId),
    /// A step.
    Step(StepId),
    /// A lane.
    Lane(LaneId),
    /// A card.
    Card(CardId),
    /// A connector.
    Connector(ConnectorId),
    /// A view of the presentation.
    View(ViewId),
    /// A step of the agenda, by its position (1 = first).
    AgendaStep(usize),
    /// A voting round.
    Round(RoundId),
    /// The impact/effort matrix.
    Matrix,
    /// A criterion of concept screening.
    Criterion(CriterionId),
    /// An action of the action plan.
    Action(ActionId),
}

impl fmt::Display for TextOwner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Map => write!(f, "the map"),
            Self::Persona(id) => write!(f, "persona {id}"),
            Self::Stage(id) => write!(f, "stage {id}"),
            Self::Step(id) => write!(f, "step {id}"),
            Self::Lane(id) => write!(f, "lane {id}"),
            Self::Card(id) => write!(f, "card {id}"),
            Self::Connector(id) => write!(f, "connector {id}"),
            Self::View(id) => write!(f, "view {id}"),
            Self::AgendaStep(number) => write!(f, "agenda step {number}"),
            Self::Round(id) => write!(f, "voting round {id}"),
            Self::Matrix => write!(f, "the impact/effort matrix"),
            Self::Criterion(id) => write!(f, "screening criterion {id}"),
            Self::Action(id) => write!(f, "action {id}"),
        }
    }
}

/// One text field of a map: whose it is, which field, and its text.
#[derive(Clone, Copy, Debug)]
pub struct TextField<'a> {
    /// What the field belongs to.
    pub owner: TextOwner,
    /// The field's name as a person reads it: `"owner"`, `"tag"`, `"label"`.
    pub name: &'static str,
    /// The text.
    pub text: &'a str,
}

/// A text longer than [`MAX_TEXT_CHARS`]: which one and how long.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the {field} of {owner} has {chars} characters")]
pub struct TextTooLong {
    /// What the field belongs to.
    pub owner: TextOwner,
    /// The field's name.
    pub field: &'static str,
    /// Its length in characters.
    pub chars: usize,
}

/// Every text field of `doc`, in document order: the map's, then each
/// persona's, stage's and step's, lane's, card's and connector's, then each
/// view's and agenda step's, then the decisions' (rounds with their
/// participants, the matrix, the criteria, the actions).
pub fn text_fields(doc: &Document) -> impl Iterator<Item = TextField<'_>> {
    let meta = &doc.meta;
    let map = [
        ("title", meta.title.as_str()),
        ("description", &meta.description),
        ("scenario", &meta.scenario),
        ("expectations", &meta.expectations),
        ("language", &meta.language),
    ]
    .map(|(name, text)| TextField {
        owner: TextOwner::Map,
        name,
        text,
    });
    let personas = doc.personas.iter().flat_map(|persona| {
        [
            ("name", persona.name.as_str()),
            ("role", &persona.role),
            ("goals", &persona.goals),
            ("needs", &persona.needs),
            ("quote", &persona.quote),
            ("picture", persona.picture.as_deref().unwrap_or_default()),
        ]
        .map(|(name, text)| TextField {
            owner: TextOwner::Persona(persona.id),
            name,
            text,
        })
    });
    let stages = doc.stages.iter().flat_map(|stage| {
        let steps = stage.steps.iter().map(|step| TextField {
            owner: TextOwner::Step(step.id),
            name: "name",
            text: &step.name,
        });
        std::iter::once(TextField {
            owner: TextOwner::Stage(stage.id),
            name: "name",
            text: &stage.name,
        })
        .chain(steps)
    });
    let lanes = doc.lanes.iter().flat_map(|lane| {
        [("name", lane.name.as_str()), ("kind", lane.kind.as_str())].map(|(name, text)| TextField {
            owner: TextOwner::Lane(lane.id),
            name,
            text,
        })
    });
    let connectors = doc.connectors.iter().map(|connector| TextField {
        owner: TextOwner::Connector(connector.id),
        name: "label",
        text: &connector.label,
    });
    let views = doc.presentation.views.iter().flat_map(|view| {
        [("title", view.title.as_str()), ("notes", &view.notes)].map(|(name, text)| TextField {
            owner: TextOwner::View(view.id),
            name,
            text,
        })
    });
    let agenda = doc
        .presentation
        .agenda
        .iter()
        .enumerate()
        .map(|(index, step)| TextField {
            owner: TextOwner::AgendaStep(index + 1),
            name: "name",
            text: &step.name,
        });
    let decisions = &doc.decisions;
    let rounds = decisions.rounds.iter().flat_map(|round| {
        let owner = TextOwner::Round(round.id);
        let people = round.participants.iter().flat_map(move |p| {
            [
                ("participant name", p.name.as_str()),
                ("participant group", &p.group),
            ]
            .map(|(name, text)| TextField { owner, name, text })
        });
        std::iter::once(TextField {
            owner,
            name: "question",
            text: &round.question,
        })
        .chain(people)
    });
    let matrix = &decisions.matrix;
    let matrix = [
        ("impact axis", matrix.impact_axis.as_str()),
        ("effort axis", &matrix.effort_axis),
    ]
    .into_iter()
    .chain(
        matrix
            .quadrants
            .iter()
            .map(|name| ("quadrant", name.as_str())),
    )
    .map(|(name, text)| TextField {
        owner: TextOwner::Matrix,
        name,
        text,
    });
    let criteria = decisions
        .screening
        .criteria
        .iter()
        .map(|criterion| TextField {
            owner: TextOwner::Criterion(criterion.id),
            name: "name",
            text: &criterion.name,
        });
    let actions = decisions.actions.iter().flat_map(|action| {
        [("what", action.what.as_str()), ("owner", &action.owner)].map(|(name, text)| TextField {
            owner: TextOwner::Action(action.id),
            name,
            text,
        })
    });
    map.into_iter()
        .chain(personas)
        .chain(stages)
        .chain(lanes)
        .chain(doc.cards.iter().flat_map(card_text_fields))
        .chain(connectors)
        .chain(views)
        .chain(agenda)
        .chain(rounds)
        .chain(matrix)
        .chain(criteria)
        .chain(actions)
}

/// Every text field of one card: title, detail, channel, recovery, owner,
/// colour, picture and each tag.
pub fn card_text_fields(card: &Card) -> impl Iterator<Item = TextField<'_>> {
    let owner = TextOwner::Card(card.id);
    [
        ("title", card.title.as_str()),
        ("detail", &card.detail),
        ("channel", &card.channel),
        ("recovery", &card.recovery),
        ("owner", &card.owner),
        ("colour", card.colour.as_deref().unwrap_or_default()),
        ("picture", card.picture.as_deref().unwrap_or_default()),
    ]
    .into_iter()
    .chain(card.tags.iter().map(|tag| ("tag", tag.as_str())))
    .map(move |(name, text)| TextField { owner, name, text })
}

/// The first of `fields` longer than [`MAX_TEXT_CHARS`], if any.
pub fn first_text_too_long<'a>(
    fields: impl IntoIterator<Item = TextField<'a>>,
) -> Option<TextTooLong> {
    fields.into_iter().find_map(|field| {
        // A text has at most as many characters as bytes: most are never counted.
        if field.text.len() <= MAX_TEXT_CHARS {
            return None;
        }
        let chars = field.text.chars().count();
        (chars > MAX_TEXT_CHARS).then_some(TextTooLong {
            owner: field.owner,
            field: field.name,
            chars,
        })
    })
}
