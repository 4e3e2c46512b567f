//! What the editor says when pasted text gives no cards: each refusal of [`crate::clipboard::paste`] in the UI's language.

use crate::clipboard::PasteRefusal;

use super::i18n::{tr, tr_args};

/// The status line for a paste that was refused.
pub fn refusal_status(refusal: &PasteRefusal) -> String {
    match refusal {
        PasteRefusal::NotCards => tr("status-paste-not-cards").into_owned(),
        PasteRefusal::NoCell => tr("status-paste-no-cell").into_owned(),
        other => tr_args("status-paste-refused", &[("reason", &other.to_string())]),
    }
}
