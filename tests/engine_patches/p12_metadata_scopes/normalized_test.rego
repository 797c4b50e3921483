package acme.normalized

# What Rego sees is the annotations as OPA reads them, not the YAML as written: authors and
# related resources in one shape, schema references split into parts, unknown keys, a false
# entrypoint and empty lists dropped.

# METADATA
# title: Normalised
# authors:
# - Jane Q. Doe <jane@example.com>
# - name: John
# - <only@example.com>
# related_resources:
# - https://example.com/doc
# - ref: https://example.com/other
#   description: Other
# schemas:
# - input: schema.govlint.input
# - input.x: {type: string}
# not_an_annotation: dropped
# entrypoint: false
# organizations: []
annotated := rego.metadata.rule()

test_annotations_are_read_as_opa_reads_them if {
	annotated == {
		"scope": "rule",
		"title": "Normalised",
		"authors": [
			{"name": "Jane Q. Doe", "email": "jane@example.com"},
			{"name": "John"},
			{"email": "only@example.com"},
		],
		"related_resources": [
			{"ref": "https://example.com/doc"},
			{"ref": "https://example.com/other", "description": "Other"},
		],
		"schemas": [
			{"path": ["input"], "schema": ["schema", "govlint", "input"]},
			{"path": ["input", "x"], "definition": {"type": "string"}},
		],
	}
}
