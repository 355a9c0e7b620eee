//! The programme's pages as a manager, a host and a member use them without
//! JavaScript: the form that publishes a weekly course (its room booked for
//! each session), the event's desk (edit, move, remove, duplicate, cancel),
//! the attendance sheet and the course's attendance, the certificate, the
//! figures page, and the public month calendar.

use crate::fixture::*;
use crate::harness::*;
use portineria_domain::programme::EnrolmentStatus;
use portineria_store::{EventQuery, Store};
use reqwest::Method;

fn location(r: &reqwest::Response) -> String {
    r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn signed_in(app: &TestApp, email: &str) -> Client {
    let c = app.client();
    assert_eq!(c.login(email, PASSWORD).await.status(), 303, "{email} signs in");
    c
}

async fn post(c: &Client, path: String, fields: Vec<(&'static str, String)>) -> reqwest::Response {
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.post_form(&path, &refs).await
}

async fn hub_events(s: &dyn Store, hub: i64) -> Vec<portineria_store::Event> {
    let q = EventQuery { from: Some(0), hub_id: Some(hub), include_cancelled: true, limit: 100, ..Default::default() };
    s.list_events(&q).await.unwrap()
}

#[tokio::test]
async fn a_manager_runs_a_course_from_the_pages() {
    let (app, f) = app_with_fixture().await;
    let s = app.store.as_ref();
    let room = place(s, f.a1, "Sala delle Serre", "meeting_room", 20).await;
    let manager = signed_in(&app, MANAGER_A).await;
    let (st, html) = manager.text(&format!("/manage/programme?hub={}", f.hub_a)).await;
    assert_eq!(st, 200);
    assert!(html.contains("Nuovo corso o evento"), "{html}");
    let (st, html) = manager.text(&format!("/manage/programme/new?hub={}", f.hub_a)).await;
    assert_eq!(st, 200);
    assert!(html.contains("Sala delle Serre") && !html.contains("Kworking"), "rooms only, not desk pools");

    let day = tomorrow_at(17).to_zoned(portineria_domain::rome()).date().to_string();
    let new = format!("/manage/programme/new?hub={}", f.hub_a);
    let room_id = room.id.to_string();
    let site_id = f.a1.to_string();
    let fields = |capacity: &'static str, weeks: &'static str, end: &'static str| {
        vec![
            ("kind", "course".to_owned()),
            ("title", "Coding per ragazze".to_owned()),
            ("description", "Scratch e Python in quattro serate".to_owned()),
            ("audience", "kids".to_owned()),
            ("level", "beginner".to_owned()),
            ("topics", "coding".to_owned()),
            ("topics", "stem".to_owned()),
            ("teachers", "Giulia, Marco".to_owned()),
            ("capacity", capacity.to_owned()),
            ("price", "".to_owned()),
            ("deadline_hours", "2".to_owned()),
            ("site_id", site_id.clone()),
            ("place_id", room_id.clone()),
            ("date", day.clone()),
            ("start", "17:00".to_owned()),
            ("end", end.to_owned()),
            ("weeks", weeks.to_owned()),
        ]
    };
    // Refusals show the form again with what was typed, and save nothing.
    let r = post(&manager, new.clone(), fields("0", "3", "19:00")).await;
    assert_eq!(r.status(), 422);
    let html = unescape(&r.text().await.unwrap());
    assert!(html.contains("Coding per ragazze") && html.contains("aria-invalid"), "{html}");
    let r = post(&manager, new.clone(), fields("10", "99", "19:00")).await;
    assert_eq!(r.status(), 422, "at most 60 weekly sessions");
    let r = post(&manager, new.clone(), fields("10", "3", "16:00")).await;
    assert_eq!(r.status(), 422, "the end before the start");
    assert!(hub_events(s, f.hub_a).await.is_empty());
    // A resident and another hub's manager may not publish here.
    let resident = signed_in(&app, RESIDENT).await;
    assert_eq!(post(&resident, new.clone(), fields("1", "3", "19:00")).await.status(), 403);
    let other = signed_in(&app, MANAGER_B).await;
    assert_eq!(post(&other, new.clone(), fields("1", "3", "19:00")).await.status(), 403);

    // Three weekly sessions, one place, the room booked each time.
    let r = post(&manager, new.clone(), fields("1", "3", "19:00")).await;
    assert_eq!(r.status(), 303);
    let desk = location(&r);
    assert!(desk.starts_with("/manage/events/") && desk.ends_with("?done=created"), "{desk}");
    let events = hub_events(s, f.hub_a).await;
    assert_eq!(events.len(), 1);
    let course = events[0].clone();
    assert_eq!(course.sessions.len(), 3);
    assert!(course.sessions.iter().all(|x| x.booking_id.is_some() && x.place_id == Some(room.id)));
    assert_eq!(course.enrol_until, course.starts_at - 2 * 3600);
    let wall = |t: i64| jiff::Timestamp::from_second(t).unwrap().to_zoned(portineria_domain::rome()).time();
    assert!(course.sessions.iter().all(|x| wall(x.start) == wall(course.sessions[0].start)), "weekly, 17:00 in Rome");
    let days = |x: &portineria_store::EventSession| {
        jiff::Timestamp::from_second(x.start).unwrap().to_zoned(portineria_domain::rome()).date()
    };
    assert_eq!(days(&course.sessions[0]).until(days(&course.sessions[1])).unwrap().get_days(), 7);
    // The same room at the same time again is refused: it is booked.
    let r = post(&manager, new.clone(), fields("5", "1", "19:00")).await;
    assert_eq!(r.status(), 409);
    assert!(unescape(&r.text().await.unwrap()).contains("role=\"alert\""));
    assert_eq!(hub_events(s, f.hub_a).await.len(), 1);

    // Two people ask: one place, one waiting.
    let member_token = token_for(s, MEMBER_A).await;
    let resident_token = token_for(s, RESIDENT).await;
    let enrol = format!("/api/v1/events/{}/enrolments", course.id);
    let c = app.client();
    let (st, mine) = c.api(Method::POST, &enrol, Some(&member_token), None).await;
    assert_eq!(st, 201, "{mine}");
    let (st, theirs) = c.api(Method::POST, &enrol, Some(&resident_token), None).await;
    assert_eq!(st, 202, "{theirs}");
    let (member_enrolment, resident_enrolment) = (mine["id"].as_i64().unwrap(), theirs["id"].as_i64().unwrap());
    let path = format!("/manage/events/{}", course.id);
    let (st, html) = manager.text(&path).await;
    assert_eq!(st, 200);
    let html = unescape(&html);
    assert!(html.contains(MEMBER_A) && html.contains(RESIDENT) && html.contains("In lista d'attesa"), "{html}");
    assert!(html.contains("Dai il posto"));
    // The desk is the hub's and the organiser's.
    assert_eq!(other.text(&path).await.0, 403);
    assert_eq!(resident.text(&path).await.0, 403);
    // A place out of turn: every place is taken, so one more is added.
    let r = manager.post_form(&format!("/manage/enrolments/{resident_enrolment}/promote"), &[]).await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, format!("{path}?done=promoted")));
    assert_eq!(s.enrolment(resident_enrolment).await.unwrap().unwrap().status, EnrolmentStatus::Enrolled);
    assert_eq!(s.event(course.id).await.unwrap().unwrap().capacity, 2);
    let r = manager.post_form(&format!("/manage/enrolments/{resident_enrolment}/promote"), &[]).await;
    assert_eq!(r.status(), 409, "not waiting any more");

    // An edit that adds a place moves the first waiting up.
    let host_token = token_for(s, HOST_A1).await;
    let (st, third) = c.api(Method::POST, &enrol, Some(&host_token), None).await;
    assert_eq!(st, 202, "{third}");
    let edit: Vec<(&str, &str)> = vec![
        ("title", "Coding per ragazze e ragazzi"),
        ("description", "Scratch e Python"),
        ("audience", "kids"),
        ("level", "beginner"),
        ("topics", "coding"),
        ("capacity", "3"),
        ("price", ""),
        ("deadline_hours", "2"),
    ];
    let r = manager.post_form(&path, &edit).await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, format!("{path}?done=saved")));
    let third = third["id"].as_i64().unwrap();
    assert_eq!(s.enrolment(third).await.unwrap().unwrap().status, EnrolmentStatus::Enrolled);
    let mut below = edit.clone();
    below[5] = ("capacity", "2");
    let r = manager.post_form(&path, &below).await;
    assert_eq!(r.status(), 409, "capacity below the people enrolled");
    assert_eq!(s.event(course.id).await.unwrap().unwrap().capacity, 3);

    // The attendance sheet: the manager and the site's host; not another hub.
    let first = course.sessions[0].id;
    let sheet = format!("/manage/events/{}/sessions/{first}", course.id);
    let host = signed_in(&app, HOST_A1).await;
    assert_eq!(host.text(&sheet).await.0, 200, "the host of the session's site keeps the sheet");
    assert_eq!(other.text(&sheet).await.0, 403);
    let member_id = s.account_by_email(MEMBER_A).await.unwrap().unwrap().id;
    let r = host.post_form(&sheet, &[("present", &member_id.to_string())]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(s.session_attendance(first).await.unwrap(), vec![member_id]);
    // A forged QR code is refused on the sheet and marks nobody.
    let r = host.post_form(&format!("{sheet}/checkin"), &[("code", "PRT1.falso")]).await;
    assert!(r.status().is_client_error(), "{}", r.status());
    assert_eq!(s.session_attendance(first).await.unwrap().len(), 1);
    // The course's attendance on the desk: one of three for the member.
    let html = unescape(&manager.text(&path).await.1);
    assert!(html.contains("Presenze del corso") && html.contains("1/3"), "{html}");

    // The certificate: the member's own, printable; none without presence.
    let member = signed_in(&app, MEMBER_A).await;
    let (st, cert) = member.text(&format!("/enrolments/{member_enrolment}/certificate")).await;
    assert_eq!(st, 200);
    let cert = unescape(&cert);
    assert!(cert.contains("Attestato di partecipazione") && cert.contains("1 incontro su 3"), "{cert}");
    assert!(cert.contains("Coding per ragazze e ragazzi") && cert.contains("2 ore"), "{cert}");
    assert_eq!(resident.text(&format!("/enrolments/{member_enrolment}/certificate")).await.0, 404);
    assert_eq!(resident.text(&format!("/enrolments/{resident_enrolment}/certificate")).await.0, 409);
    let (_, mine_page) = member.text("/me/enrolments").await;
    assert!(unescape(&mine_page).contains("presente a 1 incontro su 3"), "{mine_page}");

    // Move the resident to another event of the hub.
    let later = tomorrow_at(10) + jiff::SignedDuration::from_hours(24 * 30);
    let (st, talk) = c
        .api(
            Method::POST,
            "/api/v1/events",
            Some(&token_for(s, MANAGER_A).await),
            Some(serde_json::json!({"hub_id": f.hub_a, "kind": "talk", "title": "Serre aperte", "capacity": 40,
                "sessions": [{"start": later.to_string(), "end": (later + jiff::SignedDuration::from_hours(1)).to_string(), "site_id": f.a2}]})),
        )
        .await;
    assert_eq!(st, 201, "{talk}");
    let talk_id = talk["id"].as_i64().unwrap();
    let r = manager
        .post_form(&format!("/manage/enrolments/{resident_enrolment}/move"), &[("event_id", &talk_id.to_string())])
        .await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, format!("{path}?done=moved")));
    let roster = s.event_roster(talk_id).await.unwrap();
    assert_eq!(roster.len(), 1);
    assert_eq!(roster[0].enrolment.status, EnrolmentStatus::Enrolled);
    assert_eq!(s.event(course.id).await.unwrap().unwrap().enrolled, 2);
    // Removing someone frees their place.
    let r = manager.post_form(&format!("/manage/enrolments/{}/remove", roster[0].enrolment.id), &[]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(s.event(talk_id).await.unwrap().unwrap().enrolled, 0);

    // Duplicate to two weeks later: same wall-clock times, no enrolments.
    let copy_day = (tomorrow_at(17) + jiff::SignedDuration::from_hours(24 * 21))
        .to_zoned(portineria_domain::rome())
        .date()
        .to_string();
    let r = manager.post_form(&format!("{path}/duplicate"), &[("date", "non è una data")]).await;
    assert_eq!(r.status(), 422);
    let r = manager.post_form(&format!("{path}/duplicate"), &[("date", &copy_day)]).await;
    assert_eq!(r.status(), 303);
    let copy_path = location(&r);
    assert!(copy_path.ends_with("?done=duplicated") && !copy_path.starts_with(&format!("{path}?")), "{copy_path}");
    assert_eq!(hub_events(s, f.hub_a).await.len(), 3);

    // Cancel: only when confirmed; everyone on it is told by the API's rule.
    let r = manager.post_form(&format!("{path}/cancel"), &[]).await;
    assert_eq!(r.status(), 422);
    assert!(!s.event(course.id).await.unwrap().unwrap().is_cancelled());
    let r = manager.post_form(&format!("{path}/cancel"), &[("confirm", "on")]).await;
    assert_eq!(r.status(), 303);
    assert!(s.event(course.id).await.unwrap().unwrap().is_cancelled());

    // The figures page: the hub's, with its total; not for residents.
    let (st, html) = manager.text(&format!("/manage/programme/stats?hub={}", f.hub_a)).await;
    assert_eq!(st, 200);
    assert!(html.contains("Persone raggiunte") && html.contains("Le Serre dei Giardini"), "{html}");
    assert_eq!(manager.text(&format!("/manage/programme/stats?hub={}&from=ieri", f.hub_a)).await.0, 422);
    assert_eq!(resident.text("/manage/programme/stats").await.0, 403);
    assert_eq!(manager.text("/manage/programme/stats?hub=all").await.0, 403, "the whole network is the admin's");
    let admin = signed_in(&app, ADMIN).await;
    assert_eq!(admin.text("/manage/programme/stats?hub=all").await.0, 200);
}

#[tokio::test]
async fn the_month_calendar() {
    let (app, f) = app_with_fixture().await;
    let s = app.store.as_ref();
    let token = token_for(s, MANAGER_A).await;
    let c = app.client();
    let start = tomorrow_at(16);
    let (st, lab) = c
        .api(
            Method::POST,
            "/api/v1/events",
            Some(&token),
            Some(serde_json::json!({"hub_id": f.hub_a, "kind": "kids_lab", "title": "Kw baby: robot di cartone",
                "audience": "kids", "capacity": 12, "rrule": "FREQ=WEEKLY;COUNT=2",
                "sessions": [{"start": start.to_string(), "end": (start + jiff::SignedDuration::from_hours(2)).to_string(), "site_id": f.a2}]})),
        )
        .await;
    assert_eq!(st, 201, "{lab}");
    let z = start.to_zoned(portineria_domain::rome());
    let month = z.strftime("%Y-%m").to_string();
    let (st, html) = c.text(&format!("/programme/calendar?month={month}")).await;
    assert_eq!(st, 200);
    let html = unescape(&html);
    assert!(html.contains("Kw baby: robot di cartone") && html.contains("16:00"), "{html}");
    assert!(html.contains(&format!("<time datetime=\"{}\">", z.date())), "{html}");
    // Filters apply: nothing for seniors; the month's name is in Italian.
    let (_, html) = c.text(&format!("/programme/calendar?month={month}&audience=seniors")).await;
    assert!(!html.contains("Kw baby"));
    let month_names = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    assert!(html.contains(month_names[usize::try_from(z.month() - 1).unwrap()]));
    // A month that is not one is a clear error.
    assert_eq!(c.text("/programme/calendar?month=2026-13").await.0, 422);
    assert_eq!(c.text("/programme/calendar?month=dicembre").await.0, 422);
    // Without a month: this one.
    assert_eq!(c.text("/programme/calendar").await.0, 200);
}
