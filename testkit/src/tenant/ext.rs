//! Plants for the EXT rules: violations next to clean look-alikes.
//!
//! Every guest starts as `g.guest()` (accepted, user sponsor, signed in 5 days ago) and is then
//! bent into the case it plants; none holds a role. Ages are measured from `FETCHED_AT`.

use serde_json::json;

use super::{days_from_now, guid, Gen};

pub fn plant(g: &mut Gen) {
    let sponsor = guid("user:sponsor");

    // EXT001: a guest with no sponsor, otherwise clean (accepted, signed in recently).
    let nico = g.guest("ext-nico", "Nico No-Sponsor", &sponsor);
    g.user_mut(&nico)["sponsors"] = json!([]);
    g.expect("EXT001", &nico);

    // EXT002 (inactive): last sign-in 200 days ago.
    let stella = g.guest("ext-stella", "Stella Stale", &sponsor);
    age(g, &stella, -400, -400);
    sign_in(g, &stella, Some(-200));
    g.expect("EXT002", &stella);

    // EXT002 (invitation pending): invited 45 days ago, never redeemed, never signed in.
    let paula = g.guest("ext-paula", "Paula Pending", &sponsor);
    pending(g, &paula, -45);
    g.expect("EXT002", &paula);

    // EXT002 (never signed in): accepted 120 days ago, no sign-in since.
    let nora = g.guest("ext-nora", "Nora Never-Signed-In", &sponsor);
    age(g, &nora, -120, -120);
    sign_in(g, &nora, None);
    g.expect("EXT002", &nora);

    // Look-alikes that must not fire.
    // A guest sponsored only by a group: a group is a sponsor.
    let gabe = g.guest("ext-gabe", "Gabe Group-Sponsored", &sponsor);
    g.user_mut(&gabe)["sponsors"] = json!([{
        "@odata.type": "#microsoft.graph.group", "id": guid("group:guest-sponsors"), "displayName": "Guest sponsors"
    }]);
    // An invitation sent 10 days ago, not redeemed yet: too young to be stale.
    let penny = g.guest("ext-penny", "Penny Pending-Recent", &sponsor);
    pending(g, &penny, -10);
    // A guest who signed in 20 days ago.
    let rosa = g.guest("ext-rosa", "Rosa Recent", &sponsor);
    sign_in(g, &rosa, Some(-20));
    // Created 300 days ago, accepted the invitation 5 days ago, no sign-in recorded yet.
    let abel = g.guest("ext-abel", "Abel Accepted-Recently", &sponsor);
    age(g, &abel, -300, -5);
    sign_in(g, &abel, None);
    // A disabled guest with no sponsor, last seen 300 days ago: already contained.
    let dora = g.guest("ext-dora", "Dora Disabled-Guest", &sponsor);
    {
        let u = g.user_mut(&dora);
        u["accountEnabled"] = json!(false);
        u["sponsors"] = json!([]);
    }
    age(g, &dora, -500, -500);
    sign_in(g, &dora, Some(-300));
    // A member with no sponsor: sponsors are for guests.
    g.member("ext-mona", "Mona Member-No-Sponsor");
}

/// Sets when the account was created and when its invitation state last changed.
fn age(g: &mut Gen, id: &str, created: i64, state_changed: i64) {
    let u = g.user_mut(id);
    u["createdDateTime"] = json!(days_from_now(created));
    u["externalUserStateChangeDateTime"] = json!(days_from_now(state_changed));
}

/// Makes the guest an invitation sent `days` ago (negative) and never redeemed.
fn pending(g: &mut Gen, id: &str, days: i64) {
    g.user_mut(id)["externalUserState"] = json!("PendingAcceptance");
    age(g, id, days, days);
    sign_in(g, id, None);
}

/// Last sign-in `days` ago (negative), or `None` for never.
fn sign_in(g: &mut Gen, id: &str, days: Option<i64>) {
    let upn = g.user_mut(id)["userPrincipalName"]
        .as_str()
        .expect("guests have a UPN")
        .to_string();
    g.sign_in(id, &upn, days.map(days_from_now));
}
