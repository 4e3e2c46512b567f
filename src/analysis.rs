//! Flow analysis derived from the connectors with petgraph: flow order, loops
//! (rework) and the elapsed time along the flow. Never saved.
//!
//! The graph has a node per card and an edge per connector, from → to (a
//! two-way connector also joins its cards from → to). Each strongly connected
//! set of more than one card is a loop; for timing it is collapsed into one
//! node weighing the sum of its cards, so a map with rework still has an
//! answer. The elapsed time is the heaviest path through the collapsed graph,
//! each card weighing its duration plus its wait: parallel back-stage work is
//! not counted twice.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::model::{CardId, Document, LaneId, StepId};

/// What the flow of a map says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flow {
    /// Every card once, in flow order: a card comes after the cards that lead to it;
    /// ties go left to right, then top to bottom.
    pub order: Vec<CardId>,
    /// Sets of cards that lead back to themselves (rework), in flow order.
    pub loops: Vec<Vec<CardId>>,
    /// The heaviest path through the flow (the critical path), in flow order.
    pub critical_path: Vec<CardId>,
    /// Duration plus wait summed along the critical path, in minutes.
    pub elapsed_minutes: u64,
    /// Wait alone summed along the critical path, in minutes.
    pub waiting_minutes: u64,
}

impl Flow {
    /// Share of the elapsed time spent waiting, 0..=1 (0 for an empty flow).
    pub fn waiting_share(&self) -> f64 {
        if self.elapsed_minutes == 0 {
            return 0.0;
        }
        self.waiting_minutes as f64 / self.elapsed_minutes as f64
    }

    /// The card is part of a loop.
    pub fn in_loop(&self, card: CardId) -> bool {
        self.loops.iter().any(|cards| cards.contains(&card))
    }
}

/// Where a card sits on the map: column, lane, then its place in the card
/// list. Ordering by it reads a map left to right, then top to bottom.
pub type MapPosition = (usize, usize, usize);

/// The map position of every card, in the order of [`Document::cards`]; a
/// card in a missing step or lane sorts last. Linear in the size of the map.
pub fn map_positions(doc: &Document) -> Vec<MapPosition> {
    // The first of equal ids wins, as with the lookups of `Document`.
    let mut columns: HashMap<StepId, usize> = HashMap::new();
    for (index, (_, step)) in doc.columns().enumerate() {
        columns.entry(step.id).or_insert(index);
    }
    let lanes: HashMap<LaneId, usize> = doc
        .lanes
        .iter()
        .enumerate()
        .map(|(index, lane)| (lane.id, index))
        .rev()
        .collect();
    doc.cards
        .iter()
        .enumerate()
        .map(|(index, card)| {
            let column = columns.get(&card.step).copied().unwrap_or(usize::MAX);
            let lane = lanes.get(&card.lane).copied().unwrap_or(usize::MAX);
            (column, lane, index)
        })
        .collect()
}

/// Analyses the flow of a document.
pub fn analyze(doc: &Document) -> Flow {
    let positions = map_positions(doc);

    let mut graph = DiGraph::<usize, ()>::with_capacity(doc.cards.len(), doc.connectors.len());
    let nodes: Vec<NodeIndex> = (0..doc.cards.len()).map(|i| graph.add_node(i)).collect();
    let card_nodes: HashMap<CardId, NodeIndex> = doc
        .cards
        .iter()
        .zip(&nodes)
        .map(|(card, &node)| (card.id, node))
        .rev()
        .collect();
    let node_of = |id: CardId| card_nodes.get(&id).copied();
    let mut self_loop = vec![false; doc.cards.len()];
    for connector in &doc.connectors {
        let (Some(from), Some(to)) = (node_of(connector.from), node_of(connector.to)) else {
            continue;
        };
        if from == to {
            self_loop[from.index()] = true;
        }
        graph.add_edge(from, to, ());
    }

    // Collapse strongly connected sets into components.
    let mut components: Vec<Vec<usize>> = tarjan_scc(&graph)
        .into_iter()
        .map(|members| {
            let mut cards: Vec<usize> = members.into_iter().map(|n| graph[n]).collect();
            cards.sort_by_key(|&card| positions[card]);
            cards
        })
        .collect();
    components.sort_by_key(|cards| positions[cards[0]]);
    let mut component_of = vec![0; doc.cards.len()];
    for (component, cards) in components.iter().enumerate() {
        for &card in cards {
            component_of[card] = component;
        }
    }
    let mut successors = vec![Vec::new(); components.len()];
    let mut incoming = vec![0usize; components.len()];
    // Each link between two components once; sorting keeps this linear
    // however many connectors leave one card.
    let mut links: Vec<(usize, usize)> = graph
        .raw_edges()
        .iter()
        .map(|edge| {
            (
                component_of[graph[edge.source()]],
                component_of[graph[edge.target()]],
            )
        })
        .filter(|(from, to)| from != to)
        .collect();
    links.sort_unstable();
    links.dedup();
    for (from, to) in links {
        successors[from].push(to);
        incoming[to] += 1;
    }

    // Topological order of components, ties broken by map position.
    let mut ready: BinaryHeap<Reverse<(MapPosition, usize)>> = (0..components.len())
        .filter(|&c| incoming[c] == 0)
        .map(|c| Reverse((positions[components[c][0]], c)))
        .collect();
    let mut topo = Vec::with_capacity(components.len());
    while let Some(Reverse((_, component))) = ready.pop() {
        topo.push(component);
        for &next in &successors[component] {
            incoming[next] -= 1;
            if incoming[next] == 0 {
                ready.push(Reverse((positions[components[next][0]], next)));
            }
        }
    }

    // Heaviest path by dynamic programming over the topological order.
    let weight = |component: usize| -> u64 {
        components[component]
            .iter()
            .map(|&card| doc.cards[card].elapsed_minutes())
            .sum()
    };
    let mut best = vec![0u64; components.len()];
    let mut arrival = vec![0u64; components.len()];
    let mut best_from: Vec<Option<usize>> = vec![None; components.len()];
    for &component in &topo {
        best[component] = arrival[component] + weight(component);
        for &next in &successors[component] {
            if best_from[next].is_none() || best[component] > arrival[next] {
                arrival[next] = best[component];
                best_from[next] = Some(component);
            }
        }
    }
    let end = topo
        .iter()
        .copied()
        .max_by_key(|&c| (best[c], positions[components[c][0]]));

    let mut path_components = Vec::new();
    let mut at = end;
    while let Some(component) = at {
        path_components.push(component);
        at = best_from[component];
    }
    path_components.reverse();
    let card_id = |card: usize| doc.cards[card].id;
    let critical_path: Vec<CardId> = path_components
        .iter()
        .flat_map(|&c| components[c].iter().map(|&card| card_id(card)))
        .collect();
    let waiting_minutes = path_components
        .iter()
        .flat_map(|&c| components[c].iter())
        .map(|&card| u64::from(doc.cards[card].wait_minutes.unwrap_or(0)))
        .sum();

    let loops = topo
        .iter()
        .filter(|&&c| components[c].len() > 1 || self_loop[components[c][0]])
        .map(|&c| components[c].iter().map(|&card| card_id(card)).collect())
        .collect();

    Flow {
        order: topo
            .iter()
            .flat_map(|&c| components[c].iter().map(|&card| card_id(card)))
            .collect(),
        loops,
        elapsed_minutes: end.map_or(0, |c| best[c]),
        critical_path,
        waiting_minutes,
    }
}
