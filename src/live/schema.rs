//! Placeholder of the live document schema (the full schema replaces it):
//! the whole map as one `.stagemap.ron` text in the root map `meta`.

use yrs::{Doc, GetString as _, Map as _, OffsetKind, Options, TextPrelim, TextRef, Transact as _};

use crate::model::{CardId, Document};

/// Key of the placeholder's one text.
const RON_KEY: &str = "ron";

/// yrs Doc options every live doc uses: UTF-16 offsets (Yjs-compatible), given client id.
pub fn new_ydoc(client_id: u64) -> Doc {
    Doc::with_options(Options {
        client_id: yrs::ClientID::new(client_id),
        offset_kind: OffsetKind::Utf16,
        ..Options::default()
    })
}

/// Writes a whole document into an (empty) Doc in one transaction.
pub fn write_document(ydoc: &Doc, doc: &Document) {
    let meta = ydoc.get_or_insert_map("meta");
    let mut txn = ydoc.transact_mut();
    meta.insert(
        &mut txn,
        RON_KEY,
        TextPrelim::new(crate::format::to_string(doc)),
    );
}

/// The document a Doc holds, and the cards put back in a cell.
pub struct Materialized {
    /// The document.
    pub document: Document,
    /// Cards put back in a cell after theirs was deleted.
    pub rescued: Vec<CardId>,
}

/// Reads the document a Doc holds.
pub fn read_document(ydoc: &Doc) -> Materialized {
    let meta = ydoc.get_or_insert_map("meta");
    let txn = ydoc.transact();
    let text = meta
        .get(&txn, RON_KEY)
        .and_then(|value| value.cast::<TextRef>().ok())
        .map(|text| text.get_string(&txn))
        .unwrap_or_default();
    drop(txn);
    let document = crate::format::parse(&text, std::path::Path::new("live")).unwrap_or_default();
    Materialized {
        document,
        rescued: Vec::new(),
    }
}
