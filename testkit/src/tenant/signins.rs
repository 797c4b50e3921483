//! Filler sign-ins for scale runs (`Sizes::sign_ins`): clean, successful interactive sign-ins
//! of the filler members, spread over the seven days before the tenant's clock, newest first
//! as Graph lists them. Made lazily, one at a time, when the tenant is written.

use serde_json::{json, Value};

use super::{days_from_now, guid, Gen, Sizes};

/// Seconds in the seven days the filler covers.
const SPAN: usize = 7 * 24 * 3600;

/// Registers `sizes.sign_ins` filler sign-ins (none: no `signIns` collection is added).
pub fn filler(g: &mut Gen, sizes: &Sizes) {
    let n = sizes.sign_ins;
    if n == 0 {
        return;
    }
    let users = sizes.users.max(1);
    let marker = g.lazy(n, move |i| sign_in(i, n, users));
    g.push("signIns", marker);
}

/// The `i`th of `n` sign-ins (0 the newest), by filler member `i % users`.
fn sign_in(i: usize, n: usize, users: usize) -> Value {
    let key = format!("member{:06}", i % users);
    let upn = format!("{key}@contoso.example");
    // Evenly spaced back from the clock, so the list is newest first.
    let back = (i as u128 * SPAN as u128 / n as u128) as i64;
    let at = before_clock(back);
    json!({
        "id": guid(&format!("signin:{i}")), "createdDateTime": at,
        "userId": guid(&format!("user:{key}")), "userDisplayName": format!("Member {:06}", i % users),
        "userPrincipalName": upn,
        "appId": "00000003-0000-0ff1-ce00-000000000000", "appDisplayName": "Office 365 SharePoint Online",
        "ipAddress": format!("198.51.100.{}", i % 250 + 1), "clientAppUsed": "Browser",
        "correlationId": guid(&format!("signin-corr:{i}")), "isInteractive": true,
        "conditionalAccessStatus": "success",
        "appliedConditionalAccessPolicies": [{
            "id": guid("ca:require-mfa"), "displayName": "Require MFA for all users",
            "enforcedGrantControls": ["Mfa"], "enforcedSessionControls": [], "result": "success"
        }],
        "status": {"errorCode": 0, "failureReason": "Other.", "additionalDetails": null},
        "location": {"city": "Seattle", "state": "Washington", "countryOrRegion": "US",
                     "geoCoordinates": {"altitude": null, "latitude": 47.6, "longitude": -122.3}},
        "deviceDetail": {"deviceId": "", "displayName": "", "operatingSystem": "Windows10",
                         "browser": "Edge 131.0.0", "isCompliant": false, "isManaged": false, "trustType": ""},
        "riskDetail": "none", "riskLevelAggregated": "none", "riskLevelDuringSignIn": "none",
        "riskState": "none", "riskEventTypes_v2": [],
        "resourceDisplayName": "Office 365 SharePoint Online",
        "resourceId": "00000003-0000-0ff1-ce00-000000000000"
    })
}

/// The tenant's clock (`FETCHED_AT`, 09:00 UTC) less `secs` seconds.
fn before_clock(secs: i64) -> String {
    let day_secs = 9 * 3600 - secs;
    let days = day_secs.div_euclid(86_400);
    let rest = day_secs.rem_euclid(86_400);
    let date = days_from_now(days);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        &date[..10],
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filler_sign_ins_are_newest_first_within_seven_days() {
        let a = sign_in(0, 1000, 10);
        let b = sign_in(999, 1000, 10);
        assert_eq!(a["createdDateTime"], days_from_now(0));
        let (ta, tb) = (
            a["createdDateTime"].as_str().unwrap_or(""),
            b["createdDateTime"].as_str().unwrap_or(""),
        );
        assert!(tb < ta && tb > days_from_now(-7).as_str(), "{tb}");
        assert_eq!(before_clock(9 * 3600 + 1), "2026-11-19T23:59:59Z");
        assert_eq!(before_clock(0), super::super::FETCHED_AT);
    }
}
