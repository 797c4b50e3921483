package acme.team.checks

# A document-scoped block applies to every definition of the rule, here through a function
# named like no rule, so the chain entries of `deny` are read by a sibling with the same path
# prefix: `report` below is one document with two definitions.

# METADATA
# title: report, as a whole
# scope: document
report contains rego.metadata.chain() if input.a

# METADATA
# title: the b definition
report contains rego.metadata.chain() if input.b

report contains rego.metadata.rule() if input.c

test_document_scope_on_the_first_definition if {
	some c in report with input.a as true
	[e.annotations.title | some e in c] == [
		"report, as a whole", "Checks", "The team's rules", "Everything under acme",
	]
	c[0] == {"path": ["acme", "team", "checks", "report"]}
}

test_document_scope_reaches_the_other_definitions if {
	some c in report with input.b as true
	[e.annotations.scope | some e in c] == ["rule", "document", "package", "subpackages", "subpackages"]
	c[0].annotations.title == "the b definition"
	c[1].annotations.title == "report, as a whole"
}

test_rule_metadata_ignores_the_document_scope if {
	report == {{}} with input.c as true
}
