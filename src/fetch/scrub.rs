//! Credential metadata without the credential: an application's or service principal's
//! `keyCredentials` and `passwordCredentials` keep what governance judges (type, usage, start
//! and end, `keyId`, `displayName`) and lose the secret material Graph may send (`key`, the
//! certificate itself when asked for; `secretText`, the secret at creation; `hint`, its first
//! characters), so no secret ever reaches a snapshot, a report or a log.

use serde_json::{Map, Value};

use super::raw::{self, Item};

/// The credential collections of applications and service principals.
const CREDENTIAL_LISTS: &[&str] = &["keyCredentials", "passwordCredentials"];

/// The credential properties kept: the `keyCredential`/`passwordCredential` metadata.
const KEPT: &[&str] = &[
    "@odata.type",
    "customKeyIdentifier",
    "displayName",
    "endDateTime",
    "keyId",
    "startDateTime",
    "type",
    "usage",
];

/// `item` with its credentials reduced to their metadata (itself when it has none).
pub fn credentials(item: Item) -> Item {
    if CREDENTIAL_LISTS
        .iter()
        .all(|k| raw::field(&item, k).is_none())
    {
        return item;
    }
    let Ok(mut v) = serde_json::from_str::<Map<String, Value>>(item.get()) else {
        return item;
    };
    for list in CREDENTIAL_LISTS {
        if let Some(Value::Array(creds)) = v.get_mut(*list) {
            for c in creds.iter_mut() {
                if let Value::Object(o) = c {
                    o.retain(|k, _| KEPT.contains(&k.as_str()));
                }
            }
        }
    }
    // An item that was an object re-serialises; should it not, nothing of it is kept rather
    // than the unscrubbed text.
    raw::to_item(&v).unwrap_or_else(|_| raw::to_item(&Map::new()).unwrap_or(item))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_material_is_dropped_and_metadata_kept() {
        let item = raw::to_item(&serde_json::json!({
            "id": "sp1",
            "passwordCredentials": [{"keyId": "k1", "displayName": "ci", "hint": "abc",
                "secretText": "s3cr3t", "startDateTime": "2026-01-01T00:00:00Z",
                "endDateTime": "2028-01-01T00:00:00Z"}],
            "keyCredentials": [{"keyId": "k2", "type": "AsymmetricX509Cert", "usage": "Verify",
                "key": "TUlJQ0lq", "endDateTime": "2027-01-01T00:00:00Z"}],
        }))
        .unwrap();
        let out = credentials(item);
        let text = out.get();
        for secret in ["s3cr3t", "abc", "TUlJQ0lq", "secretText", "hint", "\"key\""] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(v["passwordCredentials"][0]["keyId"], "k1");
        assert_eq!(v["passwordCredentials"][0]["displayName"], "ci");
        assert_eq!(v["keyCredentials"][0]["type"], "AsymmetricX509Cert");
        assert_eq!(
            v["keyCredentials"][0]["endDateTime"],
            "2027-01-01T00:00:00Z"
        );
        assert_eq!(v["id"], "sp1");
    }

    #[test]
    fn items_without_credentials_are_untouched() {
        let item = raw::to_item(&serde_json::json!({"id": "x", "displayName": "y"})).unwrap();
        let text = item.get().to_string();
        assert_eq!(credentials(item).get(), text);
    }
}
