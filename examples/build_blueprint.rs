//! Builds a small service blueprint with the library API and prints it as a map file.
//!
//! Run with `cargo run --example build_blueprint > coffee.stagemap.ron`.

use stagemap::edit::{Session, ops};
use stagemap::model::{Direction, Document, LaneKind};

fn main() -> anyhow::Result<()> {
    let mut session = Session::unsaved(Document::new("Coffee to go"));
    session.run(|doc| ops::add_stage(doc, 0, "Order"))?;
    session.run(|doc| ops::add_stage(doc, 1, "Collect"))?;
    session.run(|doc| ops::add_lane(doc, 0, "Customer actions", LaneKind::Customer))?;
    session.run(|doc| ops::add_lane(doc, 1, "Barista", LaneKind::Frontstage))?;
    session.run(|doc| ops::add_lane(doc, 2, "Coffee machine", LaneKind::Support))?;

    let doc = session.doc();
    let (order, collect) = (doc.stages[0].steps[0].id, doc.stages[1].steps[0].id);
    let (customer, barista, machine) = (doc.lanes[0].id, doc.lanes[1].id, doc.lanes[2].id);

    let mut flow = Vec::new();
    for (step, lane, title) in [
        (order, customer, "Orders a flat white"),
        (order, barista, "Takes the order and payment"),
        (collect, machine, "Brews the coffee"),
        (collect, customer, "Picks up the cup"),
    ] {
        let (add, id) = ops::add_card(session.doc(), step, lane, 0, title);
        session.execute(add)?;
        flow.push(id);
    }
    for pair in flow.windows(2) {
        let connect = ops::connect(session.doc(), pair[0], pair[1], Direction::OneWay)?;
        session.execute(connect)?;
    }
    print!("{}", stagemap::format::to_string(session.doc()));
    Ok(())
}
