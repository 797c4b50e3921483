//! The two conversions between JSON text values and engine values that the rule input's
//! builders (`input`, `holders`) share.

use regorus::Value;

pub(super) fn s(v: &str) -> Value {
    Value::from(v)
}

pub(super) fn str_of(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        _ => None,
    }
}
