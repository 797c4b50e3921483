// govlint patch 77: certificate policy validation as Go's `policiesValid` (crypto/x509, Go 1.24
// and later: RFC 5280 6.1 as updated by RFC 9618), which OPA 1.20.2 applies to every candidate
// chain: a chain whose CA requires an explicit policy fails unless a policy runs from that CA
// to the leaf. Policy mappings are not modelled: a chain with a policyMappings extension is
// accepted as before this patch (a known difference, never a refusal OPA does not make).

use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

const ANY_POLICY: &str = "2.5.29.32.0";

/// What policy validation reads of a certificate.
#[derive(Default)]
pub struct Policy {
    pub self_issued: bool,
    pub policies: Vec<String>,
    pub has_mappings: bool,
    pub require_explicit: Option<u32>,
    pub inhibit_mapping: Option<u32>,
    pub inhibit_any: Option<u32>,
}

/// Whether a chain, leaf first and trust anchor last, has a valid policy path with the user's
/// initial policy set anyPolicy (OPA passes none) and no initial inhibitions.
pub fn valid(chain: &[&Policy]) -> bool {
    if chain.len() <= 1 {
        return true;
    }
    let n = chain.len() - 1;
    if chain[..n].iter().any(|c| c.has_mappings) {
        return true;
    }
    let start = u32::try_from(n + 1).unwrap_or(u32::MAX);
    let (mut explicit, mut mapping, mut inhibit_any) = (start, start, start);
    // The graph's nodes at the current depth (policies, and whether anyPolicy is one); `None`
    // is RFC 5280's NULL tree. Without mappings a node's expected set is its own policy.
    let mut graph: Option<(BTreeSet<&str>, bool)> = Some((BTreeSet::new(), true));
    for i in (0..n).rev() {
        let cert = chain[i];
        // 6.1.3 (e), (f)
        if cert.policies.is_empty() {
            graph = None;
        }
        if explicit == 0 && graph.is_none() {
            return false;
        }
        // 6.1.3 (d)
        if let Some((prev, prev_any)) = graph.take() {
            let mut next: BTreeSet<&str> = cert
                .policies
                .iter()
                .map(String::as_str)
                .filter(|p| *p != ANY_POLICY && (prev_any || prev.contains(p)))
                .collect();
            let mut next_any = false;
            let has_any = cert.policies.iter().any(|p| p == ANY_POLICY);
            if has_any && (inhibit_any > 0 || (i > 0 && cert.self_issued)) {
                next.extend(prev.iter().copied());
                next_any = prev_any;
            }
            if !next.is_empty() || next_any {
                graph = Some((next, next_any));
            }
        }
        // 6.1.4 (h), (i), (j), for the CAs
        if i != 0 {
            if !cert.self_issued {
                explicit = explicit.saturating_sub(1);
                mapping = mapping.saturating_sub(1);
                inhibit_any = inhibit_any.saturating_sub(1);
            }
            if let Some(r) = cert.require_explicit {
                explicit = explicit.min(r);
            }
            if let Some(m) = cert.inhibit_mapping {
                mapping = mapping.min(m);
            }
            if let Some(a) = cert.inhibit_any {
                inhibit_any = inhibit_any.min(a);
            }
        }
    }
    let _ = mapping;
    // 6.1.5 (a), (b), then success
    explicit = explicit.saturating_sub(1);
    if chain[0].require_explicit == Some(0) {
        explicit = 0;
    }
    explicit > 0 || graph.is_some()
}
