package cov_test

import rego.v1

# `data.cov.allow`, not `cov.allow` after `import data.cov`: through an import alias the
# engine evaluates the package's other rules too, which would cover their first lines.
test_admin_with_mfa_is_allowed if {
	data.cov.allow with input as {"user": "admin", "mfa": true}
}

test_double if {
	data.cov.double(2) == 4
}

todo_breakglass if {
	data.cov.allow with input as {"user": "breakglass", "ticket": "INC1"}
}
