//! The demo quarter's platform: the local actors of the seeds (Mastro
//! Pilastro and the Cooperativa Camelot in the Pilastro, Kilowatt's
//! satellites and parents, a freelancer of Kworking) and a time-bank history
//! among the demo's people, relative to today, with one correction.

use crate::CliError;
use portineria_domain::actors::{ActorInput, validate_actor};
use portineria_domain::timebank::Limits;
use portineria_store::{NewTransfer, Store, Who};

#[derive(Debug, Default)]
pub struct Seeded {
    pub actors: usize,
    pub entries: usize,
    pub listings: usize,
    pub exchanges: usize,
}

/// A three-party barter of two weeks ago: each gives the next what they
/// marked "I would take that" (poster, category, title, hours).
const CYCLE: [(&str, &str, &str, i64); 3] = [
    ("irene.bassi@portineria.example", "cucina", "Torta di compleanno fatta in casa", 90),
    ("matteo.rizzi@portineria.example", "riparazioni", "Sistemo la bici in cortile", 60),
    ("giuseppe.amato@portineria.example", "ripetizioni", "Ripetizioni di matematica per le medie", 60),
];

struct DemoActor {
    name: &'static str,
    kind: &'static str,
    hub: &'static str,
    owner: &'static str,
    skills: &'static str,
    description: &'static str,
    neighbourhood: &'static str,
    at: (f64, f64),
    visibility: &'static str,
    verified: bool,
}

const ACTORS: &[DemoActor] = &[
    DemoActor {
        name: "Mastro Pilastro",
        kind: "informal_group",
        hub: "mastro-pilastro",
        owner: "salvatore.esposito@portineria.example",
        skills: "piccoli lavori di manutenzione, traslochi, riparazioni, comunicazione di quartiere, feste di via",
        description: "Persone che vivono e vengono dal Pilastro: recuperano lavori per chi abita il quartiere e \
                      stanno diventando una cooperativa di comunità, la prima in città.",
        neighbourhood: "Pilastro",
        at: (44.5122, 11.3826),
        visibility: "public",
        verified: true,
    },
    DemoActor {
        name: "Cooperativa Camelot",
        kind: "company",
        hub: "mastro-pilastro",
        owner: "salvatore.esposito@portineria.example",
        skills: "inserimento lavorativo, accompagnamento, progettazione sociale",
        description: "Cooperativa sociale che accompagna Mastro Pilastro nel cantiere «crescere insieme».",
        neighbourhood: "Pilastro",
        at: (44.5109, 11.3851),
        visibility: "public",
        verified: true,
    },
    DemoActor {
        name: "Caffè della Porta",
        kind: "shop",
        hub: "kilowatt",
        owner: "host@portineria.example",
        skills: "spazio per piccoli incontri, colazioni per eventi",
        description: "Il bar all'angolo, satellite di Kilowatt: tre tavoli per chi lavora e una saletta la sera.",
        neighbourhood: "San Vitale",
        at: (44.4905, 11.3562),
        visibility: "public",
        verified: true,
    },
    DemoActor {
        name: "Genitori del Kw baby",
        kind: "informal_group",
        hub: "kilowatt",
        owner: "matteo.rizzi@portineria.example",
        skills: "babysitting condiviso, laboratori per bambini, passaggi in bici",
        description: "Mamme e papà che lavorano alle Serre mentre i figli sono al Kw baby: si danno il cambio.",
        neighbourhood: "Giardini Margherita",
        at: (44.4840, 11.3503),
        visibility: "members",
        verified: false,
    },
    DemoActor {
        name: "Sara Lombardi grafica",
        kind: "freelancer",
        hub: "kilowatt",
        owner: "member@portineria.example",
        skills: "grafica, impaginazione, loghi, volantini",
        description: "Grafica freelance: lavora a Kworking e nei satelliti.",
        neighbourhood: "Santo Stefano",
        at: (44.4880, 11.3510),
        visibility: "public",
        verified: false,
    },
];

/// Transfers of time: payer, payee, minutes, what for, days ago.
const TRANSFERS: &[(&str, &str, i64, &str, i64)] = &[
    (
        "giuseppe.amato@portineria.example",
        "salvatore.esposito@portineria.example",
        120,
        "Aiuto per il trasloco in via Frati",
        26,
    ),
    ("resident@portineria.example", "member@portineria.example", 60, "Volantino per la festa di via", 21),
    ("member@portineria.example", "matteo.rizzi@portineria.example", 90, "Babysitting condiviso al Kw baby", 17),
    ("matteo.rizzi@portineria.example", "resident@portineria.example", 45, "Spesa portata a casa", 12),
    ("irene.bassi@portineria.example", "resident@portineria.example", 60, "Traduzione di un modulo del Comune", 9),
    ("salvatore.esposito@portineria.example", "giuseppe.amato@portineria.example", 30, "Riparazione della bici", 5),
    ("resident@portineria.example", "irene.bassi@portineria.example", 75, "Lezione di italiano per la vicina", 3),
];

/// Offers and demands: poster, direction, kind, category slug, title,
/// description, tags, hours of value, the actor it is posted for.
type DemoListing = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    Option<&'static str>,
);

const LISTINGS: &[DemoListing] = &[
    (
        "salvatore.esposito@portineria.example",
        "offer",
        "service",
        "riparazioni",
        "Piccoli lavori in casa al Pilastro",
        "Mensole, rubinetti che perdono, tapparelle bloccate: passiamo noi di Mastro Pilastro, anche la sera.",
        "riparazioni, tapparelle, rubinetti",
        60,
        Some("Mastro Pilastro"),
    ),
    (
        "giuseppe.amato@portineria.example",
        "demand",
        "service",
        "traslochi",
        "Cerco aiuto per portare giù un armadio",
        "Abito al terzo piano senza ascensore in via Frati: servono due persone per un'ora.",
        "trasloco, armadio",
        60,
        None,
    ),
    (
        "member@portineria.example",
        "offer",
        "skill",
        "grafica",
        "Volantini e locandine per le associazioni",
        "Preparo volantini per feste di via, corsi e assemblee: in cambio ore della banca del tempo.",
        "grafica, volantini",
        120,
        None,
    ),
    (
        "matteo.rizzi@portineria.example",
        "demand",
        "service",
        "babysitting",
        "Babysitting il martedì pomeriggio",
        "Cerco qualcuno che stia con mia figlia dalle 16 alle 18 mentre lavoro alle Serre.",
        "bambini, babysitting",
        120,
        Some("Genitori del Kw baby"),
    ),
    (
        "resident@portineria.example",
        "offer",
        "service",
        "spesa",
        "Porto la spesa a chi non può uscire",
        "Il sabato mattina faccio la spesa al mercato: posso portarla anche a voi.",
        "spesa, anziani",
        45,
        None,
    ),
    (
        "irene.bassi@portineria.example",
        "offer",
        "skill",
        "traduzioni",
        "Traduzioni dall'inglese e dal francese",
        "Moduli del Comune, lettere della scuola, curriculum: traduco e spiego.",
        "traduzioni, inglese, francese",
        60,
        None,
    ),
    (
        "giuseppe.amato@portineria.example",
        "demand",
        "skill",
        "computer",
        "Mi serve aiuto con lo SPID",
        "Devo attivare lo SPID e prenotare una visita online, da solo non ci riesco.",
        "spid, computer, telefono",
        30,
        None,
    ),
    (
        "host@portineria.example",
        "offer",
        "space",
        "sale",
        "Saletta del Caffè della Porta la sera",
        "Dopo le 19 la saletta sul retro è libera per riunioni fino a dieci persone.",
        "sala, riunioni",
        60,
        Some("Caffè della Porta"),
    ),
];

pub async fn seed(store: &dyn Store, who: &Who) -> Result<Seeded, CliError> {
    let now = jiff::Timestamp::now().as_second();
    let mut seeded = Seeded::default();
    for a in ACTORS {
        let hub = store.hub_by_slug(a.hub).await?.ok_or_else(|| CliError::Other(format!("demo: no hub {}", a.hub)))?;
        let owner = store
            .account_by_email(a.owner)
            .await?
            .ok_or_else(|| CliError::Other(format!("demo: no person {}", a.owner)))?;
        let draft = validate_actor(&ActorInput {
            name: a.name.into(),
            kind: a.kind.into(),
            description: Some(a.description.into()),
            skills: Some(a.skills.into()),
            neighbourhood: Some(a.neighbourhood.into()),
            lat: Some(a.at.0),
            lon: Some(a.at.1),
            visibility: Some(a.visibility.into()),
            hub_id: Some(hub.id),
            ..Default::default()
        })
        .map_err(|e| CliError::Other(format!("demo actor {}: {e:?}", a.name)))?;
        let actor = store.create_actor(who, owner.id, &draft, now).await?;
        if a.verified {
            store.set_actor_verified(who, actor.id, true, now).await?;
        }
        seeded.actors += 1;
    }
    let mut accounts = std::collections::HashMap::new();
    for &(from, to, ..) in TRANSFERS {
        for email in [from, to] {
            if accounts.contains_key(email) {
                continue;
            }
            let p = store
                .account_by_email(email)
                .await?
                .ok_or_else(|| CliError::Other(format!("demo: no person {email}")))?;
            let acc =
                store.open_timebank_account(who, "person", Some(p.id), &p.display_name, Limits::PERSON, now).await?;
            accounts.insert(email, acc.id);
        }
    }
    for (k, &(from, to, minutes, description, days_ago)) in TRANSFERS.iter().enumerate() {
        let t = NewTransfer {
            from_account: accounts[from],
            to_account: accounts[to],
            minutes,
            description: description.into(),
            exchange_id: None,
            now: now - days_ago * 86_400,
        };
        store.transfer(who, &t).await?;
        seeded.entries += 1;
        if k == 0 {
            // Giuseppe's move was recorded twice by mistake: the second is reversed.
            let twice = store.transfer(who, &NewTransfer { now: t.now + 3_600, ..t }).await?;
            store.reverse_entry(who, twice.id, "Registrato due volte", t.now + 7_200).await?;
            seeded.entries += 2;
        }
    }
    let categories = store.categories().await?;
    for &(poster, direction, kind, category, title, description, tags, hours, actor) in LISTINGS {
        let person = store
            .account_by_email(poster)
            .await?
            .ok_or_else(|| CliError::Other(format!("demo: no person {poster}")))?;
        let category_id = categories.iter().find(|c| c.slug == category).map(|c| c.id);
        let actor_id = match actor {
            Some(name) => store.actor_by_slug(&portineria_domain::text::slugify(name)).await?.map(|a| a.id),
            None => None,
        };
        let input = portineria_domain::listings::ListingInput {
            direction: direction.into(),
            kind: kind.into(),
            title: title.into(),
            description: Some(description.into()),
            category_id,
            tags: Some(tags.into()),
            value_minutes: Some(hours),
            actor_id,
            ..Default::default()
        };
        let draft = portineria_domain::listings::validate_listing(&input, now)
            .map_err(|e| CliError::Other(format!("demo listing {title}: {e:?}")))?;
        store.create_listing(who, person.id, &draft, now).await?;
        seeded.listings += 1;
    }
    seeded.exchanges += seed_exchanges(store, who, now).await?;
    Ok(seeded)
}

/// The completed three-party cycle, with its reviews; and marks that make a
/// cycle the platform suggests to the member and the café's host.
async fn seed_exchanges(store: &dyn Store, who: &Who, now: i64) -> Result<usize, CliError> {
    use portineria_store::{NewExchange, NewLeg, NewReview};
    let then = now - 14 * 86_400;
    let categories = store.categories().await?;
    let mut people = Vec::new();
    let mut offers = Vec::new();
    for (email, category, title, minutes) in CYCLE {
        let person =
            store.account_by_email(email).await?.ok_or_else(|| CliError::Other(format!("demo: no person {email}")))?;
        let input = portineria_domain::listings::ListingInput {
            direction: "offer".into(),
            kind: "service".into(),
            title: title.into(),
            category_id: categories.iter().find(|c| c.slug == category).map(|c| c.id),
            value_minutes: Some(minutes),
            days: Some(60),
            ..Default::default()
        };
        let draft = portineria_domain::listings::validate_listing(&input, then)
            .map_err(|e| CliError::Other(format!("demo listing {title}: {e:?}")))?;
        offers.push(store.create_listing(who, person.id, &draft, then).await?.id);
        people.push(person.id);
    }
    // Each wants the next one's offer: the owner of each receives the next.
    for i in 0..3 {
        store.mark_listing(people[i], offers[(i + 1) % 3], "explicit", then).await?;
    }
    let legs = (0..3)
        .map(|i| NewLeg {
            from_account: people[(i + 1) % 3],
            to_account: people[i],
            listing_id: Some(offers[(i + 1) % 3]),
            minutes: None,
        })
        .collect();
    let proposal = NewExchange {
        proposer: people[0],
        on_behalf: false,
        legs,
        note: String::new(),
        deadline: then + 3 * 86_400,
        now: then,
    };
    let x = store.propose_exchange(who, &proposal).await?;
    store.confirm_exchange(who, x.id, people[1], then + 3_600).await?;
    store.confirm_exchange(who, x.id, people[2], then + 7_200).await?;
    store.complete_exchange(who, x.id, then + 2 * 86_400).await?;
    let reviews = [
        (0, 1, 5, "La bici va come nuova."),
        (1, 0, 5, "Torta buonissima, i bambini felici."),
        (1, 2, 4, "Puntuale e paziente."),
        (2, 1, 5, "Tutto perfetto."),
    ];
    for (author, subject, rating, body) in reviews {
        let r = NewReview {
            author: people[author],
            subject: people[subject],
            rating,
            body: body.into(),
            now: then + 3 * 86_400,
        };
        store.review_exchange(who, x.id, &r).await?;
    }
    // A cycle waiting to be proposed: the member would take the café's
    // room, and its host the member's graphics.
    let member = store.account_by_email("member@portineria.example").await?;
    let host = store.account_by_email("host@portineria.example").await?;
    if let (Some(member), Some(host)) = (member, host) {
        let offer_of = |account: i64| portineria_store::ListingQuery {
            direction: Some(portineria_domain::listings::Direction::Offer),
            account_id: Some(account),
            limit: 1,
            ..Default::default()
        };
        let room = store.list_listings(&offer_of(host.id)).await?;
        let graphics = store.list_listings(&offer_of(member.id)).await?;
        if let (Some(room), Some(graphics)) = (room.first(), graphics.first()) {
            store.mark_listing(member.id, room.id, "suggestion", now).await?;
            store.mark_listing(host.id, graphics.id, "explicit", now).await?;
        }
    }
    Ok(1)
}
