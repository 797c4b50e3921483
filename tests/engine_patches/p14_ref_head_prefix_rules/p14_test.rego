package p14_test

# Two rules build `exempt.<app>.reasons`: a generic one with a variable in its head and one
# naming a single app. A lookup of one app's reasons must see the members from both, as OPA
# does, not only those of the rule whose head spells the path out.
apps := {"a1": {"owner": "x"}, "a2": {"owner": null}}

exempt[app].reasons contains "no owner" if {
	some app, a in apps
	a.owner == null
}

exempt.a2.reasons contains "break-glass"

exempt.a1.reasons contains "pilot"

test_specific_lookup_sees_the_generic_rule if exempt.a2.reasons["no owner"]

test_specific_lookup_sees_its_own_rule if exempt.a2.reasons["break-glass"]

test_whole_set_from_both_rules if exempt.a2.reasons == {"no owner", "break-glass"}

test_other_key_has_only_its_own if exempt.a1.reasons == {"pilot"}

test_through_data_ref if data.p14_test.exempt.a2.reasons["no owner"]

test_absent_member_still_undefined if not exempt.a1.reasons["no owner"]
