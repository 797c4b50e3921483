//! Plants for the PIM rules: violations next to clean look-alikes.

use serde_json::json;

use super::{days_from_now, Gen, Grant, GLOBAL_ADMIN, REPORTS_READER, SECURITY_ADMIN};

pub fn plant(g: &mut Gen) {
    // PIM001: Ava holds Global Administrator as a permanent standing assignment; Tom holds
    // Security Administrator standing until a date (time-bound is still standing).
    let ava = g.member("ava", "Ava Standing-Admin");
    let inst = g.grant(
        "ava-ga-standing",
        &ava,
        GLOBAL_ADMIN,
        Grant::Standing { end: json!(null) },
    );
    g.expect("PIM001", &inst);
    let tom = g.member("tom", "Tom Timebound");
    let inst = g.grant(
        "tom-secadmin-standing",
        &tom,
        SECURITY_ADMIN,
        Grant::Standing {
            end: json!(days_from_now(60)),
        },
    );
    g.expect("PIM001", &inst);
    // Look-alikes: a standing assignment of a role that is not privileged; an expired standing
    // assignment (not in effect); a service principal (cannot be made eligible).
    let rita = g.member("rita", "Rita Reports-Reader");
    g.grant(
        "rita-reports-standing",
        &rita,
        REPORTS_READER,
        Grant::Standing { end: json!(null) },
    );
    let olga = g.member("olga", "Olga Expired");
    g.grant(
        "olga-ga-expired",
        &olga,
        GLOBAL_ADMIN,
        Grant::Standing {
            end: json!(days_from_now(-3)),
        },
    );
    g.grant_to(
        "app-ga-standing",
        &super::guid("sp:automation"),
        "servicePrincipal",
        SECURITY_ADMIN,
        Grant::Standing { end: json!(null) },
    );
}
