//! Random editing sessions for property tests: a list of user operations,
//! each picking its targets by index into whatever the document holds.

#![allow(dead_code, reason = "each test file uses a different part")]

use proptest::prelude::*;
use stagemap::edit::decide::{self, RoundSetup, Voter};
use stagemap::edit::{CardField, Command, Session, ops};
use stagemap::layout::LayerPreset;
use stagemap::model::{
    ActionStatus, AgendaStep, Ballot, Criterion, CriterionId, Direction, Document, EmotionScale,
    Focus, Kano, LaneKind, Servqual, StageSpan, View, parse_due_date,
};

/// Text with the characters that stress a file format: quotes, backslashes,
/// commas, semicolons, tabs, carriage returns and line feeds, other control
/// characters, Chinese and an emoji; now and then 10,000 characters long.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        40 => "[a-zA-Z0-9 \"\\\\,;:()#\t\r\n\u{0}-\u{8}\u{b}-\u{1f}\u{7f}阶段痛点等待旅程😀]{0,10}",
        1 => "[a-z阶\t\r\n\u{1}]{1,6}".prop_map(|unit| unit.chars().cycle().take(LONG_TEXT).collect()),
    ]
}

/// The length of the longest texts sessions type, in characters.
pub const LONG_TEXT: usize = 10_000;

/// One thing a user does.
#[derive(Clone, Debug)]
pub enum Op {
    AddStage(usize, String),
    AddStep(usize, usize, String),
    AddLane(usize, String, usize),
    AddCard(usize, usize, usize, String),
    MoveCard(usize, usize, usize, usize),
    SetField(usize, CardField),
    DeleteCards(usize, usize),
    DeleteStage(usize),
    DeleteStep(usize),
    DeleteLane(usize),
    MoveStage(usize, usize),
    MoveStep(usize, usize, usize),
    MoveLane(usize, usize),
    RenameStage(usize, String),
    RenameLane(usize, String),
    SetLaneKind(usize, usize),
    Connect(usize, usize, bool),
    Disconnect(usize),
    AddPersona(String),
    DeletePersona(usize),
    MapPersona(usize, bool),
    SetTitle(String),
    Duplicate(usize),
    RenameStep(usize, String),
    SetConnector(usize, bool, String),
    SetScale(usize),
    EditPersona(usize, usize, String),
    AddView(usize, usize, usize, usize, String, String),
    EditView(usize, String, String, usize),
    MoveView(usize, usize),
    DeleteView(usize),
    SetAgenda(Vec<(String, u32)>),
    StartRound(usize, usize, u32, bool, String),
    Vote(usize, usize, usize),
    TakeBackVote(usize, usize),
    CloseRound(usize, i64),
    ReopenRound(usize),
    DeleteRound(usize),
    /// A round's budget changed by hand: refused when 0.
    SetBudget(usize, u32),
    PlaceOnMatrix(usize, f64, f64),
    NameMatrix(usize, String, bool),
    SetCriteria(Vec<(String, f64)>),
    Score(usize, usize, Option<u8>),
    AddAction(usize, String),
    EditAction(usize, String, String, String, usize),
    DeleteAction(usize),
}

fn card_field() -> impl Strategy<Value = CardField> {
    let opt_f64 = || proptest::option::of(-100.0f64..100.0);
    let opt_u32 = || proptest::option::of(0u32..10_000);
    prop_oneof![
        text().prop_map(CardField::Title),
        text().prop_map(CardField::Detail),
        text().prop_map(CardField::Channel),
        proptest::option::of(-2.0f64..=2.0).prop_map(CardField::Emotion),
        proptest::option::of(-2.0f64..=2.0).prop_map(CardField::EmotionToBe),
        opt_u32().prop_map(CardField::Duration),
        opt_u32().prop_map(CardField::Wait),
        any::<bool>().prop_map(CardField::Pain),
        any::<bool>().prop_map(CardField::Fail),
        text().prop_map(CardField::Recovery),
        any::<bool>().prop_map(CardField::MomentOfTruth),
        proptest::option::of(proptest::sample::select(Kano::ALL.to_vec()))
            .prop_map(CardField::Kano),
        proptest::option::of(proptest::sample::select(Servqual::ALL.to_vec()))
            .prop_map(CardField::Servqual),
        opt_f64().prop_map(CardField::Nps),
        opt_f64().prop_map(CardField::Csat),
        opt_f64().prop_map(CardField::Ces),
        text().prop_map(CardField::Owner),
        proptest::collection::vec(text(), 0..3).prop_map(CardField::Tags),
        proptest::option::of("#[0-9a-f]{6}").prop_map(CardField::Colour),
        proptest::option::of(text()).prop_map(CardField::Picture),
    ]
}

/// Any one operation; adding cards and connectors and filling in fields
/// come far more often than deleting, as in a workshop.
pub fn op() -> impl Strategy<Value = Op> {
    let i = || 0usize..64;
    prop_oneof![
        2 => (i(), text()).prop_map(|(a, s)| Op::AddStage(a, s)),
        2 => (i(), i(), text()).prop_map(|(a, b, s)| Op::AddStep(a, b, s)),
        1 => (i(), text(), 0usize..12).prop_map(|(a, s, k)| Op::AddLane(a, s, k)),
        12 => (i(), i(), i(), text()).prop_map(|(a, b, c, s)| Op::AddCard(a, b, c, s)),
        3 => (i(), i(), i(), i()).prop_map(|(a, b, c, d)| Op::MoveCard(a, b, c, d)),
        8 => (i(), card_field()).prop_map(|(a, f)| Op::SetField(a, f)),
        1 => (i(), 1usize..3).prop_map(|(a, n)| Op::DeleteCards(a, n)),
        1 => i().prop_map(Op::DeleteStage),
        1 => i().prop_map(Op::DeleteStep),
        1 => i().prop_map(Op::DeleteLane),
        1 => (i(), i()).prop_map(|(a, b)| Op::MoveStage(a, b)),
        1 => (i(), i(), i()).prop_map(|(a, b, c)| Op::MoveStep(a, b, c)),
        1 => (i(), i()).prop_map(|(a, b)| Op::MoveLane(a, b)),
        1 => (i(), text()).prop_map(|(a, s)| Op::RenameStage(a, s)),
        1 => (i(), text()).prop_map(|(a, s)| Op::RenameStep(a, s)),
        1 => (i(), text()).prop_map(|(a, s)| Op::RenameLane(a, s)),
        1 => (i(), 0usize..12).prop_map(|(a, k)| Op::SetLaneKind(a, k)),
        6 => (i(), i(), any::<bool>()).prop_map(|(a, b, two)| Op::Connect(a, b, two)),
        3 => (i(), any::<bool>(), text()).prop_map(|(c, two, label)| Op::SetConnector(c, two, label)),
        1 => i().prop_map(Op::Disconnect),
        2 => text().prop_map(Op::AddPersona),
        2 => (i(), 0usize..6, text()).prop_map(|(p, field, value)| Op::EditPersona(p, field, value)),
        1 => i().prop_map(Op::DeletePersona),
        1 => (i(), any::<bool>()).prop_map(|(p, about)| Op::MapPersona(p, about)),
        1 => (0usize..3).prop_map(Op::SetScale),
        1 => text().prop_map(Op::SetTitle),
        2 => i().prop_map(Op::Duplicate),
        1 => (i(), i(), i(), 0usize..8, text(), text())
            .prop_map(|(at, a, b, style, title, notes)| Op::AddView(at, a, b, style, title, notes)),
        1 => (i(), text(), text(), 0usize..8).prop_map(|(v, title, notes, style)| Op::EditView(v, title, notes, style)),
        1 => (i(), i()).prop_map(|(v, to)| Op::MoveView(v, to)),
        1 => i().prop_map(Op::DeleteView),
        1 => proptest::collection::vec((text(), 1u32..240), 0..4).prop_map(Op::SetAgenda),
        4 => (0usize..8, 1usize..6, 1u32..6, any::<bool>(), text())
            .prop_map(|(ballot, voters, budget, stacking, question)| Op::StartRound(ballot, voters, budget, stacking, question)),
        12 => (i(), i(), i()).prop_map(|(r, p, c)| Op::Vote(r, p, c)),
        1 => (i(), i()).prop_map(|(r, v)| Op::TakeBackVote(r, v)),
        1 => (i(), 0i64..4_000_000_000).prop_map(|(r, at)| Op::CloseRound(r, at)),
        1 => i().prop_map(Op::ReopenRound),
        1 => i().prop_map(Op::DeleteRound),
        1 => (i(), 0u32..4).prop_map(|(r, b)| Op::SetBudget(r, b)),
        3 => (i(), -0.5f64..1.5, -0.5f64..1.5).prop_map(|(c, i, e)| Op::PlaceOnMatrix(c, i, e)),
        1 => (0usize..6, text(), any::<bool>()).prop_map(|(at, name, pain)| Op::NameMatrix(at, name, pain)),
        2 => proptest::collection::vec((text(), -1.0f64..5.0), 0..4).prop_map(Op::SetCriteria),
        5 => (i(), i(), proptest::option::of(0u8..7)).prop_map(|(c, k, v)| Op::Score(c, k, v)),
        3 => (i(), text()).prop_map(|(c, what)| Op::AddAction(c, what)),
        2 => (i(), text(), text(), "2026-[01][0-9]-[0-3][0-9]|later", 0usize..3)
            .prop_map(|(a, what, owner, due, status)| Op::EditAction(a, what, owner, due, status)),
        1 => i().prop_map(Op::DeleteAction),
    ]
}

/// A sequence of operations.
pub fn ops_list(max: usize) -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec(op(), 0..max)
}

/// What the end of a workshop does: voting, the matrix, screening and
/// actions, with now and then a card deleted or changed under them (so
/// votes and actions come to name cards that are gone).
pub fn decision_op() -> impl Strategy<Value = Op> {
    let i = || 0usize..64;
    prop_oneof![
        6 => (0usize..8, 1usize..8, 1u32..6, any::<bool>(), text())
            .prop_map(|(ballot, voters, budget, stacking, question)| Op::StartRound(ballot, voters, budget, stacking, question)),
        16 => (i(), i(), i()).prop_map(|(r, p, c)| Op::Vote(r, p, c)),
        3 => (i(), i()).prop_map(|(r, v)| Op::TakeBackVote(r, v)),
        1 => (i(), 0i64..4_000_000_000).prop_map(|(r, at)| Op::CloseRound(r, at)),
        1 => i().prop_map(Op::ReopenRound),
        1 => i().prop_map(Op::DeleteRound),
        1 => (i(), 0u32..4).prop_map(|(r, b)| Op::SetBudget(r, b)),
        4 => (i(), -0.5f64..1.5, -0.5f64..1.5).prop_map(|(c, i, e)| Op::PlaceOnMatrix(c, i, e)),
        1 => (0usize..6, text(), any::<bool>()).prop_map(|(at, name, pain)| Op::NameMatrix(at, name, pain)),
        2 => proptest::collection::vec((text(), -1.0f64..5.0), 0..4).prop_map(Op::SetCriteria),
        6 => (i(), i(), proptest::option::of(0u8..7)).prop_map(|(c, k, v)| Op::Score(c, k, v)),
        4 => (i(), text()).prop_map(|(c, what)| Op::AddAction(c, what)),
        3 => (i(), text(), text(), "2026-[01][0-9]-[0-3][0-9]|later", 0usize..3)
            .prop_map(|(a, what, owner, due, status)| Op::EditAction(a, what, owner, due, status)),
        1 => i().prop_map(Op::DeleteAction),
        1 => (i(), 1usize..3).prop_map(|(a, n)| Op::DeleteCards(a, n)),
        2 => (i(), any::<bool>()).prop_map(|(a, pain)| Op::SetField(a, CardField::Pain(pain))),
    ]
}

fn pick<T>(items: &[T], index: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[index % items.len()])
}

/// The command an operation means on this document, if it can mean one.
pub fn command_for(doc: &Document, op: &Op) -> Option<Command> {
    let steps: Vec<_> = doc.columns().map(|(_, step)| step.id).collect();
    let cards: Vec<_> = doc.cards.iter().map(|c| c.id).collect();
    let lane_ids: Vec<_> = doc.lanes.iter().map(|l| l.id).collect();
    let stage_ids: Vec<_> = doc.stages.iter().map(|s| s.id).collect();
    let kind = |k: usize| LaneKind::KNOWN[k % LaneKind::KNOWN.len()].clone();
    Some(match op {
        Op::AddStage(at, name) => ops::add_stage(doc, at % (doc.stages.len() + 1), name),
        Op::AddStep(stage, at, name) => {
            let stage = *pick(&stage_ids, *stage)?;
            let len = doc.stage(stage)?.steps.len();
            ops::add_step(doc, stage, at % (len + 1), name)
        }
        Op::AddLane(at, name, k) => ops::add_lane(doc, at % (doc.lanes.len() + 1), name, kind(*k)),
        Op::AddCard(step, lane, at, title) => {
            ops::add_card(
                doc,
                *pick(&steps, *step)?,
                *pick(&lane_ids, *lane)?,
                *at,
                title,
            )
            .0
        }
        Op::MoveCard(card, step, lane, at) => ops::move_card(
            doc,
            *pick(&cards, *card)?,
            *pick(&steps, *step)?,
            *pick(&lane_ids, *lane)?,
            *at,
        ),
        Op::SetField(card, field) => ops::set_card_field(*pick(&cards, *card)?, field.clone()),
        Op::DeleteCards(first, count) => {
            let start = first % cards.len().max(1);
            let chosen: Vec<_> = cards.iter().skip(start).take(*count).copied().collect();
            if chosen.is_empty() {
                return None;
            }
            ops::delete_cards(doc, &chosen)
        }
        Op::DeleteStage(s) => ops::delete_stage(doc, *pick(&stage_ids, *s)?),
        Op::DeleteStep(s) => ops::delete_step(doc, *pick(&steps, *s)?),
        Op::DeleteLane(l) => ops::delete_lane(doc, *pick(&lane_ids, *l)?),
        Op::MoveStage(s, to) => Command::MoveStage {
            id: *pick(&stage_ids, *s)?,
            index: to % doc.stages.len().max(1),
        },
        Op::MoveStep(s, stage, to) => {
            let stage = *pick(&stage_ids, *stage)?;
            let len = doc.stage(stage)?.steps.len();
            Command::MoveStep {
                id: *pick(&steps, *s)?,
                stage,
                index: to % (len + 1),
            }
        }
        Op::MoveLane(l, to) => Command::MoveLane {
            id: *pick(&lane_ids, *l)?,
            index: to % doc.lanes.len().max(1),
        },
        Op::RenameStage(s, name) => Command::RenameStage {
            id: *pick(&stage_ids, *s)?,
            name: name.clone(),
        },
        Op::RenameLane(l, name) => Command::RenameLane {
            id: *pick(&lane_ids, *l)?,
            name: name.clone(),
        },
        Op::SetLaneKind(l, k) => Command::SetLaneKind {
            id: *pick(&lane_ids, *l)?,
            kind: kind(*k),
        },
        Op::Connect(a, b, two) => {
            let direction = if *two {
                Direction::TwoWay
            } else {
                Direction::OneWay
            };
            ops::connect(doc, *pick(&cards, *a)?, *pick(&cards, *b)?, direction).ok()?
        }
        Op::Disconnect(c) => Command::Disconnect(pick(&doc.connectors, *c)?.id),
        Op::AddPersona(name) => ops::add_persona(doc, name),
        Op::DeletePersona(p) => ops::delete_persona(doc, pick(&doc.personas, *p)?.id),
        Op::MapPersona(p, about) => ops::set_map_persona(doc, pick(&doc.personas, *p)?.id, *about),
        Op::SetTitle(title) => {
            let mut meta = doc.meta.clone();
            meta.title = title.clone();
            Command::SetMeta(meta)
        }
        Op::Duplicate(card) => ops::duplicate_cards(doc, &[*pick(&cards, *card)?]).0,
        Op::RenameStep(s, name) => Command::RenameStep {
            id: *pick(&steps, *s)?,
            name: name.clone(),
        },
        Op::SetConnector(c, two, label) => Command::SetConnector {
            id: pick(&doc.connectors, *c)?.id,
            direction: if *two {
                Direction::TwoWay
            } else {
                Direction::OneWay
            },
            label: label.clone(),
        },
        Op::SetScale(preset) => ops::set_emotion_scale(doc, EmotionScale::PRESETS[*preset % 3]),
        Op::EditPersona(p, field, value) => {
            let mut persona = pick(&doc.personas, *p)?.clone();
            let value = value.clone();
            match field % 6 {
                0 => persona.name = value,
                1 => persona.role = value,
                2 => persona.goals = value,
                3 => persona.needs = value,
                4 => persona.quote = value,
                _ => persona.picture = Some(value),
            }
            Command::SetPersona(persona)
        }
        Op::AddView(at, a, b, style, title, notes) => {
            let mut view = view_styled(doc, *a, *b, *style);
            view.id = doc.next_view_id();
            view.title = title.clone();
            view.notes = notes.clone();
            Command::InsertView {
                index: at % (doc.presentation.views.len() + 1),
                view,
            }
        }
        Op::EditView(v, title, notes, style) => {
            let old = pick(&doc.presentation.views, *v)?;
            let mut view = view_styled(doc, *v, *v + 1, *style);
            view.id = old.id;
            view.title = title.clone();
            view.notes = notes.clone();
            Command::SetView(view)
        }
        Op::MoveView(v, to) => Command::MoveView {
            id: pick(&doc.presentation.views, *v)?.id,
            index: to % doc.presentation.views.len().max(1),
        },
        Op::DeleteView(v) => Command::RemoveView(pick(&doc.presentation.views, *v)?.id),
        Op::SetAgenda(steps) => Command::SetAgenda(
            steps
                .iter()
                .map(|(name, minutes)| AgendaStep {
                    name: name.clone(),
                    minutes: *minutes,
                })
                .collect(),
        ),
        op => return decision_command(doc, op),
    })
}

/// The command a voting, matrix, screening or action operation means, built
/// as the editor builds it (through `edit::decide`); refusals give none.
fn decision_command(doc: &Document, op: &Op) -> Option<Command> {
    let cards: Vec<_> = doc.cards.iter().map(|c| c.id).collect();
    let decisions = &doc.decisions;
    let round = |r: usize| pick(&decisions.rounds, r);
    match op {
        Op::StartRound(ballot, voters, budget, stacking, question) => {
            // All cards or a listed set most of the time, as a random map
            // holds few pain points, opportunities or fail points.
            let ballot = match ballot {
                0..=2 => Ballot::KINDS[*ballot].clone(),
                3..=5 => Ballot::AllCards,
                _ => Ballot::Cards(cards.iter().step_by(2).copied().collect()),
            };
            let voters = (0..*voters)
                .map(|n| Voter {
                    name: format!("参与者{n}"),
                    group: ["", "A组"][n % 2].to_owned(),
                })
                .collect();
            let setup = RoundSetup {
                question: question.clone(),
                ballot,
                voters,
                budget: *budget,
                stacking: *stacking,
            };
            decide::start_round(doc, setup).ok()
        }
        Op::Vote(r, p, c) => {
            let round = round(*r)?;
            let participant = pick(&round.participants, *p)?.id;
            decide::cast_vote(doc, round.id, participant, *pick(&cards, *c)?).ok()
        }
        Op::TakeBackVote(r, v) => {
            let round = round(*r)?;
            let vote = pick(&round.votes, *v)?;
            decide::take_back_vote(doc, round.id, vote.participant, vote.card).ok()
        }
        Op::CloseRound(r, at) => {
            let at = jiff::Timestamp::from_second(*at).ok()?;
            decide::close_round(doc, round(*r)?.id, at).ok()
        }
        Op::ReopenRound(r) => decide::reopen_round(doc, round(*r)?.id).ok(),
        Op::DeleteRound(r) => Some(Command::RemoveRound(round(*r)?.id)),
        Op::SetBudget(r, budget) => {
            let mut changed = round(*r)?.clone();
            changed.budget = *budget;
            Some(Command::SetRound(changed))
        }
        Op::PlaceOnMatrix(c, impact, effort) => {
            decide::place_on_matrix(doc, *pick(&cards, *c)?, *impact, *effort).ok()
        }
        Op::NameMatrix(at, name, pain) => {
            let mut matrix = decisions.matrix.clone();
            match at {
                0..=3 => matrix.quadrants[*at] = name.clone(),
                4 => matrix.impact_axis = name.clone(),
                _ => matrix.effort_axis = name.clone(),
            }
            matrix.include_pain = *pain;
            Some(Command::SetMatrix(matrix))
        }
        Op::SetCriteria(criteria) => {
            let criteria = criteria
                .iter()
                .zip(1..)
                .map(|((name, weight), id)| Criterion {
                    id: CriterionId(id),
                    name: name.clone(),
                    weight: *weight,
                })
                .collect();
            decide::set_criteria(doc, criteria).ok()
        }
        Op::Score(c, k, value) => {
            let criterion = pick(&decisions.screening.criteria, *k)?.id;
            decide::set_score(doc, *pick(&cards, *c)?, criterion, *value).ok()
        }
        Op::AddAction(c, what) => decide::action_from_card(doc, *pick(&cards, *c)?, what).ok(),
        Op::EditAction(a, what, owner, due, status) => {
            // The raw command: an empty text is refused by the document itself.
            let mut action = pick(&decisions.actions, *a)?.clone();
            action.what = what.clone();
            action.owner = owner.clone();
            action.due = parse_due_date(due).ok();
            action.status = ActionStatus::ALL[*status];
            action.cards.extend(cards.first());
            Some(Command::SetAction(action))
        }
        Op::DeleteAction(a) => Some(Command::RemoveAction(pick(&decisions.actions, *a)?.id)),
        _ => None,
    }
}

/// A view of stages `a` to `b` (whole map when the map has none), its layers
/// and focus chosen by `style`.
fn view_styled(doc: &Document, a: usize, b: usize, style: usize) -> View {
    let stage_ids: Vec<_> = doc.stages.iter().map(|s| s.id).collect();
    let stages = match (pick(&stage_ids, a), pick(&stage_ids, b)) {
        (Some(first), Some(last)) if style.is_multiple_of(2) => Some(StageSpan {
            first: *first,
            last: *last,
        }),
        _ => None,
    };
    let focus = match style % 4 {
        0 => Some(Focus::PainPoints),
        1 => doc.personas.first().map(|p| Focus::Persona(p.id)),
        2 => Some(Focus::Owner("服务部".into())),
        _ => None,
    };
    View {
        stages,
        layers: LayerPreset::PRESETS[style % LayerPreset::PRESETS.len()],
        focus,
        ..View::default()
    }
}

/// Runs operations on a session; commands the document refuses are skipped
/// (and must leave it unchanged, which this checks).
pub fn run(session: &mut Session, ops: &[Op]) {
    for op in ops {
        let Some(command) = command_for(session.doc(), op) else {
            continue;
        };
        let before = session.doc().clone();
        if session.execute(command).is_err() {
            assert_eq!(
                session.doc(),
                &before,
                "a refused command changed the document"
            );
        }
    }
}

/// A document built by a random editing session.
pub fn document(max_ops: usize) -> impl Strategy<Value = Document> {
    ops_list(max_ops).prop_map(|ops| {
        let mut session = Session::unsaved(Document::new("Random map"));
        run(&mut session, &ops);
        session.doc().clone()
    })
}

/// A map of the shape workshops make: 2–5 stages of 1–3 steps, 4–12 lanes,
/// a card in most cells, connectors along the flow with rework loops,
/// personas the cards belong to, and scores across the map's scale (one of
/// the three presets). Built through the editing commands, so it is a map
/// the editor could have made.
pub fn realistic_map() -> impl Strategy<Value = Document> {
    (
        (2usize..6, 4usize..=12, 0usize..3),
        proptest::collection::vec(0usize..3, 5),
        proptest::collection::vec(any::<prop::sample::Index>(), 0..6),
        (1usize..4, 0usize..4),
    )
        .prop_map(
            |((stages, lanes, scale), extra_steps, gaps, (loops, personas))| {
                build_map(stages, lanes, scale, &extra_steps, &gaps, loops, personas)
            },
        )
}

/// [`realistic_map`] from its choices.
fn build_map(
    stages: usize,
    lanes: usize,
    scale: usize,
    extra_steps: &[usize],
    gaps: &[prop::sample::Index],
    loops: usize,
    personas: usize,
) -> Document {
    let base = stagemap::generate::generated_map(stages, lanes, 1, stages * lanes / 2);
    let mut session = Session::unsaved(base);
    let lane_ids: Vec<_> = session.doc().lanes.iter().map(|lane| lane.id).collect();
    // More steps in some stages, each with a card in every lane, scored
    // from the bottom of the scale to its top.
    for (stage_index, extra) in extra_steps.iter().enumerate().take(stages) {
        for n in 0..*extra {
            let stage = &session.doc().stages[stage_index];
            let (stage_id, at) = (stage.id, stage.steps.len());
            session
                .run(|doc| ops::add_step(doc, stage_id, at, &format!("步骤 Step {}", n + 2)))
                .unwrap();
            let step = session.doc().stages[stage_index].steps[at].id;
            for (row, lane) in lane_ids.iter().enumerate() {
                let (add, card) = ops::add_card(
                    session.doc(),
                    step,
                    *lane,
                    usize::MAX,
                    &format!("卡片 card {row}"),
                );
                session.execute(add).unwrap();
                let score = (row % 5) as f64 - 2.0;
                session
                    .execute(ops::set_card_field(card, CardField::Emotion(Some(score))))
                    .unwrap();
            }
        }
    }
    // A few empty cells.
    for gap in gaps {
        let cards = &session.doc().cards;
        let card = cards[gap.index(cards.len())].id;
        session.run(|doc| ops::delete_cards(doc, &[card])).unwrap();
    }
    // Rework loops: a connector back against the flow.
    let flow: Vec<_> = session
        .doc()
        .connectors
        .iter()
        .map(|connector| (connector.from, connector.to))
        .collect();
    for (from, to) in flow
        .iter()
        .step_by((flow.len() / loops.max(1)).max(1))
        .take(loops)
    {
        if let Ok(back) = ops::connect(session.doc(), *to, *from, Direction::OneWay) {
            session.execute(back).unwrap();
        }
    }
    // Personas with their fields filled in, each owning every few cards.
    for p in 0..personas {
        session
            .run(|doc| ops::add_persona(doc, &format!("王女士 {p}")))
            .unwrap();
        let mut persona = session.doc().personas[p].clone();
        persona.role = "车主 Owner".to_owned();
        persona.goals = "省心\tno surprises".to_owned();
        session
            .execute(Command::SetPersona(persona.clone()))
            .unwrap();
        let owned: Vec<_> = session
            .doc()
            .cards
            .iter()
            .skip(p)
            .step_by(personas + 1)
            .map(|card| card.id)
            .collect();
        for card in owned {
            session
                .execute(ops::set_card_field(
                    card,
                    CardField::Persona(Some(persona.id)),
                ))
                .unwrap();
        }
    }
    session
        .run(|doc| ops::set_emotion_scale(doc, EmotionScale::PRESETS[scale]))
        .unwrap();
    session.doc().clone()
}

/// A realistic map after a random editing session of up to `max_ops` operations.
pub fn edited_map(max_ops: usize) -> impl Strategy<Value = Document> {
    (realistic_map(), ops_list(max_ops)).prop_map(|(doc, ops)| {
        let mut session = Session::opened(doc);
        run(&mut session, &ops);
        session.doc().clone()
    })
}

/// What the documents of a property test held: how many had cards,
/// connectors, rework loops, personas, and text with control characters
/// or of [`LONG_TEXT`] characters.
#[derive(Debug, Default)]
pub struct CaseMix {
    cases: usize,
    with_cards: usize,
    with_connectors: usize,
    with_loops: usize,
    with_personas: usize,
    with_views: usize,
    with_votes: usize,
    with_decisions: usize,
    with_control_characters: usize,
    with_long_text: usize,
}

impl CaseMix {
    /// Counts one document.
    pub fn count(&mut self, doc: &Document) {
        let texts = || {
            doc.cards
                .iter()
                .map(|card| card.title.as_str())
                .chain(doc.stages.iter().map(|stage| stage.name.as_str()))
                .chain(doc.personas.iter().map(|persona| persona.name.as_str()))
                .chain(doc.connectors.iter().map(|c| c.label.as_str()))
                .chain([doc.meta.title.as_str()])
        };
        self.cases += 1;
        self.with_cards += usize::from(!doc.cards.is_empty());
        self.with_connectors += usize::from(!doc.connectors.is_empty());
        self.with_loops += usize::from(!stagemap::analysis::analyze(doc).loops.is_empty());
        self.with_personas += usize::from(!doc.personas.is_empty());
        self.with_views += usize::from(!doc.presentation.is_empty());
        let decisions = &doc.decisions;
        self.with_votes += usize::from(decisions.rounds.iter().any(|r| !r.votes.is_empty()));
        self.with_decisions += usize::from(
            !decisions.actions.is_empty()
                || !decisions.matrix.placed.is_empty()
                || !decisions.screening.scores.is_empty(),
        );
        self.with_control_characters +=
            usize::from(texts().any(|text| text.chars().any(|c| c.is_control() && c != '\n')));
        self.with_long_text += usize::from(texts().any(|text| text.chars().count() >= LONG_TEXT));
    }

    /// Prints the mix under `name` and asserts that at least 70 % of the
    /// cases held cards and 20 % connectors, and that some held loops, a
    /// presentation and votes.
    pub fn report_and_check(&self, name: &str) {
        let share = |count: usize| 100 * count / self.cases.max(1);
        println!(
            "{name}: {} cases; cards in {} %, connectors in {} %, loops in {} %, personas in {} %, \
             views or agenda in {} %, votes in {} %, actions, placements or scores in {} %, control characters in {} %, {LONG_TEXT}-character texts in {} %",
            self.cases,
            share(self.with_cards),
            share(self.with_connectors),
            share(self.with_loops),
            share(self.with_personas),
            share(self.with_views),
            share(self.with_votes),
            share(self.with_decisions),
            share(self.with_control_characters),
            share(self.with_long_text),
        );
        assert!(share(self.with_cards) >= 70, "{name}: {self:?}");
        assert!(share(self.with_connectors) >= 20, "{name}: {self:?}");
        assert!(self.with_loops > 0, "{name}: {self:?}");
        assert!(self.with_views > 0, "{name}: {self:?}");
        assert!(self.with_votes > 0, "{name}: {self:?}");
        assert!(self.with_long_text > 0, "{name}: {self:?}");
    }
}

/// A property-test runner for `cases` cases that keeps no regression file.
pub fn runner(cases: u32) -> proptest::test_runner::TestRunner {
    proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    })
}
