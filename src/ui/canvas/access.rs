//! Accessibility: every card, header and connector on screen becomes an AccessKit node with
//! its name, so screen readers (and UI tests) can find them.
//!
//! The nodes are hover-only widgets: the canvas keeps all pointer handling.
//! Nothing is built while no assistive technology listens.

use std::borrow::Cow;

use egui::accesskit::Role;
use egui::{Id, Rect, Sense, WidgetInfo};

use crate::ui::i18n::{tr, tr_args};

use super::emotion;
use super::focus::FlowSummary;
use super::paint::describe_markers;
use super::screen_layout::ScreenLayout;
use super::{CanvasState, lane_kind_name};
use crate::model::Document;
use crate::scene::format_score;

/// Adds the AccessKit nodes of what the canvas shows.
pub(crate) fn accessibility_nodes(
    ui: &egui::Ui,
    canvas_id: Id,
    frame: &ScreenLayout<'_>,
    doc: &Document,
    state: &CanvasState,
    flow: &FlowSummary,
) {
    if !ui.ctx().has_accesskit_node(canvas_id) {
        return;
    }
    let layout = frame.layout;
    let content = frame.content_clip();
    let selection: std::collections::HashSet<_> = state.selection.cards.iter().copied().collect();
    let node = |id: Id, rect: Rect, role: Role, label: &str| {
        let response = ui.interact(rect, id, Sense::hover());
        response.widget_info(|| WidgetInfo::labeled(role, true, label));
        id
    };

    for index in layout.cards_in(frame.visible_doc()) {
        let card_box = &layout.cards[index];
        let rect = frame.card(card_box).intersect(content);
        let Some(card) = layout
            .doc_card(doc, card_box)
            .filter(|_| rect.is_positive())
        else {
            continue;
        };
        let untitled = tr("canvas-untitled-card");
        let label = if card.title.trim().is_empty() {
            untitled.as_ref()
        } else {
            card.title.as_str()
        };
        let id = node(
            canvas_id.with(("card", card.id.0)),
            rect,
            Role::Button,
            label,
        );
        let selected = selection.contains(&card.id);
        let mut parts = vec![describe_markers(card, doc)];
        if state.critical_path && flow.critical.contains(&card.id) {
            parts.push(tr("canvas-describe-critical").into_owned());
        }
        if flow.flow.in_loop(card.id) {
            parts.push(tr("canvas-describe-loop").into_owned());
        }
        if state.dims(card) {
            parts.push(tr("canvas-describe-dimmed").into_owned());
        }
        if let Some(reason) = card
            .picture
            .as_deref()
            .and_then(|picture| state.pictures.failure(picture))
        {
            parts.push(tr_args(
                "canvas-describe-picture-failed",
                &[("reason", reason)],
            ));
        }
        parts.retain(|part| !part.is_empty());
        let description = parts.join(", ");
        ui.ctx().accesskit_node_builder(id, |builder| {
            builder.set_selected(selected);
            if !description.is_empty() {
                builder.set_description(description);
            }
        });
    }

    for point in emotion::screen_points(frame) {
        if !content.contains(point.pos) {
            continue;
        }
        let Some(curve) = layout.emotion_curves.get(point.curve) else {
            continue;
        };
        let card = doc
            .card(point.grabbed.card)
            .map_or("", |card| card.title.as_str());
        let label = Cow::<str>::Owned(tr_args(
            "canvas-emotion-point",
            &[
                ("curve", &(emotion::curve_name(doc, curve)).to_string()),
                ("card", card),
                ("score", &(format_score(point.score)).to_string()),
            ],
        ));
        node(
            canvas_id.with((
                "emotion",
                point.grabbed.lane,
                point.curve,
                point.grabbed.card.0,
            )),
            Rect::from_center_size(point.pos, egui::Vec2::splat(12.0)),
            Role::Slider,
            &label,
        );
    }

    let header_row = Rect::from_min_max(
        egui::pos2(frame.header_right(), frame.canvas.top()),
        frame.canvas.max,
    );
    for index in frame.visible_stages() {
        let stage = &layout.stages[index];
        if let Some(rect) = frame.stage_header(index).map(|r| r.intersect(header_row))
            && rect.is_positive()
        {
            node(
                canvas_id.with(("stage", stage.id.0)),
                rect,
                Role::ColumnHeader,
                &stage.name,
            );
        }
        for column in stage.first_column..stage.first_column + stage.column_count {
            if let Some(rect) = frame.step_header(column).map(|r| r.intersect(header_row))
                && rect.is_positive()
            {
                let step = &layout.columns[column];
                node(
                    canvas_id.with(("step", step.step.0)),
                    rect,
                    Role::ColumnHeader,
                    &step.name,
                );
            }
        }
    }

    let lane_column = Rect::from_min_max(
        egui::pos2(frame.canvas.left(), frame.header_bottom()),
        frame.canvas.max,
    );
    let visible = frame.visible_doc();
    for index in layout.lanes_between(visible.min.y, visible.max.y) {
        let lane = &layout.lanes[index];
        let Some(rect) = frame
            .lane_header(index)
            .map(|r| r.intersect(lane_column))
            .filter(Rect::is_positive)
        else {
            continue;
        };
        let id = node(
            canvas_id.with(("lane", lane.id.0)),
            rect,
            Role::RowHeader,
            &lane.name,
        );
        let kind = lane_kind_name(&lane.kind).into_owned();
        let selected = state.selection.lane() == Some(lane.id);
        ui.ctx().accesskit_node_builder(id, |builder| {
            builder.set_description(kind);
            builder.set_selected(selected);
        });
    }

    for connector in &layout.connectors {
        if !connector.bounds.intersects(&visible) {
            continue;
        }
        let rect = frame
            .screen_from_doc_rect(connector.bounds.expand(4.0))
            .intersect(content);
        if !rect.is_positive() {
            continue;
        }
        let title = |id| {
            layout
                .card(id)
                .and_then(|card| layout.doc_card(doc, card))
                .map_or("", |card| card.title.as_str())
        };
        let (from, to) = (title(connector.from), title(connector.to));
        let label = match connector.direction {
            crate::model::Direction::OneWay => {
                Cow::<str>::Owned(tr_args("canvas-connector", &[("from", from), ("to", to)]))
            }
            crate::model::Direction::TwoWay => Cow::<str>::Owned(tr_args(
                "canvas-connector-two-way",
                &[("from", from), ("to", to)],
            )),
        };
        let id = node(
            canvas_id.with(("connector", connector.id.0)),
            rect,
            Role::Button,
            &label,
        );
        let selected = state.selection.connector == Some(connector.id);
        ui.ctx().accesskit_node_builder(id, |builder| {
            builder.set_selected(selected);
        });
    }
}
