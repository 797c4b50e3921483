// govlint patch 77: certificate policy validation as Go's `policiesValid` (crypto/x509, Go 1.24
// and later: RFC 5280 6.1 as updated by RFC 9618), which OPA 1.20.2 applies to every candidate
// chain: a chain whose CA requires an explicit policy fails unless a policy runs from that CA
// to the leaf.
// govlint patch 113: policy mappings (6.1.4 (b)) as Go applies them: a CA's mapping gives a
// policy of its own the policies it stands for below it, a mapping from or to anyPolicy fails
// the chain, and once mapping is inhibited a mapped policy is dropped instead.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

const ANY_POLICY: &str = "2.5.29.32.0";

/// What policy validation reads of a certificate.
#[derive(Default)]
pub struct Policy {
    pub self_issued: bool,
    pub policies: Vec<String>,
    /// (issuerDomainPolicy, subjectDomainPolicy), in the extension's order.
    pub mappings: Vec<(String, String)>,
    pub require_explicit: Option<u32>,
    pub inhibit_mapping: Option<u32>,
    pub inhibit_any: Option<u32>,
}

/// Whether a chain, leaf first and trust anchor last, has a valid policy path with the user's
/// initial policy set anyPolicy (OPA passes none) and no initial inhibitions.
///
/// Only the deepest level of RFC 9618's policy graph is kept: each of its nodes with its
/// expected policy set. Every node of the graph has a parent, and the ones of the first level
/// have the anchor's anyPolicy alone, so after pruning the valid policy node set of 6.1.5 (g)
/// is empty exactly when that level is; with the user's set anyPolicy that is all the outcome
/// reads of the graph.
pub fn valid(chain: &[&Policy]) -> bool {
    if chain.len() <= 1 {
        return true;
    }
    let n = chain.len() - 1;
    let start = u32::try_from(n + 1).unwrap_or(u32::MAX);
    let (mut explicit, mut mapping, mut inhibit_any) = (start, start, start);
    // Policy → its expected policy set; `None` is RFC 5280's NULL graph.
    let mut graph: Option<BTreeMap<&str, Vec<&str>>> =
        Some(BTreeMap::from([(ANY_POLICY, alloc::vec![ANY_POLICY])]));
    for i in (0..n).rev() {
        let cert = chain[i];
        // 6.1.3 (e), (f)
        if cert.policies.is_empty() {
            graph = None;
        }
        if explicit == 0 && graph.is_none() {
            return false;
        }
        if let Some(prev) = graph.take() {
            // 6.1.3 (d) (1): a policy whose parent expects it, else anyPolicy's child.
            let prev_any = prev.contains_key(ANY_POLICY);
            let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for p in cert.policies.iter().map(String::as_str) {
                if p != ANY_POLICY && (prev_any || prev.values().any(|e| e.contains(&p))) {
                    next.insert(p, alloc::vec![p]);
                }
            }
            // 6.1.3 (d) (2): anyPolicy stands for every policy expected above.
            let has_any = cert.policies.iter().any(|p| p == ANY_POLICY);
            if has_any && (inhibit_any > 0 || (i > 0 && cert.self_issued)) {
                for e in prev.values().flatten() {
                    next.entry(e).or_insert_with(|| alloc::vec![*e]);
                }
            }
            // 6.1.4 (b), for the CAs.
            if i != 0 && !cert.mappings.is_empty() {
                if mapping > 0 {
                    if cert
                        .mappings
                        .iter()
                        .any(|(from, to)| from == ANY_POLICY || to == ANY_POLICY)
                    {
                        return false;
                    }
                    let mut mapped: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
                    for (from, to) in &cert.mappings {
                        mapped.entry(from).or_default().push(to);
                    }
                    for (from, to) in mapped {
                        if let Some(expected) = next.get_mut(from) {
                            *expected = to;
                        } else if next.contains_key(ANY_POLICY) {
                            next.insert(from, to);
                        }
                    }
                } else {
                    for (from, _) in &cert.mappings {
                        next.remove(from.as_str());
                    }
                }
            }
            graph = Some(next);
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
    // 6.1.5 (a), (b), then (g)
    explicit = explicit.saturating_sub(1);
    if chain[0].require_explicit == Some(0) {
        explicit = 0;
    }
    explicit > 0 || graph.is_some_and(|g| !g.is_empty())
}
