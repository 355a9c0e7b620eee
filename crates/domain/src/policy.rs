//! Roles and who may do what.
//!
//! Architecture invariant: every write route asks [`allows`] before it
//! touches storage, with the hub and site of the object as stored (never as
//! claimed by the request).

use serde::{Deserialize, Serialize};

/// A role held by an account. A resident is any signed-up account and needs
/// no grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Grant {
    /// Runs the whole network.
    Admin,
    /// Runs one hub: its sites, places and people.
    Manager { hub: i64 },
    /// Hosts people at one site (a satellite bar, library, shop).
    Host { hub: i64, site: i64 },
    /// A member of a hub.
    Member { hub: i64 },
}

impl Grant {
    pub fn role(&self) -> RoleKind {
        match self {
            Grant::Admin => RoleKind::Admin,
            Grant::Manager { .. } => RoleKind::Manager,
            Grant::Host { .. } => RoleKind::Host,
            Grant::Member { .. } => RoleKind::Member,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    Admin,
    Manager,
    Host,
    Member,
}

impl RoleKind {
    pub const ALL: &'static [RoleKind] = &[RoleKind::Admin, RoleKind::Manager, RoleKind::Host, RoleKind::Member];

    pub fn as_str(&self) -> &'static str {
        match self {
            RoleKind::Admin => "admin",
            RoleKind::Manager => "manager",
            RoleKind::Host => "host",
            RoleKind::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.as_str() == s)
    }
}

/// The roles of whoever asks: a signed-in person's account and grants
/// (the default is nobody: no account, no grant). Not to be confused with
/// the platform's local actors (`actors::ActorDraft`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Roles {
    pub account_id: i64,
    pub grants: Vec<Grant>,
}

/// Something a person may try to do. Hub and site are those of the object
/// as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    CreateHub,
    EditHub {
        hub: i64,
    },
    DeleteHub {
        hub: i64,
    },
    CreateSite {
        hub: i64,
    },
    EditSite {
        hub: i64,
        site: i64,
    },
    DeleteSite {
        hub: i64,
        site: i64,
    },
    /// Create, edit or delete a place of a site.
    ManagePlaces {
        hub: i64,
        site: i64,
    },
    /// Give or take away a role.
    ManageGrant {
        grant: Grant,
    },
    /// Read the audit log of a hub (`None`: the whole network).
    ViewAudit {
        hub: Option<i64>,
    },
    /// Create or edit a plan of a hub (`None`: a network-wide plan).
    ManagePlans {
        hub: Option<i64>,
    },
    /// Sell plans as a hub, and see its sales and vouchers.
    Sell {
        hub: i64,
    },
    /// Check people in and out at a site, and see who is in.
    HostDesk {
        hub: i64,
        site: i64,
    },
    /// See what sites hosted and are owed (`None`: the whole network).
    ViewSettlement {
        hub: Option<i64>,
    },
    /// Read any time-bank account, set credit limits, reverse entries. The
    /// time bank is the network's: managers of any hub.
    ManageTimebank,
    /// Verify a local actor, edit any actor's profile and members. An actor
    /// followed by a hub is its managers'; one followed by none, any
    /// manager's.
    ManageActor {
        hub: Option<i64>,
    },
    /// Create, edit, duplicate and cancel a hub's courses and events, move
    /// people between rosters, see the programme's figures.
    ManageProgramme {
        hub: i64,
    },
    /// See the mail that could not be sent, and send it again: a hub's
    /// (`None`: the whole network's, mail of no hub included).
    ManageMail {
        hub: Option<i64>,
    },
}

impl Roles {
    pub fn is_admin(&self) -> bool {
        self.grants.contains(&Grant::Admin)
    }

    pub fn manages(&self, hub: i64) -> bool {
        self.is_admin() || self.grants.contains(&Grant::Manager { hub })
    }

    pub fn hosts(&self, hub: i64, site: i64) -> bool {
        self.grants.contains(&Grant::Host { hub, site })
    }

    /// Hubs this person manages (all of them when admin is handled by the caller).
    pub fn managed_hubs(&self) -> Vec<i64> {
        self.grants.iter().filter_map(|g| if let Grant::Manager { hub } = g { Some(*hub) } else { None }).collect()
    }

    pub fn hosted_sites(&self) -> Vec<i64> {
        self.grants.iter().filter_map(|g| if let Grant::Host { site, .. } = g { Some(*site) } else { None }).collect()
    }

    /// Whether this person has any role that gives them a management page.
    pub fn has_staff_role(&self) -> bool {
        self.grants.iter().any(|g| !matches!(g, Grant::Member { .. }))
    }
}

/// The authorisation rule of the network.
pub fn allows(roles: &Roles, action: Action) -> bool {
    if roles.is_admin() {
        return true;
    }
    match action {
        Action::CreateHub | Action::DeleteHub { .. } => false,
        Action::ViewAudit { hub }
        | Action::ManagePlans { hub }
        | Action::ViewSettlement { hub }
        | Action::ManageMail { hub } => hub.is_some_and(|h| roles.manages(h)),
        Action::Sell { hub } | Action::ManageProgramme { hub } => roles.manages(hub),
        Action::ManageTimebank | Action::ManageActor { hub: None } => !roles.managed_hubs().is_empty(),
        Action::ManageActor { hub: Some(hub) } => roles.manages(hub),
        Action::HostDesk { hub, site } => roles.manages(hub) || roles.hosts(hub, site),
        Action::EditHub { hub } | Action::CreateSite { hub } | Action::DeleteSite { hub, .. } => roles.manages(hub),
        Action::EditSite { hub, site } | Action::ManagePlaces { hub, site } => {
            roles.manages(hub) || roles.hosts(hub, site)
        }
        Action::ManageGrant { grant } => match grant {
            Grant::Admin => false,
            Grant::Manager { hub } | Grant::Member { hub } | Grant::Host { hub, .. } => roles.manages(hub),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn grant() -> impl Strategy<Value = Grant> {
        prop_oneof![
            Just(Grant::Admin),
            (1i64..4).prop_map(|hub| Grant::Manager { hub }),
            (1i64..4, 1i64..6).prop_map(|(hub, site)| Grant::Host { hub, site }),
            (1i64..4).prop_map(|hub| Grant::Member { hub }),
        ]
    }

    fn action() -> impl Strategy<Value = Action> {
        let ids = (1i64..4, 1i64..6);
        prop_oneof![
            Just(Action::CreateHub),
            (1i64..4).prop_map(|hub| Action::EditHub { hub }),
            (1i64..4).prop_map(|hub| Action::DeleteHub { hub }),
            (1i64..4).prop_map(|hub| Action::CreateSite { hub }),
            ids.clone().prop_map(|(hub, site)| Action::EditSite { hub, site }),
            ids.clone().prop_map(|(hub, site)| Action::DeleteSite { hub, site }),
            ids.prop_map(|(hub, site)| Action::ManagePlaces { hub, site }),
            grant().prop_map(|grant| Action::ManageGrant { grant }),
            proptest::option::of(1i64..4).prop_map(|hub| Action::ViewAudit { hub }),
            proptest::option::of(1i64..4).prop_map(|hub| Action::ManagePlans { hub }),
            (1i64..4).prop_map(|hub| Action::Sell { hub }),
            (1i64..4).prop_map(|hub| Action::ManageProgramme { hub }),
            Just(Action::ManageTimebank),
            proptest::option::of(1i64..4).prop_map(|hub| Action::ManageActor { hub }),
            (1i64..4, 1i64..6).prop_map(|(hub, site)| Action::HostDesk { hub, site }),
            proptest::option::of(1i64..4).prop_map(|hub| Action::ViewSettlement { hub }),
            proptest::option::of(1i64..4).prop_map(|hub| Action::ManageMail { hub }),
        ]
    }

    /// The hub an action is about, if any.
    fn hub_of(a: Action) -> Option<i64> {
        match a {
            Action::CreateHub
            | Action::ManageTimebank
            | Action::ManageActor { hub: None }
            | Action::ViewAudit { hub: None }
            | Action::ManagePlans { hub: None }
            | Action::ViewSettlement { hub: None }
            | Action::ManageMail { hub: None } => None,
            Action::ViewAudit { hub: Some(hub) }
            | Action::ManageMail { hub: Some(hub) }
            | Action::ManagePlans { hub: Some(hub) }
            | Action::ViewSettlement { hub: Some(hub) }
            | Action::Sell { hub }
            | Action::ManageProgramme { hub }
            | Action::ManageActor { hub: Some(hub) }
            | Action::HostDesk { hub, .. }
            | Action::EditHub { hub }
            | Action::DeleteHub { hub }
            | Action::CreateSite { hub }
            | Action::EditSite { hub, .. }
            | Action::DeleteSite { hub, .. }
            | Action::ManagePlaces { hub, .. } => Some(hub),
            Action::ManageGrant { grant } => match grant {
                Grant::Admin => None,
                Grant::Manager { hub } | Grant::Host { hub, .. } | Grant::Member { hub } => Some(hub),
            },
        }
    }

    #[test]
    fn the_matrix_in_words() {
        let member = Roles { account_id: 1, grants: vec![Grant::Member { hub: 1 }] };
        let host = Roles { account_id: 2, grants: vec![Grant::Host { hub: 1, site: 10 }] };
        let manager = Roles { account_id: 3, grants: vec![Grant::Manager { hub: 1 }] };
        let resident = Roles { account_id: 4, grants: vec![] };
        let own = Action::EditSite { hub: 1, site: 10 };
        let other_site = Action::EditSite { hub: 1, site: 11 };
        let other_hub = Action::EditSite { hub: 2, site: 20 };
        assert!(!allows(&member, own) && !allows(&resident, own));
        assert!(allows(&host, own) && !allows(&host, other_site));
        assert!(!allows(&host, Action::DeleteSite { hub: 1, site: 10 }));
        assert!(allows(&manager, own) && allows(&manager, other_site) && !allows(&manager, other_hub));
        assert!(!allows(&manager, Action::CreateHub));
        assert!(!allows(&manager, Action::ManageGrant { grant: Grant::Admin }));
        assert!(allows(&manager, Action::ManageGrant { grant: Grant::Host { hub: 1, site: 10 } }));
        assert!(allows(&manager, Action::ManageTimebank));
        assert!(!allows(&host, Action::ManageTimebank) && !allows(&member, Action::ManageTimebank));
    }

    proptest! {
        #[test]
        fn admin_may_do_everything(a in action()) {
            let admin = Roles { account_id: 1, grants: vec![Grant::Admin] };
            prop_assert!(allows(&admin, a));
        }

        #[test]
        fn members_and_residents_may_change_nothing(hubs in prop::collection::vec(1i64..4, 0..3), a in action()) {
            let actor = Roles { account_id: 1, grants: hubs.into_iter().map(|hub| Grant::Member { hub }).collect() };
            prop_assert!(!allows(&actor, a));
        }

        #[test]
        fn non_admins_act_only_inside_their_hubs(grants in prop::collection::vec(grant(), 0..4), a in action()) {
            let grants: Vec<Grant> = grants.into_iter().filter(|g| *g != Grant::Admin).collect();
            let actor = Roles { account_id: 1, grants: grants.clone() };
            if allows(&actor, a) && matches!(a, Action::ManageTimebank | Action::ManageActor { hub: None }) {
                // The time bank is the network's: a manager of any hub.
                let manages_a_hub = grants.iter().any(|g| matches!(g, Grant::Manager { .. }));
                prop_assert!(manages_a_hub);
            } else if allows(&actor, a) {
                let hub = hub_of(a);
                prop_assert!(hub.is_some());
                let hub = hub.unwrap_or_default();
                let holds_a_role_there = grants.iter().any(|g| match g {
                    Grant::Manager { hub: h } => *h == hub,
                    Grant::Host { hub: h, .. } => *h == hub,
                    _ => false,
                });
                prop_assert!(holds_a_role_there);
            }
        }

        #[test]
        fn hosts_touch_only_their_own_site(hub in 1i64..4, site in 1i64..6, a in action()) {
            let actor = Roles { account_id: 1, grants: vec![Grant::Host { hub, site }] };
            if allows(&actor, a) {
                let ok = matches!(a, Action::EditSite { hub: h, site: s } | Action::ManagePlaces { hub: h, site: s }
                    | Action::HostDesk { hub: h, site: s } if s == site && h == hub);
                prop_assert!(ok);
            }
        }
    }
}
