//! Presenting a map to a room: the views a walk-through shows (the map's own,
//! or the default walk-through built here), how each view is framed on a
//! screen so the back row can read it ([`mod@shots`]), and the room's readability
//! figures ([`room`]). Pure geometry and arithmetic: the editor's presentation
//! mode, its presenter view and the slide export all draw from it.

pub mod room;
pub mod shots;
pub mod timer;

use std::borrow::Cow;

use crate::layout::LayerPreset;
use crate::model::{Document, StageSpan, View, ViewId};
use crate::scene::{Language, words};

pub use room::Room;
pub use shots::{Screen, Shot, shots};

/// The layers a stage is revealed in, in blueprint order: the customer's side
/// (evidence and customer actions), then with the front-stage (the line of
/// interaction drawn), the back-stage (the line of visibility) and the support
/// processes (the line of internal interaction).
pub const REVEAL_ORDER: [LayerPreset; 4] = [
    LayerPreset::CustomerOnly,
    LayerPreset::FrontstageOnly,
    LayerPreset::UpToBackstage,
    LayerPreset::All,
];

/// The views a presentation of `doc` walks through: the map's own views, or
/// the default walk-through while it has none.
pub fn views(doc: &Document) -> Cow<'_, [View]> {
    if doc.presentation.views.is_empty() {
        Cow::Owned(walkthrough(doc))
    } else {
        Cow::Borrowed(&doc.presentation.views)
    }
}

/// The name a view goes by on a slide: its own title, else [`stages_title`]
/// followed by the deepest layer shown when some lanes are hidden, as
/// «维保 · 后台», in `language`.
pub fn view_title(doc: &Document, view: &View, language: Language) -> String {
    let stages = stages_title(doc, view, language);
    if !view.title.trim().is_empty() {
        return stages;
    }
    match words::layers_name(view.layers, language) {
        Some(layers) => format!("{stages} · {layers}"),
        None => stages,
    }
}

/// What a view shows, by name: its own title, else the map's title for the
/// whole map and the stage's name for one stage (first – last for several).
pub fn stages_title(doc: &Document, view: &View, language: Language) -> String {
    let own = view.title.trim();
    if !own.is_empty() {
        return own.to_owned();
    }
    match view.stage_indices(doc) {
        Some(range) if !view.is_whole_map(doc) => {
            let name = |index: usize| doc.stages.get(index).map_or("", |s| s.name.trim());
            if range.start() == range.end() {
                name(*range.start()).to_owned()
            } else {
                format!("{} – {}", name(*range.start()), name(*range.end()))
            }
        }
        _ if doc.meta.title.trim().is_empty() => words::whole_map(language).to_owned(),
        _ => doc.meta.title.trim().to_owned(),
    }
}

/// The default walk-through: the whole map, then each stage in turn with its
/// layers revealed in [`REVEAL_ORDER`]. A reveal step that would show no lane
/// more than the step before it is left out, so a journey map without
/// blueprint lanes shows each stage once. Views are numbered from 1.
pub fn walkthrough(doc: &Document) -> Vec<View> {
    let kinds: Vec<_> = doc.lanes.iter().map(|lane| &lane.kind).collect();
    let shown = |layers: LayerPreset| kinds.iter().filter(|kind| layers.shows(kind)).count();
    let mut reveal: Vec<LayerPreset> = Vec::new();
    for layers in REVEAL_ORDER {
        let adds = reveal
            .last()
            .is_none_or(|last| shown(layers) > shown(*last));
        if adds {
            reveal.push(layers);
        } else if let Some(last) = reveal.last_mut() {
            // The same lanes under a preset that hides less.
            *last = layers;
        }
    }
    if reveal.is_empty() {
        reveal.push(LayerPreset::All);
    }
    let mut views = vec![View::default()];
    for stage in &doc.stages {
        for layers in &reveal {
            views.push(View {
                stages: Some(StageSpan::single(stage.id)),
                layers: *layers,
                ..View::default()
            });
        }
    }
    for (number, view) in (1..).zip(&mut views) {
        view.id = ViewId(number);
    }
    views
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Lane, LaneId, LaneKind, Stage, StageId};

    fn map(kinds: &[LaneKind], stages: u64) -> Document {
        let mut doc = Document::new("m");
        for (id, kind) in (1..).zip(kinds) {
            doc.lanes.push(Lane {
                id: LaneId(id),
                name: kind.to_string(),
                kind: kind.clone(),
            });
        }
        for id in 1..=stages {
            doc.stages.push(Stage {
                id: StageId(id),
                name: format!("s{id}"),
                steps: Vec::new(),
            });
        }
        doc
    }

    #[test]
    fn a_blueprint_is_revealed_layer_by_layer_in_each_stage() {
        use LaneKind::*;
        let doc = map(
            &[Evidence, Customer, Frontstage, Backstage, Support, Emotion],
            2,
        );
        let views = walkthrough(&doc);
        assert_eq!(views.len(), 1 + 2 * 4);
        assert!(views[0].is_whole_map(&doc));
        let layers: Vec<_> = views[1..5].iter().map(|v| v.layers).collect();
        assert_eq!(layers, REVEAL_ORDER);
        assert!(
            views[1..5]
                .iter()
                .all(|v| v.stages == Some(StageSpan::single(StageId(1))))
        );
        assert!(
            views[5..]
                .iter()
                .all(|v| v.stages == Some(StageSpan::single(StageId(2))))
        );
        let ids: Vec<u64> = views.iter().map(|v| v.id.0).collect();
        assert_eq!(ids, (1..=9).collect::<Vec<_>>());
    }

    #[test]
    fn a_reveal_step_that_adds_no_lane_is_left_out() {
        use LaneKind::*;
        // No support lane: the last step would add nothing.
        let doc = map(&[Customer, Frontstage, Backstage], 1);
        let layers: Vec<_> = walkthrough(&doc)[1..].iter().map(|v| v.layers).collect();
        assert_eq!(
            layers,
            [
                LayerPreset::CustomerOnly,
                LayerPreset::FrontstageOnly,
                LayerPreset::All
            ]
        );
        // A journey map: each stage once, with every lane.
        let doc = map(&[Customer, Thought, Emotion], 3);
        let views = walkthrough(&doc);
        assert_eq!(views.len(), 4);
        assert!(views.iter().all(|v| v.layers == LayerPreset::All));
    }

    #[test]
    fn views_are_named_after_their_stages_and_layers() {
        use LaneKind::*;
        let mut doc = map(&[Customer, Frontstage, Backstage, Support], 2);
        doc.stages[0].name = "维保".into();
        doc.meta.title = "车主旅程".into();
        let views = walkthrough(&doc);
        let zh = Language::SimplifiedChinese;
        let names: Vec<String> = views.iter().map(|v| view_title(&doc, v, zh)).collect();
        assert_eq!(
            names[..5],
            [
                "车主旅程",
                "维保 · 顾客",
                "维保 · 前台",
                "维保 · 后台",
                "维保"
            ]
        );
        assert_eq!(
            view_title(&doc, &views[3], Language::English),
            "维保 · Back-stage"
        );
        assert_eq!(
            view_title(&doc, &views[3], Language::TraditionalChinese),
            "维保 · 後台"
        );
        let span = View {
            stages: Some(StageSpan {
                first: StageId(1),
                last: StageId(2),
            }),
            layers: LayerPreset::FrontstageOnly,
            ..View::default()
        };
        // Both stages are the whole map: the map's title.
        assert_eq!(view_title(&doc, &span, zh), "车主旅程 · 前台");
        doc.stages.push(Stage {
            id: StageId(3),
            name: "s3".into(),
            steps: Vec::new(),
        });
        assert_eq!(view_title(&doc, &span, zh), "维保 – s2 · 前台");
        doc.meta.title.clear();
        assert_eq!(view_title(&doc, &View::default(), zh), "整张地图");
        let own = View {
            title: " 痛点 ".into(),
            ..span
        };
        assert_eq!(view_title(&doc, &own, zh), "痛点");
    }

    #[test]
    fn a_map_with_its_own_views_walks_through_those() {
        let mut doc = map(&[LaneKind::Customer], 2);
        assert_eq!(views(&doc).len(), 3);
        doc.presentation.views.push(View {
            id: ViewId(7),
            title: "痛点".into(),
            ..View::default()
        });
        assert_eq!(views(&doc).len(), 1);
        assert_eq!(views(&doc)[0].title, "痛点");
    }
}
