//! Connected organisations: sponsors and the external users who come from them.

use std::collections::BTreeMap;

use regorus::Value;

use super::assignments::target_id;
use super::fields::{arr, eq_ci, get, odata_kind, s};
use super::index::{find, Ctx, Miss, ASSIGNMENTS, CONNECTED_ORGS, USERS};
use super::view::{col, Cell, Ref, Table, View};

/// The domain of a user's mail (or, for guests, of the address encoded in the UPN).
fn user_domain(u: &Value) -> Option<String> {
    if let Some(m) = s(u, "mail") {
        return m.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase());
    }
    let upn = s(u, "userPrincipalName")?;
    let local = upn.split("#EXT#").next()?;
    local.rsplit_once('_').map(|(_, d)| d.to_ascii_lowercase())
}

fn source_text(src: &Value) -> String {
    let kind = odata_kind(src).unwrap_or("identitySource");
    let what = s(src, "domainName")
        .or_else(|| s(src, "tenantId"))
        .unwrap_or_default();
    match s(src, "displayName") {
        Some(n) if n != what => format!("{kind} {what} ({n})"),
        _ => format!("{kind} {what}"),
    }
}

/// `show connected-org NAME`.
pub fn one(ctx: &Ctx, name: &str) -> Result<View, Miss> {
    let org = find(
        ctx.items(CONNECTED_ORGS),
        name,
        &["displayName"],
        "connected organization",
        "the connectedOrganizations collection of the snapshot lists them",
    )?;
    let id = s(org, "id").unwrap_or_default();
    let oref = Ref::new(id, s(org, "displayName").map(str::to_string));
    let mut v = View {
        query: format!("show connected-org {name}"),
        title: format!("Connected organization {}", oref.name_or_marker()),
        object_key: Some("connectedOrganization"),
        ..View::default()
    };
    v.field("id", "Id", id);
    v.field("displayName", "Name", Cell::opt(s(org, "displayName")));
    v.field(
        "description",
        "Description",
        Cell::opt(s(org, "description")),
    );
    v.field("state", "State", Cell::opt(s(org, "state")));
    let sources: Vec<String> = arr(org, "identitySources")
        .iter()
        .map(source_text)
        .collect();
    v.field(
        "identitySources",
        "Identity sources",
        if sources.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(sources.join("; "))
        },
    );
    v.field(
        "createdDateTime",
        "Created",
        Cell::opt(s(org, "createdDateTime")),
    );

    let mut sponsors = Table::new(
        "sponsors",
        "Sponsors",
        &[
            col("kind", "KIND"),
            col("sponsor", "SPONSOR"),
            col("type", "TYPE"),
        ],
    );
    let mut counts = [0usize; 2];
    for (i, (key, kind)) in [
        ("internalSponsors", "internal"),
        ("externalSponsors", "external"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut list: Vec<Ref> = arr(org, key)
            .iter()
            .filter_map(|sp| {
                let id = s(sp, "id")?;
                Some(ctx.principal(id, Some(sp)))
            })
            .collect();
        list.sort_by_key(|r| (r.name_or_marker().to_lowercase(), r.id.clone()));
        counts[i] = list.len();
        for r in list {
            let kind_of = r.kind.clone();
            sponsors.push(vec![kind.into(), r.into(), Cell::opt(kind_of.as_deref())]);
        }
    }

    // External users: assignment targets from this organisation, and guests whose address is
    // in one of its domains.
    let domains: Vec<String> = arr(org, "identitySources")
        .iter()
        .filter_map(|src| s(src, "domainName"))
        .map(str::to_ascii_lowercase)
        .collect();
    let mut users: BTreeMap<String, (Ref, Vec<&str>)> = BTreeMap::new();
    for a in ctx.items(ASSIGNMENTS) {
        let t = get(a, "target");
        let from_org = s(get(t, "connectedOrganization"), "id")
            .or_else(|| s(t, "connectedOrganizationId"))
            .is_some_and(|o| eq_ci(o, id));
        if let (true, Some(uid)) = (from_org, target_id(a)) {
            let e = users
                .entry(uid.to_ascii_lowercase())
                .or_insert_with(|| (ctx.principal(uid, Some(t)), Vec::new()));
            if !e.1.contains(&"access package assignment") {
                e.1.push("access package assignment");
            }
        }
    }
    if !domains.is_empty() {
        for u in ctx.items(USERS) {
            let guest = s(u, "userType").is_some_and(|t| eq_ci(t, "Guest"));
            let Some(uid) = s(u, "id") else { continue };
            if guest && user_domain(u).is_some_and(|d| domains.contains(&d)) {
                let e = users
                    .entry(uid.to_ascii_lowercase())
                    .or_insert_with(|| (ctx.principal(uid, None), Vec::new()));
                e.1.push("guest in the organization's domain");
            }
        }
    }
    let mut external = Table::new(
        "externalUsers",
        "External users",
        &[
            col("user", "USER"),
            col("userPrincipalName", "USER PRINCIPAL NAME"),
            col("via", "FOUND BY"),
        ],
    );
    let mut rows: Vec<(Ref, Vec<&str>)> = users.into_values().collect();
    rows.sort_by_key(|(r, _)| (r.name_or_marker().to_lowercase(), r.id.clone()));
    for (r, via) in rows {
        let upn = r.upn.clone();
        external.push(vec![
            r.into(),
            Cell::opt(upn.as_deref()),
            Cell::Text(via.join(", ")),
        ]);
    }
    let n_ext = external.rows.len();
    v.tables.push(sponsors);
    v.tables.push(external);
    v.count("internalSponsors", "internal sponsors", counts[0]);
    v.count("externalSponsors", "external sponsors", counts[1]);
    v.count("externalUsers", "external users", n_ext);
    Ok(ctx.finish(v))
}
