//! Local actors: the associations, informal groups, companies, shops,
//! artisans, schools, public bodies and freelancers of the quarter, as the
//! hub scouts and categorises them. What a person sent is an [`ActorInput`];
//! [`validate_actor`] turns it into an [`ActorDraft`] the storage accepts, or
//! into the list of what is wrong, field by field.

use crate::geo::Coordinates;
use crate::text::slugify;
use crate::validate::{self as v, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

pub const NAME_MAX: i64 = 120;
pub const TEXT_MAX: i64 = 4000;
/// Skills listed at most, each at most [`SKILL_MAX`] characters.
pub const SKILLS_MAX: usize = 30;
pub const SKILL_MAX: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Association,
    InformalGroup,
    Company,
    Shop,
    Artisan,
    School,
    PublicBody,
    Freelancer,
}

impl ActorKind {
    pub const ALL: [ActorKind; 8] = [
        ActorKind::Association,
        ActorKind::InformalGroup,
        ActorKind::Company,
        ActorKind::Shop,
        ActorKind::Artisan,
        ActorKind::School,
        ActorKind::PublicBody,
        ActorKind::Freelancer,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            ActorKind::Association => "association",
            ActorKind::InformalGroup => "informal_group",
            ActorKind::Company => "company",
            ActorKind::Shop => "shop",
            ActorKind::Artisan => "artisan",
            ActorKind::School => "school",
            ActorKind::PublicBody => "public_body",
            ActorKind::Freelancer => "freelancer",
        }
    }

    pub fn parse(s: &str) -> Option<ActorKind> {
        ActorKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// Who may see an actor's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Anyone, signed in or not.
    Public,
    /// People with a membership or a role in the network.
    Members,
    /// Its own people and the network's managers.
    Private,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Visibility::Public, Visibility::Members, Visibility::Private];

    pub fn as_str(&self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Members => "members",
            Visibility::Private => "private",
        }
    }

    pub fn parse(s: &str) -> Option<Visibility> {
        Visibility::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// What a viewer is, for [`may_see`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Anonymous,
    /// Signed in, with no membership or role.
    Resident,
    /// A member of a hub, or any role in the network.
    NetworkMember,
    /// A manager or administrator.
    Manager,
}

/// Whether a viewer may see an actor with this visibility (its own people
/// always may: the caller checks membership).
pub fn may_see(visibility: Visibility, viewer: Viewer) -> bool {
    match visibility {
        Visibility::Public => true,
        Visibility::Members => matches!(viewer, Viewer::NetworkMember | Viewer::Manager),
        Visibility::Private => viewer == Viewer::Manager,
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActorInput {
    pub name: String,
    pub kind: String,
    pub description: Option<String>,
    /// Comma-separated, or one per line.
    pub skills: Option<String>,
    pub neighbourhood: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub visibility: Option<String>,
    /// The hub that follows it (optional).
    pub hub_id: Option<i64>,
}

/// Made only by its `validate_*` function.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ActorDraft {
    pub slug: String,
    pub name: String,
    pub kind: ActorKind,
    pub description: String,
    pub skills: Vec<String>,
    pub neighbourhood: String,
    pub location: Option<Coordinates>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub visibility: Visibility,
    pub hub_id: Option<i64>,
}

/// Skills as typed: split on commas and line breaks, trimmed, repeats and
/// empties dropped (case-insensitively), order kept.
pub fn skills(s: &str) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for part in s.split([',', '\n', ';']) {
        let p = part.split_whitespace().collect::<Vec<_>>().join(" ");
        if p.is_empty() || out.iter().any(|o| o.to_lowercase() == p.to_lowercase()) {
            continue;
        }
        if p.chars().count() > SKILL_MAX {
            return Err(FieldError::new("skills", "too-long").with("max", SKILL_MAX as i64));
        }
        out.push(p);
    }
    if out.len() > SKILLS_MAX {
        return Err(FieldError::new("skills", "too-many").with("max", SKILLS_MAX as i64));
    }
    Ok(out)
}

pub fn validate_actor(input: &ActorInput) -> Result<ActorDraft, FieldErrors> {
    let mut errs = FieldErrors::new();
    let name = errs.take(v::required("name", &input.name, NAME_MAX));
    let kind = match ActorKind::parse(&input.kind) {
        Some(k) => Some(k),
        None => {
            errs.push(FieldError::new("kind", "kind"));
            None
        }
    };
    let description = errs.take(v::optional("description", input.description.as_deref(), TEXT_MAX));
    let skills = errs.take(skills(input.skills.as_deref().unwrap_or("")));
    let neighbourhood = errs.take(v::optional("neighbourhood", input.neighbourhood.as_deref(), NAME_MAX));
    let location = match (input.lat, input.lon) {
        (None, None) => Some(None),
        (None, Some(_)) => errs.take(Err(FieldError::new("lat", "required"))),
        (Some(_), None) => errs.take(Err(FieldError::new("lon", "required"))),
        (Some(lat), Some(lon)) => errs
            .take(Coordinates::new(lat, lon).map_err(|e| match e {
                crate::geo::CoordinatesError::Latitude => {
                    FieldError::new("lat", "range").with("min", -90).with("max", 90)
                }
                crate::geo::CoordinatesError::Longitude => {
                    FieldError::new("lon", "range").with("min", -180).with("max", 180)
                }
            }))
            .map(Some),
    };
    let email = match input.email.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(None),
        Some(e) => errs.take(v::email("email", e)).map(Some),
    };
    let phone = errs.take(v::phone("phone", input.phone.as_deref()));
    let website = errs.take(v::url("website", input.website.as_deref()));
    let visibility = match input.visibility.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(Visibility::Public),
        Some(s) => match Visibility::parse(s) {
            Some(vis) => Some(vis),
            None => {
                errs.push(FieldError::new("visibility", "visibility"));
                None
            }
        },
    };
    match (name, kind, description, skills, neighbourhood, location, email, phone, website, visibility) {
        (
            Some(name),
            Some(kind),
            Some(description),
            Some(skills),
            Some(neighbourhood),
            Some(location),
            Some(email),
            Some(phone),
            Some(website),
            Some(visibility),
        ) if errs.is_empty() => Ok(ActorDraft {
            slug: slugify(&name),
            name,
            kind,
            description: description.unwrap_or_default(),
            skills,
            neighbourhood: neighbourhood.unwrap_or_default(),
            location,
            email,
            phone,
            website,
            visibility,
            hub_id: input.hub_id,
        }),
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_shop_of_the_quarter() {
        let d = validate_actor(&ActorInput {
            name: "  Ferramenta Pilastro ".into(),
            kind: "shop".into(),
            skills: Some("riparazioni, chiavi\nRiparazioni;  piccoli   lavori ".into()),
            lat: Some(44.5122),
            lon: Some(11.3826),
            visibility: Some("members".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(d.name, "Ferramenta Pilastro");
        assert_eq!(d.slug, "ferramenta-pilastro");
        assert_eq!(d.skills, vec!["riparazioni", "chiavi", "piccoli lavori"]);
        assert_eq!(d.visibility, Visibility::Members);
    }

    #[test]
    fn what_is_wrong_is_said_per_field() {
        let e = validate_actor(&ActorInput {
            name: " ".into(),
            kind: "multinational".into(),
            lat: Some(91.0),
            lon: Some(0.0),
            email: Some("not-an-address".into()),
            visibility: Some("secret".into()),
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        for f in ["name", "kind", "lat", "email", "visibility"] {
            assert!(fields.contains(&f), "{f}: {fields:?}");
        }
        assert!(
            validate_actor(&ActorInput {
                name: "X".into(),
                kind: "shop".into(),
                lat: Some(44.0),
                ..Default::default()
            })
            .is_err()
        );
    }

    #[test]
    fn who_sees_what() {
        assert!(may_see(Visibility::Public, Viewer::Anonymous));
        assert!(!may_see(Visibility::Members, Viewer::Resident));
        assert!(may_see(Visibility::Members, Viewer::NetworkMember));
        assert!(!may_see(Visibility::Private, Viewer::NetworkMember));
        assert!(may_see(Visibility::Private, Viewer::Manager));
    }

    proptest! {
        #[test]
        fn kinds_and_visibilities_round_trip(k in 0usize..8, vis in 0usize..3) {
            prop_assert_eq!(ActorKind::parse(ActorKind::ALL[k].as_str()), Some(ActorKind::ALL[k]));
            prop_assert_eq!(Visibility::parse(Visibility::ALL[vis].as_str()), Some(Visibility::ALL[vis]));
        }

        #[test]
        fn skills_are_unique_trimmed_and_bounded(s in "[a-zA-Z ,;\n]{0,300}") {
            if let Ok(list) = skills(&s) {
                prop_assert!(list.len() <= SKILLS_MAX);
                for (i, a) in list.iter().enumerate() {
                    prop_assert!(!a.is_empty() && a.trim() == a);
                    prop_assert!(list[i + 1..].iter().all(|b| b.to_lowercase() != a.to_lowercase()));
                }
            }
        }

        #[test]
        fn a_visible_actor_is_visible_to_anyone_who_sees_more(vis in 0usize..3) {
            let order = [Viewer::Anonymous, Viewer::Resident, Viewer::NetworkMember, Viewer::Manager];
            let v = Visibility::ALL[vis];
            for (i, a) in order.iter().enumerate() {
                if may_see(v, *a) {
                    prop_assert!(order[i..].iter().all(|b| may_see(v, *b)));
                }
            }
        }
    }
}
