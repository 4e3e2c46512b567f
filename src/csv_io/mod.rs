//! CSV import and export of maps, for journeys kept in spreadsheets; import of `.xlsx` workbooks too;
//! the action plan as CSV ([`export_actions`]).
//!
//! A CSV file holds one card per row under a header row, quoted as RFC 4180
//! says: a field holding a comma, a quote or a line break is put in double
//! quotes, and a quote inside it is written twice (`""`). Import reads the
//! text as spreadsheet programs write it ([`crate::fsio::decode_text`]): by
//! its byte-order mark (UTF-8, UTF-16), else UTF-8, else UTF-16 given away
//! by zero bytes, else GB18030 (the superset of GBK that Excel and WPS on
//! Chinese Windows write); fields are separated by commas, or by tabs when
//! the header row holds more tabs than commas (Excel's "Unicode text"). An
//! `.xlsx` workbook gives the rows of its first worksheet, or of the sheet
//! named; a number in a cell reads as it is written (a score of 1.0 is `1`,
//! 30 minutes are `30`), and errors name the row and column the sheet
//! shows. Header names are matched
//! without regard to case or surrounding spaces, and a space or hyphen in
//! them counts as an underscore. Columns the table does not name are
//! ignored, so a sheet may keep columns of its own. Every cell is trimmed.
//!
//! | column | also accepted | holds |
//! |---|---|---|
//! | `id` | 编号 | the row's id, which `next` cells refer to (any text, unique in the file) |
//! | `stage` | 阶段 | stage name; **required**, not empty |
//! | `step` | 步骤 | step name within the stage; empty: one step named like the stage |
//! | `lane` | 泳道 | lane name; **required**, not empty |
//! | `lane_kind` | 泳道类型 | evidence, customer, touchpoint, frontstage, backstage, support, thought, emotion, pain, opportunity, metric, note (or 有形展示, 顾客行为, 触点, 前台, 后台, 支持 …); empty: the kind the lane name says, else note |
//! | `title` | 标题 | card title; **required** (may be empty) |
//! | `detail` | 描述, 详情 | longer description |
//! | `channel` | 渠道 | channel of a touchpoint |
//! | `emotion` | 情绪 | emotion score, a number |
//! | `emotion_to_be` | 目标情绪 | the score the redesigned (to-be) journey aims for, a number |
//! | `duration_minutes` | 时长, 时长分钟 | whole minutes, 0 or more |
//! | `wait_minutes` | 等待, 等待分钟 | whole minutes, 0 or more |
//! | `pain` | 痛点 | pain point: true/false, yes/no, 1/0, 是/否; empty: no |
//! | `fail` | 失败点 | fail point: yes/no as above |
//! | `recovery` | 补救 | how a fail point is recovered |
//! | `moment_of_truth` | 关键时刻 | moment of truth: yes/no as above |
//! | `kano` | 卡诺 | must-be, performance, attractive, indifferent, reverse (or 必备, 期望, 魅力, 无差异, 反向) |
//! | `servqual` | 服务质量 | tangibles, reliability, responsiveness, assurance, empathy (or 有形性, 可靠性, 响应性, 保证性, 移情性) |
//! | `nps` | | net promoter score, a number |
//! | `csat` | | customer satisfaction, a number |
//! | `ces` | | customer effort score, a number |
//! | `owner` | 负责人 | who owns the step |
//! | `tags` | 标签 | tags separated by `;` (or `；`) |
//! | `colour` | 颜色, color | card colour `#rrggbb` |
//! | `persona` | 角色, 人物 | persona name; personas are created in the order first named |
//! | `picture` | 图片 | picture file, relative to the map file |
//! | `next` | 下一步 | ids of the rows this card flows to, separated by `;` (or `；`) |
//!
//! Numbers use a point as the decimal separator. Import builds a new map:
//! stages, steps (per stage) and lanes in the order their first row comes;
//! the cards of a cell in the order of their rows; one-way connectors from
//! `next`. Empty rows are skipped. The title is the file name without its
//! extension; the language is `zh-CN` when any text the map holds has a
//! Chinese character, else `en`. When cards score emotions and no lane is
//! an emotion lane, one (情绪 or Emotions, after the language) is added
//! under the first customer lane, else under the first lane, so the curve
//! shows. Cards, personas and connectors are
//! numbered in the order an export writes the cards (by column, then lane),
//! which is the row order when the rows come so sorted: that way exporting
//! an imported map and importing it again gives an equal map. Errors name
//! the file, the line as a spreadsheet numbers rows (the header is usually
//! line 1; the line in a text editor is added when cells with line breaks
//! make it differ), the column by letter and header, and what to do.
//!
//! Export writes every column above with its English name, in that order,
//! and a card's map id as its `id`. What CSV cannot hold is lost: stages,
//! steps, lanes and personas without cards; persona details; the emotion
//! scale and the map's description; connector labels; and the direction of
//! two-way connectors, written in `next` from their start card to their end
//! card and imported as one-way. Tags holding `;` split in two. Stages with
//! the same name merge on import, as do lanes or personas with the same
//! name and steps of one stage with the same name. A lane kind this version
//! does not know is written as it is, and import refuses it. When no row
//! order keeps the map's lane order (see [`export`]), lanes whose first card
//! stands further left move up. A map imported from CSV exports and imports
//! back to an equal map.

mod actions;
mod columns;
mod error;
mod export;
mod import;
mod order;
mod records;
mod row;
mod values;
mod workbook;

pub use actions::export_actions;
pub use columns::Column;
pub use error::{CellProblem, ColumnRef, CsvError, Line};
pub use export::export;
pub use import::{
    Imported, ReadAs, SPREADSHEET_EXTENSIONS, import_file, import_str, is_spreadsheet,
};
pub use records::Delimiter;
