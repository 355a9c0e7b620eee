//! What a mail's kind is called, for the managers' page and the API alike.

use crate::http::i18n::Tr;
use portineria_store::OutboxMail;

/// `mail-kind-booking-confirmed`, … in the reader's language.
pub fn kind_label(tr: &Tr, m: &OutboxMail) -> String {
    tr.t(&format!("mail-kind-{}", m.kind.as_str().replace('.', "-")))
}
