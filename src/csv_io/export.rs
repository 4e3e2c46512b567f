//! Writing a map as CSV: one row per card, every column, English headers.

use std::collections::{HashMap, HashSet};

use crate::model::{Card, CardId, Document, Lane, LaneId, Stage, Step, StepId};

use super::columns::Column;
use super::order;

/// The map as CSV text: a header row with every column of [`Column::ALL`],
/// then one row per card (RFC 4180 quoting, `\r\n` line ends, no byte-order
/// mark).
///
/// Rows come sorted by column, then lane, then order in the cell, except
/// that a card is held back while it would bring in its lane (or its stage
/// or step) before an earlier one; so importing the rows gives back the
/// map's order of stages, steps and lanes. Where no row order can keep the
/// lane order, lanes whose first card stands further left move up, and the
/// text imports to a map that exports to the same rows. Cards whose step or
/// lane the map lacks are left out.
pub fn export(doc: &Document) -> String {
    let steps: HashMap<StepId, (&Stage, &Step)> = doc
        .columns()
        .map(|(stage, step)| (step.id, (stage, step)))
        .collect();
    let lanes: HashMap<LaneId, &Lane> = doc.lanes.iter().map(|lane| (lane.id, lane)).collect();
    let rows: Vec<Row<'_>> = order::card_order(doc)
        .into_iter()
        .filter_map(|index| {
            let card = doc.cards.get(index)?;
            let &(stage, step) = steps.get(&card.step)?;
            let lane = *lanes.get(&card.lane)?;
            Some(Row {
                card,
                stage,
                step,
                lane,
            })
        })
        .collect();
    let written: HashSet<CardId> = rows.iter().map(|row| row.card.id).collect();
    let mut next: HashMap<CardId, Vec<String>> = HashMap::new();
    for connector in &doc.connectors {
        if written.contains(&connector.from) && written.contains(&connector.to) {
            next.entry(connector.from)
                .or_default()
                .push(connector.to.to_string());
        }
    }

    let rows = rows.into_iter().map(
        |Row {
             card,
             stage,
             step,
             lane,
         }| {
            Column::ALL.map(|column| match column {
                Column::Id => card.id.to_string(),
                Column::Stage => stage.name.clone(),
                Column::Step => step.name.clone(),
                Column::Lane => lane.name.clone(),
                Column::LaneKind => lane.kind.as_str().to_owned(),
                Column::Title => card.title.clone(),
                Column::Detail => card.detail.clone(),
                Column::Channel => card.channel.clone(),
                Column::Emotion => number(card.emotion),
                Column::EmotionToBe => number(card.emotion_to_be),
                Column::DurationMinutes => minutes(card.duration_minutes),
                Column::WaitMinutes => minutes(card.wait_minutes),
                Column::Pain => card.pain.to_string(),
                Column::Fail => card.fail.to_string(),
                Column::Recovery => card.recovery.clone(),
                Column::MomentOfTruth => card.moment_of_truth.to_string(),
                Column::Kano => card
                    .kano
                    .map(|kano| kano.as_str().to_owned())
                    .unwrap_or_default(),
                Column::Servqual => card
                    .servqual
                    .map(|servqual| servqual.as_str().to_owned())
                    .unwrap_or_default(),
                Column::Nps => number(card.nps),
                Column::Csat => number(card.csat),
                Column::Ces => number(card.ces),
                Column::Owner => card.owner.clone(),
                Column::Tags => card.tags.join(";"),
                Column::Colour => card.colour.clone().unwrap_or_default(),
                Column::Persona => card
                    .persona
                    .and_then(|id| doc.persona(id))
                    .map(|persona| persona.name.clone())
                    .unwrap_or_default(),
                Column::Picture => card.picture.clone().unwrap_or_default(),
                Column::Next => next
                    .get(&card.id)
                    .map(|ids| ids.join(";"))
                    .unwrap_or_default(),
            })
        },
    );
    table(Column::ALL.map(Column::name), rows)
}

/// CSV text of a header and rows, as the exports write it: RFC 4180
/// quoting, `\r\n` line ends, no byte-order mark.
pub(super) fn table<const N: usize>(
    header: [&str; N],
    rows: impl IntoIterator<Item = [String; N]>,
) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut result = writer.write_record(header);
    for row in rows {
        result = result.and_then(|()| writer.write_record(&row));
    }
    // Writing to memory cannot fail, and every field is UTF-8.
    let bytes = result
        .and_then(|()| {
            writer
                .into_inner()
                .map_err(|error| error.into_error().into())
        })
        .unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A card with the stage, step and lane it sits in.
struct Row<'a> {
    card: &'a Card,
    stage: &'a Stage,
    step: &'a Step,
    lane: &'a Lane,
}

/// A number as Rust writes it, which reads back to the same value.
fn number(value: Option<f64>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

fn minutes(value: Option<u32>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}
