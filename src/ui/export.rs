//! File → Export…: the export dialog (format and choices, a preview of what
//! will be written), the export run on a worker thread with progress and
//! cancel, and the choices remembered between runs. Exporting reads the map
//! and never changes it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::check::Problem;
use crate::export::job::{self, CsvTable, Drawing, ExportError, ExportSettings, Format, Progress};
use crate::export::pdf::{self, Orientation, Paper, PdfOptions, Tiling};
use crate::export::png::{self, PngOptions, PngSize};
use crate::export::slides;
use crate::export::svg::SvgOptions;
use crate::export::{Scene, SceneOptions, StageRange, Theme, TitleBlock};
use crate::layout::{LayerPreset, LayoutOptions};
use crate::model::Document;

use super::i18n::{self, tr, tr_args};

/// Width in pixels of the preview picture.
const PREVIEW_WIDTH: u32 = 480;
/// The preview box on screen.
const PREVIEW_BOX: egui::Vec2 = egui::vec2(480.0, 240.0);
/// Lines of a text export shown as its preview.
const PREVIEW_LINES: usize = 14;
/// Seconds the choices must rest before the preview is drawn again.
const PREVIEW_DEBOUNCE: f64 = 0.25;
/// How often the progress bar is redrawn while an export runs.
const PROGRESS_REFRESH: Duration = Duration::from_millis(100);

/// Key of a format's name in the translations.
fn format_label_key(format: Format) -> &'static str {
    match format {
        Format::Png => "export-format-png",
        Format::Svg => "export-format-svg",
        Format::Pdf => "export-format-pdf",
        Format::Slides => "export-format-slides",
        Format::Markdown => "export-format-markdown",
        Format::Csv => "export-format-csv",
    }
}

/// Key of a lane choice's name in the translations.
fn layers_label_key(layers: LayerPreset) -> &'static str {
    match layers {
        LayerPreset::All => "export-layers-all",
        LayerPreset::UpToBackstage => "export-layers-backstage",
        LayerPreset::FrontstageOnly => "export-layers-frontstage",
        LayerPreset::CustomerOnly => "export-layers-customer",
    }
}

/// How large a PNG is, as remembered in the settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PngSizeChoice {
    /// One pixel per document unit.
    X1,
    /// Two pixels per unit: sharp on slides.
    #[default]
    X2,
    /// Four pixels per unit.
    X4,
    /// A width in pixels ([`ExportChoices::png_width`]).
    Width,
}

impl PngSizeChoice {
    /// Every choice, in the order the dialog lists them.
    pub const ALL: [Self; 4] = [Self::X1, Self::X2, Self::X4, Self::Width];

    fn label_key(self) -> &'static str {
        match self {
            Self::X1 => "export-scale-1",
            Self::X2 => "export-scale-2",
            Self::X4 => "export-scale-4",
            Self::Width => "export-scale-width",
        }
    }
}

/// The choices of the last export, kept in the editor's settings so the
/// dialog opens as it was left.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportChoices {
    /// What is written.
    pub format: Format,
    /// What a picture (PNG, SVG, PDF) shows: the map or the impact/effort matrix.
    pub drawing: Drawing,
    /// Which lanes a picture shows.
    pub layers: LayerPreset,
    /// Draw the emotion curves.
    pub emotion_curves: bool,
    /// Draw the markers on cards.
    pub markers: bool,
    /// Put a title block above the map.
    pub title_block: bool,
    /// Dark colours instead of light ones.
    pub dark: bool,
    /// How large a PNG is.
    pub png_size: PngSizeChoice,
    /// A PNG's width in pixels when [`PngSizeChoice::Width`] is chosen.
    pub png_width: u32,
    /// A PNG's background is left transparent.
    pub transparent: bool,
    /// An SVG carries the font.
    pub embed_font: bool,
    /// The paper of a PDF page or poster.
    pub paper: Paper,
    /// Which way the PDF page is laid.
    pub orientation: Orientation,
    /// Margin of a PDF page, in millimetres.
    pub margin_mm: f32,
    /// A PDF poster is tiled over smaller sheets.
    pub tile: bool,
    /// The sheets a tiled poster is printed on.
    pub tile_sheet: Paper,
    /// How far tiled sheets overlap, in millimetres.
    pub overlap_mm: f32,
    /// A PDF of a map with decisions ends with the workshop's results.
    pub results_pages: bool,
    /// A CSV of a map with an action plan holds the plan instead of the cards.
    pub action_plan: bool,
    /// The folder last exported to.
    pub folder: Option<PathBuf>,
}

impl Default for ExportChoices {
    fn default() -> Self {
        let pdf = PdfOptions::default();
        Self {
            format: Format::default(),
            drawing: Drawing::default(),
            layers: LayerPreset::default(),
            emotion_curves: true,
            markers: true,
            title_block: true,
            dark: false,
            png_size: PngSizeChoice::default(),
            png_width: 1920,
            transparent: false,
            embed_font: SvgOptions::default().embed_font,
            paper: pdf.paper,
            orientation: pdf.orientation,
            margin_mm: pdf.margin_mm,
            tile: false,
            tile_sheet: Tiling::default().sheet,
            overlap_mm: Tiling::default().overlap_mm,
            results_pages: false,
            action_plan: false,
            folder: None,
        }
    }
}

impl ExportChoices {
    /// What the chosen format draws: the chosen drawing for a picture, the
    /// map for slides and text.
    fn drawing_shown(&self) -> Drawing {
        match self.format {
            Format::Png | Format::Svg | Format::Pdf => self.drawing,
            _ => Drawing::Map,
        }
    }

    /// The exporter's settings for these choices on `doc`, with the stages
    /// `stages` (0-based, inclusive) and the title block dated `date`; card
    /// pictures are looked for next to `map_path`.
    fn settings(
        &self,
        doc: &Document,
        stages: (usize, usize),
        date: &str,
        map_path: Option<&Path>,
    ) -> ExportSettings {
        let scene = SceneOptions {
            layout: LayoutOptions {
                layers: self.layers,
            },
            theme: if self.dark { Theme::Dark } else { Theme::Light },
            title_block: self.title_block.then(|| TitleBlock {
                date: date.trim().to_owned(),
            }),
            markers: self.markers,
            emotion_curves: self.emotion_curves,
            language: i18n::current(),
            picture_folder: map_path.and_then(Path::parent).map(Path::to_owned),
            ..SceneOptions::default()
        };
        let count = doc.stages.len();
        let whole = stages.0 == 0 && stages.1 + 1 >= count;
        let stages = (!whole && count > 0).then(|| StageRange {
            first: stages.0.min(count - 1) + 1,
            last: Some(stages.1.clamp(stages.0, count - 1) + 1),
        });
        let size = match self.png_size {
            PngSizeChoice::X1 => PngSize::Scale(1.0),
            PngSizeChoice::X2 => PngSize::Scale(2.0),
            PngSizeChoice::X4 => PngSize::Scale(4.0),
            PngSizeChoice::Width => PngSize::Width(self.png_width.max(1)),
        };
        ExportSettings {
            drawing: self.drawing_shown(),
            scene,
            stages,
            svg: SvgOptions {
                embed_font: self.embed_font,
            },
            png: PngOptions {
                size,
                transparent: self.transparent,
            },
            pdf: PdfOptions {
                paper: self.paper,
                orientation: self.orientation,
                margin_mm: self.margin_mm.max(0.0),
                tile: self.tile.then(|| Tiling {
                    sheet: self.tile_sheet,
                    overlap_mm: self.overlap_mm.max(0.0),
                }),
                ..PdfOptions::default()
            },
            // Offered only for a map with decisions (with actions), and so only then chosen.
            results_pages: self.results_pages && !doc.decisions.is_empty(),
            csv: if self.action_plan && !doc.decisions.actions.is_empty() {
                CsvTable::ActionPlan
            } else {
                CsvTable::Cards
            },
        }
    }
}

/// What the export dialog asks the app to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportRequest {
    /// Ask the user where to write the file, starting at this suggestion.
    ChooseFile {
        /// The suggested file: the map's name with the format's extension, in the map's folder.
        suggestion: PathBuf,
        /// The extension of the format, without the dot.
        extension: &'static str,
    },
    /// An export finished: this line goes to the status bar.
    Finished(String),
}

/// The map an export is made from.
#[derive(Clone, Copy, Debug)]
pub struct MapInfo<'a> {
    /// The document, read only.
    pub doc: &'a Document,
    /// Its revision: the preview is drawn again when it changes.
    pub revision: u64,
    /// Its file, if it has one.
    pub path: Option<&'a Path>,
    /// Its name, for a file name when it has no file.
    pub name: &'a str,
}

/// An export under way on its worker thread.
#[derive(Debug)]
struct Running {
    path: PathBuf,
    progress: Progress,
    thread: JoinHandle<Result<Vec<Problem>, ExportError>>,
}

/// What the preview shows.
#[derive(Default)]
enum PreviewContent {
    /// Nothing yet.
    #[default]
    None,
    /// A picture, with the size of the texture in pixels.
    Picture(egui::TextureHandle, egui::Vec2),
    /// The first lines of a text export.
    Text(String),
    /// Why the export would fail, in the exporter's words.
    Error(String),
}

/// The preview and what it was drawn for.
#[derive(Default)]
struct Preview {
    /// The key of the choices the content was drawn for.
    drawn: Option<u64>,
    /// The key of the choices last seen and when (egui time) they were first seen.
    seen: Option<(u64, f64)>,
    content: PreviewContent,
    /// The sheets a tiled PDF takes.
    sheets: Option<SheetCuts>,
    /// The pages of the slides.
    slides: Option<usize>,
}

/// Today's date on this computer's clock, as `2026-05-04`.
fn today() -> String {
    jiff::ZonedDateTime::now().date().to_string()
}

/// The export dialog: its state between frames, and the export it runs.
#[derive(Default)]
pub struct ExportDialog {
    open: bool,
    /// First and last stage exported, 0-based and inclusive.
    stages: (usize, usize),
    /// The date written in the title block.
    date: String,
    preview: Preview,
    running: Option<Running>,
    /// Why the last export failed, shown until the next one.
    failure: Option<String>,
    /// What the last export, written all the same, warned about (characters
    /// no font draws), shown until the next one.
    warnings: Option<String>,
}

impl std::fmt::Debug for ExportDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportDialog")
            .field("open", &self.open)
            .field("stages", &self.stages)
            .field("running", &self.running)
            .finish_non_exhaustive()
    }
}

impl ExportDialog {
    /// Opens the dialog on `doc`, with every stage chosen.
    pub fn open(&mut self, doc: &Document) {
        self.open = true;
        self.stages = (0, doc.stages.len().saturating_sub(1));
        self.failure = None;
        self.warnings = None;
    }

    /// The dialog is showing.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Starts writing `map` to `path` (the format's extension added when it
    /// has none) on a worker thread, and remembers its folder in `choices`.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        map: MapInfo<'_>,
        path: PathBuf,
        choices: &mut ExportChoices,
    ) {
        if self.running.is_some() {
            return;
        }
        let format = choices.format;
        let path = if path.extension().is_none() {
            path.with_extension(format.extension())
        } else {
            path
        };
        let path = std::path::absolute(&path).unwrap_or(path);
        choices.folder = path
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
            .map(Path::to_owned);
        let settings = choices.settings(map.doc, self.stages, &self.date, map.path);
        let doc = map.doc.clone();
        let progress = Progress::new();
        let watched = progress.clone();
        let target = path.clone();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("export".to_owned())
            .spawn(move || {
                let result = job::write(&doc, format, &settings, &target, &watched);
                repaint.request_repaint();
                result
            });
        match spawned {
            Ok(thread) => {
                self.failure = None;
                self.warnings = None;
                self.running = Some(Running {
                    path,
                    progress,
                    thread,
                });
            }
            Err(error) => {
                self.failure = Some(tr_args(
                    "export-failed",
                    &[
                        ("path", &path.display().to_string()),
                        ("reason", &error.to_string()),
                    ],
                ));
            }
        }
    }

    /// The outcome of the export once its thread is done: the dialog closes
    /// on success; a failure stays in the dialog.
    fn poll(&mut self) -> Option<ExportRequest> {
        if !self.running.as_ref()?.thread.is_finished() {
            return None;
        }
        let Running { path, thread, .. } = self.running.take()?;
        let shown = path.display().to_string();
        let result = thread.join().unwrap_or_else(|_| {
            Err(ExportError::Write {
                path: shown.clone(),
                source: std::io::Error::other("the export stopped unexpectedly"),
            })
        });
        match result {
            Ok(warnings) => {
                if warnings.is_empty() {
                    self.open = false;
                } else {
                    // The file is written; the dialog stays open to say what it lacks.
                    let mut text = tr_args("export-warnings", &[("path", &shown)]);
                    for warning in &warnings {
                        text.push('\n');
                        text.push_str(&warning.to_string());
                    }
                    self.warnings = Some(text);
                }
                Some(ExportRequest::Finished(tr_args(
                    "status-exported",
                    &[("path", &shown)],
                )))
            }
            Err(ExportError::Cancelled) => Some(ExportRequest::Finished(
                tr("status-export-cancelled").into_owned(),
            )),
            // The error names the file and what to do already.
            Err(error @ ExportError::Write { .. }) => {
                self.failure = Some(error.to_string());
                None
            }
            Err(error) => {
                self.failure = Some(tr_args(
                    "export-failed",
                    &[("path", &shown), ("reason", &error.to_string())],
                ));
                None
            }
        }
    }

    /// Draws the dialog when it is open; returns what it asks the app to do.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        map: MapInfo<'_>,
        choices: &mut ExportChoices,
    ) -> Option<ExportRequest> {
        let mut request = self.poll();
        if !self.open {
            return request;
        }
        if self.running.is_some() {
            ctx.request_repaint_after(PROGRESS_REFRESH);
        }
        let count = map.doc.stages.len();
        let last = count.saturating_sub(1);
        self.stages = (
            self.stages.0.min(last),
            self.stages.1.min(last).max(self.stages.0.min(last)),
        );
        self.update_preview(ctx, map, choices);
        let running = self.running.is_some();
        let modal = egui::Modal::new(egui::Id::unique("export dialog")).show(ctx, |ui| {
            ui.set_width(PREVIEW_BOX.x + 340.0);
            ui.heading(tr("export-title"));
            ui.add_space(4.0);
            ui.horizontal_top(|ui| {
                ui.add_enabled_ui(!running, |ui| {
                    ui.vertical(|ui| {
                        ui.set_width(320.0);
                        self.choices_ui(ui, map.doc, choices);
                    });
                });
                ui.add_space(16.0);
                ui.vertical(|ui| self.preview_ui(ui, choices));
            });
            ui.add_space(8.0);
            if let Some(failure) = &self.failure {
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(failure.as_str()).color(ui.visuals().error_fg_color),
                    )
                    .selectable(true),
                );
                ui.add_space(4.0);
            }
            if let Some(warnings) = &self.warnings {
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(warnings.as_str()).color(ui.visuals().warn_fg_color),
                    )
                    .selectable(true),
                );
                ui.add_space(4.0);
            }
            ui.horizontal(|ui| match &self.running {
                Some(job) => {
                    let fraction = job.progress.fraction();
                    let label = ui.label(tr("export-progress"));
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .desired_width(360.0)
                            .show_percentage(),
                    )
                    .labelled_by(label.id);
                    // Drawing goes on to the next step; the button stays down meanwhile.
                    let cancelled = job.progress.is_cancelled();
                    if ui
                        .add_enabled(!cancelled, egui::Button::new(tr("export-cancel")))
                        .clicked()
                    {
                        job.progress.cancel();
                    }
                }
                None => {
                    if ui.button(tr("export-confirm")).clicked() {
                        let format = choices.format;
                        request = Some(ExportRequest::ChooseFile {
                            suggestion: suggested_file(map, format, choices),
                            extension: format.extension(),
                        });
                    }
                    if ui.button(tr("export-close")).clicked() {
                        self.open = false;
                    }
                }
            });
        });
        if !running && modal.should_close() {
            self.open = false;
        }
        request
    }

    /// The choices: format, what a picture shows, and the format's own options.
    fn choices_ui(&mut self, ui: &mut egui::Ui, doc: &Document, choices: &mut ExportChoices) {
        section(ui, "export-format");
        ui.horizontal_wrapped(|ui| {
            for format in Format::ALL {
                ui.radio_value(&mut choices.format, format, tr(format_label_key(format)));
            }
        });
        if !choices.format.is_picture() {
            if choices.format == Format::Csv && !doc.decisions.actions.is_empty() {
                ui.add_space(4.0);
                section(ui, "export-csv-table");
                ui.radio_value(&mut choices.action_plan, false, tr("export-csv-cards"));
                ui.radio_value(&mut choices.action_plan, true, tr("export-csv-actions"));
            }
            ui.add_space(4.0);
            section(ui, "export-stages");
            self.stages_ui(ui, doc);
            return;
        }
        ui.add_space(4.0);
        let matrix = choices.drawing_shown() == Drawing::Matrix;
        if choices.format != Format::Slides {
            section(ui, "export-what");
            ui.horizontal(|ui| {
                ui.radio_value(&mut choices.drawing, Drawing::Map, tr("export-what-map"));
                ui.radio_value(
                    &mut choices.drawing,
                    Drawing::Matrix,
                    tr("export-what-matrix"),
                );
            });
            ui.add_space(4.0);
        }
        if choices.format == Format::Slides {
            // The views choose the stages and lanes of each page.
            section(ui, "export-slides");
            if let Some(count) = self.preview.slides {
                ui.label(tr_args(
                    "export-slides-pages",
                    &[("count", &count.to_string())],
                ));
            }
            ui.add_space(4.0);
            section(ui, "export-show");
            ui.checkbox(&mut choices.emotion_curves, tr("export-emotion-curve"));
            ui.checkbox(&mut choices.markers, tr("export-markers"));
            theme_ui(ui, choices);
            return;
        }
        if !matrix {
            self.map_choices_ui(ui, doc, choices);
        }
        theme_ui(ui, choices);
        ui.add_space(4.0);
        match choices.format {
            Format::Png => {
                section(ui, "export-png");
                ui.horizontal_wrapped(|ui| {
                    for size in PngSizeChoice::ALL {
                        ui.radio_value(&mut choices.png_size, size, tr(size.label_key()));
                    }
                });
                ui.horizontal(|ui| {
                    ui.add_enabled_ui(choices.png_size == PngSizeChoice::Width, |ui| {
                        let label = ui.label(tr("export-width"));
                        ui.add(
                            egui::DragValue::new(&mut choices.png_width)
                                .range(16..=32_768)
                                .suffix(" px"),
                        )
                        .labelled_by(label.id);
                    });
                });
                ui.checkbox(&mut choices.transparent, tr("export-transparent"));
            }
            Format::Svg => {
                section(ui, "export-svg");
                ui.checkbox(&mut choices.embed_font, tr("export-embed-font"))
                    .on_hover_text(tr("export-embed-font-tip"));
            }
            Format::Pdf => {
                self.pdf_ui(ui, choices);
                if !doc.decisions.is_empty() {
                    ui.checkbox(&mut choices.results_pages, tr("export-results-pages"))
                        .on_hover_text(tr("export-results-pages-tip"));
                }
            }
            Format::Slides | Format::Markdown | Format::Csv => {}
        }
    }

    /// The choices of a picture of the map: lanes, stages, what it shows, the title block.
    fn map_choices_ui(&mut self, ui: &mut egui::Ui, doc: &Document, choices: &mut ExportChoices) {
        section(ui, "export-layers");
        for layers in LayerPreset::PRESETS {
            ui.radio_value(&mut choices.layers, layers, tr(layers_label_key(layers)));
        }
        ui.add_space(4.0);
        section(ui, "export-stages");
        self.stages_ui(ui, doc);
        ui.add_space(4.0);
        section(ui, "export-show");
        ui.checkbox(&mut choices.emotion_curves, tr("export-emotion-curve"));
        ui.checkbox(&mut choices.markers, tr("export-markers"));
        ui.horizontal(|ui| {
            ui.checkbox(&mut choices.title_block, tr("export-title-block"));
            ui.add_enabled_ui(choices.title_block, |ui| {
                let label = ui.label(tr("export-date"));
                ui.add(
                    egui::TextEdit::singleline(&mut self.date)
                        .desired_width(110.0)
                        .hint_text(tr("export-date-hint")),
                )
                .labelled_by(label.id);
                if ui.button(tr("export-date-today")).clicked() {
                    self.date = today();
                }
            });
        });
    }

    /// From and to stage pickers, naming the stages.
    fn stages_ui(&mut self, ui: &mut egui::Ui, doc: &Document) {
        if doc.stages.is_empty() {
            ui.label(tr("export-no-stages"));
            return;
        }
        let name = |index: usize| {
            doc.stages.get(index).map_or_else(String::new, |stage| {
                format!("{}. {}", index + 1, stage.name)
            })
        };
        ui.horizontal(|ui| {
            let (mut first, mut last) = self.stages;
            ui.label(tr("export-stage-from"));
            egui::ComboBox::new("export from stage", "")
                .selected_text(name(first))
                .width(110.0)
                .show_ui(ui, |ui| {
                    for index in 0..doc.stages.len() {
                        ui.selectable_value(&mut first, index, name(index));
                    }
                })
                .response
                .accessible_name(tr("export-stage-from"));
            ui.label(tr("export-stage-to"));
            egui::ComboBox::new("export to stage", "")
                .selected_text(name(last))
                .width(110.0)
                .show_ui(ui, |ui| {
                    for index in 0..doc.stages.len() {
                        ui.selectable_value(&mut last, index, name(index));
                    }
                })
                .response
                .accessible_name(tr("export-stage-to"));
            if first != self.stages.0 {
                last = last.max(first);
            } else if last != self.stages.1 {
                first = first.min(last);
            }
            self.stages = (first, last);
        });
    }

    /// Paper, orientation, margin and tiling of a PDF, with the sheet count.
    fn pdf_ui(&self, ui: &mut egui::Ui, choices: &mut ExportChoices) {
        section(ui, "export-pdf");
        ui.horizontal(|ui| {
            paper_ui(ui, "export paper", "export-paper", &mut choices.paper);
            ui.radio_value(
                &mut choices.orientation,
                Orientation::Portrait,
                tr("export-portrait"),
            );
            ui.radio_value(
                &mut choices.orientation,
                Orientation::Landscape,
                tr("export-landscape"),
            );
        });
        ui.horizontal(|ui| {
            let label = ui.label(tr("export-margin"));
            ui.add(
                egui::DragValue::new(&mut choices.margin_mm)
                    .range(0.0..=100.0)
                    .speed(0.5)
                    .suffix(" mm"),
            )
            .labelled_by(label.id);
        });
        ui.checkbox(&mut choices.tile, tr("export-tile"))
            .on_hover_text(tr("export-tile-tip"));
        if choices.tile {
            ui.horizontal(|ui| {
                paper_ui(ui, "export sheet", "export-sheet", &mut choices.tile_sheet);
                let label = ui.label(tr("export-overlap"));
                ui.add(
                    egui::DragValue::new(&mut choices.overlap_mm)
                        .range(0.0..=50.0)
                        .speed(0.5)
                        .suffix(" mm"),
                )
                .labelled_by(label.id);
            });
            if let Some(SheetCuts { columns, rows, .. }) = self.preview.sheets {
                ui.label(tr_args(
                    "export-sheets",
                    &[
                        ("columns", &columns.to_string()),
                        ("rows", &rows.to_string()),
                        ("count", &(columns * rows).to_string()),
                    ],
                ));
            }
        }
    }

    /// Draws the preview picture or text again once the choices have rested.
    fn update_preview(&mut self, ctx: &egui::Context, map: MapInfo<'_>, choices: &ExportChoices) {
        let settings = choices.settings(map.doc, self.stages, &self.date, map.path);
        let format = choices.format;
        let mut hasher = DefaultHasher::new();
        format!("{format:?} {settings:?}").hash(&mut hasher);
        map.revision.hash(&mut hasher);
        let key = hasher.finish();
        if self.preview.drawn == Some(key) {
            return;
        }
        let now = ctx.input(|input| input.time);
        let since = match self.preview.seen {
            Some((seen, since)) if seen == key => since,
            _ => {
                self.preview.seen = Some((key, now));
                now
            }
        };
        let waited = now - since;
        if self.preview.drawn.is_some() && waited < PREVIEW_DEBOUNCE {
            ctx.request_repaint_after(Duration::from_secs_f64(PREVIEW_DEBOUNCE - waited));
            return;
        }
        self.preview.drawn = Some(key);
        self.preview.sheets = None;
        self.preview.slides = (format == Format::Slides).then(|| {
            let language = slides::language(map.doc, settings.scene.language);
            slides::plan(map.doc, language).len()
        });
        self.preview.content = match draw_preview(map.doc, format, &settings) {
            Ok(Drawn::Text(text)) => PreviewContent::Text(text),
            Ok(Drawn::Picture(image, sheets)) => {
                self.preview.sheets = sheets;
                let size = egui::vec2(image.size[0] as f32, image.size[1] as f32);
                let texture = match std::mem::take(&mut self.preview.content) {
                    PreviewContent::Picture(mut texture, _) => {
                        texture.set(image, egui::TextureOptions::LINEAR);
                        texture
                    }
                    _ => ctx.load_texture("export preview", image, egui::TextureOptions::LINEAR),
                };
                PreviewContent::Picture(texture, size)
            }
            Err(error) => PreviewContent::Error(error.to_string()),
        };
    }

    /// The preview: the picture scaled into its box, or the first lines of the text.
    fn preview_ui(&self, ui: &mut egui::Ui, choices: &ExportChoices) {
        section(ui, "export-preview");
        match &self.preview.content {
            PreviewContent::Picture(texture, size)
                if choices.format == Format::Pdf && !choices.tile =>
            {
                page_preview(ui, texture, *size, choices);
            }
            PreviewContent::Picture(texture, size) => {
                let scale = (PREVIEW_BOX.x / size.x)
                    .min(PREVIEW_BOX.y / size.y)
                    .min(1.0);
                let shown = *size * scale;
                let image =
                    egui::Image::from_texture(egui::load::SizedTexture::new(texture.id(), shown))
                        .alt_text(tr("export-preview"));
                let response = ui.add(image);
                if choices.format == Format::Pdf
                    && let Some(cuts) = &self.preview.sheets
                {
                    sheet_lines(ui, response.rect, cuts);
                }
            }
            PreviewContent::Text(text) => {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_min_size(PREVIEW_BOX);
                    ui.set_max_width(PREVIEW_BOX.x);
                    for line in text.lines() {
                        if line.trim().is_empty() {
                            ui.add_space(4.0);
                        } else {
                            ui.add(
                                egui::Label::new(egui::RichText::new(line).monospace()).truncate(),
                            );
                        }
                    }
                });
            }
            PreviewContent::Error(error) => {
                ui.colored_label(ui.visuals().error_fg_color, error.as_str());
            }
            PreviewContent::None => {
                ui.spinner();
            }
        }
    }
}

/// Where a tiled poster is cut into sheets, as fractions of the map's width and height.
#[derive(Clone, Debug, Default, PartialEq)]
struct SheetCuts {
    columns: usize,
    rows: usize,
    /// Where one column of sheets ends and the next begins, left to right.
    across: Vec<f32>,
    /// Where one row of sheets ends and the next begins, top to bottom.
    down: Vec<f32>,
}

impl SheetCuts {
    /// The cuts of `scene` tiled as `options` say, or `None` when it is not tiled
    /// or the tiling cannot be made (the export then says why).
    fn of(scene: &Scene, options: &PdfOptions) -> Option<Self> {
        let tiling = options.tile?;
        let poster = pdf::tiled_poster_mm(scene, options);
        let plan = pdf::plan_sheets(poster, tiling).ok()?;
        let first_row = plan.sheets.iter().filter(|sheet| sheet.row == 0);
        let first_column = plan.sheets.iter().filter(|sheet| sheet.column == 0);
        Some(Self {
            columns: plan.columns,
            rows: plan.rows,
            across: first_row
                .skip(1)
                .map(|sheet| sheet.cut.min.x / poster.0)
                .collect(),
            down: first_column
                .skip(1)
                .map(|sheet| sheet.cut.min.y / poster.1)
                .collect(),
        })
    }
}

/// What the preview drew.
enum Drawn {
    /// A picture, and for a tiled PDF where its sheets are cut.
    Picture(egui::ColorImage, Option<SheetCuts>),
    /// The first lines of a text export.
    Text(String),
}

/// The preview of exporting `doc` as `format` with `settings`.
fn draw_preview(
    doc: &Document,
    format: Format,
    settings: &ExportSettings,
) -> Result<Drawn, ExportError> {
    if !format.is_picture() {
        let rendered = job::render(doc, format, settings, &Progress::new())?;
        let text = String::from_utf8_lossy(&rendered.bytes);
        let text = text.trim_start_matches('\u{feff}');
        let lines: Vec<&str> = text.lines().take(PREVIEW_LINES).collect();
        return Ok(Drawn::Text(lines.join("\n")));
    }
    let scene = if format == Format::Slides {
        // The view the deck opens on: its stages and lanes, all of it.
        let first = crate::presentation::views(doc)
            .first()
            .cloned()
            .unwrap_or_default();
        let stages = first
            .stage_indices(doc)
            .filter(|_| !first.is_whole_map(doc))
            .map(|range| StageRange {
                first: range.start() + 1,
                last: Some(range.end() + 1),
            });
        let view = ExportSettings {
            scene: SceneOptions {
                layout: LayoutOptions {
                    layers: first.layers,
                },
                title_block: None,
                language: slides::language(doc, settings.scene.language),
                ..settings.scene.clone()
            },
            stages,
            ..settings.clone()
        };
        job::scene(doc, &view)?
    } else {
        job::scene(doc, settings)?
    };
    let sheets = (format == Format::Pdf)
        .then(|| SheetCuts::of(&scene, &settings.pdf))
        .flatten();
    let pixmap = png::render(
        &scene,
        PngOptions {
            size: PngSize::Width(PREVIEW_WIDTH),
            transparent: format == Format::Png && settings.png.transparent,
        },
    )?;
    let image = egui::ColorImage::from_rgba_premultiplied(
        [pixmap.width() as usize, pixmap.height() as usize],
        pixmap.data(),
    );
    Ok(Drawn::Picture(image, sheets))
}

/// The map of `size` pixels in `texture` on a page of the chosen paper,
/// placed inside the margins as the PDF places it.
fn page_preview(
    ui: &mut egui::Ui,
    texture: &egui::TextureHandle,
    size: egui::Vec2,
    choices: &ExportChoices,
) {
    let (paper_width, paper_height) = choices.paper.oriented_mm(choices.orientation);
    let points_per_mm = (PREVIEW_BOX.x / paper_width).min(PREVIEW_BOX.y / paper_height);
    let (page, _) = ui.allocate_exact_size(
        egui::vec2(paper_width, paper_height) * points_per_mm,
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(page);
    painter.rect_filled(page, 0.0, egui::Color32::WHITE);
    painter.rect_stroke(
        page,
        0.0,
        egui::Stroke::new(1.0, ui.visuals().weak_text_color()),
        egui::StrokeKind::Inside,
    );
    let margin = (choices.margin_mm.max(0.0) * points_per_mm)
        .min(page.width().min(page.height()) / 2.0 - 1.0)
        .max(0.0);
    let room = page.shrink(margin);
    let fit = (room.width() / size.x).min(room.height() / size.y);
    let map = egui::Rect::from_center_size(room.center(), size * fit);
    ui.put(
        map,
        egui::Image::from_texture(egui::load::SizedTexture::new(texture.id(), map.size()))
            .alt_text(tr("export-preview")),
    );
}

/// Dashed lines over the preview where a tiled poster's sheets are cut.
fn sheet_lines(ui: &egui::Ui, rect: egui::Rect, cuts: &SheetCuts) {
    let painter = ui.painter_at(rect);
    let stroke = egui::Stroke::new(1.0, ui.visuals().selection.stroke.color);
    let dashed = |from: egui::Pos2, to: egui::Pos2| {
        painter.add(egui::Shape::dashed_line(&[from, to], stroke, 4.0, 3.0));
    };
    for fraction in &cuts.across {
        let x = rect.left() + rect.width() * fraction;
        dashed(egui::pos2(x, rect.top()), egui::pos2(x, rect.bottom()));
    }
    for fraction in &cuts.down {
        let y = rect.top() + rect.height() * fraction;
        dashed(egui::pos2(rect.left(), y), egui::pos2(rect.right(), y));
    }
}

/// Light or dark colours.
fn theme_ui(ui: &mut egui::Ui, choices: &mut ExportChoices) {
    ui.horizontal(|ui| {
        ui.label(tr("export-theme"));
        ui.radio_value(&mut choices.dark, false, tr("export-theme-light"));
        ui.radio_value(&mut choices.dark, true, tr("export-theme-dark"));
    });
}

/// A paper picker: a labelled combo box of A4 … A0.
fn paper_ui(ui: &mut egui::Ui, id: &str, label_key: &str, paper: &mut Paper) {
    ui.label(tr(label_key));
    egui::ComboBox::new(id, "")
        .selected_text(paper.name())
        .width(60.0)
        .show_ui(ui, |ui| {
            for option in Paper::ALL.into_iter().rev() {
                ui.selectable_value(paper, option, option.name());
            }
        })
        .response
        .accessible_name(tr(label_key));
}

/// A small strong heading over a group of choices.
fn section(ui: &mut egui::Ui, key: &str) {
    ui.label(egui::RichText::new(tr(key)).strong());
}

/// The file an export suggests: the map's file name with the format's
/// extension, in the map's folder (else the last folder exported to, else home).
fn suggested_file(map: MapInfo<'_>, format: Format, choices: &ExportChoices) -> PathBuf {
    let from_file = map.path.and_then(|path| {
        let name = path.file_name()?.to_string_lossy().into_owned();
        let stem = name
            .strip_suffix(crate::format::FILE_EXTENSION)
            .or_else(|| name.rsplit_once('.').map(|(stem, _)| stem))
            .unwrap_or(&name)
            .trim_end_matches('.')
            .to_owned();
        Some((path.parent()?.to_owned(), stem))
    });
    let (folder, stem) = from_file.unwrap_or_else(|| {
        let folder = choices
            .folder
            .clone()
            .or_else(std::env::home_dir)
            .unwrap_or_default();
        (folder, safe_stem(map.name))
    });
    let stem = if stem.trim().is_empty() {
        tr("untitled").into_owned()
    } else {
        stem
    };
    let file = folder.join(format!("{stem}.{}", format.extension()));
    // A map opened by a relative path has a relative folder: show where it really is.
    std::path::absolute(&file).unwrap_or(file)
}

/// A file name made from a map's name: characters files cannot hold become `-`.
fn safe_stem(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() || r#"/\:*?"<>|"#.contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_marks_where_a_tiled_poster_is_cut() {
        let doc = crate::samples::sample();
        let scene = job::scene(&doc, &ExportSettings::default()).unwrap();
        let mut options = PdfOptions {
            paper: Paper::A1,
            ..PdfOptions::default()
        };
        assert_eq!(SheetCuts::of(&scene, &options), None);
        options.tile = Some(Tiling::default());
        let cuts = SheetCuts::of(&scene, &options).unwrap();
        assert_eq!((cuts.columns, cuts.rows), pdf::sheet_grid(&scene, &options));
        assert_eq!(cuts.across.len(), cuts.columns - 1);
        assert_eq!(cuts.down.len(), cuts.rows - 1);
        for fractions in [&cuts.across, &cuts.down] {
            assert!(fractions.windows(2).all(|pair| pair[0] < pair[1]));
            assert!(fractions.iter().all(|f| *f > 0.0 && *f < 1.0));
        }
        // A poster on sheets as large as its paper is one sheet, with no cut.
        options.tile = Some(Tiling {
            sheet: Paper::A1,
            overlap_mm: 10.0,
        });
        let whole = SheetCuts::of(&scene, &options).unwrap();
        assert!(whole.across.is_empty() && whole.down.is_empty());
    }

    #[test]
    fn choices_round_trip_through_ron_and_old_settings_get_defaults() {
        let choices = ExportChoices {
            format: Format::Pdf,
            layers: LayerPreset::FrontstageOnly,
            png_size: PngSizeChoice::Width,
            png_width: 800,
            tile: true,
            tile_sheet: Paper::A3,
            folder: Some(PathBuf::from("slides")),
            ..ExportChoices::default()
        };
        let text = ron::to_string(&choices).unwrap();
        assert_eq!(ron::from_str::<ExportChoices>(&text).unwrap(), choices);
        let old: ExportChoices = ron::from_str("(format: Svg)").unwrap();
        assert_eq!(old.format, Format::Svg);
        assert!(old.markers && old.emotion_curves && old.title_block);
    }

    #[test]
    fn settings_follow_the_choices() {
        let doc = crate::samples::sample();
        let last = doc.stages.len() - 1;
        let choices = ExportChoices {
            layers: LayerPreset::FrontstageOnly,
            dark: true,
            title_block: false,
            png_size: PngSizeChoice::Width,
            png_width: 640,
            paper: Paper::A2,
            orientation: Orientation::Portrait,
            ..ExportChoices::default()
        };
        let settings = choices.settings(&doc, (0, last), "", None);
        assert_eq!(settings.stages, None);
        assert_eq!(settings.scene.layout.layers, LayerPreset::FrontstageOnly);
        assert_eq!(settings.scene.theme, Theme::Dark);
        assert_eq!(settings.scene.title_block, None);
        assert_eq!(settings.png.size, PngSize::Width(640));
        assert_eq!(settings.pdf.paper, Paper::A2);
        assert_eq!(settings.pdf.orientation, Orientation::Portrait);
        let some = choices.settings(&doc, (1, 1), "", None);
        assert_eq!(
            some.stages,
            Some(StageRange {
                first: 2,
                last: Some(2)
            })
        );
    }

    #[test]
    fn the_suggested_file_is_the_map_name_with_the_format_extension() {
        let doc = crate::samples::sample();
        let path = Path::new("maps").join("hotel.stagemap.ron");
        let map = MapInfo {
            doc: &doc,
            revision: 0,
            path: Some(&path),
            name: "Hotel",
        };
        let choices = ExportChoices::default();
        let here = std::env::current_dir().unwrap();
        assert_eq!(
            suggested_file(map, Format::Pdf, &choices),
            here.join("maps").join("hotel.pdf")
        );
        let unsaved = MapInfo {
            path: None,
            name: "a/b: c",
            ..map
        };
        let choices = ExportChoices {
            folder: Some(PathBuf::from("out")),
            ..ExportChoices::default()
        };
        assert_eq!(
            suggested_file(unsaved, Format::Svg, &choices),
            here.join("out").join("a-b- c.svg")
        );
    }
}
