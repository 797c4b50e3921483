# METADATA
# scope: subpackages
# title: The team's rules
package acme.team
