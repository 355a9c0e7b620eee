//! The SQL of local actors and their members.
//!
//! An actor always has an owner: it is created with one in the same
//! transaction, and a change of role or a removal that would leave none is
//! refused after the actor's row is locked, so two owners stepping down at
//! once cannot both succeed.

use super::*;
use portineria_domain::geo::Coordinates;

use portineria_domain::actors::{ActorDraft, ActorKind, Visibility};
use portineria_store::{ActorMember, ActorQuery, LocalActor};

const ACTOR_COLUMNS: &str = "id, slug, name, kind, description, skills, neighbourhood, lat, lon, email, phone, \
    website, visibility, hub_id, verified_at, created_at, updated_at";

fn actor_row(r: &Row) -> Result<LocalActor> {
    let kind: String = r.try_get("kind")?;
    let visibility: String = r.try_get("visibility")?;
    let skills: String = r.try_get("skills")?;
    let lat: Option<f64> = r.try_get("lat")?;
    let lon: Option<f64> = r.try_get("lon")?;
    Ok(LocalActor {
        id: r.try_get("id")?,
        slug: r.try_get("slug")?,
        name: r.try_get("name")?,
        kind: ActorKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("actor kind {kind}")))?,
        description: r.try_get("description")?,
        skills: skills.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect(),
        neighbourhood: r.try_get("neighbourhood")?,
        location: match (lat, lon) {
            (Some(lat), Some(lon)) => Coordinates::new(lat, lon).ok(),
            _ => None,
        },
        email: r.try_get("email")?,
        phone: r.try_get("phone")?,
        website: r.try_get("website")?,
        visibility: Visibility::parse(&visibility)
            .ok_or_else(|| StoreError::Corrupt(format!("actor visibility {visibility}")))?,
        hub_id: r.try_get("hub_id")?,
        verified_at: r.try_get("verified_at")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

async fn actor_in(tx: &mut Tx, id: i64) -> Result<LocalActor> {
    let sql = format!("SELECT {ACTOR_COLUMNS} FROM actors WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut **tx).await?.ok_or(StoreError::NotFound)?;
    actor_row(&row)
}

/// Locks the actor's row and counts its owners other than `account_id`.
async fn other_owners(tx: &mut Tx, actor_id: i64, account_id: i64) -> Result<i64> {
    let lock = format!("SELECT id FROM actors WHERE id = $1{}", E::ROW_LOCK);
    sqlx::query(&lock).bind(actor_id).fetch_optional(&mut **tx).await?.ok_or(StoreError::NotFound)?;
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM actor_members WHERE actor_id = $1 AND role = 'owner' AND account_id <> $2",
    )
    .bind(actor_id)
    .bind(account_id)
    .fetch_one(&mut **tx)
    .await?)
}

/// `$1`…`$14`: the draft's columns in table order, then `now`.
fn bind_actor<'q>(
    q: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
    d: &'q ActorDraft,
    now: i64,
) -> sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>> {
    q.bind(&d.slug)
        .bind(&d.name)
        .bind(d.kind.as_str())
        .bind(&d.description)
        .bind(d.skills.join("\n"))
        .bind(&d.neighbourhood)
        .bind(d.location.map(|c| c.lat()))
        .bind(d.location.map(|c| c.lon()))
        .bind(&d.email)
        .bind(&d.phone)
        .bind(&d.website)
        .bind(d.visibility.as_str())
        .bind(d.hub_id)
        .bind(now)
}

/// The stems an actor is found by: name, description, skills, neighbourhood.
fn actor_search_doc(d: &ActorDraft) -> String {
    let text = format!("{} {} {} {}", d.name, d.description, d.skills.join(" "), d.neighbourhood);
    portineria_domain::text::stems(&text).join(" ")
}

fn actor_detail(d: &ActorDraft) -> serde_json::Value {
    serde_json::json!({"name": d.name, "kind": d.kind.as_str(), "visibility": d.visibility.as_str()})
}

#[portineria_store::async_trait]
impl portineria_store::ActorStore for E {
    async fn create_actor(&self, who: &Who, creator: i64, d: &ActorDraft, now: i64) -> Result<LocalActor> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "INSERT INTO actors (slug, name, kind, description, skills, neighbourhood, lat, lon, email, phone, \
             website, visibility, hub_id, created_at, updated_at, search_doc) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) RETURNING {ACTOR_COLUMNS}"
        );
        let row = bind_actor(sqlx::query(&sql), d, now)
            .bind(actor_search_doc(d))
            .fetch_one(&mut *tx)
            .await
            .map_err(conflict_on_unique("actor-name-taken"))?;
        let actor = actor_row(&row)?;
        sqlx::query("INSERT INTO actor_members (actor_id, account_id, role) VALUES ($1, $2, 'owner')")
            .bind(actor.id)
            .bind(creator)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, who, "actor.create", "actor", Some(actor.id), d.hub_id, actor_detail(d)).await?;
        tx.commit().await?;
        Ok(actor)
    }

    async fn update_actor(&self, who: &Who, id: i64, d: &ActorDraft, now: i64) -> Result<LocalActor> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "UPDATE actors SET slug = $1, name = $2, kind = $3, description = $4, skills = $5, neighbourhood = $6, \
             lat = $7, lon = $8, email = $9, phone = $10, website = $11, visibility = $12, hub_id = $13, \
             updated_at = $14, search_doc = $16 WHERE id = $15 RETURNING {ACTOR_COLUMNS}"
        );
        let row = bind_actor(sqlx::query(&sql), d, now)
            .bind(id)
            .bind(actor_search_doc(d))
            .fetch_optional(&mut *tx)
            .await
            .map_err(conflict_on_unique("actor-name-taken"))?
            .ok_or(StoreError::NotFound)?;
        let actor = actor_row(&row)?;
        audit(&mut tx, who, "actor.update", "actor", Some(id), d.hub_id, actor_detail(d)).await?;
        tx.commit().await?;
        Ok(actor)
    }

    async fn actor(&self, id: i64) -> Result<Option<LocalActor>> {
        let sql = format!("SELECT {ACTOR_COLUMNS} FROM actors WHERE id = $1");
        let row = sqlx::query(&sql).bind(id).fetch_optional(self.reader()).await?;
        row.as_ref().map(actor_row).transpose()
    }

    async fn actor_by_slug(&self, slug: &str) -> Result<Option<LocalActor>> {
        let sql = format!("SELECT {ACTOR_COLUMNS} FROM actors WHERE slug = $1");
        let row = sqlx::query(&sql).bind(slug).fetch_optional(self.reader()).await?;
        row.as_ref().map(actor_row).transpose()
    }

    async fn list_actors(&self, q: &ActorQuery) -> Result<Vec<LocalActor>> {
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!("SELECT {ACTOR_COLUMNS} FROM actors WHERE id > "));
        qb.push_bind(q.after.unwrap_or(0));
        if let Some(kind) = q.kind {
            qb.push(" AND kind = ").push_bind(kind.as_str());
        }
        if q.verified_only {
            qb.push(" AND verified_at IS NOT NULL");
        }
        for t in &q.terms {
            qb.push(" AND (' ' || search_doc) LIKE ").push_bind(format!("% {t}%"));
        }
        qb.push(" AND (visibility IN ('', ");
        {
            let mut list = qb.separated(", ");
            for v in &q.visibilities {
                list.push_bind(v.as_str());
            }
        }
        qb.push(")");
        if let Some(member) = q.member {
            qb.push(" OR id IN (SELECT actor_id FROM actor_members WHERE account_id = ").push_bind(member).push(")");
        }
        qb.push(") ORDER BY id LIMIT ").push_bind(i64::from(q.limit.max(1)));
        let rows = qb.build().fetch_all(self.reader()).await?;
        rows.iter().map(actor_row).collect()
    }

    async fn set_actor_verified(&self, who: &Who, id: i64, verified: bool, now: i64) -> Result<LocalActor> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("UPDATE actors SET verified_at = $1, verified_by = $2 WHERE id = $3")
            .bind(verified.then_some(now))
            .bind(if verified { who.account_id } else { None })
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let actor = actor_in(&mut tx, id).await?;
        let action = if verified { "actor.verify" } else { "actor.unverify" };
        audit(&mut tx, who, action, "actor", Some(id), actor.hub_id, serde_json::json!({})).await?;
        tx.commit().await?;
        Ok(actor)
    }

    async fn actor_members(&self, actor_id: i64) -> Result<Vec<ActorMember>> {
        let rows = sqlx::query(
            "SELECT m.account_id, a.display_name, m.role FROM actor_members m JOIN accounts a ON a.id = m.account_id \
             WHERE m.actor_id = $1 ORDER BY CASE m.role WHEN 'owner' THEN 0 ELSE 1 END, a.display_name, m.account_id",
        )
        .bind(actor_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ActorMember {
                    account_id: r.try_get("account_id")?,
                    display_name: r.try_get("display_name")?,
                    role: r.try_get("role")?,
                })
            })
            .collect()
    }

    async fn set_actor_member(&self, who: &Who, actor_id: i64, account_id: i64, role: &str) -> Result<()> {
        if !matches!(role, "owner" | "member") {
            return Err(StoreError::Conflict("actor-role"));
        }
        let mut tx = self.begin_write().await?;
        // Locks the actor (NotFound if there is none) before counting.
        let others = other_owners(&mut tx, actor_id, account_id).await?;
        let current: Option<String> =
            sqlx::query_scalar("SELECT role FROM actor_members WHERE actor_id = $1 AND account_id = $2")
                .bind(actor_id)
                .bind(account_id)
                .fetch_optional(&mut *tx)
                .await?;
        if role == "member" && current.as_deref() == Some("owner") && others == 0 {
            return Err(StoreError::Conflict("actor-last-owner"));
        }
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "INSERT INTO actor_members (actor_id, account_id, role) VALUES ($1, $2, $3) \
             ON CONFLICT (actor_id, account_id) DO UPDATE SET role = excluded.role",
        )
        .bind(actor_id)
        .bind(account_id)
        .bind(role)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            who,
            "actor.member",
            "actor",
            Some(actor_id),
            None,
            serde_json::json!({"account": account_id, "role": role}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn remove_actor_member(&self, who: &Who, actor_id: i64, account_id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM actor_members WHERE actor_id = $1 AND account_id = $2")
                .bind(actor_id)
                .bind(account_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(role) = role else { return Err(StoreError::NotFound) };
        if role == "owner" && other_owners(&mut tx, actor_id, account_id).await? == 0 {
            return Err(StoreError::Conflict("actor-last-owner"));
        }
        sqlx::query("DELETE FROM actor_members WHERE actor_id = $1 AND account_id = $2")
            .bind(actor_id)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            who,
            "actor.member.remove",
            "actor",
            Some(actor_id),
            None,
            serde_json::json!({"account": account_id}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn account_actors(&self, account_id: i64) -> Result<Vec<(LocalActor, String)>> {
        let sql = format!(
            "SELECT {ACTOR_COLUMNS}, (SELECT role FROM actor_members m WHERE m.actor_id = actors.id \
             AND m.account_id = $1) AS member_role FROM actors \
             WHERE id IN (SELECT actor_id FROM actor_members WHERE account_id = $1) ORDER BY name, id"
        );
        let rows = sqlx::query(&sql).bind(account_id).fetch_all(self.reader()).await?;
        rows.iter().map(|r| Ok((actor_row(r)?, r.try_get("member_role")?))).collect()
    }
}
