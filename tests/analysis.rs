//! Flow analysis on small maps whose answers are worked out by hand.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use stagemap::analysis::analyze;
use stagemap::edit::{CardField, Session, ops};
use stagemap::model::{CardId, Direction, Document, LaneKind};

/// A map with one stage of `columns` steps and two lanes (customer, backstage).
struct Map {
    session: Session,
}

impl Map {
    fn new(columns: usize) -> Self {
        let mut session = Session::unsaved(Document::new("Flow"));
        session.run(|doc| ops::add_stage(doc, 0, "Stage")).unwrap();
        let stage = session.doc().stages[0].id;
        for i in 1..columns {
            session
                .run(|doc| ops::add_step(doc, stage, i, &format!("Step {i}")))
                .unwrap();
        }
        session
            .run(|doc| ops::add_lane(doc, 0, "Customer", LaneKind::Customer))
            .unwrap();
        session
            .run(|doc| ops::add_lane(doc, 1, "Back office", LaneKind::Backstage))
            .unwrap();
        Self { session }
    }

    /// Adds a card in column `column`, lane `lane`, with a duration and a wait.
    fn card(&mut self, column: usize, lane: usize, duration: u32, wait: u32) -> CardId {
        let doc = self.session.doc();
        let step = doc.stages[0].steps[column].id;
        let lane = doc.lanes[lane].id;
        let (add, id) = ops::add_card(doc, step, lane, 9, &format!("card {column}/{lane}"));
        self.session.execute(add).unwrap();
        self.session
            .execute(ops::set_card_field(id, CardField::Duration(Some(duration))))
            .unwrap();
        if wait > 0 {
            self.session
                .execute(ops::set_card_field(id, CardField::Wait(Some(wait))))
                .unwrap();
        }
        id
    }

    fn connect(&mut self, from: CardId, to: CardId) {
        self.connect_with(from, to, Direction::OneWay);
    }

    fn connect_with(&mut self, from: CardId, to: CardId, direction: Direction) {
        let command = ops::connect(self.session.doc(), from, to, direction).unwrap();
        self.session.execute(command).unwrap();
    }
}

#[test]
fn a_chain_sums_duration_and_wait() {
    let mut map = Map::new(3);
    let a = map.card(0, 0, 10, 0);
    let b = map.card(1, 0, 5, 20);
    let c = map.card(2, 0, 15, 0);
    map.connect(a, b);
    map.connect(b, c);
    let flow = analyze(map.session.doc());
    assert_eq!(flow.elapsed_minutes, 50);
    assert_eq!(flow.waiting_minutes, 20);
    assert_eq!(flow.critical_path, vec![a, b, c]);
    assert_eq!(flow.order, vec![a, b, c]);
    assert!(flow.loops.is_empty());
    assert!((flow.waiting_share() - 0.4).abs() < 1e-9);
}

#[test]
fn parallel_work_is_not_counted_twice() {
    // a(10) → b(30) → d(10) and a → c(5) → d: the long branch decides, 50 not 55.
    let mut map = Map::new(3);
    let a = map.card(0, 0, 10, 0);
    let b = map.card(1, 0, 30, 0);
    let c = map.card(1, 1, 5, 0);
    let d = map.card(2, 0, 10, 0);
    map.connect(a, b);
    map.connect(a, c);
    map.connect(b, d);
    map.connect(c, d);
    let flow = analyze(map.session.doc());
    assert_eq!(flow.elapsed_minutes, 50);
    assert_eq!(flow.critical_path, vec![a, b, d]);
    // Flow order: a first, d last, b before c (same column, upper lane first).
    assert_eq!(flow.order, vec![a, b, c, d]);

    // Making the back-office branch the slow one moves the critical path there.
    map.session
        .execute(ops::set_card_field(c, CardField::Wait(Some(60))))
        .unwrap();
    let flow = analyze(map.session.doc());
    assert_eq!(flow.elapsed_minutes, 10 + 65 + 10);
    assert_eq!(flow.critical_path, vec![a, c, d]);
    assert_eq!(flow.waiting_minutes, 60);
}

#[test]
fn rework_is_reported_as_a_loop_and_counted_once() {
    // a(10) → b(20) → c(5) → b (rework), c → d(1).
    let mut map = Map::new(4);
    let a = map.card(0, 0, 10, 0);
    let b = map.card(1, 0, 20, 0);
    let c = map.card(2, 1, 5, 0);
    let d = map.card(3, 0, 1, 0);
    map.connect(a, b);
    map.connect(b, c);
    map.connect(c, b);
    map.connect(c, d);
    let flow = analyze(map.session.doc());
    assert_eq!(flow.loops, vec![vec![b, c]]);
    assert_eq!(flow.elapsed_minutes, 36);
    assert_eq!(flow.critical_path, vec![a, b, c, d]);
    assert_eq!(flow.order, vec![a, b, c, d]);
    assert!(flow.in_loop(c) && !flow.in_loop(d));
}

#[test]
fn a_card_connected_to_itself_is_a_loop() {
    let mut map = Map::new(1);
    let a = map.card(0, 0, 7, 0);
    map.connect(a, a);
    let flow = analyze(map.session.doc());
    assert_eq!(flow.loops, vec![vec![a]]);
    assert_eq!(flow.elapsed_minutes, 7);
}

#[test]
fn a_two_way_connector_joins_its_cards_without_a_loop() {
    let mut map = Map::new(2);
    let a = map.card(0, 0, 10, 0);
    let b = map.card(1, 1, 15, 0);
    map.connect_with(a, b, Direction::TwoWay);
    let flow = analyze(map.session.doc());
    assert!(flow.loops.is_empty());
    assert_eq!(flow.elapsed_minutes, 25);
    assert_eq!(flow.critical_path, vec![a, b]);
}

#[test]
fn unconnected_cards_are_paths_of_their_own() {
    let mut map = Map::new(3);
    map.card(0, 0, 10, 0);
    let long = map.card(1, 0, 40, 5);
    map.card(2, 1, 30, 0);
    let flow = analyze(map.session.doc());
    assert_eq!(flow.elapsed_minutes, 45);
    assert_eq!(flow.critical_path, vec![long]);
    assert_eq!(flow.order.len(), 3);
}

#[test]
fn an_empty_map_has_no_flow() {
    let flow = analyze(&Document::new("Empty"));
    assert_eq!(flow.elapsed_minutes, 0);
    assert!(flow.order.is_empty() && flow.critical_path.is_empty() && flow.loops.is_empty());
    assert_eq!(flow.waiting_share(), 0.0);
}
