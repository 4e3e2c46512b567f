//! Writes the two workshop templates shipped in `examples/` — a 2-hour journey-mapping
//! workshop and a 3-hour service-blueprint workshop, each a starting map with its agenda — and
//! rewrites every other example map in the form Stagemap saves it (the current format version).
//!
//! Run from the crate's folder with `cargo run --example write_templates`.

use std::path::Path;

use stagemap::edit::{CardField, Command, Session, ops};
use stagemap::format;
use stagemap::model::{AgendaStep, Direction, Document, LaneKind, MapMeta};

/// One example card: stage index, step index within it, lane index, title, and what else it sets.
type CardSpec<'a> = (usize, usize, usize, &'a str, &'a [CardField]);

/// A map from its stages (each with its steps), lanes, cards, the flow between some of the
/// cards (by position in `cards`) and its agenda, built with the editor's own commands.
fn build(
    meta: MapMeta,
    stages: &[(&str, &[&str])],
    lanes: &[(&str, LaneKind)],
    cards: &[CardSpec<'_>],
    flow: &[(usize, usize)],
    agenda: &[(&str, u32)],
) -> anyhow::Result<Document> {
    let mut session = Session::unsaved(Document::new(&meta.title));
    session.execute(Command::SetMeta(meta))?;
    for (index, (name, steps)) in stages.iter().enumerate() {
        session.run(|doc| ops::add_stage(doc, index, name))?;
        let stage = session.doc().stages[index].id;
        // A new stage comes with one step of its name: rename it, then add the others.
        let first = session.doc().stages[index].steps[0].id;
        session.execute(Command::RenameStep {
            id: first,
            name: steps[0].to_owned(),
        })?;
        for (at, step) in steps.iter().enumerate().skip(1) {
            session.run(|doc| ops::add_step(doc, stage, at, step))?;
        }
    }
    for (index, (name, kind)) in lanes.iter().enumerate() {
        session.run(|doc| ops::add_lane(doc, index, name, kind.clone()))?;
    }
    let mut ids = Vec::new();
    for (stage, step, lane, title, fields) in cards {
        let doc = session.doc();
        let step = doc.stages[*stage].steps[*step].id;
        let lane = doc.lanes[*lane].id;
        let (add, id) = ops::add_card(doc, step, lane, usize::MAX, title);
        session.execute(add)?;
        for field in *fields {
            session.execute(Command::SetCardField {
                id,
                field: field.clone(),
            })?;
        }
        ids.push(id);
    }
    for (from, to) in flow {
        let connect = ops::connect(session.doc(), ids[*from], ids[*to], Direction::OneWay)?;
        session.execute(connect)?;
    }
    let agenda = agenda
        .iter()
        .map(|(name, minutes)| AgendaStep {
            name: (*name).to_owned(),
            minutes: *minutes,
        })
        .collect();
    session.execute(Command::SetAgenda(agenda))?;
    Ok(session.doc().clone())
}

fn meta(title: &str, description: &str, scenario: &str) -> MapMeta {
    MapMeta {
        title: title.to_owned(),
        description: description.to_owned(),
        scenario: scenario.to_owned(),
        language: "zh-CN".to_owned(),
        ..MapMeta::default()
    }
}

/// The journey-mapping workshop: two hours, from goals to the read-out.
fn journey_workshop() -> anyhow::Result<Document> {
    use CardField::{Channel, Emotion, Pain};
    build(
        meta(
            "旅程地图工作坊 Journey-mapping workshop",
            "两小时共创工作坊的起点：先定目标与范围、用户与场景，再逐段走旅程，标出情绪与痛点，最后收敛为机会点。\
             A starting map for a two-hour co-creation workshop; the agenda drives the timer.",
            "一位顾客从第一次听说到成为回头客 · A customer from first hearing of us to coming back",
        ),
        &[
            ("认知 Aware", &["看到 See"]),
            ("考虑 Consider", &["比较 Compare", "咨询 Ask"]),
            ("购买 Buy", &["下单 Order"]),
            ("使用 Use", &["上手 Start"]),
            ("回购 Return", &["复购 Buy again"]),
        ],
        &[
            ("顾客行为 Customer actions", LaneKind::Customer),
            ("触点 Touchpoints", LaneKind::Touchpoint),
            ("想法 Thoughts", LaneKind::Thought),
            ("情绪 Emotion", LaneKind::Emotion),
            ("痛点 Pain points", LaneKind::Pain),
            ("机会点 Opportunities", LaneKind::Opportunity),
        ],
        &[
            (0, 0, 0, "在朋友圈看到推荐", &[]),
            (0, 0, 1, "社交媒体帖子", &[Channel("社交媒体".into())]),
            (1, 0, 0, "对比三家的价格", &[]),
            (1, 1, 1, "在线客服", &[Channel("在线聊天".into())]),
            (1, 1, 2, "“到底哪款适合我？”", &[]),
            (1, 1, 3, "犹豫", &[Emotion(Some(-1.0))]),
            (1, 1, 4, "客服回复要等很久", &[Pain(true)]),
            (2, 0, 0, "在 App 下单", &[]),
            (2, 0, 3, "期待", &[Emotion(Some(1.0))]),
            (4, 0, 5, "老客户专属提醒", &[]),
        ],
        &[(0, 2), (2, 7)],
        &[
            ("目标与范围 Goals and scope", 15),
            ("用户与场景 Users and scenario", 15),
            ("旅程阶段 Journey stages", 25),
            ("情绪与痛点 Emotions and pain points", 30),
            ("机会点 Opportunities", 20),
            ("汇报 Read-out", 15),
        ],
    )
}

/// The service-blueprint workshop: three hours, from the scope down through the layers to
/// the fail points.
fn blueprint_workshop() -> anyhow::Result<Document> {
    use CardField::{Fail, Owner, Recovery, Wait};
    build(
        meta(
            "服务蓝图工作坊 Service-blueprint workshop",
            "三小时工作坊的起点：先定范围，再逐层画出前台、后台与支持流程，最后找出失败点并写好补救。\
             A starting map for a three-hour workshop; the agenda drives the timer.",
            "顾客预约并完成一次到店服务 · A customer books and has one in-store service",
        ),
        &[
            ("预约 Book", &["预约 Book"]),
            ("到店 Arrive", &["签到 Check in"]),
            ("服务 Service", &["服务 Service"]),
            ("离店 Leave", &["付款 Pay"]),
        ],
        &[
            ("有形展示 Physical evidence", LaneKind::Evidence),
            ("顾客行为 Customer actions", LaneKind::Customer),
            ("前台 Front-stage", LaneKind::Frontstage),
            ("后台 Back-stage", LaneKind::Backstage),
            ("支持流程 Support processes", LaneKind::Support),
        ],
        &[
            (0, 0, 0, "预约确认短信", &[]),
            (0, 0, 1, "在小程序预约时段", &[]),
            (0, 0, 4, "预约系统排班", &[]),
            (1, 0, 1, "到店报手机号", &[Wait(Some(10))]),
            (1, 0, 2, "前台核对预约", &[]),
            (
                1,
                0,
                3,
                "查不到预约记录",
                &[
                    Fail(true),
                    Recovery("按手机号人工查找并补录预约".into()),
                    Owner("门店前台".into()),
                ],
            ),
            (2, 0, 2, "技师讲解服务内容", &[]),
            (2, 0, 3, "准备工具与备件", &[]),
            (3, 0, 1, "扫码付款", &[]),
            (3, 0, 0, "电子发票", &[]),
        ],
        &[(1, 3), (3, 4), (4, 6), (6, 8)],
        &[
            ("范围 Scope", 20),
            ("前台 Front-stage", 50),
            ("后台 Back-stage", 60),
            ("失败点 Fail points", 50),
        ],
    )
}

fn main() -> anyhow::Result<()> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for (name, doc) in [
        ("workshop-journey-map", journey_workshop()?),
        ("workshop-service-blueprint", blueprint_workshop()?),
    ] {
        let path = folder.join(format!("{name}{}", format::FILE_EXTENSION));
        std::fs::write(&path, format::to_string(&doc))?;
        println!("wrote {}", path.display());
    }
    for entry in std::fs::read_dir(&folder)? {
        let path = entry?.path();
        let is_map = path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.ends_with(format::FILE_EXTENSION));
        if is_map {
            let doc = format::load(&path)?;
            std::fs::write(&path, format::to_string(&doc))?;
        }
    }
    Ok(())
}
