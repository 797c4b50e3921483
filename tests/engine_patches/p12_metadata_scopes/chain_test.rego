package acme.team.checks

# Which chain the deny definitions see: each definition calls the builtins through a helper
# rule, so they are read here through rules that sit beside deny.

# METADATA
# title: chain of a plain rule
plain := rego.metadata.chain()

test_plain_rule_chain_walks_out_to_every_package_scope if {
	[p.path | some p in plain] == [
		["acme", "team", "checks", "plain"],
		["acme", "team", "checks"],
		["acme", "team"],
		["acme"],
	]
	plain[0].annotations == {"scope": "rule", "title": "chain of a plain rule"}
	plain[1].annotations.scope == "package"
	plain[1].annotations.custom.severity == "high"
	plain[2].annotations == {"scope": "subpackages", "title": "The team's rules"}
	plain[3].annotations.custom.owner == "security"
}

test_package_annotations_come_from_another_file if {
	plain[1].path == ["acme", "team", "checks"]
	plain[1].annotations.title == "Checks"
}

test_blocks_above_one_rule_nearest_first if {
	[a.annotations.title | some a in two_blocks] == ["nearer", "farther", "Checks", "The team's rules", "Everything under acme"]
	two_blocks[0].path == ["acme", "team", "checks", "two_blocks"]
	two_blocks[1].path == ["acme", "team", "checks", "two_blocks"]
}

test_rule_metadata_is_the_nearest_block_not_a_body_comment if {
	two_blocks_rule == {}
}

test_entrypoint_without_scope_is_document_scoped_and_blank_lines_do_not_detach if {
	entry[0] == {"path": ["acme", "team", "checks", "entry"]}
	entry[1].annotations == {"scope": "document", "entrypoint": true, "title": "An entrypoint"}
	entry[1].path == ["acme", "team", "checks", "entry"]
	count(entry) == 5
}

test_rule_without_block_still_leads_its_chain if {
	first_chain[0] == {"path": ["acme", "team", "checks", "first_chain"]}
	first_chain[1].path == ["acme", "team", "checks"]
	first_rule == {}
}
