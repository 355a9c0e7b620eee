//! The SQL of plans, passes, vouchers, check-ins and settlement.
//!
//! Invariants held here, inside one transaction each:
//! - a voucher's balance never goes below zero: its row is locked, the debit
//!   is `min(balance, stay)`, the `UPDATE` is conditional on the balance and
//!   a `CHECK (balance_minutes >= 0)` backs it;
//! - an entries pass never goes below zero entries (conditional `UPDATE` and
//!   `CHECK`);
//! - a person has at most one open stay (unique partial index);
//! - every debit is one `voucher_uses` row, so the history sums to
//!   `minutes_total - balance_minutes`.

use super::network::{lock_hub, lock_site};
use super::*;

use portineria_domain::passes::{
    self as passes, Charge, Door, PassAtDoor, PlanDraft, PlanKind, RoundMode, Rounding, VoucherAtDoor,
};
use portineria_store::{
    Checkin, Checkout, ExpiringPass, NewCheckin, NewSale, Pass, Payment, Plan, Presence, Sale, SiteTerms, Voucher,
    VoucherUse,
};

fn plan_kind(s: &str) -> Result<PlanKind> {
    PlanKind::parse(s).ok_or_else(|| StoreError::Corrupt(format!("plan kind {s}")))
}

const PLAN_COLUMNS: &str = "id, hub_id, name, description, kind, price_cents, valid_days, entries, minutes, place_kinds, active, created_at, \
     trainings, course_id";

/// Place kinds stored as a comma-separated list (empty: every kind).
fn place_kinds(s: &str) -> Vec<portineria_domain::kinds::PlaceKind> {
    s.split(',').filter_map(|k| portineria_domain::kinds::PlaceKind::parse(k.trim())).collect()
}

fn place_kinds_text(kinds: &[portineria_domain::kinds::PlaceKind]) -> String {
    kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(",")
}

fn plan_row(r: &Row, sites: Vec<i64>) -> Result<Plan> {
    Ok(Plan {
        id: r.try_get("id")?,
        hub_id: r.try_get("hub_id")?,
        name: r.try_get("name")?,
        description: r.try_get("description")?,
        kind: plan_kind(&r.try_get::<String, _>("kind")?)?,
        price_cents: r.try_get("price_cents")?,
        valid_days: r.try_get("valid_days")?,
        entries: r.try_get("entries")?,
        minutes: r.try_get("minutes")?,
        trainings: r.try_get("trainings")?,
        course_id: r.try_get("course_id")?,
        sites,
        place_kinds: place_kinds(&r.try_get::<String, _>("place_kinds")?),
        active: r.try_get("active")?,
        created_at: r.try_get("created_at")?,
    })
}

/// The sites each plan lists, by plan.
async fn plan_sites<'e, E>(ex: E) -> Result<std::collections::HashMap<i64, Vec<i64>>>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let rows = sqlx::query("SELECT plan_id, site_id FROM plan_sites ORDER BY plan_id, site_id").fetch_all(ex).await?;
    let mut map: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
    for r in &rows {
        map.entry(r.try_get("plan_id")?).or_default().push(r.try_get("site_id")?);
    }
    Ok(map)
}

const PASS_COLUMNS: &str = "p.id, p.plan_id, pl.name AS plan_name, pl.kind, pl.hub_id AS plan_hub_id, pl.place_kinds, p.account_id, \
    p.hub_id, p.valid_from, p.valid_until, p.entries_left, p.created_at, p.trainings_left, pl.course_id";

fn pass_row(r: &Row, sites: &std::collections::HashMap<i64, Vec<i64>>) -> Result<Pass> {
    let plan_id: i64 = r.try_get("plan_id")?;
    Ok(Pass {
        id: r.try_get("id")?,
        plan_id,
        plan_name: r.try_get("plan_name")?,
        kind: plan_kind(&r.try_get::<String, _>("kind")?)?,
        plan_hub_id: r.try_get("plan_hub_id")?,
        plan_sites: sites.get(&plan_id).cloned().unwrap_or_default(),
        place_kinds: place_kinds(&r.try_get::<String, _>("place_kinds")?),
        account_id: r.try_get("account_id")?,
        hub_id: r.try_get("hub_id")?,
        valid_from: r.try_get("valid_from")?,
        valid_until: r.try_get("valid_until")?,
        entries_left: r.try_get("entries_left")?,
        trainings_left: r.try_get("trainings_left")?,
        course_id: r.try_get("course_id")?,
        created_at: r.try_get("created_at")?,
    })
}

const VOUCHER_COLUMNS: &str = "v.id, v.plan_id, pl.name AS plan_name, v.account_id, v.hub_id, v.minutes_total, \
    v.balance_minutes, v.valid_from, v.expires_at, v.created_at";

fn voucher_row(r: &Row) -> Result<Voucher> {
    Ok(Voucher {
        id: r.try_get("id")?,
        plan_id: r.try_get("plan_id")?,
        plan_name: r.try_get("plan_name")?,
        account_id: r.try_get("account_id")?,
        hub_id: r.try_get("hub_id")?,
        minutes_total: r.try_get("minutes_total")?,
        balance_minutes: r.try_get("balance_minutes")?,
        valid_from: r.try_get("valid_from")?,
        expires_at: r.try_get("expires_at")?,
        members: Vec::new(),
        created_at: r.try_get("created_at")?,
    })
}

async fn with_members<'e, E>(ex: E, mut vs: Vec<Voucher>) -> Result<Vec<Voucher>>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    if vs.is_empty() {
        return Ok(vs);
    }
    let mut qb =
        sqlx::QueryBuilder::<Db>::new("SELECT voucher_id, account_id FROM voucher_members WHERE voucher_id IN (");
    let mut sep = qb.separated(", ");
    for v in &vs {
        sep.push_bind(v.id);
    }
    qb.push(") ORDER BY account_id");
    let rows = qb.build().fetch_all(ex).await?;
    for r in &rows {
        let vid: i64 = r.try_get("voucher_id")?;
        let aid: i64 = r.try_get("account_id")?;
        if let Some(v) = vs.iter_mut().find(|v| v.id == vid) {
            v.members.push(aid);
        }
    }
    Ok(vs)
}

const PAYMENT_COLUMNS: &str = "pa.id, pa.account_id, COALESCE(a.email, '') AS account_label, pa.hub_id, \
    pa.plan_id, pl.name AS plan_name, pa.amount_cents, pa.method, pa.status, pa.provider, pa.reference, pa.created_at";

fn payment_row(r: &Row) -> Result<Payment> {
    Ok(Payment {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        account_label: r.try_get("account_label")?,
        hub_id: r.try_get("hub_id")?,
        plan_id: r.try_get("plan_id")?,
        plan_name: r.try_get("plan_name")?,
        amount_cents: r.try_get("amount_cents")?,
        method: r.try_get("method")?,
        status: r.try_get("status")?,
        provider: r.try_get("provider")?,
        reference: r.try_get("reference")?,
        created_at: r.try_get("created_at")?,
    })
}

const CHECKIN_COLUMNS: &str = "c.id, c.account_id, c.site_id, c.via, c.pass_id, c.voucher_id, c.issuer_hub_id, \
    c.checked_in_at, c.checked_out_at, c.minutes, c.debited_minutes, c.uncovered_minutes";

fn checkin_row(r: &Row) -> Result<Checkin> {
    Ok(Checkin {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        site_id: r.try_get("site_id")?,
        via: r.try_get("via")?,
        pass_id: r.try_get("pass_id")?,
        voucher_id: r.try_get("voucher_id")?,
        issuer_hub_id: r.try_get("issuer_hub_id")?,
        checked_in_at: r.try_get("checked_in_at")?,
        checked_out_at: r.try_get("checked_out_at")?,
        minutes: r.try_get("minutes")?,
        debited_minutes: r.try_get("debited_minutes")?,
        uncovered_minutes: r.try_get("uncovered_minutes")?,
    })
}

async fn write_plan_sites(tx: &mut Tx, plan_id: i64, sites: &[i64]) -> Result<()> {
    sqlx::query("DELETE FROM plan_sites WHERE plan_id = $1").bind(plan_id).execute(&mut **tx).await?;
    for s in sites {
        sqlx::query("INSERT INTO plan_sites (plan_id, site_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(plan_id)
            .bind(s)
            .execute(&mut **tx)
            .await
            .map_err(|e| {
                if StoreError::is_foreign_key_violation(&e) { StoreError::Conflict("unknown-site") } else { e.into() }
            })?;
    }
    Ok(())
}

async fn fetch_plan_tx(tx: &mut Tx, id: i64) -> Result<Plan> {
    let sql = format!("SELECT {PLAN_COLUMNS} FROM plans WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut **tx).await?.ok_or(StoreError::NotFound)?;
    let sites: Vec<i64> = sqlx::query_scalar("SELECT site_id FROM plan_sites WHERE plan_id = $1 ORDER BY site_id")
        .bind(id)
        .fetch_all(&mut **tx)
        .await?;
    plan_row(&row, sites)
}

async fn payment_tx(tx: &mut Tx, id: i64) -> Result<Payment> {
    let sql = format!(
        "SELECT {PAYMENT_COLUMNS} FROM payments pa JOIN plans pl ON pl.id = pa.plan_id \
         LEFT JOIN accounts a ON a.id = pa.account_id WHERE pa.id = $1"
    );
    payment_row(&sqlx::query(&sql).bind(id).fetch_one(&mut **tx).await?)
}

async fn rounding_of<'e, E>(ex: E, hub_id: i64) -> Result<Rounding>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let r = sqlx::query("SELECT rounding_step, rounding_mode FROM hubs WHERE id = $1")
        .bind(hub_id)
        .fetch_optional(ex)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mode: String = r.try_get("rounding_mode")?;
    Ok(Rounding { step: r.try_get("rounding_step")?, mode: RoundMode::parse(&mode).unwrap_or(RoundMode::Up) })
}

/// What a person holds: their passes and the vouchers they may spend,
/// as stored and as the door sees them.
struct Held {
    passes: Vec<Pass>,
    vouchers: Vec<Voucher>,
    at_door: Vec<PassAtDoor>,
    v_at_door: Vec<VoucherAtDoor>,
}

async fn held_by(tx: &mut Tx, account_id: i64) -> Result<Held> {
    let sites = plan_sites(&mut **tx).await?;
    let sql = format!(
        "SELECT {PASS_COLUMNS} FROM passes p JOIN plans pl ON pl.id = p.plan_id WHERE p.account_id = $1 ORDER BY p.id"
    );
    let passes: Vec<Pass> = sqlx::query(&sql)
        .bind(account_id)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| pass_row(r, &sites))
        .collect::<Result<_>>()?;
    let sql = format!(
        "SELECT {VOUCHER_COLUMNS} FROM vouchers v JOIN plans pl ON pl.id = v.plan_id WHERE v.account_id = $1 \
         OR v.id IN (SELECT voucher_id FROM voucher_members WHERE account_id = $1) ORDER BY v.id"
    );
    let vouchers: Vec<Voucher> = sqlx::query(&sql)
        .bind(account_id)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(voucher_row)
        .collect::<Result<_>>()?;
    let at_door = passes
        .iter()
        .map(|p| PassAtDoor {
            id: p.id,
            kind: p.kind,
            plan_hub: p.plan_hub_id,
            plan_sites: p.plan_sites.clone(),
            place_kinds: p.place_kinds.clone(),
            valid_from: p.valid_from,
            valid_until: p.valid_until,
            entries_left: p.entries_left,
        })
        .collect();
    let v_at_door = vouchers
        .iter()
        .map(|v| VoucherAtDoor {
            id: v.id,
            balance: v.balance_minutes,
            valid_from: v.valid_from,
            expires_at: v.expires_at,
        })
        .collect();
    Ok(Held { passes, vouchers, at_door, v_at_door })
}

/// Whether a person may book a holders-only place starting at `start`:
/// a pass or voucher that would let them in then, covering the place's kind.
pub(crate) async fn may_book(
    tx: &mut Tx,
    account_id: i64,
    site_id: i64,
    place_kind: portineria_domain::kinds::PlaceKind,
    start: i64,
) -> Result<()> {
    let site = sqlx::query("SELECT hub_id, accepts_vouchers FROM sites WHERE id = $1")
        .bind(site_id)
        .fetch_one(&mut **tx)
        .await?;
    let door = Door {
        site: site_id,
        hub: site.try_get("hub_id")?,
        accepts_vouchers: site.try_get("accepts_vouchers")?,
        now: start,
        place_kind: Some(place_kind),
    };
    let held = held_by(tx, account_id).await?;
    passes::choose(&held.at_door, &held.v_at_door, door).map(|_| ()).map_err(|r| StoreError::Conflict(r.code()))
}

#[portineria_store::async_trait]
impl portineria_store::PassStore for E {
    async fn plans(&self) -> Result<Vec<Plan>> {
        let sites = plan_sites(self.reader()).await?;
        let sql = format!("SELECT {PLAN_COLUMNS} FROM plans ORDER BY hub_id IS NOT NULL, hub_id, price_cents, id");
        let rows = sqlx::query(&sql).fetch_all(self.reader()).await?;
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                plan_row(r, sites.get(&id).cloned().unwrap_or_default())
            })
            .collect()
    }

    async fn plan(&self, id: i64) -> Result<Option<Plan>> {
        let sql = format!("SELECT {PLAN_COLUMNS} FROM plans WHERE id = $1");
        let Some(row) = sqlx::query(&sql).bind(id).fetch_optional(self.reader()).await? else {
            return Ok(None);
        };
        let sites: Vec<i64> = sqlx::query_scalar("SELECT site_id FROM plan_sites WHERE plan_id = $1 ORDER BY site_id")
            .bind(id)
            .fetch_all(self.reader())
            .await?;
        plan_row(&row, sites).map(Some)
    }

    async fn create_plan(&self, who: &Who, d: &PlanDraft) -> Result<Plan> {
        let mut tx = self.begin_write().await?;
        if let Some(h) = d.hub_id {
            lock_hub(&mut tx, h).await?;
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO plans (hub_id, name, description, kind, price_cents, valid_days, entries, minutes, active, created_at, \
             place_kinds, trainings, course_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(d.hub_id)
        .bind(&d.name)
        .bind(&d.description)
        .bind(d.kind.as_str())
        .bind(d.price_cents.cents())
        .bind(d.valid_days)
        .bind(d.entries)
        .bind(d.minutes.map(i64::from))
        .bind(d.active)
        .bind(now())
        .bind(place_kinds_text(&d.place_kinds))
        .bind(d.trainings)
        .bind(d.course_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| if StoreError::is_foreign_key_violation(&e) { StoreError::Conflict("unknown-course") } else { e.into() })?;
        write_plan_sites(&mut tx, id, &d.sites).await?;
        let plan = fetch_plan_tx(&mut tx, id).await?;
        audit(&mut tx, who, "plan.create", "plan", Some(id), d.hub_id, json(&plan)).await?;
        tx.commit().await?;
        Ok(plan)
    }

    async fn update_plan(&self, who: &Who, id: i64, d: &PlanDraft) -> Result<Plan> {
        let mut tx = self.begin_write().await?;
        let before = fetch_plan_tx(&mut tx, id).await?;
        if before.hub_id != d.hub_id || before.kind != d.kind {
            // What was sold stays what it was: hub and kind are fixed.
            return Err(StoreError::Conflict("plan-kind-fixed"));
        }
        sqlx::query(
            "UPDATE plans SET name = $1, description = $2, price_cents = $3, valid_days = $4, entries = $5, \
             minutes = $6, active = $7, place_kinds = $9, trainings = $10, course_id = $11 WHERE id = $8",
        )
        .bind(&d.name)
        .bind(&d.description)
        .bind(d.price_cents.cents())
        .bind(d.valid_days)
        .bind(d.entries)
        .bind(d.minutes.map(i64::from))
        .bind(d.active)
        .bind(id)
        .bind(place_kinds_text(&d.place_kinds))
        .bind(d.trainings)
        .bind(d.course_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if StoreError::is_foreign_key_violation(&e) { StoreError::Conflict("unknown-course") } else { e.into() }
        })?;
        write_plan_sites(&mut tx, id, &d.sites).await?;
        let plan = fetch_plan_tx(&mut tx, id).await?;
        audit(&mut tx, who, "plan.update", "plan", Some(id), d.hub_id, json(&plan)).await?;
        tx.commit().await?;
        Ok(plan)
    }

    async fn sell(&self, who: &Who, s: &NewSale) -> Result<Sale> {
        if s.valid_until <= s.valid_from || s.amount_cents < 0 {
            return Err(StoreError::Conflict("bad-window"));
        }
        let mut tx = self.begin_write().await?;
        let plan = fetch_plan_tx(&mut tx, s.plan_id).await?;
        if !plan.active {
            return Err(StoreError::Conflict("plan-inactive"));
        }
        if plan.hub_id.is_some_and(|h| h != s.hub_id) {
            return Err(StoreError::Conflict("plan-of-another-hub"));
        }
        let holder: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE id = $1")
            .bind(s.account_id)
            .fetch_optional(&mut *tx)
            .await?;
        if holder.is_none() {
            return Err(StoreError::Conflict("unknown-account"));
        }
        let payment_id: i64 = sqlx::query_scalar(
            "INSERT INTO payments (account_id, hub_id, plan_id, amount_cents, method, status, provider, reference, \
             recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(s.account_id)
        .bind(s.hub_id)
        .bind(s.plan_id)
        .bind(s.amount_cents)
        .bind(s.method.as_str())
        .bind(if s.paid { "paid" } else { "pending" })
        .bind(&s.provider)
        .bind(&s.reference)
        .bind(who.account_id)
        .bind(s.now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| if StoreError::is_foreign_key_violation(&e) { StoreError::NotFound } else { e.into() })?;
        let (mut pass, mut voucher) = (None, None);
        if plan.kind == PlanKind::Hours {
            let minutes = plan.minutes.unwrap_or(0);
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO vouchers (plan_id, account_id, hub_id, payment_id, minutes_total, balance_minutes, \
                 valid_from, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8) RETURNING id",
            )
            .bind(s.plan_id)
            .bind(s.account_id)
            .bind(s.hub_id)
            .bind(payment_id)
            .bind(minutes)
            .bind(s.valid_from)
            .bind(s.valid_until)
            .bind(s.now)
            .fetch_one(&mut *tx)
            .await?;
            for m in &s.voucher_members {
                if *m == s.account_id {
                    continue;
                }
                sqlx::query(
                    "INSERT INTO voucher_members (voucher_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(m)
                .execute(&mut *tx)
                .await
                .map_err(|e| {
                    if StoreError::is_foreign_key_violation(&e) {
                        StoreError::Conflict("unknown-account")
                    } else {
                        e.into()
                    }
                })?;
            }
            let sql =
                format!("SELECT {VOUCHER_COLUMNS} FROM vouchers v JOIN plans pl ON pl.id = v.plan_id WHERE v.id = $1");
            let v = voucher_row(&sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?)?;
            voucher = with_members(&mut *tx, vec![v]).await?.pop();
        } else {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO passes (plan_id, account_id, hub_id, payment_id, valid_from, valid_until, entries_left, \
                 created_at, trainings_left) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(s.plan_id)
            .bind(s.account_id)
            .bind(s.hub_id)
            .bind(payment_id)
            .bind(s.valid_from)
            .bind(s.valid_until)
            .bind(plan.entries)
            .bind(s.now)
            .bind(plan.trainings)
            .fetch_one(&mut *tx)
            .await?;
            let sql = format!("SELECT {PASS_COLUMNS} FROM passes p JOIN plans pl ON pl.id = p.plan_id WHERE p.id = $1");
            let sites = std::collections::HashMap::from([(plan.id, plan.sites.clone())]);
            pass = Some(pass_row(&sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?, &sites)?);
        }
        let payment = payment_tx(&mut tx, payment_id).await?;
        audit(
            &mut tx,
            who,
            "plan.sell",
            "payment",
            Some(payment_id),
            Some(s.hub_id),
            serde_json::json!({
                "plan_id": s.plan_id, "account_id": s.account_id, "amount_cents": s.amount_cents,
                "method": s.method.as_str(), "pass_id": pass.as_ref().map(|p| p.id),
                "voucher_id": voucher.as_ref().map(|v| v.id),
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(Sale { payment, pass, voucher })
    }

    async fn payments(&self, hub: Option<i64>, before: Option<i64>, limit: u32) -> Result<Vec<Payment>> {
        let sql = format!(
            "SELECT {PAYMENT_COLUMNS} FROM payments pa JOIN plans pl ON pl.id = pa.plan_id \
             LEFT JOIN accounts a ON a.id = pa.account_id WHERE ($1 = 0 OR pa.hub_id = $1) AND pa.id < $2 \
             ORDER BY pa.id DESC LIMIT $3"
        );
        let rows = sqlx::query(&sql)
            .bind(hub.unwrap_or(0))
            .bind(before.unwrap_or(i64::MAX))
            .bind(i64::from(limit))
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(payment_row).collect()
    }

    async fn account_passes(&self, account_id: i64) -> Result<Vec<Pass>> {
        let sites = plan_sites(self.reader()).await?;
        let sql = format!(
            "SELECT {PASS_COLUMNS} FROM passes p JOIN plans pl ON pl.id = p.plan_id WHERE p.account_id = $1 \
             ORDER BY p.valid_until DESC, p.id DESC"
        );
        let rows = sqlx::query(&sql).bind(account_id).fetch_all(self.reader()).await?;
        rows.iter().map(|r| pass_row(r, &sites)).collect()
    }

    async fn account_vouchers(&self, account_id: i64) -> Result<Vec<Voucher>> {
        let sql = format!(
            "SELECT {VOUCHER_COLUMNS} FROM vouchers v JOIN plans pl ON pl.id = v.plan_id WHERE v.account_id = $1 \
             OR v.id IN (SELECT voucher_id FROM voucher_members WHERE account_id = $1) ORDER BY v.expires_at DESC, v.id DESC"
        );
        let rows = sqlx::query(&sql).bind(account_id).fetch_all(self.reader()).await?;
        let vs = rows.iter().map(voucher_row).collect::<Result<Vec<_>>>()?;
        with_members(self.reader(), vs).await
    }

    async fn vouchers(&self, hub: Option<i64>, before: Option<i64>, limit: u32) -> Result<Vec<Voucher>> {
        let sql = format!(
            "SELECT {VOUCHER_COLUMNS} FROM vouchers v JOIN plans pl ON pl.id = v.plan_id \
             WHERE ($1 = 0 OR v.hub_id = $1) AND v.id < $2 ORDER BY v.id DESC LIMIT $3"
        );
        let rows = sqlx::query(&sql)
            .bind(hub.unwrap_or(0))
            .bind(before.unwrap_or(i64::MAX))
            .bind(i64::from(limit))
            .fetch_all(self.reader())
            .await?;
        let vs = rows.iter().map(voucher_row).collect::<Result<Vec<_>>>()?;
        with_members(self.reader(), vs).await
    }

    async fn voucher(&self, id: i64) -> Result<Option<Voucher>> {
        let sql =
            format!("SELECT {VOUCHER_COLUMNS} FROM vouchers v JOIN plans pl ON pl.id = v.plan_id WHERE v.id = $1");
        let Some(row) = sqlx::query(&sql).bind(id).fetch_optional(self.reader()).await? else {
            return Ok(None);
        };
        Ok(with_members(self.reader(), vec![voucher_row(&row)?]).await?.pop())
    }

    async fn voucher_uses(&self, voucher_id: i64) -> Result<Vec<VoucherUse>> {
        let rows = sqlx::query(
            "SELECT id, voucher_id, checkin_id, site_id, minutes, balance_after, at FROM voucher_uses \
             WHERE voucher_id = $1 ORDER BY id",
        )
        .bind(voucher_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(VoucherUse {
                    id: r.try_get("id")?,
                    voucher_id: r.try_get("voucher_id")?,
                    checkin_id: r.try_get("checkin_id")?,
                    site_id: r.try_get("site_id")?,
                    minutes: r.try_get("minutes")?,
                    balance_after: r.try_get("balance_after")?,
                    at: r.try_get("at")?,
                })
            })
            .collect()
    }

    async fn check_in(&self, who: &Who, c: &NewCheckin) -> Result<Checkin> {
        let mut tx = self.begin_write().await?;
        let site = sqlx::query("SELECT hub_id, accepts_vouchers FROM sites WHERE id = $1")
            .bind(c.site_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let door = Door {
            site: c.site_id,
            hub: site.try_get("hub_id")?,
            accepts_vouchers: site.try_get("accepts_vouchers")?,
            now: c.now,
            place_kind: None,
        };
        let open: Option<i64> =
            sqlx::query_scalar("SELECT id FROM checkins WHERE account_id = $1 AND checked_out_at IS NULL")
                .bind(c.account_id)
                .fetch_optional(&mut *tx)
                .await?;
        if open.is_some() {
            return Err(StoreError::Conflict("already-checked-in"));
        }
        // Nothing here needs a lock: an entry is taken by a conditional
        // update, and vouchers are debited at check-out.
        let Held { passes: held, vouchers: spendable, at_door, v_at_door } = held_by(&mut tx, c.account_id).await?;
        let charge = match c.charge {
            None => passes::choose(&at_door, &v_at_door, door).map_err(|r| StoreError::Conflict(r.code()))?,
            Some(Charge::Pass(id)) => {
                let p = at_door.iter().find(|p| p.id == id).ok_or(StoreError::Conflict("pass-not-yours"))?;
                passes::pass_admits(p, door).map_err(|r| StoreError::Conflict(r.code()))?;
                Charge::Pass(id)
            }
            Some(Charge::Voucher(id)) => {
                let v = v_at_door.iter().find(|v| v.id == id).ok_or(StoreError::Conflict("voucher-not-yours"))?;
                passes::voucher_admits(v, door).map_err(|r| StoreError::Conflict(r.code()))?;
                Charge::Voucher(id)
            }
        };
        let (via, pass_id, voucher_id, issuer) = match charge {
            Charge::Pass(id) => {
                let p = held.iter().find(|p| p.id == id).ok_or(StoreError::NotFound)?;
                if p.entries_left.is_some() {
                    let n = sqlx::query(
                        "UPDATE passes SET entries_left = entries_left - 1 WHERE id = $1 AND entries_left > 0",
                    )
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if n != 1 {
                        return Err(StoreError::Conflict("no-entries-left"));
                    }
                }
                ("pass", Some(id), None, p.hub_id)
            }
            Charge::Voucher(id) => {
                let v = spendable.iter().find(|v| v.id == id).ok_or(StoreError::NotFound)?;
                ("voucher", None, Some(id), v.hub_id)
            }
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO checkins (account_id, site_id, via, pass_id, voucher_id, issuer_hub_id, checked_in_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(c.account_id)
        .bind(c.site_id)
        .bind(via)
        .bind(pass_id)
        .bind(voucher_id)
        .bind(issuer)
        .bind(c.now)
        .fetch_one(&mut *tx)
        .await
        .map_err(conflict_on_unique("already-checked-in"))?;
        audit(
            &mut tx,
            who,
            "checkin.in",
            "checkin",
            Some(id),
            Some(door.hub),
            serde_json::json!({ "account_id": c.account_id, "site_id": c.site_id, "via": via,
                "pass_id": pass_id, "voucher_id": voucher_id }),
        )
        .await?;
        tx.commit().await?;
        Ok(Checkin {
            id,
            account_id: Some(c.account_id),
            site_id: c.site_id,
            via: via.into(),
            pass_id,
            voucher_id,
            issuer_hub_id: issuer,
            checked_in_at: c.now,
            checked_out_at: None,
            minutes: None,
            debited_minutes: None,
            uncovered_minutes: None,
        })
    }

    async fn check_out(&self, who: &Who, account_id: i64, site_id: i64, now: i64) -> Result<Checkout> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT {CHECKIN_COLUMNS} FROM checkins c WHERE c.account_id = $1 AND c.checked_out_at IS NULL{}",
            E::ROW_LOCK
        );
        let open = sqlx::query(&sql)
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::Conflict("not-checked-in"))?;
        let mut stay = checkin_row(&open)?;
        if stay.site_id != site_id {
            return Err(StoreError::Conflict("checked-in-elsewhere"));
        }
        let hub_id: i64 =
            sqlx::query_scalar("SELECT hub_id FROM sites WHERE id = $1").bind(site_id).fetch_one(&mut *tx).await?;
        let rounding = rounding_of(&mut *tx, hub_id).await?;
        let out = now.max(stay.checked_in_at);
        let minutes = rounding.minutes(out - stay.checked_in_at);
        let (mut debited, mut uncovered, mut balance_after, mut voucher_low) = (0, 0, None, false);
        if let Some(vid) = stay.voucher_id {
            // The voucher's row is locked: debits of one voucher happen one at a time.
            let sql = format!(
                "SELECT balance_minutes, minutes_total, low_notified, account_id, hub_id FROM vouchers WHERE id = $1{}",
                E::ROW_LOCK
            );
            let v = sqlx::query(&sql).bind(vid).fetch_one(&mut *tx).await?;
            let balance: i64 = v.try_get("balance_minutes")?;
            let total: i64 = v.try_get("minutes_total")?;
            let notified: bool = v.try_get("low_notified")?;
            (debited, uncovered) = passes::debit(balance, minutes);
            let after = balance - debited;
            if debited > 0 {
                let n = sqlx::query(
                    "UPDATE vouchers SET balance_minutes = balance_minutes - $1 WHERE id = $2 AND balance_minutes >= $1",
                )
                .bind(debited)
                .bind(vid)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n != 1 {
                    return Err(StoreError::Conflict("voucher-empty"));
                }
                sqlx::query(
                    "INSERT INTO voucher_uses (voucher_id, checkin_id, site_id, minutes, balance_after, at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(vid)
                .bind(stay.id)
                .bind(site_id)
                .bind(debited)
                .bind(after)
                .bind(out)
                .execute(&mut *tx)
                .await?;
            }
            if !notified && passes::is_low(after, total) {
                sqlx::query("UPDATE vouchers SET low_notified = TRUE WHERE id = $1")
                    .bind(vid)
                    .execute(&mut *tx)
                    .await?;
                voucher_low = true;
                // "Your hour voucher is running low", to its holder, once
                // (its hub, which sold it, sees it if it cannot be sent).
                let holder: i64 = v.try_get("account_id")?;
                let notice = portineria_store::Notice::new(portineria_store::MailKind::VoucherLow, holder, vid)
                    .hub(Some(v.try_get("hub_id")?))
                    .data(serde_json::json!({ "left": after }));
                super::outbox::enqueue(&mut tx, &notice).await?;
            }
            balance_after = Some(after);
        }
        let n = sqlx::query(
            "UPDATE checkins SET checked_out_at = $1, minutes = $2, debited_minutes = $3, uncovered_minutes = $4 \
             WHERE id = $5 AND checked_out_at IS NULL",
        )
        .bind(out)
        .bind(minutes)
        .bind(debited)
        .bind(uncovered)
        .bind(stay.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Err(StoreError::Conflict("not-checked-in"));
        }
        stay.checked_out_at = Some(out);
        stay.minutes = Some(minutes);
        stay.debited_minutes = Some(debited);
        stay.uncovered_minutes = Some(uncovered);
        audit(
            &mut tx,
            who,
            "checkin.out",
            "checkin",
            Some(stay.id),
            Some(hub_id),
            serde_json::json!({ "account_id": account_id, "site_id": site_id, "minutes": minutes,
                "debited": debited, "uncovered": uncovered }),
        )
        .await?;
        tx.commit().await?;
        Ok(Checkout { checkin: stay, balance_after, voucher_low })
    }

    async fn open_checkin(&self, account_id: i64) -> Result<Option<Checkin>> {
        let sql =
            format!("SELECT {CHECKIN_COLUMNS} FROM checkins c WHERE c.account_id = $1 AND c.checked_out_at IS NULL");
        let row = sqlx::query(&sql).bind(account_id).fetch_optional(self.reader()).await?;
        row.as_ref().map(checkin_row).transpose()
    }

    async fn account_checkins(&self, account_id: i64, limit: u32) -> Result<Vec<Checkin>> {
        let sql = format!(
            "SELECT {CHECKIN_COLUMNS} FROM checkins c WHERE c.account_id = $1 ORDER BY c.checked_in_at DESC, c.id DESC LIMIT $2"
        );
        let rows = sqlx::query(&sql).bind(account_id).bind(i64::from(limit)).fetch_all(self.reader()).await?;
        rows.iter().map(checkin_row).collect()
    }

    async fn presence(&self, site_id: i64) -> Result<Vec<Presence>> {
        let sql = format!(
            "SELECT {CHECKIN_COLUMNS}, a.display_name, a.email FROM checkins c JOIN accounts a ON a.id = c.account_id \
             WHERE c.site_id = $1 AND c.checked_out_at IS NULL ORDER BY c.checked_in_at, c.id"
        );
        let rows = sqlx::query(&sql).bind(site_id).fetch_all(self.reader()).await?;
        rows.iter()
            .map(|r| {
                Ok(Presence {
                    checkin: checkin_row(r)?,
                    display_name: r.try_get("display_name")?,
                    email: r.try_get("email")?,
                })
            })
            .collect()
    }

    async fn present_count(&self, site_id: i64) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM checkins WHERE site_id = $1 AND checked_out_at IS NULL")
            .bind(site_id)
            .fetch_one(self.reader())
            .await?)
    }

    async fn site_occupancy(&self, site_id: i64, now: i64) -> Result<(i64, i64)> {
        let r = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM checkins WHERE site_id = $1 AND checked_out_at IS NULL) AS present, \
             (SELECT COUNT(*) FROM bookings b JOIN places p ON p.id = b.place_id WHERE p.site_id = $1 \
              AND p.kind = 'desk_pool' AND b.status = 'confirmed' AND b.starts_at <= $2 AND b.starts_at > $3 AND b.ends_at > $2) AS booked",
        )
        .bind(site_id)
        .bind(now)
        .bind(now - portineria_domain::bookings::MAX_BOOKING_SECONDS)
        .fetch_one(self.reader())
        .await?;
        Ok((r.try_get("present")?, r.try_get("booked")?))
    }

    async fn stays(&self, from: i64, to: i64) -> Result<Vec<Checkin>> {
        let sql = format!(
            "SELECT {CHECKIN_COLUMNS} FROM checkins c WHERE c.checked_out_at >= $1 AND c.checked_out_at < $2 \
             ORDER BY c.checked_out_at, c.id"
        );
        let rows = sqlx::query(&sql).bind(from).bind(to).fetch_all(self.reader()).await?;
        rows.iter().map(checkin_row).collect()
    }

    async fn site_terms(&self) -> Result<Vec<SiteTerms>> {
        let rows = sqlx::query("SELECT id, hub_id, accepts_vouchers, hourly_rate_cents FROM sites ORDER BY id")
            .fetch_all(self.reader())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(SiteTerms {
                    site_id: r.try_get("id")?,
                    hub_id: r.try_get("hub_id")?,
                    accepts_vouchers: r.try_get("accepts_vouchers")?,
                    hourly_rate_cents: r.try_get("hourly_rate_cents")?,
                })
            })
            .collect()
    }

    async fn set_site_terms(
        &self,
        who: &Who,
        site_id: i64,
        accepts_vouchers: bool,
        hourly_rate_cents: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let hub_id = lock_site(&mut tx, site_id).await?;
        sqlx::query("UPDATE sites SET accepts_vouchers = $1, hourly_rate_cents = $2 WHERE id = $3")
            .bind(accepts_vouchers)
            .bind(hourly_rate_cents)
            .bind(site_id)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            who,
            "site.terms",
            "site",
            Some(site_id),
            Some(hub_id),
            serde_json::json!({ "accepts_vouchers": accepts_vouchers, "hourly_rate_cents": hourly_rate_cents }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn hub_rounding(&self, hub_id: i64) -> Result<Rounding> {
        rounding_of(self.reader(), hub_id).await
    }

    async fn set_hub_rounding(&self, who: &Who, hub_id: i64, rounding: Rounding) -> Result<()> {
        let mut tx = self.begin_write().await?;
        lock_hub(&mut tx, hub_id).await?;
        sqlx::query("UPDATE hubs SET rounding_step = $1, rounding_mode = $2 WHERE id = $3")
            .bind(rounding.step)
            .bind(rounding.mode.as_str())
            .bind(hub_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                if matches!(&e, sqlx::Error::Database(d) if d.is_check_violation()) {
                    StoreError::Conflict("bad-rounding")
                } else {
                    e.into()
                }
            })?;
        audit(&mut tx, who, "hub.rounding", "hub", Some(hub_id), Some(hub_id), json(&rounding)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn expiring_passes(&self, now: i64, until: i64) -> Result<Vec<ExpiringPass>> {
        let sites = plan_sites(self.reader()).await?;
        let sql = format!(
            "SELECT {PASS_COLUMNS}, a.email, a.display_name, a.locale FROM passes p JOIN plans pl ON pl.id = p.plan_id \
             JOIN accounts a ON a.id = p.account_id WHERE p.expiry_notified = FALSE AND p.valid_until > $1 \
             AND p.valid_until <= $2 AND p.valid_from <= $1 ORDER BY p.valid_until, p.id"
        );
        let rows = sqlx::query(&sql).bind(now).bind(until).fetch_all(self.reader()).await?;
        rows.iter()
            .map(|r| {
                Ok(ExpiringPass {
                    pass: pass_row(r, &sites)?,
                    email: r.try_get("email")?,
                    display_name: r.try_get("display_name")?,
                    locale: r.try_get("locale")?,
                })
            })
            .collect()
    }

    async fn mark_pass_notified(&self, pass_id: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("UPDATE passes SET expiry_notified = TRUE WHERE id = $1 AND expiry_notified = FALSE")
            .bind(pass_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 1 {
            // The mark and the mail "your pass is ending" commit together.
            let r = sqlx::query("SELECT account_id, hub_id FROM passes WHERE id = $1")
                .bind(pass_id)
                .fetch_one(&mut *tx)
                .await?;
            let notice = portineria_store::Notice::new(
                portineria_store::MailKind::PassExpiring,
                r.try_get("account_id")?,
                pass_id,
            )
            .hub(Some(r.try_get("hub_id")?));
            super::outbox::enqueue(&mut tx, &notice).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn server_key(&self, name: &str, fresh: &str) -> Result<String> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO server_keys (name, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(fresh)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        let secret: String =
            sqlx::query_scalar("SELECT secret FROM server_keys WHERE name = $1").bind(name).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(secret)
    }
}
