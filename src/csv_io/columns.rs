//! The CSV columns: their English names, the other header names they accept, and the header row.

/// One column of a map's CSV file. [`Column::ALL`] lists them in the order
/// [`super::export`] writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// The row's id, which `next` cells refer to; on export, the card id.
    Id,
    /// Stage (phase) name. Required.
    Stage,
    /// Step (column) name within its stage; empty means one step named like the stage.
    Step,
    /// Lane (row) name. Required.
    Lane,
    /// Lane kind word (`frontstage`, `后台` …); empty takes the kind from the lane name.
    LaneKind,
    /// Card title. Required.
    Title,
    /// Longer description.
    Detail,
    /// Channel of a touchpoint.
    Channel,
    /// Emotion score.
    Emotion,
    /// Emotion score the redesigned (to-be) service aims for.
    EmotionToBe,
    /// Duration in whole minutes.
    DurationMinutes,
    /// Wait in whole minutes.
    WaitMinutes,
    /// Pain point (yes/no).
    Pain,
    /// Fail point (yes/no).
    Fail,
    /// How a fail point is recovered.
    Recovery,
    /// Moment of truth (yes/no).
    MomentOfTruth,
    /// KANO category.
    Kano,
    /// SERVQUAL dimension.
    Servqual,
    /// Net promoter score.
    Nps,
    /// Customer satisfaction.
    Csat,
    /// Customer effort score.
    Ces,
    /// Who owns the step.
    Owner,
    /// Tags separated by `;`.
    Tags,
    /// Card colour `#rrggbb`.
    Colour,
    /// Persona name.
    Persona,
    /// Picture file.
    Picture,
    /// Ids of the rows this card flows to, separated by `;`.
    Next,
}

impl Column {
    /// Every column, in the order an export writes them.
    pub const ALL: [Self; 27] = [
        Self::Id,
        Self::Stage,
        Self::Step,
        Self::Lane,
        Self::LaneKind,
        Self::Title,
        Self::Detail,
        Self::Channel,
        Self::Emotion,
        Self::EmotionToBe,
        Self::DurationMinutes,
        Self::WaitMinutes,
        Self::Pain,
        Self::Fail,
        Self::Recovery,
        Self::MomentOfTruth,
        Self::Kano,
        Self::Servqual,
        Self::Nps,
        Self::Csat,
        Self::Ces,
        Self::Owner,
        Self::Tags,
        Self::Colour,
        Self::Persona,
        Self::Picture,
        Self::Next,
    ];

    /// The columns a file must have.
    pub const REQUIRED: [Self; 3] = [Self::Stage, Self::Lane, Self::Title];

    /// The English header name, as an export writes it (`"lane_kind"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Stage => "stage",
            Self::Step => "step",
            Self::Lane => "lane",
            Self::LaneKind => "lane_kind",
            Self::Title => "title",
            Self::Detail => "detail",
            Self::Channel => "channel",
            Self::Emotion => "emotion",
            Self::EmotionToBe => "emotion_to_be",
            Self::DurationMinutes => "duration_minutes",
            Self::WaitMinutes => "wait_minutes",
            Self::Pain => "pain",
            Self::Fail => "fail",
            Self::Recovery => "recovery",
            Self::MomentOfTruth => "moment_of_truth",
            Self::Kano => "kano",
            Self::Servqual => "servqual",
            Self::Nps => "nps",
            Self::Csat => "csat",
            Self::Ces => "ces",
            Self::Owner => "owner",
            Self::Tags => "tags",
            Self::Colour => "colour",
            Self::Persona => "persona",
            Self::Picture => "picture",
            Self::Next => "next",
        }
    }

    /// Other header names accepted for the column: the Chinese names, and `color`.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Id => &["编号"],
            Self::Stage => &["阶段"],
            Self::Step => &["步骤"],
            Self::Lane => &["泳道"],
            Self::LaneKind => &["泳道类型"],
            Self::Title => &["标题"],
            Self::Detail => &["描述", "详情"],
            Self::Channel => &["渠道"],
            Self::Emotion => &["情绪"],
            Self::EmotionToBe => &["目标情绪"],
            Self::DurationMinutes => &["时长", "时长分钟"],
            Self::WaitMinutes => &["等待", "等待分钟"],
            Self::Pain => &["痛点"],
            Self::Fail => &["失败点"],
            Self::Recovery => &["补救"],
            Self::MomentOfTruth => &["关键时刻"],
            Self::Kano => &["卡诺"],
            Self::Servqual => &["服务质量"],
            Self::Nps | Self::Csat | Self::Ces => &[],
            Self::Owner => &["负责人"],
            Self::Tags => &["标签"],
            Self::Colour => &["颜色", "color"],
            Self::Persona => &["角色", "人物"],
            Self::Picture => &["图片"],
            Self::Next => &["下一步"],
        }
    }

    /// The column a header cell names. Case and surrounding spaces do not
    /// matter, and a space or hyphen counts as an underscore
    /// (`"Lane Kind"` names [`Column::LaneKind`]).
    pub fn from_header(header: &str) -> Option<Self> {
        let key: String = header
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if matches!(c, ' ' | '-') { '_' } else { c })
            .collect();
        Self::ALL
            .into_iter()
            .find(|column| column.name() == key || column.aliases().contains(&key.as_str()))
    }
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The spreadsheet letter of a 0-based column index: 0 → `A`, 26 → `AA`.
pub(super) fn letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        // `digit` is below 26, so the sum stays an ASCII capital.
        letters.push(char::from(b'A' + digit as u8));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Which field of a row holds each column, read from the header row.
#[derive(Debug)]
pub(super) struct Header {
    /// The header cells as written, trimmed.
    names: Vec<String>,
    /// For each column of [`Column::ALL`], the index of its field.
    positions: [Option<usize>; Column::ALL.len()],
}

/// Why a header row cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum HeaderProblem {
    /// A required column is absent.
    Missing(Column),
    /// Two header cells name the same column, at these field indices.
    Repeated(Column, usize, usize),
}

impl Header {
    /// Reads the header row. Cells that name no column are ignored, so a
    /// sheet may keep columns of its own.
    pub(super) fn parse<'a>(
        cells: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, HeaderProblem> {
        let names: Vec<String> = cells
            .into_iter()
            .map(|cell| cell.trim().to_owned())
            .collect();
        let mut positions = [None; Column::ALL.len()];
        for (index, name) in names.iter().enumerate() {
            let Some(column) = Column::from_header(name) else {
                continue;
            };
            let slot = &mut positions[column as usize];
            if let Some(first) = *slot {
                return Err(HeaderProblem::Repeated(column, first, index));
            }
            *slot = Some(index);
        }
        if let Some(missing) = Column::REQUIRED
            .into_iter()
            .find(|column| positions[*column as usize].is_none())
        {
            return Err(HeaderProblem::Missing(missing));
        }
        Ok(Self { names, positions })
    }

    /// Index of the field holding `column`, if the file has that column.
    pub(super) fn position(&self, column: Column) -> Option<usize> {
        self.positions[column as usize]
    }

    /// Number of header cells.
    pub(super) fn len(&self) -> usize {
        self.names.len()
    }

    /// The header cell at a field index as written, or "" past the last one.
    pub(super) fn name_at(&self, index: usize) -> &str {
        self.names.get(index).map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_found_by_its_name_and_aliases() {
        for column in Column::ALL {
            assert_eq!(Column::from_header(column.name()), Some(column));
            assert_eq!(
                Column::from_header(&column.name().to_uppercase()),
                Some(column)
            );
            for alias in column.aliases() {
                assert_eq!(Column::from_header(&format!("  {alias} ")), Some(column));
            }
        }
        assert_eq!(Column::from_header("Lane Kind"), Some(Column::LaneKind));
        assert_eq!(
            Column::from_header("moment-of-truth"),
            Some(Column::MomentOfTruth)
        );
        assert_eq!(Column::from_header("NPS"), Some(Column::Nps));
        assert_eq!(Column::from_header("priority"), None);
    }

    #[test]
    fn all_lists_each_column_once_at_its_own_index() {
        for (index, column) in Column::ALL.into_iter().enumerate() {
            assert_eq!(column as usize, index);
        }
    }

    #[test]
    fn letters_count_like_a_spreadsheet() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27), "AB");
        assert_eq!(letter(701), "ZZ");
        assert_eq!(letter(702), "AAA");
    }

    #[test]
    fn header_finds_columns_and_ignores_unknown_ones() {
        let header = Header::parse(["阶段", "Notes", " Lane ", "标题", "详情"]).unwrap();
        assert_eq!(header.position(Column::Stage), Some(0));
        assert_eq!(header.position(Column::Lane), Some(2));
        assert_eq!(header.position(Column::Title), Some(3));
        assert_eq!(header.position(Column::Detail), Some(4));
        assert_eq!(header.position(Column::Step), None);
        assert_eq!(header.name_at(2), "Lane");
        assert_eq!(header.name_at(9), "");
    }

    #[test]
    fn header_problems() {
        assert_eq!(
            Header::parse(["stage", "title"]).unwrap_err(),
            HeaderProblem::Missing(Column::Lane)
        );
        assert_eq!(
            Header::parse(["stage", "lane", "title", "描述", "detail"]).unwrap_err(),
            HeaderProblem::Repeated(Column::Detail, 3, 4)
        );
    }
}
