//! Properties over generated inputs: lint findings do not depend on the order in which Graph
//! returned the objects of a collection.

mod common;

use std::collections::BTreeSet;

use govlint::engine::Selection;
use govlint_testkit::tenant;
use proptest::prelude::*;
use serde_json::Value;

/// Fisher-Yates driven by a small LCG so one proptest-generated seed fixes the whole permutation.
fn shuffle(items: &mut [Value], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = ((*seed >> 33) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

fn findings(snapshot: &Value) -> BTreeSet<(String, String)> {
    let snap = govlint::snapshot::parse("demo", &snapshot.to_string()).expect("valid snapshot");
    let linter = common::demo_linter();
    let rules = linter.select(&Selection::default()).expect("all rules");
    common::lint_complete(&linter, &snap, &rules)
        .findings
        .into_iter()
        .map(|f| (f.rule, f.fingerprint))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn findings_do_not_depend_on_collection_order(seed in any::<u64>()) {
        let (demo, _) = tenant::demo();
        let expected = findings(&demo);
        let mut shuffled = demo.clone();
        let mut state = seed;
        for collection in shuffled["collections"].as_object_mut().expect("collections").values_mut() {
            if let Some(items) = collection.get_mut("items").and_then(Value::as_array_mut) {
                shuffle(items, &mut state);
            }
        }
        prop_assert_eq!(findings(&shuffled), expected);
    }
}
