//! The example maps compiled into the program: the sample shown when nothing
//! is open, and the templates that File → New starts from.

use std::path::Path;

use crate::format;
use crate::model::Document;

/// A map shipped with the program, as the text of its `.stagemap.ron` file.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    /// Stable key, also the file name in `examples/` without its ending.
    pub key: &'static str,
    /// The file's text.
    pub text: &'static str,
}

/// Every map shipped with the program: blank templates first, then the workshop templates
/// (a starting map with its timed agenda), then filled examples.
pub const TEMPLATES: &[Template] = &[
    Template {
        key: "template-journey-map",
        text: include_str!("../examples/template-journey-map.stagemap.ron"),
    },
    Template {
        key: "template-service-blueprint",
        text: include_str!("../examples/template-service-blueprint.stagemap.ron"),
    },
    Template {
        key: "workshop-journey-map",
        text: include_str!("../examples/workshop-journey-map.stagemap.ron"),
    },
    Template {
        key: "workshop-service-blueprint",
        text: include_str!("../examples/workshop-service-blueprint.stagemap.ron"),
    },
    Template {
        key: "hotel-stay",
        text: include_str!("../examples/hotel-stay.stagemap.ron"),
    },
    Template {
        key: "ev-owner-journey",
        text: include_str!("../examples/ev-owner-journey.stagemap.ron"),
    },
];

/// The key of the sample map shown when nothing else is open.
pub const SAMPLE_KEY: &str = "hotel-stay";

impl Template {
    /// The template's document. The shipped files are checked by the test suite,
    /// so this fails only if a file was broken by hand.
    pub fn document(&self) -> Result<Document, format::LoadError> {
        let name = format!("{}{}", self.key, format::FILE_EXTENSION);
        format::parse(self.text, Path::new(&name))
    }
}

/// The template with this key.
pub fn template(key: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.key == key)
}

/// The sample map shown when nothing else is open: the hotel-stay blueprint
/// (an empty map if it could not be read).
pub fn sample() -> Document {
    template(SAMPLE_KEY)
        .and_then(|t| t.document().ok())
        .unwrap_or_else(|| Document::new("Stagemap"))
}
