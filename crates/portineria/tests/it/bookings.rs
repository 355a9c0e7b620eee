//! Bookings through the API.

use crate::fixture::*;
use crate::harness::*;
use reqwest::Method;
use serde_json::json;

/// Tomorrow at `h:00` in Rome, as RFC 3339.
fn at(h: i8) -> String {
    tomorrow_at(h).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn book_a_desk_until_it_is_full_and_cancel() {
    let (app, f) = app_with_fixture().await;
    let member = token_for(app.store.as_ref(), MEMBER_A).await;
    let resident = token_for(app.store.as_ref(), RESIDENT).await;
    let manager = token_for(app.store.as_ref(), MANAGER_A).await;
    let c = app.client();
    let body = |place: i64, from: i8, to: i8| json!({"place_id": place, "start": at(from), "end": at(to)});
    // The café's pool has 6 seats: the member takes one, five others the rest.
    let mut bookers = vec![member.clone()];
    for id in people(app.store.as_ref(), "cafe", 5).await {
        bookers.push(token_of(app.store.as_ref(), id).await);
    }
    let mut ids = Vec::new();
    for t in &bookers {
        let (s, b) = c.api(Method::POST, "/api/v1/bookings", Some(t), Some(body(f.place_a2, 10, 12))).await;
        assert_eq!(s, 201, "{b}");
        ids.push(b["id"].as_i64().unwrap());
    }
    let (s, b) = c.api(Method::POST, "/api/v1/bookings", Some(&resident), Some(body(f.place_a2, 11, 13))).await;
    assert_eq!((s, b["error"]["code"].as_str()), (409, Some("full")), "{b}");
    assert!(b["error"]["message"].as_str().unwrap().contains("Non c'è più posto"));
    // One person, one seat of a pool at a time; and at the hub one booking
    // at a time, unless it allows more.
    let (s, b) = c.api(Method::POST, "/api/v1/bookings", Some(&resident), Some(body(f.place_a1, 14, 16))).await;
    assert_eq!(s, 201, "{b}");
    let extra = b["id"].as_i64().unwrap();
    let (s, b) = c.api(Method::POST, "/api/v1/bookings", Some(&resident), Some(body(f.place_a1, 15, 17))).await;
    assert_eq!((s, b["error"]["code"].as_str()), (409, Some("one_seat")), "{b}");
    let (s, b) = c.api(Method::POST, "/api/v1/bookings", Some(&member), Some(body(f.place_a1, 11, 13))).await;
    assert_eq!((s, b["error"]["code"].as_str()), (409, Some("too_many_at_once")), "{b}");
    assert!(b["error"]["message"].as_str().unwrap().contains("Hai già una prenotazione"), "{b}");
    let (s, _) = c.api(Method::DELETE, &format!("/api/v1/bookings/{extra}"), Some(&resident), None).await;
    assert_eq!(s, 200);
    // Bad input: a clear 4xx, nothing saved.
    let yesterday = json!({"place_id": f.place_a2, "start": "2020-01-01T10:00:00Z", "end": "2020-01-01T11:00:00Z"});
    let (s, b) = c.api(Method::POST, "/api/v1/bookings", Some(&resident), Some(yesterday)).await;
    assert_eq!((s, b["error"]["fields"][0]["code"].as_str()), (422, Some("booking-in-the-past")));
    let (s, b) = c.api(Method::POST, "/api/v1/bookings", Some(&resident), Some(body(f.place_a1, 12, 10))).await;
    assert_eq!((s, b["error"]["fields"][0]["code"].as_str()), (422, Some("booking-end-before-start")));
    let (s, b) = c
        .api(
            Method::POST,
            "/api/v1/bookings",
            Some(&resident),
            Some(json!({"place_id": f.place_a1, "start": "domani", "end": "x"})),
        )
        .await;
    assert_eq!((s, b["error"]["fields"][0]["code"].as_str()), (422, Some("instant")));
    let long = json!({"place_id": f.place_a1, "start": at(6), "end": at(20)});
    let (s, b) = c.api(Method::POST, "/api/v1/bookings", Some(&resident), Some(long)).await;
    assert_eq!((s, b["error"]["fields"][0]["code"].as_str()), (422, Some("booking-too-long")));
    let (s, _) = c.api(Method::POST, "/api/v1/bookings", None, Some(body(f.place_a1, 10, 11))).await;
    assert_eq!(s, 401);
    assert_eq!(app.store.place_bookings(f.place_a2, 0, i64::MAX / 2).await.unwrap().len(), 6);
    // My bookings, with local times.
    let (s, mine) = c.api(Method::GET, "/api/v1/me/bookings", Some(&member), None).await;
    assert_eq!(s, 200);
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    assert!(mine["items"][0]["start_local"].as_str().unwrap().contains("T10:00:00+0"));
    // Someone else's booking is not theirs to cancel; the holder and the manager may.
    let (s, _) = c.api(Method::DELETE, &format!("/api/v1/bookings/{}", ids[0]), Some(&resident), None).await;
    assert_eq!(s, 404);
    let (s, b) = c.api(Method::DELETE, &format!("/api/v1/bookings/{}", ids[0]), Some(&member), None).await;
    assert_eq!((s, b["status"].as_str()), (200, Some("cancelled")));
    let (s, _) = c.api(Method::DELETE, &format!("/api/v1/bookings/{}", ids[1]), Some(&manager), None).await;
    assert_eq!(s, 200);
    // The grid shows the café full from 10:00 to 12:00 and free around it.
    let (s, grid) = c
        .api(
            Method::GET,
            &format!("/api/v1/places/{}/availability?from={}&to={}&slot_minutes=60", f.place_a2, at(9), at(13)),
            None,
            None,
        )
        .await;
    assert_eq!(s, 200, "{grid}");
    let free: Vec<i64> = grid["slots"].as_array().unwrap().iter().map(|s| s["free"].as_i64().unwrap()).collect();
    assert_eq!(free, vec![6, 2, 2, 6], "{grid}");
    let (s, _) = c
        .api(
            Method::GET,
            &format!("/api/v1/places/{}/availability?from={}&to={}", f.place_a2, at(13), at(9)),
            None,
            None,
        )
        .await;
    assert_eq!(s, 422);
    // The place's feed lists the busy times, never who booked.
    let r = c.get(&format!("/api/v1/places/{}/calendar.ics", f.place_a2)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
    let feed = r.text().await.unwrap();
    assert!(feed.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && feed.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 4);
    assert_eq!(feed.matches("UID:").count(), 4);
    assert!(feed.contains("SUMMARY:Tavoli del caffè · occupato"));
    assert!(!feed.contains(MEMBER_A) && !feed.contains("member.a"));
    assert!(feed.split("\r\n").all(|l| l.len() <= 75));
    // A standard iCalendar library reads the same events back.
    let parsed: icalendar::Calendar = feed.parse().unwrap();
    let events: Vec<&icalendar::Event> = parsed.components.iter().filter_map(|c| c.as_event()).collect();
    assert_eq!(events.len(), 4);
    {
        use icalendar::Component;
        assert!(events.iter().all(|e| e.get_uid().is_some() && e.get_start().is_some() && e.get_end().is_some()));
        assert_eq!(events[0].get_summary(), Some("Tavoli del caffè · occupato"));
    }
    let (s, _) = c.text(&format!("/api/v1/sites/{}/calendar.ics", f.a2)).await;
    assert_eq!(s, 200);
    // The member's own feed, at a secret URL, with a booking they hold and
    // the one they cancelled; a new one replaces it.
    let (s, b) = c.api(Method::POST, "/api/v1/bookings", Some(&member), Some(body(f.place_a1, 14, 16))).await;
    assert_eq!(s, 201, "{b}");
    let (s, feed) = c.api(Method::POST, "/api/v1/me/calendar-feed", Some(&member), None).await;
    assert_eq!(s, 201);
    let url = feed["url"].as_str().unwrap().to_owned();
    let path = url.trim_start_matches(&app.base).to_owned();
    let (s, ics) = c.text(&path).await;
    assert_eq!(s, 200);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    assert_eq!(ics.matches("STATUS:CANCELLED").count(), 1);
    assert!(ics.contains("SUMMARY:Tavoli del caffè · Caffè della Porta"));
    let parsed: icalendar::Calendar = ics.parse().unwrap();
    assert_eq!(parsed.components.iter().filter_map(|c| c.as_event()).count(), 2);
    let (_, again) = c.api(Method::POST, "/api/v1/me/calendar-feed", Some(&member), None).await;
    assert_ne!(again["url"], feed["url"]);
    assert_eq!(c.get(&path).await.status(), 404);
    assert_eq!(c.get("/calendar/pc_nope.ics").await.status(), 404);
    // Two seats are free again.
    let (s, _) = c.api(Method::POST, "/api/v1/bookings", Some(&resident), Some(body(f.place_a2, 11, 13))).await;
    assert_eq!(s, 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn availability_grids_across_the_autumn_change_of_time() {
    let (app, f) = app_with_fixture().await;
    let c = app.client();
    // From midnight in Rome on 24 October 2026 to midnight on the 26th: the
    // 25th has 25 hours, so 49 hours of half-hour slots.
    let (from, to) = ("2026-10-23T22:00:00Z", "2026-10-25T23:00:00Z");
    for path in [
        format!("/api/v1/places/{}/availability?from={from}&to={to}", f.place_a2),
        format!("/api/v1/sites/{}/availability?from={from}&to={to}", f.a2),
    ] {
        let (s, body) = c.api(Method::GET, &path, None, None).await;
        assert_eq!(s, 200, "{body}");
        let grids: Vec<&serde_json::Value> = match body["places"].as_array() {
            Some(places) => places.iter().collect(),
            None => vec![&body],
        };
        assert!(!grids.is_empty());
        for grid in grids {
            assert!(grid["place_id"].is_i64() && grid["capacity"].is_u64(), "{grid}");
            let slots = grid["slots"].as_array().unwrap();
            assert_eq!(slots.len(), 98);
            let mut expected = from.parse::<jiff::Timestamp>().unwrap();
            for slot in slots {
                let mut fields: Vec<&str> = slot.as_object().unwrap().keys().map(String::as_str).collect();
                fields.sort_unstable();
                assert_eq!(fields, ["end", "free", "open", "start", "start_local"]);
                let start: jiff::Timestamp = slot["start"].as_str().unwrap().parse().unwrap();
                assert_eq!(start, expected);
                assert_eq!(slot["start"].as_str().unwrap(), start.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
                expected = start + jiff::SignedDuration::from_mins(30);
                assert_eq!(slot["end"].as_str().unwrap(), expected.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
                let local = start.to_zoned(portineria_domain::rome()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
                assert_eq!(slot["start_local"].as_str().unwrap(), local);
                assert!(slot["open"].is_boolean() && slot["free"].is_u64());
            }
            // The repeated hour: 02:00 and 02:30 appear twice, first in summer time.
            let locals: Vec<&str> = slots.iter().map(|s| s["start_local"].as_str().unwrap()).collect();
            assert!(locals.contains(&"2026-10-25T02:30:00+02:00") && locals.contains(&"2026-10-25T02:30:00+01:00"));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outside_opening_hours_is_refused() {
    use portineria_domain::network::HoursInput;
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let app = TestApp::spawn(db).await;
    let h = hub(app.store.as_ref(), "Kilowatt").await;
    let mut input = site_input("Biblioteca di quartiere", "library", 44.49, 11.34);
    input.hours = (0..7).map(|d| HoursInput { weekday: d, opens: "09:00".into(), closes: "18:00".into() }).collect();
    let s =
        app.store.create_site(&who(), h.id, &portineria_domain::network::validate_site(&input).unwrap()).await.unwrap();
    let p = place(app.store.as_ref(), s.id, "Sala studio", "desk_pool", 10).await;
    account(app.store.as_ref(), RESIDENT, &[]).await;
    let token = token_for(app.store.as_ref(), RESIDENT).await;
    let c = app.client().english();
    let (st, b) = c
        .api(
            Method::POST,
            "/api/v1/bookings",
            Some(&token),
            Some(json!({"place_id": p.id, "start": at(17), "end": at(19)})),
        )
        .await;
    assert_eq!((st, b["error"]["code"].as_str()), (409, Some("outside_hours")), "{b}");
    assert!(b["error"]["message"].as_str().unwrap().contains("closed at that time"));
    let (st, _) = c
        .api(
            Method::POST,
            "/api/v1/bookings",
            Some(&token),
            Some(json!({"place_id": p.id, "start": at(16), "end": at(18)})),
        )
        .await;
    assert_eq!(st, 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn managers_set_the_booking_rules_of_a_place() {
    let (app, f) = app_with_fixture().await;
    let manager = token_for(app.store.as_ref(), MANAGER_A).await;
    let member = token_for(app.store.as_ref(), MEMBER_A).await;
    let c = app.client();
    let rules = json!({"name": "Kworking", "kind": "desk_pool", "capacity": 30, "bookable": true,
                       "min_minutes": 60, "max_minutes": 90, "max_days_ahead": 7, "cancel_minutes_before": 0});
    let (s, p) = c.api(Method::PUT, &format!("/api/v1/places/{}", f.place_a1), Some(&manager), Some(rules)).await;
    assert_eq!(s, 200, "{p}");
    assert_eq!(
        (p["min_minutes"].as_i64(), p["max_minutes"].as_i64(), p["max_days_ahead"].as_i64()),
        (Some(60), Some(90), Some(7))
    );
    let book = |from: i8, to: i8| json!({"place_id": f.place_a1, "start": at(from), "end": at(to)});
    let (s, b) = c.api(Method::POST, "/api/v1/bookings", Some(&member), Some(book(10, 12))).await;
    assert_eq!((s, b["error"]["fields"][0]["code"].as_str()), (422, Some("booking-too-long")));
    let (s, _) = c.api(Method::POST, "/api/v1/bookings", Some(&member), Some(book(10, 11))).await;
    assert_eq!(s, 201);
    // Rules that contradict each other are refused, by field.
    let wrong = json!({"name": "Kworking", "kind": "desk_pool", "capacity": 30, "min_minutes": 120, "max_minutes": 60});
    let (s, b) = c.api(Method::PUT, &format!("/api/v1/places/{}", f.place_a1), Some(&manager), Some(wrong)).await;
    assert_eq!((s, b["error"]["fields"][0]["field"].as_str()), (422, Some("max_minutes")));
    // The form shows and saves them too.
    c.login(MANAGER_A, PASSWORD).await;
    let (_, html) = c.text(&format!("/manage/places/{}/edit", f.place_a1)).await;
    assert!(html.contains("name=\"max_minutes\"") && html.contains("value=\"90\""));
    let r = c
        .post_form(
            &format!("/manage/places/{}", f.place_a1),
            &[
                ("name", "Kworking"),
                ("kind", "desk_pool"),
                ("capacity", "30"),
                ("bookable", "1"),
                ("min_minutes", "30"),
                ("max_minutes", "240"),
                ("max_days_ahead", "30"),
                ("cancel_minutes_before", "60"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.store.place(f.place_a1).await.unwrap().unwrap().rules.max_minutes, 240);
}
