package acme.team.checks

# METADATA
# title: Deny, as a whole
# scope: document
deny contains "first" if input.first

# METADATA
# title: The second definition
deny contains "second" if input.second

# METADATA
# title: farther

# METADATA
# title: nearer

two_blocks := rego.metadata.chain()

two_blocks_rule := rego.metadata.rule() if {
	# METADATA
	# title: a comment inside a body is not a block
	true
}

# METADATA
# entrypoint: true
# title: An entrypoint

entry := rego.metadata.chain()

first_chain := rego.metadata.chain()

first_rule := rego.metadata.rule()
