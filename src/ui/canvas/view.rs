//! Pan and zoom: the transform between document space and the screen.

use egui::{Pos2, Rect, Vec2, vec2};

use crate::layout;

/// Smallest zoom factor.
pub(crate) const MIN_ZOOM: f32 = 0.05;
/// Largest zoom factor.
pub(crate) const MAX_ZOOM: f32 = 4.0;
/// Step of the zoom-in and zoom-out commands.
pub(crate) const ZOOM_STEP: f32 = 1.25;
/// "Fit map" never magnifies a small map beyond this.
const MAX_FIT_ZOOM: f32 = 1.5;
/// Empty space around the map after "fit map", in screen points.
const FIT_MARGIN: f32 = 16.0;
/// Room right of and below the map for the buttons that add a stage or a lane.
const BUTTON_ROOM: f32 = 40.0;

/// Where the document sits on the canvas: `screen = canvas.min + origin + doc * zoom`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct View {
    /// Screen offset of the document origin from the canvas' top-left corner.
    pub origin: Vec2,
    /// Screen points per document unit.
    pub zoom: f32,
}

impl Default for View {
    fn default() -> Self {
        Self {
            origin: vec2(FIT_MARGIN, FIT_MARGIN),
            zoom: 1.0,
        }
    }
}

/// A view change asked for between frames, carried out once the canvas size and the layout are known.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ViewRequest {
    /// Show the whole map.
    Fit,
    /// One document unit per screen point, keeping the canvas centre in place.
    Actual,
    /// Multiply the zoom, about the canvas centre.
    ZoomBy(f32),
    /// Centre a card.
    CenterOn(crate::model::CardId),
    /// Set the zoom, about the canvas centre.
    ZoomTo(f32),
    /// Show these stages (indices, first to last) across the canvas, every shown lane
    /// from the top, with the lane headers.
    FrameStages(usize, usize),
    /// Put a document point at the canvas' top-left corner at a zoom; moved
    /// there smoothly when `animate`.
    Frame {
        /// The document point shown at the top-left corner.
        origin: layout::Point,
        /// Screen points per document unit.
        zoom: f32,
        /// Glide there instead of jumping.
        animate: bool,
    },
}

/// How long the camera takes to glide to a new framing, in seconds.
pub(crate) const CAMERA_SECONDS: f64 = 0.3;

/// A glide of the view from one framing to another.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct CameraMove {
    /// Where the glide starts.
    pub from: View,
    /// Where it ends.
    pub to: View,
    /// When it started (egui's time, seconds); `None` until its first frame.
    pub started: Option<f64>,
}

impl CameraMove {
    /// The view at `now`, and whether the glide is over.
    pub fn at(&mut self, now: f64) -> (View, bool) {
        let started = *self.started.get_or_insert(now);
        let t = (((now - started) / CAMERA_SECONDS) as f32).clamp(0.0, 1.0);
        if t >= 1.0 {
            return (self.to, true);
        }
        // Ease in and out (smoothstep).
        let s = t * t * (3.0 - 2.0 * t);
        let zoom = self.from.zoom * (self.to.zoom / self.from.zoom).powf(s);
        // The document point at the top-left corner moves in a straight line.
        let from = -self.from.origin / self.from.zoom;
        let to = -self.to.origin / self.to.zoom;
        let corner = from + (to - from) * s;
        (
            View {
                origin: -corner * zoom,
                zoom,
            },
            false,
        )
    }
}

impl View {
    /// Screen position of a document point.
    pub fn screen_from_doc(&self, canvas: Rect, p: layout::Point) -> Pos2 {
        canvas.min + self.origin + vec2(p.x, p.y) * self.zoom
    }

    /// Document point under a screen position.
    pub fn doc_from_screen(&self, canvas: Rect, p: Pos2) -> layout::Point {
        let v = (p - canvas.min - self.origin) / self.zoom;
        layout::Point::new(v.x, v.y)
    }

    /// Screen x of a document x.
    pub fn screen_x(&self, canvas: Rect, x: f32) -> f32 {
        canvas.min.x + self.origin.x + x * self.zoom
    }

    /// Screen y of a document y.
    pub fn screen_y(&self, canvas: Rect, y: f32) -> f32 {
        canvas.min.y + self.origin.y + y * self.zoom
    }

    /// Screen rectangle of a document rectangle.
    pub fn screen_from_doc_rect(&self, canvas: Rect, r: layout::Rect) -> Rect {
        Rect::from_min_max(
            self.screen_from_doc(canvas, r.min),
            self.screen_from_doc(canvas, r.max),
        )
    }

    /// Document rectangle under a screen rectangle.
    pub fn doc_from_screen_rect(&self, canvas: Rect, r: Rect) -> layout::Rect {
        layout::Rect {
            min: self.doc_from_screen(canvas, r.min),
            max: self.doc_from_screen(canvas, r.max),
        }
    }

    /// Moves the document by a screen distance.
    pub fn pan(&mut self, delta: Vec2) {
        self.origin += delta;
    }

    /// Multiplies the zoom, keeping the document point under `anchor` in place.
    pub fn zoom_about(&mut self, canvas: Rect, anchor: Pos2, factor: f32) {
        let before = self.doc_from_screen(canvas, anchor);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        self.keep(canvas, before, anchor);
    }

    /// Sets the zoom, keeping the document point under `anchor` in place.
    pub fn zoom_to(&mut self, canvas: Rect, anchor: Pos2, zoom: f32) {
        let before = self.doc_from_screen(canvas, anchor);
        self.zoom = zoom.clamp(MIN_ZOOM, MAX_ZOOM);
        self.keep(canvas, before, anchor);
    }

    /// Zooms and pans so that `bounds` fills the canvas.
    pub fn fit(&mut self, canvas: Rect, bounds: layout::Rect) {
        let room =
            (canvas.size() - Vec2::splat(2.0 * FIT_MARGIN + BUTTON_ROOM)).max(Vec2::splat(1.0));
        let size = vec2(bounds.width().max(1.0), bounds.height().max(1.0));
        self.zoom = (room.x / size.x)
            .min(room.y / size.y)
            .clamp(MIN_ZOOM, MAX_FIT_ZOOM);
        let used = size * self.zoom;
        self.origin = (canvas.size() - used) / 2.0 - vec2(bounds.min.x, bounds.min.y) * self.zoom;
        // A map narrower or lower than the canvas starts at the top-left margin.
        self.origin = self.origin.min(Vec2::splat(FIT_MARGIN));
    }

    /// The view that shows document point `corner` at the canvas' top-left corner at `zoom`.
    pub fn framing(corner: layout::Point, zoom: f32) -> Self {
        let zoom = zoom.clamp(MIN_ZOOM, MAX_ZOOM);
        Self {
            origin: -vec2(corner.x, corner.y) * zoom,
            zoom,
        }
    }

    /// Pans so that a document point is at the canvas centre.
    pub fn center_on(&mut self, canvas: Rect, p: layout::Point) {
        self.keep(canvas, p, canvas.center());
    }

    fn keep(&mut self, canvas: Rect, doc: layout::Point, screen: Pos2) {
        self.origin = screen - canvas.min - vec2(doc.x, doc.y) * self.zoom;
    }
}

/// The screen rectangle of the whole canvas, for tests of the transform.
#[cfg(test)]
fn test_canvas() -> Rect {
    use egui::pos2;
    Rect::from_min_size(pos2(100.0, 50.0), vec2(800.0, 600.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn screen_and_doc_round_trip() {
        let canvas = test_canvas();
        let view = View {
            origin: vec2(30.0, -20.0),
            zoom: 0.5,
        };
        let p = layout::Point::new(120.0, 80.0);
        let screen = view.screen_from_doc(canvas, p);
        assert_eq!(screen, pos2(100.0 + 30.0 + 60.0, 50.0 - 20.0 + 40.0));
        assert_eq!(view.doc_from_screen(canvas, screen), p);
    }

    #[test]
    fn zoom_keeps_the_anchor() {
        let canvas = test_canvas();
        let mut view = View::default();
        let anchor = pos2(400.0, 300.0);
        let before = view.doc_from_screen(canvas, anchor);
        view.zoom_about(canvas, anchor, 2.0);
        assert_eq!(view.zoom, 2.0);
        let after = view.doc_from_screen(canvas, anchor);
        assert!((after.x - before.x).abs() < 1e-3 && (after.y - before.y).abs() < 1e-3);
        view.zoom_about(canvas, anchor, 1000.0);
        assert_eq!(view.zoom, MAX_ZOOM);
    }

    #[test]
    fn a_framing_puts_the_corner_point_top_left_and_the_camera_glides_there() {
        let canvas = test_canvas();
        let to = View::framing(layout::Point::new(500.0, 40.0), 2.0);
        let corner = to.screen_from_doc(canvas, layout::Point::new(500.0, 40.0));
        assert!((corner - canvas.min).length() < 1e-3);
        let from = View::default();
        let mut glide = CameraMove {
            from,
            to,
            started: None,
        };
        assert_eq!(glide.at(10.0), (from, false));
        let (middle, done) = glide.at(10.0 + CAMERA_SECONDS / 2.0);
        assert!(!done);
        assert!(middle.zoom > from.zoom && middle.zoom < to.zoom);
        assert_eq!(glide.at(10.0 + CAMERA_SECONDS), (to, true));
    }

    #[test]
    fn fit_shows_the_whole_map() {
        let canvas = test_canvas();
        let mut view = View::default();
        let bounds = layout::Rect::from_min_size(0.0, 0.0, 8000.0, 3000.0);
        view.fit(canvas, bounds);
        let shown = view.screen_from_doc_rect(canvas, bounds);
        assert!(
            canvas.expand(0.5).contains_rect(shown),
            "{shown:?} in {canvas:?}"
        );
        assert!((shown.width() - (canvas.width() - 2.0 * FIT_MARGIN - BUTTON_ROOM)).abs() < 1.0);
        // A tiny map is not blown up beyond the fit limit.
        view.fit(canvas, layout::Rect::from_min_size(0.0, 0.0, 10.0, 10.0));
        assert_eq!(view.zoom, MAX_FIT_ZOOM);
    }
}
