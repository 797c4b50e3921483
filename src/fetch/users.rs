//! The users read (issue 14, "fetch no more than Graph needs"): one list of users with
//! `signInActivity` at 500 a page, split into `users` and `userSignInActivity`, and the
//! sponsors of guests only, from a second, small list of guests with `$expand=sponsors`
//! merged in by id. Expanding sponsors for every user capped the users pages at 100 and a
//! second full pass read the sign-in activity: about twice the requests.
//!
//! When Graph refuses `signInActivity` (no Entra ID P1/P2 licence, or no AuditLog.Read.All)
//! the users are read without it and `userSignInActivity` is recorded unavailable with what
//! it needs. The checkpoint keeps the users read's pages (with `signInActivity`, split at the
//! end) and the guests list; `userSignInActivity` is recorded done before `users`, so a
//! resumed fetch that finds `users` done finds it too.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use super::checkpoint::{Checkpoint, Entry};
use super::client::{Client, Fatal, Listed};
use super::collections::{self, Spec, SPECS};
use super::progress::Progress;
use super::raw::{self, Item, Node};
use super::{
    finish, list_resumable, read_lists, resumed_done, with_permission, with_requirements, Asked,
    Cache, Read,
};
use crate::snapshot::Gap;

const SIGN_IN: &str = "userSignInActivity";

fn sign_in_spec() -> Result<&'static Spec, Fatal> {
    SPECS
        .iter()
        .find(|s| s.name == SIGN_IN)
        .ok_or_else(|| Fatal("internal error: no userSignInActivity collection".into()))
}

/// `users` and `userSignInActivity`, from one read of the users.
pub(super) async fn read(
    client: Arc<Client>,
    spec: &'static Spec,
    cp: Option<Arc<Checkpoint>>,
    progress: &dyn Progress,
) -> Result<Vec<Read>, Fatal> {
    let start = Instant::now();
    let sia_spec = sign_in_spec()?;
    progress.started(spec.name);
    progress.started(SIGN_IN);
    let with_sign_in = Asked::of(
        spec,
        &spec
            .query
            .iter()
            .map(|(k, v)| (*k, v.to_string()))
            .collect::<Vec<_>>(),
        None,
    );
    let without = Asked::of(
        spec,
        &collections::USERS_WITHOUT_SIGN_IN
            .iter()
            .map(|(k, v)| (*k, v.to_string()))
            .collect::<Vec<_>>(),
        None,
    );
    let mut users_entry = cp.as_ref().and_then(|c| c.take(spec.name));
    let mut sia_read = match cp.as_ref().and_then(|c| c.take(SIGN_IN)) {
        Some(Entry::Done {
            collection,
            items,
            pages,
            ..
        }) => Some(resumed_done(SIGN_IN, *collection, items, pages, progress)),
        _ => None,
    };
    match (users_entry.take(), sia_read.take()) {
        (
            Some(Entry::Done {
                collection,
                items,
                pages,
                ..
            }),
            Some(sia),
        ) => {
            let users = resumed_done(spec.name, *collection, items, pages, progress);
            return Ok(vec![users, sia]);
        }
        (Some(Entry::Done { .. }), None) => {
            // Cannot happen (`userSignInActivity` is recorded first); read both again.
            if let Some(cp) = &cp {
                cp.reset(spec.name);
            }
        }
        (entry, sia) => {
            users_entry = entry;
            // Only a refusal settles the sign-in activity before the users: one read with
            // the users (a fetch killed between the two records) comes again from the users'
            // pages, which hold it, and the users were read with it, not without.
            sia_read = sia.filter(|r| r.collection.error.is_some());
        }
    }

    // The users: with `signInActivity` unless it was already refused (a resumed fallback).
    let (first, asked) = match &sia_read {
        None => (collections::query_string(spec.query), &with_sign_in),
        Some(_) => (
            collections::query_string(collections::USERS_WITHOUT_SIGN_IN),
            &without,
        ),
    };
    let url = client.url(&format!("/v1.0{}{first}", spec.path))?;
    let mut listed = list_resumable(
        &client,
        spec.name,
        url,
        users_entry,
        cp.as_ref(),
        progress,
        None,
    )
    .await?;
    if sia_read.is_none() && listed.items.is_empty() {
        if let Some(e) = listed
            .error
            .take_if(|e| matches!(e.http_status, Some(400 | 403 | 404)))
        {
            // `signInActivity` refused (no licence or permission: 403; a cloud without it:
            // 400): its collection is unavailable, the users are read without it (recorded
            // first, so a resumed fetch continues this read). Should the users be refused
            // too, they say so themselves.
            let e = with_requirements(e, sia_spec.permission, sia_spec.license);
            sia_read = Some(finish(
                sia_spec,
                &with_sign_in,
                start,
                Vec::new(),
                0,
                Some(e),
                Vec::new(),
                cp.as_deref(),
            ));
            let url = client.url(&format!(
                "/v1.0{}{}",
                spec.path,
                collections::query_string(collections::USERS_WITHOUT_SIGN_IN)
            ))?;
            if let Some(cp) = &cp {
                cp.reset(spec.name);
            }
            listed =
                list_resumable(&client, spec.name, url, None, cp.as_ref(), progress, None).await?;
            return finish_users(client, spec, &without, start, listed, sia_read, cp).await;
        }
    }
    let asked = asked.clone();
    finish_users(client, spec, &asked, start, listed, sia_read, cp).await
}

/// Splits `signInActivity` off the users (unless `sia` is already settled), adds the guests'
/// sponsors, and records both collections.
async fn finish_users(
    client: Arc<Client>,
    spec: &'static Spec,
    asked: &Asked,
    start: Instant,
    listed: Listed,
    sia: Option<Read>,
    cp: Option<Arc<Checkpoint>>,
) -> Result<Vec<Read>, Fatal> {
    let sia_spec = sign_in_spec()?;
    let Listed {
        items,
        pages,
        error,
    } = listed;
    let mut gaps = Vec::new();
    let mut users_error = None;
    if let Some(e) = error {
        let e = with_requirements(e, spec.permission, spec.license);
        if items.is_empty() {
            users_error = Some(e);
        } else {
            gaps.push(Gap {
                what: format!("pages after the first {} items", items.len()),
                error: Some(e),
            });
        }
    }
    let sia = match sia {
        Some(done) => {
            // Already recorded; the users hold no `signInActivity`.
            done
        }
        None => {
            let sia_items: Vec<Node> = items
                .iter()
                .filter_map(|u| raw::pick(u, &["id", "userPrincipalName", "signInActivity"]))
                .map(Node::from)
                .collect();
            // The same read: what the users lack, so does the sign-in activity.
            let sia_error = users_error
                .clone()
                .map(|e| with_requirements(e, sia_spec.permission, sia_spec.license));
            finish(
                sia_spec,
                asked,
                start,
                sia_items,
                0,
                sia_error,
                gaps.clone(),
                cp.as_deref(),
            )
        }
    };
    let mut users: Vec<Node> = items
        .into_iter()
        .map(|u| Node::from(raw::without_field(u, "signInActivity")))
        .collect();
    if users_error.is_none() {
        let cache: Option<Cache> = cp.clone().map(|cp| (cp, spec.name));
        gaps.extend(guest_sponsors(&client, &mut users, spec.permission, cache.as_ref()).await?);
    }
    let users = finish(
        spec,
        asked,
        start,
        users,
        pages,
        users_error,
        gaps,
        cp.as_deref(),
    );
    Ok(vec![users, sia])
}

/// Reads the guests with their sponsors expanded, the sponsors of those whose expansion filled
/// Graph's 20-item cap in full, and embeds them in `users` by id.
async fn guest_sponsors(
    client: &Arc<Client>,
    users: &mut [Node],
    permission: &'static str,
    cache: Option<&Cache>,
) -> Result<Vec<Gap>, Fatal> {
    let key = format!(
        "/v1.0/users{}",
        collections::query_string(collections::GUESTS)
    );
    let guests = read_lists(client, &[key], cache)
        .await?
        .pop()
        .unwrap_or_default();
    let mut gaps = Vec::new();
    if let Some(e) = guests.error {
        gaps.push(Gap {
            what: if guests.items.is_empty() {
                "sponsors of guests".to_string()
            } else {
                format!("sponsors of guests after the first {}", guests.items.len())
            },
            error: Some(with_permission(e, permission)),
        });
    }
    // Sponsors by guest id, as Graph expanded them.
    let mut sponsors: HashMap<String, Vec<Item>> = HashMap::with_capacity(guests.items.len());
    for g in &guests.items {
        let Some(id) = raw::id(g) else { continue };
        let list = raw::field(g, "sponsors")
            .and_then(|s| serde_json::from_str::<Vec<Item>>(s.get()).ok())
            .unwrap_or_default();
        sponsors.insert(id.into_owned(), list);
    }
    let full: Vec<String> = sponsors
        .iter()
        .filter(|(_, s)| s.len() >= collections::EXPAND_CAP)
        .map(|(id, _)| id.clone())
        .collect();
    let mut full = full;
    full.sort();
    let kid = &collections::USER_SPONSORS;
    let keys: Vec<String> = full
        .iter()
        .map(|id| {
            format!(
                "/v1.0/users/{}/{}{}",
                collections::encode(id),
                kid.nav,
                collections::query_string(kid.query)
            )
        })
        .collect();
    for (id, got) in full.iter().zip(read_lists(client, &keys, cache).await?) {
        match got.error {
            Some(e) => gaps.push(Gap {
                what: format!("sponsors of user {id} beyond the first 20"),
                error: Some(with_permission(e, permission)),
            }),
            None => {
                sponsors.insert(id.clone(), got.items);
            }
        }
    }
    for u in users.iter_mut() {
        let id = raw::id(u.own()).map(|s| s.into_owned());
        if let Some(list) = id.and_then(|id| sponsors.remove(&id)) {
            u.embed(kid.nav, list.into_iter().map(Node::from).collect());
        }
    }
    Ok(gaps)
}
