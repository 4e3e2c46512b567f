//! Writing the action plan as CSV: one row per action (what, owner, due date,
//! status, the cards and steps it improves by title), headers and statuses in
//! the export's language, for the spreadsheet the plan is followed up in.

use crate::decisions::status_name;
use crate::model::{Action, Document};
use crate::scene::words::Language;

/// The header row in `language`.
fn headers(language: Language) -> [&'static str; 6] {
    match language {
        Language::English => ["action", "owner", "due", "status", "cards", "steps"],
        Language::SimplifiedChinese => {
            ["行动", "负责人", "截止日期", "状态", "相关卡片", "相关步骤"]
        }
        Language::TraditionalChinese => {
            ["行動", "負責人", "截止日期", "狀態", "相關卡片", "相關步驟"]
        }
    }
}

/// The action plan of `doc` as CSV text: a header row, then one row per
/// action in the plan's order (RFC 4180 quoting, `\r\n` line ends, no
/// byte-order mark). Due dates are `YYYY-MM-DD`; cards and steps are named by
/// title, joined by "; ", leaving out those the map no longer holds.
pub fn export_actions(doc: &Document, language: Language) -> String {
    let rows = doc
        .decisions
        .actions
        .iter()
        .map(|action| row(doc, action, language));
    super::export::table(headers(language), rows)
}

fn row(doc: &Document, action: &Action, language: Language) -> [String; 6] {
    let cards: Vec<&str> = action
        .cards
        .iter()
        .filter_map(|id| doc.card(*id))
        .map(|card| card.title.trim())
        .collect();
    let steps: Vec<&str> = action
        .steps
        .iter()
        .filter_map(|id| doc.step(*id))
        .map(|step| step.name.trim())
        .collect();
    [
        action.what.clone(),
        action.owner.clone(),
        action.due.map(|due| due.to_string()).unwrap_or_default(),
        status_name(action.status, language).to_owned(),
        cards.join("; "),
        steps.join("; "),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActionId, ActionStatus, CardId, StepId};

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        let mut doc = crate::samples::sample();
        let card = doc.cards[0].clone();
        doc.decisions.actions.push(Action {
            id: ActionId(1),
            what: "改进\n\"预约\"流程".into(),
            owner: "客服部, 数字化组".into(),
            due: Some(jiff::civil::date(2026, 6, 30)),
            status: ActionStatus::Doing,
            cards: vec![card.id, CardId(9999)],
            steps: vec![card.step, StepId(9999)],
        });
        let text = export_actions(&doc, Language::SimplifiedChinese);
        let step = doc.step(card.step).unwrap().name.clone();
        // The sample's first card is «Hotel exterior, parking, signage»: quoted too.
        assert!(card.title.contains(','));
        assert_eq!(
            text,
            format!(
                "行动,负责人,截止日期,状态,相关卡片,相关步骤\r\n\
                 \"改进\n\"\"预约\"\"流程\",\"客服部, 数字化组\",2026-06-30,进行中,\"{}\",{step}\r\n",
                card.title
            )
        );
    }
}
