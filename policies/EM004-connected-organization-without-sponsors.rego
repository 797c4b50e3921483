# EM004 connected-organization-without-sponsors: a connected organization has neither an
# internal nor an external sponsor, so nobody is named to approve or answer for its users.
# Doc: rules/EM004-connected-organization-without-sponsors.md
package govlint.rules.em004

import data.govlint.lib.ext
import rego.v1

metadata := {
	"code": "EM004",
	"name": "connected-organization-without-sponsors",
	"title": "Connected organization with no internal or external sponsor",
	"severity": "medium",
	"area": "em",
	"reads": ["connectedOrganizations"],
}

findings contains f if {
	some org in input.collections.connectedOrganizations
	count(_members(org, "internalSponsors")) == 0
	count(_members(org, "externalSponsors")) == 0

	name := _name(org)
	f := {
		"object": {"collection": "connectedOrganizations", "id": org.id, "displayName": name},
		"message": sprintf("Connected organization '%s' (state %s) has no internal or external sponsor: nobody is named to approve its users' requests or answer for their access.", [name, _state(org)]),
		"remediation": {
			"summary": sprintf("Add an internal sponsor to '%s': choose the user (or group) accountable for this partner and replace %s in the body with its id (a group is added as .../groups/{id}).", [name, ext.sponsor_placeholder]),
			"requests": [{
				"method": "POST",
				"path": sprintf("/identityGovernance/entitlementManagement/connectedOrganizations/%s/internalSponsors/$ref", [org.id]),
				"body": {"@odata.id": ext.user_odata_id(ext.sponsor_placeholder)},
			}],
			"before": org,
			"patch": {"internalSponsors": [{"@odata.type": "#microsoft.graph.user", "id": ext.sponsor_placeholder}]},
		},
	}
}

# Sponsors (users or groups) embedded on the organization; [] when missing or null.
_members(org, key) := s if {
	s := org[key]
	is_array(s)
} else := []

_name(org) := n if {
	n := org.displayName
	is_string(n)
	n != ""
} else := org.id

_state(org) := s if {
	s := org.state
	is_string(s)
} else := "unknown"
