# METADATA
# title: Package title
# description: annotations of the package
package p10_test

# METADATA
# title: My rule
# custom:
#   severity: high
deny contains msg if {
	input.bad
	md := rego.metadata.rule()
	msg := sprintf("%s (%s)", [md.title, md.custom.severity])
}

# METADATA
# title: A function
# custom:
#   id: F1
describe(x) := [rego.metadata.rule().custom.id, x]

# A plain comment is not metadata.
plain := rego.metadata.rule()

# METADATA
# title: Chained
chained := rego.metadata.chain()

test_rule_metadata if deny == {"My rule (high)"} with input.bad as true

test_a_test_without_a_block_has_none if {
	md := rego.metadata.rule()
	md == {}
}

test_function_sees_its_own_annotations if describe(1) == ["F1", 1]

test_no_block_gives_empty_object if plain == {}

test_chain_is_rule_then_package if {
	chained[0].path == ["p10_test", "chained"]
	chained[0].annotations == {"scope": "rule", "title": "Chained"}
	chained[1].path == ["p10_test"]
	chained[1].annotations.scope == "package"
	chained[1].annotations.title == "Package title"
	count(chained) == 2
}
