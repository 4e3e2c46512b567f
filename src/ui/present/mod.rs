//! Presentation mode: the map shown full screen to a room, view by view and shot by shot, with titles at the room's readable size, a spotlight on a clicked card, the presenter's window and the workshop clock.
//!
//! [`Presenting`] is the state of one presentation: the walk-through
//! ([`walk`]), each view framed into shots for the screen
//! ([`fn@crate::presentation::shots`]), the editor's view to give back on
//! leaving, the card in the spotlight and whether the presenter's window is
//! open. The app draws the stage with [`stage::stage_ui`], the spotlight with
//! [`spotlight::spotlight_ui`] and the presenter's window with
//! [`presenter::presenter_ui`]; all show the app's one timer,
//! [`crate::ui::workshop_clock::WorkshopClock`].

pub mod presenter;
pub mod spotlight;
pub mod stage;
pub mod walk;

use std::collections::HashSet;
use std::sync::Arc;

use crate::layout::{LayerPreset, Layout, LayoutOptions, Point};
use crate::model::{CardId, Document, Focus, StepId, View};
use crate::presentation::{self, Screen, Shot};
use crate::ui::canvas::CanvasSnapshot;
use crate::ui::i18n::tr;

pub use walk::{Nav, StepRef, Walk};

/// One view of the walk-through with the shots it is cut into for the screen.
#[derive(Clone, Debug)]
struct FramedView {
    view: View,
    /// The map laid out with the view's layers.
    layout: Arc<Layout>,
    shots: Vec<Shot>,
    /// The steps of the view's stages; `None` for the whole map.
    steps: Option<HashSet<StepId>>,
}

/// What the shots were cut for: the document state, the screen and the
/// smallest readable title.
#[derive(Clone, Copy, Debug, PartialEq)]
struct FramingKey {
    revision: u64,
    sizes: [usize; 4],
    screen: [u32; 2],
    min_title: u32,
}

/// How the canvas is to show the current step.
#[derive(Clone, Debug, PartialEq)]
pub struct StepLook {
    /// The lanes shown.
    pub layers: LayerPreset,
    /// What stays bright.
    pub focus: Option<Focus>,
    /// The steps whose cards stay bright; `None`: all of them.
    pub bright_steps: Option<HashSet<StepId>>,
    /// The document point at the canvas' top-left corner.
    pub corner: Point,
    /// Screen points per document unit.
    pub zoom: f32,
    /// The canvas showed another step before: glide rather than jump.
    pub moved: bool,
}

/// One presentation under way.
#[derive(Debug)]
pub struct Presenting {
    walk: Walk,
    views: Vec<FramedView>,
    key: Option<FramingKey>,
    /// The screen the shots were cut for.
    screen: Screen,
    /// The step, shot and screen the canvas was last framed for.
    framed: Option<(StepRef, Shot, Screen)>,
    /// The editor's canvas as it was, given back on leaving.
    saved: CanvasSnapshot,
    /// The window was full screen before.
    was_fullscreen: bool,
    /// The card shown enlarged.
    pub spotlight: Option<CardId>,
    /// The presenter's window is open.
    pub presenter_open: bool,
}

impl Presenting {
    /// A presentation from its first step; `saved` and `was_fullscreen` are
    /// what the editor showed, to be given back.
    pub fn new(saved: CanvasSnapshot, was_fullscreen: bool) -> Self {
        Self {
            walk: Walk::new(&[]),
            views: Vec::new(),
            key: None,
            screen: Screen {
                width: 1.0,
                height: 1.0,
            },
            framed: None,
            saved,
            was_fullscreen,
            spotlight: None,
            presenter_open: false,
        }
    }

    /// What to give back on leaving: the editor's canvas and whether the window was full screen.
    pub fn into_saved(self) -> (CanvasSnapshot, bool) {
        (self.saved, self.was_fullscreen)
    }

    /// Cuts the views of `doc` into shots for `screen` with titles at least
    /// `min_title` points large, when any of these changed since the last call.
    pub fn update(&mut self, doc: &Document, revision: u64, screen: Screen, min_title: f32) {
        let key = FramingKey {
            revision,
            sizes: [
                doc.stages.len(),
                doc.step_count(),
                doc.lanes.len(),
                doc.cards.len(),
            ],
            screen: [screen.width.round() as u32, screen.height.round() as u32],
            min_title: (min_title * 100.0).round() as u32,
        };
        if self.key == Some(key) {
            return;
        }
        self.views = presentation::views(doc)
            .iter()
            .map(|view| {
                let layout = Arc::new(Layout::compute(
                    doc,
                    LayoutOptions {
                        layers: view.layers,
                    },
                ));
                let stages = view.stage_indices(doc);
                let shots = presentation::shots(&layout, stages.clone(), screen, min_title);
                let steps = stages.filter(|_| !view.is_whole_map(doc)).map(|range| {
                    doc.stages[range]
                        .iter()
                        .flat_map(|stage| stage.steps.iter().map(|step| step.id))
                        .collect()
                });
                FramedView {
                    view: view.clone(),
                    layout,
                    shots,
                    steps,
                }
            })
            .collect();
        let counts: Vec<usize> = self.views.iter().map(|view| view.shots.len()).collect();
        if self.key.is_none() {
            self.walk = Walk::new(&counts);
        } else {
            self.walk.retarget(&counts);
        }
        self.key = Some(key);
        self.screen = screen;
    }

    /// Moves through the walk-through; the card in the spotlight goes back.
    pub fn go(&mut self, nav: Nav) {
        self.spotlight = None;
        self.walk.go(nav);
    }

    /// The walk-through.
    pub fn walk(&self) -> &Walk {
        &self.walk
    }

    /// The view of a step, with its shot.
    fn framed_view(&self, step: StepRef) -> Option<(&FramedView, &Shot)> {
        let view = self.views.get(step.view)?;
        Some((view, view.shots.get(step.shot)?))
    }

    /// The view shown now.
    pub fn current_view(&self) -> Option<&View> {
        let step = self.walk.current()?;
        Some(&self.views.get(step.view)?.view)
    }

    /// The shot shown now.
    pub fn current_shot(&self) -> Option<&Shot> {
        self.framed_view(self.walk.current()?).map(|(_, shot)| shot)
    }

    /// The layout of a step's view and the shot of it, for a small picture of the step.
    pub fn step_picture(&self, step: StepRef) -> Option<(&Layout, &Shot)> {
        self.framed_view(step)
            .map(|(framed, shot)| (framed.layout.as_ref(), shot))
    }

    /// The views of the walk-through, in order.
    pub fn views(&self) -> impl Iterator<Item = &View> {
        self.views.iter().map(|framed| &framed.view)
    }

    /// How the canvas is to show the current step, when it shows something
    /// else now (another step, or the same cut anew); `None` when it is in place.
    pub fn reframe(&mut self) -> Option<StepLook> {
        let step = self.walk.current()?;
        let (framed, shot) = self.framed_view(step)?;
        if self
            .framed
            .as_ref()
            .is_some_and(|(was_step, was_shot, was_screen)| {
                *was_step == step && was_shot == shot && *was_screen == self.screen
            })
        {
            return None;
        }
        let look = StepLook {
            layers: framed.view.layers,
            focus: framed.view.focus.clone(),
            bright_steps: framed.steps.clone(),
            corner: shot.corner(),
            zoom: shot.zoom,
            moved: self.framed.is_some(),
        };
        self.framed = Some((step, shot.clone(), self.screen));
        Some(look)
    }

    /// The name of a step for the progress line and the presenter: «维保 · 后台»
    /// for a stage shown in a layer, the map's title for the whole map.
    pub fn step_name(&self, doc: &Document, step: StepRef) -> String {
        let Some(framed) = self.views.get(step.view) else {
            return String::new();
        };
        let view = &framed.view;
        let name = view_title(doc, view);
        let shots = framed.shots.len();
        let mut parts = vec![name];
        if !view.is_whole_map(doc) && has_blueprint_layers(doc) {
            parts.push(short_layer_name(view.layers).into_owned());
        }
        if shots > 1 {
            parts.push(format!("{}/{}", step.shot + 1, shots));
        }
        parts.join(" · ")
    }

    /// The progress line: «维保 · 3/9 · 后台».
    pub fn progress_text(&self, doc: &Document) -> String {
        let Some(step) = self.walk.current() else {
            return String::new();
        };
        let Some(framed) = self.views.get(step.view) else {
            return String::new();
        };
        let view = &framed.view;
        let count = format!("{}/{}", self.walk.position() + 1, self.walk.len());
        let mut parts = vec![view_title(doc, view), count];
        if !view.is_whole_map(doc) && has_blueprint_layers(doc) {
            parts.push(short_layer_name(view.layers).into_owned());
        }
        parts.join(" · ")
    }
}

/// What a view shows, by name, in the UI's language (see [`presentation::stages_title`]).
pub fn view_title(doc: &Document, view: &View) -> String {
    presentation::stages_title(doc, view, crate::ui::i18n::current())
}

/// The map has lanes some layer hides: naming the layer says something.
fn has_blueprint_layers(doc: &Document) -> bool {
    doc.lanes
        .iter()
        .any(|lane| !LayerPreset::CustomerOnly.shows(&lane.kind))
}

/// The layer as the progress line names it: the lowest lane kind it reveals.
pub fn short_layer_name(layers: LayerPreset) -> std::borrow::Cow<'static, str> {
    match layers {
        LayerPreset::CustomerOnly => tr("present-layer-customer"),
        LayerPreset::FrontstageOnly => tr("present-layer-frontstage"),
        LayerPreset::UpToBackstage => tr("present-layer-backstage"),
        LayerPreset::All => tr("present-layer-all"),
    }
}
