//! Plans, sales, passes, hour vouchers, check-ins and settlement: the
//! storage story on both engines, races included.

use crate::harness::*;
use crate::on_both_engines;
use portineria_domain::passes::{Charge, PlanKind, RoundMode, Rounding, Stay, settle};
use portineria_store::{NewCheckin, NewSale, PaymentMethod, PlanDraft, Store, StoreError};
use std::sync::Arc;

pub fn plan_draft(hub: Option<i64>, name: &str, kind: PlanKind, price_cents: i64) -> PlanDraft {
    portineria_domain::passes::validate_plan(&portineria_domain::passes::PlanInput {
        hub_id: hub,
        name: name.into(),
        kind: kind.as_str().into(),
        price_cents,
        valid_days: Some(kind.default_valid_days()),
        entries: (kind == PlanKind::Entries).then_some(10),
        minutes: (kind == PlanKind::Hours).then_some(600),
        ..Default::default()
    })
    .unwrap()
}

pub fn sale(plan: i64, account: i64, hub: i64, from: i64, until: i64, cents: i64) -> NewSale {
    NewSale {
        plan_id: plan,
        account_id: account,
        hub_id: hub,
        valid_from: from,
        valid_until: until,
        amount_cents: cents,
        method: PaymentMethod::Cash,
        paid: true,
        provider: None,
        reference: String::new(),
        voucher_members: vec![],
        now: from,
    }
}

fn code<T: std::fmt::Debug>(r: Result<T, StoreError>) -> &'static str {
    match r {
        Err(StoreError::Conflict(c)) => c,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

const DAY: i64 = 86_400;

on_both_engines!(passes_vouchers_and_the_door, |db| async move {
    let store = db.open().await;
    let kw = hub(store.as_ref(), "Kilowatt").await;
    let other = hub(store.as_ref(), "Mastro Pilastro").await;
    let serre = site(store.as_ref(), kw.id, "Le Serre", "central", 44.484, 11.350).await;
    let bar = site(store.as_ref(), kw.id, "Bar Vivaio", "bar", 44.485, 11.351).await;
    let library = site(store.as_ref(), other.id, "Biblioteca Spina", "library", 44.51, 11.40).await;
    let [anna, bruno] = people(store.as_ref(), "door", 2).await[..] else { panic!() };

    // A monthly pass covering Le Serre only, and a network hour voucher.
    let mut monthly = plan_draft(Some(kw.id), "Mensile Serre", PlanKind::Monthly, 15_000);
    monthly.sites = vec![serre.id];
    let monthly = store.create_plan(&who(), &monthly).await.unwrap();
    assert_eq!(monthly.sites, vec![serre.id]);
    let hours = store.create_plan(&who(), &plan_draft(None, "Monte ore 10", PlanKind::Hours, 6_000)).await.unwrap();
    // The kind of a plan never changes once made.
    let mut changed = plan_draft(Some(kw.id), "Mensile Serre", PlanKind::Annual, 1);
    changed.sites = vec![serre.id];
    assert_eq!(code(store.update_plan(&who(), monthly.id, &changed).await), "plan-kind-fixed");

    let t0 = 1_800_000_000;
    let s = store.sell(&who(), &sale(monthly.id, anna, kw.id, t0, t0 + 30 * DAY, 15_000)).await.unwrap();
    let pass = s.pass.unwrap();
    assert_eq!(
        (s.payment.amount_cents, s.payment.method.as_str(), s.payment.status.as_str()),
        (15_000, "cash", "paid")
    );
    // A network plan is sold by a hub, which becomes its issuer.
    let mut v = sale(hours.id, anna, other.id, t0, t0 + 365 * DAY, 6_000);
    v.voucher_members = vec![bruno];
    let voucher = store.sell(&who(), &v).await.unwrap().voucher.unwrap();
    assert_eq!((voucher.balance_minutes, voucher.hub_id, voucher.members.clone()), (600, other.id, vec![bruno]));
    assert_eq!(store.account_vouchers(bruno).await.unwrap().len(), 1);
    // A hub's plan cannot be sold by another hub.
    assert_eq!(
        code(store.sell(&who(), &sale(monthly.id, anna, other.id, t0, t0 + DAY, 0)).await),
        "plan-of-another-hub"
    );

    // At Le Serre the pass is used; at the library only the voucher works.
    let c = store
        .check_in(&who(), &NewCheckin { account_id: anna, site_id: serre.id, charge: None, now: t0 + 100 })
        .await
        .unwrap();
    assert_eq!((c.via.as_str(), c.pass_id), ("pass", Some(pass.id)));
    // Twice in at once is refused, anywhere.
    let again = NewCheckin { account_id: anna, site_id: library.id, charge: None, now: t0 + 200 };
    assert_eq!(code(store.check_in(&who(), &again).await), "already-checked-in");
    assert_eq!(code(store.check_out(&who(), anna, bar.id, t0 + 300).await), "checked-in-elsewhere");
    let out = store.check_out(&who(), anna, serre.id, t0 + 100 + 3600).await.unwrap();
    assert_eq!((out.checkin.minutes, out.checkin.debited_minutes, out.balance_after), (Some(60), Some(0), None));
    assert_eq!(code(store.check_out(&who(), anna, serre.id, t0 + 9000).await), "not-checked-in");

    // The library's hub rounds to the next half hour.
    store.set_hub_rounding(&who(), other.id, Rounding { step: 30, mode: RoundMode::Up }).await.unwrap();
    let c = store
        .check_in(&who(), &NewCheckin { account_id: anna, site_id: library.id, charge: None, now: t0 + DAY })
        .await
        .unwrap();
    assert_eq!((c.via.as_str(), c.voucher_id, c.issuer_hub_id), ("voucher", Some(voucher.id), other.id));
    let out = store.check_out(&who(), anna, library.id, t0 + DAY + 61 * 60).await.unwrap();
    assert_eq!((out.checkin.minutes, out.balance_after), (Some(90), Some(510)));

    // Naming someone else's pass, a site that takes no vouchers, an expired pass.
    let [carla] = people(store.as_ref(), "other", 1).await[..] else { panic!() };
    let named =
        NewCheckin { account_id: carla, site_id: serre.id, charge: Some(Charge::Pass(pass.id)), now: t0 + 2 * DAY };
    assert_eq!(code(store.check_in(&who(), &named).await), "pass-not-yours");
    let named = NewCheckin {
        account_id: carla,
        site_id: serre.id,
        charge: Some(Charge::Voucher(voucher.id)),
        now: t0 + 2 * DAY,
    };
    assert_eq!(code(store.check_in(&who(), &named).await), "voucher-not-yours");
    store.set_site_terms(&who(), bar.id, false, 300).await.unwrap();
    let at_bar = NewCheckin { account_id: bruno, site_id: bar.id, charge: None, now: t0 + 2 * DAY };
    assert_eq!(code(store.check_in(&who(), &at_bar).await), "voucher-not-accepted");
    let late =
        NewCheckin { account_id: anna, site_id: serre.id, charge: Some(Charge::Pass(pass.id)), now: t0 + 31 * DAY };
    assert_eq!(code(store.check_in(&who(), &late).await), "pass-not-valid-now");
    assert_eq!(
        code(store.check_in(&who(), &NewCheckin { account_id: carla, site_id: bar.id, charge: None, now: t0 }).await),
        "no-entitlement"
    );

    // An entries pass loses one entry per check-in and stops at zero.
    let mut two = plan_draft(Some(kw.id), "Carnet 2", PlanKind::Entries, 2_000);
    two.entries = Some(2);
    let two = store.create_plan(&who(), &two).await.unwrap();
    let p2 = store.sell(&who(), &sale(two.id, carla, kw.id, t0, t0 + 90 * DAY, 2_000)).await.unwrap().pass.unwrap();
    for i in 0..2 {
        let n = NewCheckin { account_id: carla, site_id: serre.id, charge: None, now: t0 + (10 + i) * DAY };
        store.check_in(&who(), &n).await.unwrap();
        store.check_out(&who(), carla, serre.id, t0 + (10 + i) * DAY + 600).await.unwrap();
    }
    let left = store.account_passes(carla).await.unwrap().into_iter().find(|p| p.id == p2.id).unwrap();
    assert_eq!(left.entries_left, Some(0));
    let n = NewCheckin { account_id: carla, site_id: serre.id, charge: None, now: t0 + 12 * DAY };
    assert_eq!(code(store.check_in(&who(), &n).await), "no-entries-left");

    // Presence, history and payments.
    store
        .check_in(&who(), &NewCheckin { account_id: bruno, site_id: library.id, charge: None, now: t0 + 3 * DAY })
        .await
        .unwrap();
    let here = store.presence(library.id).await.unwrap();
    assert_eq!(here.iter().map(|p| p.checkin.account_id).collect::<Vec<_>>(), vec![Some(bruno)]);
    assert_eq!(store.present_count(library.id).await.unwrap(), 1);
    assert_eq!(store.payments(Some(kw.id), None, 10).await.unwrap().len(), 2);
    assert_eq!(store.voucher_uses(voucher.id).await.unwrap().iter().map(|u| u.minutes).sum::<i64>(), 90);
    // A stay longer than the balance takes what is left and records the rest.
    let out = store.check_out(&who(), bruno, library.id, t0 + 3 * DAY + 10 * 3600).await.unwrap();
    assert_eq!(
        (out.checkin.debited_minutes, out.checkin.uncovered_minutes, out.balance_after),
        (Some(510), Some(90), Some(0))
    );
    assert!(out.voucher_low);
    let uses = store.voucher_uses(voucher.id).await.unwrap();
    assert_eq!(uses.iter().map(|u| u.minutes).sum::<i64>(), 600);
    // An empty voucher opens no door.
    let n = NewCheckin { account_id: bruno, site_id: library.id, charge: None, now: t0 + 4 * DAY };
    assert_eq!(code(store.check_in(&who(), &n).await), "voucher-empty");
});

on_both_engines!(two_hundred_checkouts_race_for_one_voucher, |db| async move {
    let store = db.open().await;
    let kw = hub(store.as_ref(), "Kilowatt").await;
    let sites = [
        site(store.as_ref(), kw.id, "Le Serre", "central", 44.484, 11.350).await,
        site(store.as_ref(), kw.id, "Bar Vivaio", "bar", 44.485, 11.351).await,
    ];
    store.set_hub_rounding(&who(), kw.id, Rounding { step: 1, mode: RoundMode::Up }).await.unwrap();
    // A team voucher of 10 hours shared by 200 people, each in for an hour.
    let plan = store.create_plan(&who(), &plan_draft(Some(kw.id), "Team", PlanKind::Hours, 1)).await.unwrap();
    let team = people(store.as_ref(), "team", 200).await;
    let t0 = 1_800_000_000;
    let mut s = sale(plan.id, team[0], kw.id, t0 - DAY, t0 + DAY, 1);
    s.voucher_members = team[1..].to_vec();
    let voucher = store.sell(&who(), &s).await.unwrap().voucher.unwrap();
    for (i, a) in team.iter().enumerate() {
        let c = NewCheckin { account_id: *a, site_id: sites[i % 2].id, charge: None, now: t0 };
        store.check_in(&who(), &c).await.unwrap();
    }
    let mut tasks = Vec::new();
    for (i, a) in team.iter().enumerate() {
        let (store, a, site) = (store.clone(), *a, sites[i % 2].id);
        tasks.push(tokio::spawn(async move { store.check_out(&who(), a, site, t0 + 3600).await }));
    }
    let mut debited = 0;
    let mut uncovered = 0;
    for t in tasks {
        let out = t.await.unwrap().unwrap();
        debited += out.checkin.debited_minutes.unwrap();
        uncovered += out.checkin.uncovered_minutes.unwrap();
        assert!(out.balance_after.unwrap() >= 0);
    }
    let v = store.voucher(voucher.id).await.unwrap().unwrap();
    assert_eq!(v.balance_minutes, 0);
    assert_eq!(debited, 600);
    assert_eq!(uncovered, 200 * 60 - 600);
    let uses = store.voucher_uses(voucher.id).await.unwrap();
    assert_eq!(uses.iter().map(|u| u.minutes).sum::<i64>(), v.minutes_total - v.balance_minutes);
    // Each use leaves what the next one started from.
    let mut balance = v.minutes_total;
    for u in &uses {
        balance -= u.minutes;
        assert_eq!(u.balance_after, balance);
    }
    // The same person scanned at two doors at once: one stay.
    let [solo] = people(store.as_ref(), "solo", 1).await[..] else { panic!() };
    let p = store.create_plan(&who(), &plan_draft(Some(kw.id), "Giorno", PlanKind::Day, 1000)).await.unwrap();
    store.sell(&who(), &sale(p.id, solo, kw.id, t0 - DAY, t0 + DAY, 1000)).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (store, site) = (store.clone(), sites[i % 2].id);
        tasks.push(tokio::spawn(async move {
            store.check_in(&who(), &NewCheckin { account_id: solo, site_id: site, charge: None, now: t0 }).await
        }));
    }
    let mut ins = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ins += 1,
            Err(StoreError::Conflict("already-checked-in")) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(ins, 1);
});

on_both_engines!(settlement_reconciles_with_a_generated_month, |db| async move {
    let store: Arc<dyn Store> = db.open().await;
    let hubs = [hub(store.as_ref(), "Kilowatt").await, hub(store.as_ref(), "Mastro Pilastro").await];
    let mut sites = Vec::new();
    for (i, h) in hubs.iter().enumerate() {
        for j in 0..2 {
            let s = site(store.as_ref(), h.id, &format!("Sito {i}{j}"), "bar", 44.5, 11.3).await;
            store.set_site_terms(&who(), s.id, true, 150 + 100 * (i as i64 * 2 + j)).await.unwrap();
            sites.push(s);
        }
    }
    let network = store.create_plan(&who(), &plan_draft(None, "Rete annuale", PlanKind::Annual, 30_000)).await.unwrap();
    let hours = store.create_plan(&who(), &plan_draft(None, "Monte ore", PlanKind::Hours, 6_000)).await.unwrap();
    let folks = people(store.as_ref(), "month", 12).await;
    let t0 = 1_801_000_000;
    for (i, a) in folks.iter().enumerate() {
        let issuer = hubs[i % 2].id;
        let plan = if i % 3 == 0 { hours.id } else { network.id };
        let mut s = sale(plan, *a, issuer, t0 - DAY, t0 + 60 * DAY, 100);
        s.now = t0 - DAY;
        store.sell(&who(), &s).await.unwrap();
    }
    // A month of stays: a pseudo-random walk, deterministic.
    let mut seed: u64 = 0x5eed;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for day in 0..30 {
        for (i, a) in folks.iter().enumerate() {
            if next(3) == 0 {
                continue;
            }
            let s = &sites[next(4) as usize];
            let start = t0 + day * DAY + 8 * 3600 + next(3600) as i64;
            let c = NewCheckin { account_id: *a, site_id: s.id, charge: None, now: start };
            if store.check_in(&who(), &c).await.is_ok() {
                store.check_out(&who(), *a, s.id, start + 600 + next(4 * 3600) as i64 + i as i64).await.unwrap();
            }
        }
    }
    let stays = store.stays(t0, t0 + 30 * DAY).await.unwrap();
    assert!(stays.len() > 100, "a month has stays");
    let terms = store.site_terms().await.unwrap();
    let rate = |site: i64| terms.iter().find(|t| t.site_id == site).map(|t| t.hourly_rate_cents).unwrap_or(0);
    let lines = settle(
        &stays
            .iter()
            .map(|c| Stay {
                site: c.site_id,
                issuer_hub: c.issuer_hub_id,
                via_voucher: c.via == "voucher",
                minutes: c.minutes.unwrap(),
            })
            .collect::<Vec<_>>(),
        rate,
    );
    // Every stay and every minute is in exactly one line.
    assert_eq!(lines.iter().map(|l| l.stays).sum::<i64>(), stays.len() as i64);
    assert_eq!(lines.iter().map(|l| l.minutes).sum::<i64>(), stays.iter().map(|c| c.minutes.unwrap()).sum::<i64>());
    for l in &lines {
        let mine: Vec<_> = stays
            .iter()
            .filter(|c| c.site_id == l.site && c.issuer_hub_id == l.issuer_hub && (c.via == "voucher") == l.via_voucher)
            .collect();
        assert_eq!(l.stays, mine.len() as i64);
        assert_eq!(l.minutes, mine.iter().map(|c| c.minutes.unwrap()).sum::<i64>());
        assert_eq!(l.owed_cents, (l.minutes * rate(l.site) + 30) / 60);
    }
    // Each voucher's history sums to what it lost.
    for a in &folks {
        for v in store.account_vouchers(*a).await.unwrap() {
            let used: i64 = store.voucher_uses(v.id).await.unwrap().iter().map(|u| u.minutes).sum();
            assert_eq!(used, v.minutes_total - v.balance_minutes);
        }
    }
});

on_both_engines!(a_person_exports_and_erases_their_passes_and_stays, |db| async move {
    let store = db.open().await;
    let kw = hub(store.as_ref(), "Kilowatt").await;
    let bar = site(store.as_ref(), kw.id, "Bar Vivaio", "bar", 44.485, 11.351).await;
    let desks = place(store.as_ref(), bar.id, "Tavolo lungo", "desk_pool", 6).await;
    let [sara] = people(store.as_ref(), "sara", 1).await[..] else { panic!() };
    let hours = store.create_plan(&who(), &plan_draft(Some(kw.id), "Ore", PlanKind::Hours, 6000)).await.unwrap();
    let t0 = 1_800_000_000;
    let mut s = sale(hours.id, sara, kw.id, t0, t0 + 30 * DAY, 6000);
    s.reference = "ricevuta 7".into();
    store.sell(&who(), &s).await.unwrap();
    store
        .check_in(&who(), &NewCheckin { account_id: sara, site_id: bar.id, charge: None, now: t0 + 60 })
        .await
        .unwrap();
    store.check_out(&who(), sara, bar.id, t0 + 3660).await.unwrap();
    let b = portineria_store::NewBooking {
        place_id: desks.id,
        account_id: sara,
        start: t0 + DAY,
        end: t0 + DAY + 3600,
        now: t0,
        staff: false,
    };
    store.create_booking(&who(), &b).await.unwrap();
    let data = store.export_account(sara).await.unwrap();
    for key in ["bookings", "hour_vouchers", "voucher_uses", "stays", "payments"] {
        assert_eq!(data[key].as_array().map(Vec::len), Some(1), "{key}: {data}");
    }
    assert_eq!(data["payments"][0]["reference"], "ricevuta 7");
    // Erased: the person and their vouchers go; the site's stay stays, anonymous,
    // so what the site hosted still adds up.
    store.erase_account(sara).await.unwrap();
    let stays = store.stays(t0, t0 + DAY).await.unwrap();
    assert_eq!((stays.len(), stays[0].account_id, stays[0].minutes), (1, None, Some(60)));
    assert!(store.payments(Some(kw.id), None, 10).await.unwrap()[0].account_id.is_none());
});

on_both_engines!(holders_only_places_are_booked_by_holders, |db| async move {
    let store = db.open().await;
    let kw = hub(store.as_ref(), "Kilowatt").await;
    let serre = site(store.as_ref(), kw.id, "Le Serre", "central", 44.484, 11.350).await;
    let mut input = portineria_domain::network::PlaceInput {
        name: "Kworking".into(),
        kind: "desk_pool".into(),
        capacity: Some(30),
        bookable: true,
        holders_only: true,
        ..Default::default()
    };
    let desks = store
        .create_place(&who(), serre.id, &portineria_domain::network::validate_place(&input).unwrap())
        .await
        .unwrap();
    assert!(desks.holders_only);
    input.name = "Gabbia del leone".into();
    input.kind = "meeting_room".into();
    let room = store
        .create_place(&who(), serre.id, &portineria_domain::network::validate_place(&input).unwrap())
        .await
        .unwrap();
    let [anna, bruno, carla] = people(store.as_ref(), "holder", 3).await[..] else { panic!() };
    let t0 = 1_800_000_000;
    let b = |place_id, account_id, start| portineria_store::NewBooking {
        place_id,
        account_id,
        start,
        end: start + 3600,
        now: t0,
        staff: false,
    };
    // Without a pass: refused, and nothing is written.
    assert_eq!(code(store.create_booking(&who(), &b(desks.id, anna, t0 + DAY)).await), "no-entitlement");
    // A desks-only monthly pass books desks, not the room, and only while valid.
    let mut monthly = plan_draft(Some(kw.id), "Mensile postazioni", PlanKind::Monthly, 9000);
    monthly.place_kinds = vec![portineria_domain::kinds::PlaceKind::DeskPool];
    let monthly = store.create_plan(&who(), &monthly).await.unwrap();
    assert_eq!(store.plan(monthly.id).await.unwrap().unwrap().place_kinds, monthly.place_kinds);
    store.sell(&who(), &sale(monthly.id, anna, kw.id, t0, t0 + 30 * DAY, 9000)).await.unwrap();
    store.create_booking(&who(), &b(desks.id, anna, t0 + DAY)).await.unwrap();
    assert_eq!(code(store.create_booking(&who(), &b(room.id, anna, t0 + DAY)).await), "pass-not-covering");
    assert_eq!(code(store.create_booking(&who(), &b(desks.id, anna, t0 + 40 * DAY)).await), "pass-not-valid-now");
    // An hour voucher books anything at a site that takes vouchers.
    let hours = store.create_plan(&who(), &plan_draft(None, "Ore", PlanKind::Hours, 6000)).await.unwrap();
    store.sell(&who(), &sale(hours.id, bruno, kw.id, t0, t0 + 30 * DAY, 6000)).await.unwrap();
    store.create_booking(&who(), &b(room.id, bruno, t0 + 2 * DAY)).await.unwrap();
    store.set_site_terms(&who(), serre.id, false, 0).await.unwrap();
    assert_eq!(code(store.create_booking(&who(), &b(room.id, bruno, t0 + 3 * DAY)).await), "voucher-not-accepted");
    // Staff book without a pass.
    store
        .create_booking(&who(), &portineria_store::NewBooking { staff: true, ..b(room.id, carla, t0 + 4 * DAY) })
        .await
        .unwrap();
    assert_eq!(store.place_bookings(desks.id, 0, i64::MAX / 2).await.unwrap().len(), 1);
    assert_eq!(store.place_bookings(room.id, 0, i64::MAX / 2).await.unwrap().len(), 2);
});
