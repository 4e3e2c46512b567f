//! The Chinese example after a workshop, decided through the editor's own
//! builders (`edit::decide`) in one session: a closed round with groups and
//! ties, an open round, one card placed on the matrix, three weighted
//! criteria with scores, and two actions. The figures the tests expect are
//! worked out by hand in the comments.

#![allow(dead_code, reason = "each test file uses a different part")]

use stagemap::decisions::default_criteria;
use stagemap::edit::decide::{self, RoundSetup, Voter};
use stagemap::edit::{Command, Session};
use stagemap::model::{ActionStatus, Ballot, CardId, Document, ParticipantId, RoundId};
use stagemap::scene::Language;

/// 桩位预约与占位提醒: 3 dots, rank 1; on the matrix (quick win); total 20.
pub const CHARGING: CardId = CardId(29);
/// App 实时展示交付进度: 2 dots, rank 2; total 17.5.
pub const DELIVERY: CardId = CardId(17);
/// 上门取送车覆盖全部门店: 2 dots, rank 2 (a tie); total 15.5.
pub const PICKUP: CardId = CardId(56);
/// 升级后推送新功能图文说明: 1 dot, rank 4.
pub const UPDATES: CardId = CardId(34);
/// 置换补贴线上一站式办理: 1 dot, rank 4 (a tie).
pub const TRADE_IN: CardId = CardId(67);

/// When the first round closed.
pub const CLOSED: &str = "2026-05-04T08:30:00Z";

/// The Chinese example with its decisions.
pub fn decided(mut doc: Document) -> Document {
    doc.decisions = Default::default();
    let mut session = Session::opened(doc);
    let voter = |name: &str, group: &str| Voter {
        name: name.into(),
        group: group.into(),
    };
    session
        .run(|doc| {
            decide::start_round(
                doc,
                RoundSetup {
                    question: "最该先落地的机会点".into(),
                    ballot: Ballot::Opportunities,
                    voters: vec![
                        voter("张伟", "售后组"),
                        voter("李娜", "售后组"),
                        voter("王芳", "产品组"),
                    ],
                    budget: 3,
                    stacking: false,
                },
            )
            .unwrap()
        })
        .unwrap();
    // 29: 张伟 李娜 王芳 (售后 2, 产品 1); 17: 张伟 李娜 (售后 2);
    // 56: 张伟 王芳 (售后 1, 产品 1); 67: 李娜; 34: 王芳.
    let dots = [
        (1, CHARGING),
        (1, DELIVERY),
        (1, PICKUP),
        (2, CHARGING),
        (2, DELIVERY),
        (2, TRADE_IN),
        (3, CHARGING),
        (3, PICKUP),
        (3, UPDATES),
    ];
    for (participant, card) in dots {
        session
            .run(|doc| {
                decide::cast_vote(doc, RoundId(1), ParticipantId(participant), card).unwrap()
            })
            .unwrap();
    }
    let closed: jiff::Timestamp = CLOSED.parse().unwrap();
    session
        .run(|doc| decide::close_round(doc, RoundId(1), closed).unwrap())
        .unwrap();
    // A second round, still open: its one dot stays hidden.
    session
        .run(|doc| {
            decide::start_round(
                doc,
                RoundSetup {
                    question: "第二轮：痛点".into(),
                    ballot: Ballot::PainPoints,
                    voters: vec![voter("张伟", ""), voter("王芳", "")],
                    budget: 4,
                    stacking: true,
                },
            )
            .unwrap()
        })
        .unwrap();
    session
        .run(|doc| decide::cast_vote(doc, RoundId(2), ParticipantId(1), CardId(24)).unwrap())
        .unwrap();
    session
        .run(|doc| decide::place_on_matrix(doc, CHARGING, 0.9, 0.2).unwrap())
        .unwrap();
    // Weights 有效性 2, 可行性 1, 客户价值 1.5:
    // 29: 2·5 + 1·4 + 1.5·4 = 20; 17: 2·4 + 1·5 + 1.5·3 = 17.5; 56: 2·3 + 1·2 + 1.5·5 = 15.5.
    let mut criteria = default_criteria(Language::SimplifiedChinese);
    criteria[0].weight = 2.0;
    criteria[2].weight = 1.5;
    let ids: Vec<_> = criteria.iter().map(|c| c.id).collect();
    session
        .run(|doc| decide::set_criteria(doc, criteria).unwrap())
        .unwrap();
    for (card, scores) in [
        (CHARGING, [5, 4, 4]),
        (DELIVERY, [4, 5, 3]),
        (PICKUP, [3, 2, 5]),
    ] {
        for (criterion, value) in ids.iter().zip(scores) {
            session
                .run(|doc| decide::set_score(doc, card, *criterion, Some(value)).unwrap())
                .unwrap();
        }
    }
    session
        .run(|doc| decide::action_from_card(doc, CHARGING, "上线桩位预约功能").unwrap())
        .unwrap();
    let mut first = session.doc().decisions.actions[0].clone();
    first.owner = "充电运营部".into();
    first.due = Some(jiff::civil::date(2026, 6, 30));
    first.status = ActionStatus::Doing;
    session.execute(Command::SetAction(first)).unwrap();
    session
        .run(|doc| decide::action_from_card(doc, DELIVERY, "").unwrap())
        .unwrap();
    let mut second = session.doc().decisions.actions[1].clone();
    second.owner = "交付中心, 数字化组".into();
    session.execute(Command::SetAction(second)).unwrap();
    session.doc().clone()
}
