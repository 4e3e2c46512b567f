//! One export from start to finish, shared by the command line and the editor:
//! the format, every choice, the scene built and drawn, progress that can be
//! watched and cancelled from another thread, the file written atomically, and
//! the warnings the person exporting should read (characters no font draws).

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use super::pdf::{ListPage, PdfError, PdfOptions};
use super::png::{PngError, PngOptions};
use super::slides::SlidesError;
use super::svg::SvgOptions;
use super::{Scene, SceneOptions, StageRange, StageRangeError, TextMeasure};
use crate::check::{MissingGlyphs, Problem, describe_chars, missing_glyphs};
use crate::insights::Insights;
use crate::model::Document;
use crate::scene::matrix;
use crate::{csv_io, fsio};

/// What an export writes.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Format {
    /// A picture made of pixels, for slides.
    #[default]
    Png,
    /// A picture with text kept as text, for designers.
    Svg,
    /// A document to print: one page, or a poster tiled over smaller sheets.
    Pdf,
    /// A readable report.
    Markdown,
    /// One card per row, readable by the importer.
    Csv,
    /// Slides for the handout: a PDF with one 16:9 page per step of the
    /// presentation ([`super::slides`]).
    Slides,
}

impl Format {
    /// Every format, pictures first.
    pub const ALL: [Self; 6] = [
        Self::Png,
        Self::Svg,
        Self::Pdf,
        Self::Slides,
        Self::Markdown,
        Self::Csv,
    ];

    /// The file extension written, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Svg => "svg",
            Self::Pdf | Self::Slides => "pdf",
            Self::Markdown => "md",
            Self::Csv => "csv",
        }
    }

    /// The format a file extension (any case, no dot) names (`pdf`: a PDF
    /// of the map, not slides).
    pub fn of_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "png" => Some(Self::Png),
            "svg" => Some(Self::Svg),
            "pdf" => Some(Self::Pdf),
            "md" | "markdown" => Some(Self::Markdown),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    /// The format the extension of `path` names.
    pub fn of_path(path: &Path) -> Option<Self> {
        path.extension()
            .and_then(|extension| extension.to_str())
            .and_then(Self::of_extension)
    }

    /// Whether the format draws the map (and so uses the scene's choices).
    pub fn is_picture(self) -> bool {
        matches!(self, Self::Png | Self::Svg | Self::Pdf | Self::Slides)
    }
}

/// Which table a CSV export writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CsvTable {
    /// One card per row, readable by the importer.
    #[default]
    Cards,
    /// The action plan, one action per row ([`csv_io::export_actions`]), its
    /// headers in the language of [`SceneOptions::language`].
    ActionPlan,
}

/// What a picture export draws.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Drawing {
    /// The map.
    #[default]
    Map,
    /// The workshop's impact/effort matrix ([`crate::scene::matrix`]).
    Matrix,
}

/// Every choice of an export besides the format.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportSettings {
    /// The map or the impact/effort matrix (pictures only; the matrix takes
    /// its language and theme from `scene` and ignores the other choices).
    pub drawing: Drawing,
    /// What a picture shows and how it looks.
    pub scene: SceneOptions,
    /// Only these stages, or all.
    pub stages: Option<StageRange>,
    /// How an SVG is written.
    pub svg: SvgOptions,
    /// How a PNG is drawn.
    pub png: PngOptions,
    /// How a PDF is laid out on paper.
    pub pdf: PdfOptions,
    /// A PDF of the map ends with the workshop's results ([`super::results`]),
    /// their own words in the language of [`SceneOptions::language`].
    pub results_pages: bool,
    /// Which table a CSV holds.
    pub csv: CsvTable,
}

/// How far an export has come, shared between the thread that exports and the
/// one that shows it; cloning gives another handle on the same progress.
#[derive(Clone, Debug, Default)]
pub struct Progress(Arc<ProgressState>);

#[derive(Debug, Default)]
struct ProgressState {
    /// The fraction done, as the bits of an `f32`.
    fraction: AtomicU32,
    cancelled: AtomicBool,
}

impl Progress {
    /// A progress at zero, not cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// The fraction done, from 0 to 1.
    pub fn fraction(&self) -> f32 {
        f32::from_bits(self.0.fraction.load(Ordering::Relaxed))
    }

    /// Asks the export to stop at its next step; it then returns [`ExportError::Cancelled`]
    /// and writes nothing.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Progress::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::Relaxed)
    }

    /// Records that the work is done, whether or not a cancel came too late.
    fn finish(&self) {
        self.0.fraction.store(1.0_f32.to_bits(), Ordering::Relaxed);
    }

    /// Records that `fraction` of the work is done, or stops the export when cancelled.
    fn reach(&self, fraction: f32) -> Result<(), ExportError> {
        if self.is_cancelled() {
            return Err(ExportError::Cancelled);
        }
        self.0
            .fraction
            .store(fraction.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
        Ok(())
    }
}

/// Why an export did not finish.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// [`Progress::cancel`] was called; nothing was written.
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
    /// The stage range does not fit the map.
    #[error(transparent)]
    Stages(#[from] StageRangeError),
    /// The PNG could not be drawn.
    #[error(transparent)]
    Png(#[from] PngError),
    /// The PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The file could not be written; whatever was there before is unchanged.
    #[error("{path}: cannot write the file: {source}; choose another folder or free some space")]
    Write {
        /// The file that was being written.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
}

/// An export made: its bytes and what the person exporting should know.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    /// The file's contents.
    pub bytes: Vec<u8>,
    /// Warnings: characters no font on this computer draws (drawn as boxes),
    /// each naming the characters and the card or name they are in.
    pub warnings: Vec<Problem>,
}

/// `doc` exported as `format` under `settings`.
pub fn render(
    doc: &Document,
    format: Format,
    settings: &ExportSettings,
    progress: &Progress,
) -> Result<Rendered, ExportError> {
    progress.reach(0.0)?;
    let mut warnings = Vec::new();
    let bytes = match format {
        // A byte-order mark makes spreadsheet programs read the file as UTF-8 (Chinese included).
        Format::Csv => {
            let table = match settings.csv {
                CsvTable::Cards => csv_io::export(selected(doc, settings)?.as_ref()),
                // The plan belongs to the whole map, whatever stages are chosen.
                CsvTable::ActionPlan => csv_io::export_actions(doc, settings.scene.language),
            };
            format!("\u{feff}{table}").into_bytes()
        }
        Format::Markdown => {
            let doc = selected(doc, settings)?;
            super::markdown::report(&doc, &Insights::of(&doc)).into_bytes()
        }
        Format::Slides => {
            let deck = super::slides::to_pdf(doc, &settings.scene, &mut |done| {
                progress.reach(0.9 * done).is_ok()
            })
            .map_err(|error| match error {
                SlidesError::Stopped => ExportError::Cancelled,
                SlidesError::Pdf(error) => error.into(),
            })?;
            warnings = missing_glyph_warnings(doc, deck.text.iter().map(String::as_str));
            deck.bytes
        }
        Format::Png | Format::Svg | Format::Pdf => {
            let scene = scene(doc, settings)?;
            let shown = selected(doc, settings)?;
            // The results belong to the whole map, whatever stages are chosen.
            let results = if format == Format::Pdf && settings.results_pages {
                super::results::pages(doc, settings.scene.language, &TextMeasure::bundled())
            } else {
                Vec::new()
            };
            warnings = missing_glyph_warnings(
                &shown,
                scene
                    .text_lines()
                    .chain(results.iter().flat_map(ListPage::text_lines)),
            );
            progress.reach(0.3)?;
            match format {
                Format::Png => {
                    super::png::to_png_with_progress(&scene, settings.png, &mut |done| {
                        progress.reach(0.3 + 0.6 * done).is_ok()
                    })
                    .map_err(|error| match error {
                        PngError::Stopped => ExportError::Cancelled,
                        error => error.into(),
                    })?
                }
                Format::Pdf => {
                    let pdf = PdfOptions {
                        language: settings.scene.language,
                        ..settings.pdf
                    };
                    super::pdf::to_pdf_with(&scene, &pdf, &results)?
                }
                _ => super::svg::to_svg(&scene, settings.svg).into_bytes(),
            }
        }
    };
    progress.reach(0.95)?;
    Ok(Rendered { bytes, warnings })
}

/// A warning for each text of `doc` with characters of `drawn` (the lines of
/// text a picture shows) that no font draws, and one for such characters in
/// the words the picture writes itself; nothing at all (and no look at the
/// map's texts) when every character drawn has a font.
fn missing_glyph_warnings<'a>(
    doc: &Document,
    drawn: impl IntoIterator<Item = &'a str>,
) -> Vec<Problem> {
    let measure = TextMeasure::bundled();
    let mut missing: Vec<char> = Vec::new();
    for line in drawn {
        for c in measure.missing_chars(line) {
            if !missing.contains(&c) {
                missing.push(c);
            }
        }
    }
    if missing.is_empty() {
        return Vec::new();
    }
    let in_map = missing_glyphs(doc, &measure);
    let mut warnings: Vec<Problem> = in_map
        .iter()
        .filter_map(|found| {
            let shown: Vec<char> = found
                .chars
                .iter()
                .copied()
                .filter(|c| missing.contains(c))
                .collect();
            (!shown.is_empty()).then(|| {
                MissingGlyphs {
                    place: found.place.clone(),
                    chars: shown,
                }
                .warning()
            })
        })
        .collect();
    let own: Vec<char> = missing
        .into_iter()
        .filter(|c| !in_map.iter().any(|found| found.chars.contains(c)))
        .collect();
    if !own.is_empty() {
        warnings.push(Problem::warning(format!(
            "the words the picture writes itself hold {} that no font on this computer can \
             draw; they show as boxes (install a font that has them)",
            describe_chars(&own)
        )));
    }
    warnings
}

/// `doc` cut down to the settings' stage range; the map itself when there is none.
fn selected<'a>(
    doc: &'a Document,
    settings: &ExportSettings,
) -> Result<Cow<'a, Document>, StageRangeError> {
    settings.stages.map_or(Ok(Cow::Borrowed(doc)), |range| {
        range.select(doc).map(Cow::Owned)
    })
}

/// The display list a picture export of `doc` under `settings` draws, with
/// the votes of the latest revealed round on the cards.
pub fn scene(doc: &Document, settings: &ExportSettings) -> Result<Scene, ExportError> {
    let measure = TextMeasure::bundled();
    if settings.drawing == Drawing::Matrix {
        let options = &settings.scene;
        return Ok(matrix::build(
            doc,
            options.language,
            options.theme,
            &measure,
        ));
    }
    let doc = selected(doc, settings)?;
    let layout = crate::layout::Layout::compute(&doc, settings.scene.layout);
    let mut scene = Scene::of_layout(
        &doc,
        &layout,
        &settings.scene,
        &measure,
        &mut crate::scene::PictureCache::default(),
    );
    if let Some(round) = crate::decisions::latest_closed_round(&doc) {
        scene.add_votes(&doc, &layout, &settings.scene, round);
    }
    Ok(scene)
}

/// Exports `doc` to `path` as `format`: drawn in full first, then written
/// atomically, so a cancelled or failed export leaves any file at `path` as
/// it was. Gives the export's warnings (the file is written all the same).
pub fn write(
    doc: &Document,
    format: Format,
    settings: &ExportSettings,
    path: &Path,
    progress: &Progress,
) -> Result<Vec<Problem>, ExportError> {
    let Rendered { bytes, warnings } = render(doc, format, settings, progress)?;
    // The last moment a cancel is heeded: once the file is written, the export is done.
    progress.reach(0.97)?;
    fsio::write_atomic(path, &bytes).map_err(|source| ExportError::Write {
        path: path.display().to_string(),
        source,
    })?;
    progress.finish();
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_name_their_format_both_ways() {
        assert_eq!(Format::of_extension("pdf"), Some(Format::Pdf));
        for format in Format::ALL.into_iter().filter(|f| *f != Format::Slides) {
            assert_eq!(Format::of_extension(format.extension()), Some(format));
            let upper = format.extension().to_ascii_uppercase();
            assert_eq!(
                Format::of_path(Path::new(&format!("map.{upper}"))),
                Some(format)
            );
        }
        assert_eq!(Format::of_extension("markdown"), Some(Format::Markdown));
        assert_eq!(Format::of_path(Path::new("map.docx")), None);
        assert_eq!(Format::of_path(Path::new("map")), None);
    }

    #[test]
    fn a_cancelled_export_writes_nothing_and_keeps_the_old_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("map.svg");
        std::fs::write(&path, "before").unwrap();
        let progress = Progress::new();
        progress.cancel();
        let result = write(
            &crate::samples::sample(),
            Format::Svg,
            &ExportSettings::default(),
            &path,
            &progress,
        );
        assert!(matches!(result, Err(ExportError::Cancelled)));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "before");
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_finished_export_reaches_one_and_writes_every_format() {
        let folder = tempfile::tempdir().unwrap();
        let doc = crate::samples::sample();
        for format in Format::ALL {
            let path = folder.path().join(format!("map.{}", format.extension()));
            let progress = Progress::new();
            write(&doc, format, &ExportSettings::default(), &path, &progress).unwrap();
            assert_eq!(progress.fraction(), 1.0, "{format:?}");
            let bytes = std::fs::read(&path).unwrap();
            let expected: &[u8] = match format {
                Format::Png => b"\x89PNG",
                Format::Svg => b"<svg",
                Format::Pdf | Format::Slides => b"%PDF",
                Format::Markdown => b"# ",
                Format::Csv => "\u{feff}".as_bytes(),
            };
            assert!(bytes.starts_with(expected), "{format:?}");
        }
    }

    #[test]
    fn a_stage_range_beyond_the_map_is_an_error() {
        let doc = crate::samples::sample();
        let settings = ExportSettings {
            stages: Some(StageRange {
                first: doc.stages.len() + 1,
                last: None,
            }),
            ..ExportSettings::default()
        };
        let result = render(&doc, Format::Csv, &settings, &Progress::new());
        assert!(matches!(result, Err(ExportError::Stages(_))));
    }
}
