# METADATA
# scope: subpackages
# title: Everything under acme
# custom:
#   owner: security
package acme
