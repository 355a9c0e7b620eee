//! Public pages: home, map, directory, hubs, sites, places.

use crate::i18n::Tr;
use portineria_domain::kinds::{PlaceKind, SiteKind};

pub fn site_kind_label(tr: &Tr, k: SiteKind) -> String {
    tr.t(match k {
        SiteKind::Central => "site-kind-central",
        SiteKind::Bar => "site-kind-bar",
        SiteKind::Library => "site-kind-library",
        SiteKind::Shop => "site-kind-shop",
        SiteKind::Market => "site-kind-market",
        SiteKind::School => "site-kind-school",
        SiteKind::Other => "site-kind-other",
    })
}

pub fn place_kind_label(tr: &Tr, k: PlaceKind) -> String {
    tr.t(match k {
        PlaceKind::DeskPool => "place-kind-desk_pool",
        PlaceKind::MeetingRoom => "place-kind-meeting_room",
        PlaceKind::EventHall => "place-kind-event_hall",
        PlaceKind::Lab => "place-kind-lab",
        PlaceKind::KidsRoom => "place-kind-kids_room",
        PlaceKind::Garden => "place-kind-garden",
        PlaceKind::Other => "place-kind-other",
    })
}
