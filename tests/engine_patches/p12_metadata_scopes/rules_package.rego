# The package's own annotations live in this file; the rules are in rules.rego.

# METADATA
# title: Checks
# custom:
#   severity: high
package acme.team.checks
