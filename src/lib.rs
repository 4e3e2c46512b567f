//! Stagemap: customer journey maps and service blueprints as data.
//!
//! The [`model`] is plain data changed only through [`edit`] commands;
//! [`format`](mod@format) reads and writes `.stagemap.ron` files; [`analysis`] derives
//! the flow with petgraph; [`csv_io`] imports and exports spreadsheets;
//! [`check`] and [`stats`] back the command line.

pub mod analysis;
pub mod check;
pub mod clipboard;
pub mod csv_io;
pub mod decisions;
pub mod edit;
pub mod export;
pub mod format;
pub mod fsio;
pub mod generate;
pub mod insights;
pub mod layout;
pub mod limits;
pub mod live;
pub mod marker;
pub mod model;
pub mod pictures;
pub mod presentation;
pub mod recovery;
pub mod samples;
pub mod scene;
pub mod stats;
#[cfg(feature = "gui")]
pub mod ui;

#[cfg(feature = "gui")]
rust_i18n::i18n!("assets/locales", fallback = "en");
