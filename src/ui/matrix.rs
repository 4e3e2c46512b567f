//! Workshop → Impact/effort matrix…: the matrix' display list
//! ([`crate::scene::matrix`], the picture the exports print) in a window;
//! items dragged into their quadrant, or moved by the arrow keys once
//! focused (one undo step a drag or a key; Esc, which ends
//! egui's drag with the button still down, cancels it),
//! the axis and quadrant names edited (one undo step a visit to a field), and
//! whether pain points are placed too.

use egui::accesskit::Role;
use egui::{Pos2, Sense, WidgetInfo};

use crate::decisions::{self, MatrixItem};
use crate::edit::{Command, Edit, decide};
use crate::layout::{Point, Rect};
use crate::model::{CardId, Document, Matrix, Quadrant};
use crate::scene::matrix::{self, MatrixFrame};
use crate::scene::{Scene, Shows, TextMeasure, Theme};

use super::canvas::display::paint_items;
use super::canvas::theme::color;
use super::field_visit::FieldVisit;
use super::i18n::{self, Language, tr, tr_args};

/// The undo step of every change the window makes.
const STEP: &str = "edit-matrix";
/// The narrowest the picture is drawn, in points.
const MIN_WIDTH: f32 = 320.0;
/// Where the workshop windows (this one, concept screening) first open: below
/// the menu bar, so they never cover it.
pub(crate) const WORKSHOP_WINDOW_AT: Pos2 = egui::pos2(24.0, 56.0);

/// How opaque an item being dragged is drawn.
const DRAGGED_ALPHA: f32 = 0.85;

/// The matrix window between frames.
#[derive(Debug, Default)]
pub struct MatrixWindow {
    /// The window shows.
    open: bool,
    /// The item being dragged, if any.
    drag: Option<Drag>,
    /// The name field being typed in.
    names: FieldVisit,
    /// Why the last drop was refused, in words.
    refused: Option<String>,
    /// The picture last built, kept while the document, language and theme stay.
    picture: Option<Picture>,
    measure: TextMeasure,
}

/// The matrix' display list, its items and where their cards are, for one
/// state of the document in one language and theme.
#[derive(Debug)]
struct Picture {
    key: (u64, Language, Theme),
    scene: Scene,
    items: Vec<MatrixItem>,
    rects: Vec<Rect>,
}

/// An item being dragged.
#[derive(Clone, Copy, Debug)]
struct Drag {
    /// Its card.
    card: CardId,
    /// Where the pointer pressed it.
    from: Pos2,
}

impl MatrixWindow {
    /// Shows the window.
    pub fn open(&mut self) {
        self.open = true;
    }

    /// The window shows.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The name being typed in, if any, lets go: its undo step is committed.
    pub fn finish_editing(&mut self) -> Vec<Edit> {
        self.names.finish()
    }

    /// Draws the window when it is open and returns the edits made in it;
    /// `revision` names the document's state, so the picture is built again
    /// only when it changes.
    pub fn matrix_ui(&mut self, ctx: &egui::Context, doc: &Document, revision: u64) -> Vec<Edit> {
        if !self.open {
            return Vec::new();
        }
        let mut edits = Vec::new();
        let mut open = true;
        egui::Window::new(tr("matrix-title"))
            .id(egui::Id::unique("impact effort matrix"))
            .open(&mut open)
            .default_pos(WORKSHOP_WINDOW_AT)
            .default_width(760.0)
            .resizable(true)
            .show(ctx, |ui| edits = self.contents_ui(ui, doc, revision));
        if !open {
            edits.extend(self.names.finish());
            self.drag = None;
            self.open = false;
        }
        edits
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document, revision: u64) -> Vec<Edit> {
        let mut edits = self.names.finish_if_left(ui);
        let language = i18n::current();
        let matrix = &doc.decisions.matrix;
        let mut include_pain = matrix.include_pain;
        if ui
            .checkbox(&mut include_pain, tr("matrix-include-pain"))
            .changed()
        {
            edits.extend(self.names.finish());
            edits.push(Edit::Execute(Command::SetMatrix(Matrix {
                include_pain,
                ..matrix.clone()
            })));
        }
        egui::CollapsingHeader::new(tr("matrix-names"))
            .id_salt("matrix names")
            .show(ui, |ui| self.names_ui(ui, doc, language, &mut edits));
        let theme = if ui.visuals().dark_mode {
            Theme::Dark
        } else {
            Theme::Light
        };
        let key = (revision, language, theme);
        let picture = match self.picture.take() {
            Some(picture) if picture.key == key => picture,
            _ => {
                let items = decisions::matrix_items(doc);
                Picture {
                    key,
                    scene: matrix::build(doc, language, theme, &self.measure),
                    rects: MatrixFrame::default().item_rects(&items),
                    items,
                }
            }
        };
        if picture.items.is_empty() {
            ui.label(tr("matrix-empty"));
        } else {
            ui.label(tr("matrix-hint"));
        }
        if let Some(refused) = &self.refused {
            ui.colored_label(ui.visuals().error_fg_color, refused);
        }
        self.picture_ui(ui, doc, language, &picture, &mut edits);
        self.picture = Some(picture);
        edits
    }

    /// The axis and quadrant names, each a field whose visit is one undo step.
    fn names_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        language: Language,
        edits: &mut Vec<Edit>,
    ) {
        let matrix = &doc.decisions.matrix;
        let unnamed = Document::default();
        let (impact, effort) = decisions::axis_names(&unnamed, language);
        let mut fields: Vec<(String, String, String, usize)> = vec![
            (
                tr("matrix-impact-axis").into_owned(),
                impact,
                matrix.impact_axis.clone(),
                0,
            ),
            (
                tr("matrix-effort-axis").into_owned(),
                effort,
                matrix.effort_axis.clone(),
                1,
            ),
        ];
        for quadrant in Quadrant::ALL {
            let name = decisions::quadrant_name(&unnamed, quadrant, language);
            let own = matrix.quadrants[quadrant.index()].clone();
            fields.push((name.clone(), name, own, 2 + quadrant.index()));
        }
        egui::Grid::new("matrix names grid")
            .num_columns(2)
            .show(ui, |ui| {
                for (label, default, own, field) in fields {
                    let label = ui.label(label);
                    let widget = ui.make_persistent_id(("matrix name", field));
                    let mut text = self.names.text(widget, || own);
                    let response = ui
                        .add(
                            egui::TextEdit::singleline(&mut text)
                                .id(widget)
                                .hint_text(default),
                        )
                        .labelled_by(label.id);
                    ui.end_row();
                    let (visit, typed) = self.names.track(&response, widget, &text, STEP);
                    edits.extend(visit);
                    if typed {
                        let mut changed = matrix.clone();
                        match field {
                            0 => changed.impact_axis = text,
                            1 => changed.effort_axis = text,
                            quadrant => changed.quadrants[quadrant - 2] = text,
                        }
                        edits.push(Edit::Execute(Command::SetMatrix(changed)));
                    }
                }
            });
    }

    /// The picture, with each item a widget that can be dragged.
    fn picture_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        language: Language,
        drawn: &Picture,
        edits: &mut Vec<Edit>,
    ) {
        let scene = &drawn.scene;
        let width = ui.available_width().max(MIN_WIDTH);
        let zoom = width / scene.width;
        let (area, picture) =
            ui.allocate_exact_size(egui::vec2(width, scene.height * zoom), Sense::hover());
        picture.widget_info(|| WidgetInfo::labeled(Role::Image, true, tr("matrix-picture")));
        let painter = ui.painter_at(area);
        painter.rect_filled(area, 0.0, color(scene.background));
        let moving = self.drag;
        let of_moving = |shows: Shows| moving.is_some_and(|d| shows == Shows::MatrixItem(d.card));
        paint_items(
            &painter,
            scene
                .tagged()
                .filter(|(shows, _)| !of_moving(*shows))
                .map(|(_, item)| item),
            area.min,
            zoom,
            1.0,
        );
        let frame = MatrixFrame::default();
        let pointer = ui.ctx().pointer_latest_pos();
        for (item, &rect) in drawn.items.iter().zip(&drawn.rects) {
            let Some(card) = doc.card(item.card) else {
                continue;
            };
            let on_screen = egui::Rect::from_min_max(
                area.min + egui::vec2(rect.min.x, rect.min.y) * zoom,
                area.min + egui::vec2(rect.max.x, rect.max.y) * zoom,
            );
            let id = ui.make_persistent_id(("matrix item", item.card));
            let response = ui.interact(on_screen, id, Sense::click_and_drag());
            let quadrant = decisions::quadrant_name(doc, item.quadrant(), language);
            let label = tr_args(
                "matrix-item-label",
                &[("title", card.title.trim()), ("quadrant", &quadrant)],
            );
            response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
            if response.has_focus() {
                // The arrow keys move the item, not egui's focus to a neighbour.
                let arrows = egui::EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    ..Default::default()
                };
                ui.memory_mut(|memory| memory.set_focus_lock_filter(id, arrows));
                painter.rect_stroke(
                    on_screen.expand(2.0),
                    4.0,
                    ui.visuals().selection.stroke,
                    egui::StrokeKind::Outside,
                );
                if let Some((impact, effort)) = keyboard_step(ui, item) {
                    match decide::place_on_matrix(doc, item.card, impact, effort) {
                        Ok(command) => edits.push(Edit::Execute(command)),
                        Err(refusal) => self.refused = Some(i18n::refusal(&refusal)),
                    }
                }
            }
            // Where the button went down: the drag is only seen once the
            // pointer has moved a little.
            let pressed_at = ui.input(|input| input.pointer.press_origin());
            if response.drag_started()
                && let Some(from) = pressed_at.or_else(|| response.interact_pointer_pos())
            {
                self.drag = Some(Drag {
                    card: item.card,
                    from,
                });
                self.refused = None;
            }
            let Some(drag) = self.drag.filter(|drag| drag.card == item.card) else {
                continue;
            };
            let moved = pointer.map_or(egui::Vec2::ZERO, |at| at - drag.from);
            if response.drag_stopped() {
                self.drag = None;
                // egui ends a drag on Esc with the button still down: nothing moves then.
                let released = !ui.input(|input| input.pointer.primary_down());
                if released {
                    let centre = rect.center();
                    let dropped = Point::new(centre.x + moved.x / zoom, centre.y + moved.y / zoom);
                    let (impact, effort) = frame.place_at(dropped);
                    match decide::place_on_matrix(doc, item.card, impact, effort) {
                        Ok(command) => edits.push(Edit::Execute(command)),
                        Err(refusal) => self.refused = Some(i18n::refusal(&refusal)),
                    }
                }
            } else {
                let items = scene
                    .tagged()
                    .filter(|(shows, _)| *shows == Shows::MatrixItem(item.card))
                    .map(|(_, item)| item);
                paint_items(&painter, items, area.min + moved, zoom, DRAGGED_ALPHA);
            }
        }
    }
}

/// How far an arrow key moves a focused item, as a share of an axis.
const KEY_STEP: f64 = 0.05;

/// The place an arrow key pressed on a focused item moves it to: up and down
/// along impact, left and right along effort (the keys are taken, so the map
/// behind does not move its cards too); `None` without one.
fn keyboard_step(ui: &egui::Ui, item: &MatrixItem) -> Option<(f64, f64)> {
    use egui::{Key, Modifiers};
    let moves = [
        (Key::ArrowUp, KEY_STEP, 0.0),
        (Key::ArrowDown, -KEY_STEP, 0.0),
        (Key::ArrowRight, 0.0, KEY_STEP),
        (Key::ArrowLeft, 0.0, -KEY_STEP),
    ];
    ui.input_mut(|input| {
        moves.into_iter().find_map(|(key, impact, effort)| {
            input
                .consume_key(Modifiers::NONE, key)
                .then_some((item.impact + impact, item.effort + effort))
        })
    })
}
