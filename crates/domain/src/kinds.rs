//! The closed vocabularies of the network: kinds of site and of place.

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used by the API.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use vocabulary;

vocabulary!(
    /// What a site is: the central coworking or one of its satellites.
    SiteKind {
        Central => "central",
        Bar => "bar",
        Library => "library",
        Shop => "shop",
        Market => "market",
        School => "school",
        Other => "other",
    }
);

vocabulary!(
    /// What a place inside a site is.
    PlaceKind {
        DeskPool => "desk_pool",
        MeetingRoom => "meeting_room",
        EventHall => "event_hall",
        Lab => "lab",
        KidsRoom => "kids_room",
        Garden => "garden",
        Other => "other",
    }
);

impl PlaceKind {
    /// A desk pool seats up to `capacity` people at once; every other kind of
    /// place is taken whole by one booking.
    pub fn is_pool(&self) -> bool {
        matches!(self, PlaceKind::DeskPool)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in SiteKind::ALL {
            assert_eq!(SiteKind::parse(k.as_str()), Some(*k));
        }
        for k in PlaceKind::ALL {
            assert_eq!(PlaceKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(SiteKind::parse("castle"), None);
    }
}
