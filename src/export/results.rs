//! The results pages a PDF of the map may end with: the ranked votes of each
//! closed round, the impact/effort matrix by quadrant, the screening table
//! and the action plan, laid out on A4 as a display list of [`Item`]s in PDF
//! points (text runs, rectangles, lines) that the PDF writer's painter draws
//! after the map ([`super::pdf::to_pdf_with`]). The page's own words follow
//! the export's language; card titles and names are the map's.

use crate::decisions::{
    format_weight, groups, matrix_items, quadrant_name, ranking, round_title, screening_table,
    status_name,
};
use crate::layout::{LINE_HEIGHT, Point, Rect};
use crate::model::{Document, Quadrant};
use crate::scene::words::Language;
use crate::scene::{Anchor, Colour, Item, Stroke, TextMeasure, TextRun, Theme, matrix};

use super::pdf::{ListPage, Picture};

/// An A4 page upright, in PDF points.
const PAGE: (f32, f32) = (595.28, 841.89);
/// White space around the text, in points.
const MARGIN: f32 = 48.0;
/// The size of the page's title.
const TITLE_SIZE: f32 = 18.0;
/// The size of a section's heading.
const HEADING_SIZE: f32 = 13.0;
/// The size of table text and notes.
const BODY_SIZE: f32 = 9.5;
/// The room between a cell's text and its edges.
const CELL_PADDING: f32 = 4.0;
/// The most lines a table cell shows; longer text ends in "…".
const CELL_LINES: usize = 6;
const INK: Colour = Colour::rgb(0x22, 0x22, 0x22);
const RULE: Colour = Colour::rgb(0xbb, 0xbb, 0xbb);
const HEADER_FILL: Colour = Colour::rgb(0xee, 0xee, 0xee);

/// The words the results pages write themselves, in one language.
struct Words {
    title: &'static str,
    rank: &'static str,
    card: &'static str,
    dots: &'static str,
    closed: &'static str,
    total: &'static str,
    screening: &'static str,
    matrix: &'static str,
    not_placed: &'static str,
    none: &'static str,
    actions: &'static str,
    action: &'static str,
    owner: &'static str,
    due: &'static str,
    status: &'static str,
    improves: &'static str,
    nothing: &'static str,
}

const ENGLISH: Words = Words {
    title: "Workshop results",
    rank: "Rank",
    card: "Card",
    dots: "Dots",
    closed: "closed",
    total: "Weighted total",
    screening: "Concept screening",
    matrix: "Impact × effort",
    not_placed: "Not yet placed",
    none: "none",
    actions: "Action plan",
    action: "Action",
    owner: "Owner",
    due: "Due",
    status: "Status",
    improves: "Improves",
    nothing: "Nothing has been decided yet: no closed voting round, screening or action.",
};

const SIMPLIFIED: Words = Words {
    title: "工作坊成果",
    rank: "排名",
    card: "卡片",
    dots: "票数",
    closed: "投票结束于",
    total: "加权总分",
    screening: "概念筛选",
    matrix: "影响 × 投入",
    not_placed: "尚未放置",
    none: "无",
    actions: "行动计划",
    action: "行动",
    owner: "负责人",
    due: "截止日期",
    status: "状态",
    improves: "改进",
    nothing: "尚无决定：没有已结束的投票、筛选或行动。",
};

const TRADITIONAL: Words = Words {
    title: "工作坊成果",
    rank: "排名",
    card: "卡片",
    dots: "票數",
    closed: "投票結束於",
    total: "加權總分",
    screening: "概念篩選",
    matrix: "影響 × 投入",
    not_placed: "尚未放置",
    none: "無",
    actions: "行動計畫",
    action: "行動",
    owner: "負責人",
    due: "截止日期",
    status: "狀態",
    improves: "改進",
    nothing: "尚無決定：沒有已結束的投票、篩選或行動。",
};

fn words(language: Language) -> &'static Words {
    match language {
        Language::English => &ENGLISH,
        Language::SimplifiedChinese => &SIMPLIFIED,
        Language::TraditionalChinese => &TRADITIONAL,
    }
}

/// The results pages of `doc`, with their own words in `language`: one A4
/// page, or more when the tables run long (a table's header row is repeated
/// on each page it continues on).
pub fn pages(doc: &Document, language: Language, measure: &TextMeasure) -> Vec<ListPage> {
    let words = words(language);
    let mut flow = Flow::new(measure);
    flow.heading(words.title, TITLE_SIZE);
    let mut anything = false;
    for round in doc.decisions.rounds.iter().filter(|r| !r.is_open()) {
        anything = true;
        flow.heading(&round_title(round, language), HEADING_SIZE);
        if let Some(closed) = round.closed {
            flow.note(&format!(
                "{} {}",
                words.closed,
                closed.strftime("%Y-%m-%d %H:%M UTC")
            ));
        }
        let groups = groups(round);
        let mut columns = vec![
            Column::number(words.rank),
            Column::text(words.card, 4.0),
            Column::number(words.dots),
        ];
        columns.extend(groups.iter().map(|group| Column::number(group)));
        let rows = ranking(doc, round)
            .into_iter()
            .map(|item| {
                let title = doc.card(item.card).map_or("", |c| c.title.as_str());
                [
                    item.rank.to_string(),
                    title.to_owned(),
                    item.dots.to_string(),
                ]
                .into_iter()
                .chain(item.by_group.iter().map(|(_, n)| n.to_string()))
                .collect()
            })
            .collect();
        flow.table(&columns, rows);
    }
    if !doc.decisions.matrix.is_empty() {
        anything = true;
        matrix_place(&mut flow, doc, language, words);
    }
    let screening = &doc.decisions.screening;
    if !screening.is_empty() {
        anything = true;
        flow.heading(words.screening, HEADING_SIZE);
        let mut columns = vec![Column::number(words.rank), Column::text(words.card, 4.0)];
        columns.extend(screening.criteria.iter().map(|criterion| {
            Column::number(&format!(
                "{} ×{}",
                criterion.name.trim(),
                format_weight(criterion.weight)
            ))
        }));
        columns.push(Column::number(words.total));
        let rows = screening_table(doc)
            .into_iter()
            .map(|row| {
                let title = doc.card(row.card).map_or("", |c| c.title.as_str());
                [row.rank.to_string(), title.to_owned()]
                    .into_iter()
                    .chain(
                        row.scores
                            .iter()
                            .map(|s| s.map_or_else(|| "–".to_owned(), |s| s.to_string())),
                    )
                    .chain([format_weight(row.total)])
                    .collect()
            })
            .collect();
        flow.table(&columns, rows);
    }
    if !doc.decisions.actions.is_empty() {
        anything = true;
        flow.heading(words.actions, HEADING_SIZE);
        let columns = [
            Column::number("#"),
            Column::text(words.action, 3.0),
            Column::text(words.owner, 1.6),
            Column::text(words.due, 1.6),
            Column::text(words.status, 1.0),
            Column::text(words.improves, 3.8),
        ];
        let rows = (1..)
            .zip(&doc.decisions.actions)
            .map(|(number, action)| {
                let improves: Vec<&str> = action
                    .cards
                    .iter()
                    .filter_map(|id| doc.card(*id).map(|c| c.title.trim()))
                    .chain(
                        action
                            .steps
                            .iter()
                            .filter_map(|id| doc.step(*id).map(|s| s.name.trim())),
                    )
                    .collect();
                vec![
                    number.to_string(),
                    action.what.clone(),
                    action.owner.clone(),
                    action.due.map(|d| d.to_string()).unwrap_or_default(),
                    status_name(action.status, language).to_owned(),
                    improves.join("; "),
                ]
            })
            .collect();
        flow.table(&columns, rows);
    }
    if !anything {
        flow.note(words.nothing);
    }
    flow.finish()
}

/// The impact/effort matrix on the results pages: its picture as the editor
/// and `export --matrix` draw it (`scene::matrix`), across the text width,
/// then its quadrants listed as text, each with the cards placed in it (most
/// dots in the latest closed round first), then the cards not yet placed.
fn matrix_place(flow: &mut Flow<'_>, doc: &Document, language: Language, words: &Words) {
    flow.heading(words.matrix, HEADING_SIZE);
    let scale = Flow::width() / matrix::WIDTH;
    let place = flow.reserve(matrix::HEIGHT * scale);
    let picture = matrix::build(doc, language, Theme::Light, flow.measure);
    flow.pictures.push(Picture {
        items: picture.items,
        at: place.min,
        scale,
    });
    flow.reserve(BODY_SIZE * 0.6);
    let mut items = matrix_items(doc);
    items.sort_by_key(|item| std::cmp::Reverse(item.dots));
    let titles = |placed: bool, quadrant: Option<Quadrant>| -> String {
        let list: Vec<&str> = items
            .iter()
            .filter(|item| item.placed == placed && quadrant.is_none_or(|q| item.quadrant() == q))
            .filter_map(|item| doc.card(item.card).map(|c| c.title.trim()))
            .collect();
        if list.is_empty() {
            words.none.to_owned()
        } else {
            list.join("; ")
        }
    };
    for quadrant in Quadrant::ALL {
        flow.note(&format!(
            "{}: {}",
            quadrant_name(doc, quadrant, language),
            titles(true, Some(quadrant))
        ));
    }
    flow.note(&format!("{}: {}", words.not_placed, titles(false, None)));
    // The gap after a section that tables leave too.
    flow.reserve(BODY_SIZE);
}

/// A column of a table: its heading and its share of the page's width.
struct Column {
    title: String,
    share: f32,
    anchor: Anchor,
}

impl Column {
    /// A narrow column of numbers, centred.
    fn number(title: &str) -> Self {
        Self {
            title: title.to_owned(),
            share: 1.0,
            anchor: Anchor::Middle,
        }
    }

    /// A column of text of `share` times a number column's width, from the left.
    fn text(title: &str, share: f32) -> Self {
        Self {
            title: title.to_owned(),
            share,
            anchor: Anchor::Start,
        }
    }
}

/// Lays text and tables down the page, top to bottom, starting a new page
/// when the next block does not fit.
struct Flow<'a> {
    measure: &'a TextMeasure,
    done: Vec<ListPage>,
    items: Vec<Item>,
    pictures: Vec<Picture>,
    /// Where the next block starts, from the page's top.
    y: f32,
}

impl<'a> Flow<'a> {
    fn new(measure: &'a TextMeasure) -> Self {
        Self {
            measure,
            done: Vec::new(),
            items: Vec::new(),
            pictures: Vec::new(),
            y: MARGIN,
        }
    }

    /// The width text may take.
    fn width() -> f32 {
        PAGE.0 - 2.0 * MARGIN
    }

    /// The rectangle of the next `height` points of the page's text width,
    /// on a new page when they do not fit on this one (unless it is empty).
    fn reserve(&mut self, height: f32) -> Rect {
        if self.y + height > PAGE.1 - MARGIN && self.y > MARGIN {
            self.done.push(ListPage {
                width: PAGE.0,
                height: PAGE.1,
                items: std::mem::take(&mut self.items),
                pictures: std::mem::take(&mut self.pictures),
            });
            self.y = MARGIN;
        }
        let rect = Rect::from_min_size(MARGIN, self.y, Self::width(), height);
        self.y += height;
        rect
    }

    /// A line of text at `size` set in `rect` (its top), with `lines`.
    fn text(&mut self, x: f32, top: f32, size: f32, anchor: Anchor, lines: Vec<String>) {
        if lines.is_empty() {
            return;
        }
        self.items.push(Item::Text(TextRun {
            x,
            baseline: top + self.measure.ascent() * size,
            size,
            line_height: size * LINE_HEIGHT,
            colour: INK,
            anchor,
            lines,
        }));
    }

    /// A heading at `size`, kept on the page with at least two lines after it.
    fn heading(&mut self, text: &str, size: f32) {
        let lines = self.measure.wrap(text, size, Self::width(), 3);
        let height = lines.len() as f32 * size * LINE_HEIGHT;
        let after = 2.0 * BODY_SIZE * LINE_HEIGHT + 2.0 * CELL_PADDING;
        let rect = self.reserve(height + size * 0.6 + after);
        self.y = rect.min.y + height + size * 0.6;
        self.text(rect.min.x, rect.min.y, size, Anchor::Start, lines);
    }

    /// A paragraph of body text.
    fn note(&mut self, text: &str) {
        let lines = self.measure.wrap(text, BODY_SIZE, Self::width(), 20);
        let rect = self.reserve((lines.len() as f32 + 0.4) * BODY_SIZE * LINE_HEIGHT);
        self.text(rect.min.x, rect.min.y, BODY_SIZE, Anchor::Start, lines);
    }

    /// A table: the header row shaded, a rule under each row; a row that does
    /// not fit starts a new page, which repeats the header row.
    fn table(&mut self, columns: &[Column], rows: Vec<Vec<String>>) {
        let unit = Self::width() / columns.iter().map(|c| c.share).sum::<f32>();
        let widths: Vec<f32> = columns.iter().map(|c| c.share * unit).collect();
        let header: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
        self.row(columns, &widths, &header, true);
        for cells in rows {
            let page = self.done.len();
            let lines = self.cell_lines(&widths, &cells);
            let height = Self::row_height(&lines);
            let rect = self.reserve(height);
            if self.done.len() > page {
                // Continued on a new page: the header first.
                self.y = rect.min.y;
                self.row(columns, &widths, &header, true);
                let rect = self.reserve(height);
                self.cells(columns, &widths, rect, lines, false);
            } else {
                self.cells(columns, &widths, rect, lines, false);
            }
        }
        self.reserve(BODY_SIZE);
    }

    fn cell_lines(&self, widths: &[f32], cells: &[String]) -> Vec<Vec<String>> {
        widths
            .iter()
            .zip(cells)
            .map(|(width, text)| {
                self.measure
                    .wrap(text, BODY_SIZE, width - 2.0 * CELL_PADDING, CELL_LINES)
            })
            .collect()
    }

    fn row_height(lines: &[Vec<String>]) -> f32 {
        let most = lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
        most as f32 * BODY_SIZE * LINE_HEIGHT + 2.0 * CELL_PADDING
    }

    fn row(&mut self, columns: &[Column], widths: &[f32], cells: &[String], header: bool) {
        let lines = self.cell_lines(widths, cells);
        let rect = self.reserve(Self::row_height(&lines));
        self.cells(columns, widths, rect, lines, header);
    }

    /// The cells of one row in `rect`, shaded when it is the header.
    fn cells(
        &mut self,
        columns: &[Column],
        widths: &[f32],
        rect: Rect,
        lines: Vec<Vec<String>>,
        header: bool,
    ) {
        if header {
            self.items.push(Item::Rect {
                rect,
                radius: 0.0,
                fill: Some(HEADER_FILL),
                stroke: None,
            });
        }
        let mut left = rect.min.x;
        for ((column, width), lines) in columns.iter().zip(widths).zip(lines) {
            let x = match column.anchor {
                Anchor::Start => left + CELL_PADDING,
                Anchor::Middle => left + width / 2.0,
            };
            self.text(
                x,
                rect.min.y + CELL_PADDING,
                BODY_SIZE,
                column.anchor,
                lines,
            );
            left += width;
        }
        self.items.push(Item::Polyline {
            points: vec![
                Point::new(rect.min.x, rect.max.y),
                Point::new(rect.max.x, rect.max.y),
            ],
            stroke: Stroke {
                width: 0.5,
                colour: RULE,
            },
            dash: None,
        });
    }

    /// The pages laid out, the last one included.
    fn finish(mut self) -> Vec<ListPage> {
        self.done.push(ListPage {
            width: PAGE.0,
            height: PAGE.1,
            items: self.items,
            pictures: self.pictures,
        });
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, ActionId, ActionStatus};

    #[test]
    fn a_long_plan_runs_over_pages_each_repeating_the_header_inside_the_margins() {
        let mut doc = crate::samples::sample();
        doc.decisions.actions = (1..=80)
            .map(|id| Action {
                id: ActionId(id),
                what: format!("行动 {id}：把预约流程缩短到三步以内，并在 App 里实时告知进度"),
                owner: "客服部".into(),
                due: None,
                status: ActionStatus::ToDo,
                cards: vec![],
                steps: vec![],
            })
            .collect();
        let measure = TextMeasure::bundled();
        let pages = pages(&doc, Language::SimplifiedChinese, &measure);
        assert!(pages.len() >= 2, "{} page(s)", pages.len());
        let first_text = |page: &ListPage| page.text_lines().next().map(str::to_owned);
        assert_eq!(first_text(&pages[0]).as_deref(), Some("工作坊成果"));
        for page in &pages[1..] {
            assert_eq!(first_text(page).as_deref(), Some("#"));
        }
        let every_row: Vec<String> = pages
            .iter()
            .flat_map(ListPage::text_lines)
            .filter(|line| line.starts_with("行动 "))
            .map(str::to_owned)
            .collect();
        assert_eq!(every_row.len(), 80);
        for page in &pages {
            for item in &page.items {
                let bounds = item.bounds(&measure);
                assert!(
                    bounds.min.y >= MARGIN - 1.0 && bounds.max.y <= page.height - MARGIN + 1.0,
                    "{bounds:?}"
                );
            }
        }
    }
}
