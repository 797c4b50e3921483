//! Guard rails no plan can bypass: they read the request itself (never the plan's notes about
//! it) and the live tenant, at apply time.
//!
//! - never remove or downgrade the last active Global Administrator;
//! - never remove a declared emergency-access account's access (`[emergency_access]`);
//! - never more removals in one run than the cap, unless `--allow-mass-change`.

use serde_json::Value;

use super::plan::SCHEDULES;

/// The Global Administrator role template id.
pub const GLOBAL_ADMIN: &str = "62e90394-69f5-4237-9190-012177145e10";

/// Whether a request removes access or an object.
pub fn is_removal(method: &str, path: &str, body: Option<&Value>) -> bool {
    match method {
        "DELETE" => true,
        "POST" => {
            SCHEDULES.iter().any(|k| path.ends_with(k.requests))
                && body.is_some_and(|b| b["action"] == "adminRemove")
        }
        // Disabling an account takes all its access at once, roles included.
        "PATCH" => body.is_some_and(|b| b["accountEnabled"] == Value::Bool(false)),
        _ => false,
    }
}

/// Whom a removal takes access from, and whether it names the Global Administrator role
/// (`None`: the request does not say; the live object or the holders list must).
pub struct Touch {
    pub principal: Option<String>,
    pub role: Option<String>,
}

/// What a removal touches, from its path (`/v1.0/...`), body and the object as read live.
pub fn touch(path: &str, body: Option<&Value>, live: Option<&Value>) -> Touch {
    let p = path.strip_prefix("/v1.0").unwrap_or(path);
    if let Some(b) = body.filter(|_| SCHEDULES.iter().any(|k| p == k.requests)) {
        return Touch {
            principal: b["principalId"].as_str().map(str::to_string),
            role: b["roleDefinitionId"].as_str().map(str::to_string),
        };
    }
    let segs: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
    match segs.as_slice() {
        ["users", id] => Touch {
            principal: Some((*id).to_string()),
            role: None,
        },
        ["roleManagement", "directory", "roleAssignments", _] => Touch {
            principal: live.and_then(|v| v["principalId"].as_str().map(str::to_string)),
            role: live.and_then(|v| v["roleDefinitionId"].as_str().map(str::to_string)),
        },
        [.., _nav, id, "$ref"] => Touch {
            principal: Some((*id).to_string()),
            role: None,
        },
        _ => Touch {
            principal: None,
            role: None,
        },
    }
}

/// The reads that list the active Global Administrators (PIM's active instances and the
/// plain role assignments, which hold assignments made outside PIM).
pub fn holder_reads() -> [String; 2] {
    [
        format!("/v1.0/roleManagement/directory/roleAssignmentScheduleInstances?$filter=roleDefinitionId%20eq%20'{GLOBAL_ADMIN}'"),
        format!("/v1.0/roleManagement/directory/roleAssignments?$filter=roleDefinitionId%20eq%20'{GLOBAL_ADMIN}'"),
    ]
}

/// Why removing `principal`'s access would leave no active Global Administrator, given the
/// enabled users who hold the role now, directly or through a group (`None`: it would not).
/// A group or a service principal is not a holder of its own: nobody signs in as a group, and a
/// disabled account cannot sign in, so neither keeps the tenant reachable.
pub fn last_global_admin(principal: &str, holders: &[String]) -> Option<String> {
    let holds = holders.iter().any(|h| h == principal);
    let others = holders.iter().filter(|h| *h != principal).count();
    (holds && others == 0).then(|| {
        format!("{principal} is the last active Global Administrator: removing it would lock the tenant out")
    })
}

/// Whether `principal` (id) or its user principal name is a declared emergency-access account.
pub fn is_emergency(declared: &[String], principal: &str, upn: Option<&str>) -> bool {
    declared.iter().any(|d| {
        d.eq_ignore_ascii_case(principal) || upn.is_some_and(|u| d.eq_ignore_ascii_case(u))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn removals_are_read_from_the_request() {
        let rm = json!({"action": "adminRemove", "principalId": "u"});
        let add = json!({"action": "adminAssign", "principalId": "u"});
        let p = "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests";
        assert!(is_removal("POST", p, Some(&rm)));
        assert!(!is_removal("POST", p, Some(&add)));
        assert!(is_removal("DELETE", "/v1.0/users/u", None));
        assert!(!is_removal("PATCH", "/v1.0/users/u", Some(&rm)));
        let disable = json!({"accountEnabled": false});
        assert!(is_removal("PATCH", "/v1.0/users/u", Some(&disable)));
        assert!(!is_removal(
            "PATCH",
            "/v1.0/users/u",
            Some(&json!({"accountEnabled": true}))
        ));
        let t = touch(
            p,
            Some(&json!({"principalId": "u", "roleDefinitionId": GLOBAL_ADMIN})),
            None,
        );
        assert_eq!(t.principal.as_deref(), Some("u"));
        assert_eq!(t.role.as_deref(), Some(GLOBAL_ADMIN));
        let t = touch("/v1.0/groups/g/members/m/$ref", None, None);
        assert_eq!(t.principal.as_deref(), Some("m"));
    }

    #[test]
    fn the_last_holder_is_kept() {
        let one = vec!["a".to_string()];
        let two = vec!["a".to_string(), "b".to_string()];
        assert!(last_global_admin("a", &one).is_some());
        assert!(last_global_admin("a", &two).is_none());
        assert!(last_global_admin("c", &one).is_none());
        assert!(is_emergency(
            &["bg@contoso.com".into()],
            "x",
            Some("BG@contoso.com")
        ));
        assert!(!is_emergency(&["bg@contoso.com".into()], "x", None));
    }
}
