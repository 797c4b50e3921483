// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

#![allow(
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::shadow_unrelated,
    clippy::unwrap_used,
    clippy::missing_const_for_fn,
    clippy::option_if_let_else,
    clippy::semicolon_if_nothing_returned,
    clippy::useless_let_if_seq
)] // builtins perform validated indexing and intentional arithmetic/string ops

mod aggregates;
mod arrays;
#[cfg(feature = "azure_policy")]
pub mod azure_policy;
mod bitwise;
// govlint patch 40: decimal arithmetic as OPA computes it.
pub(crate) mod decimal;
pub mod comparison;
mod conversions;
// govlint patch 21.
#[cfg(feature = "crypto")]
mod crypto;
// govlint patch 83: providers.aws.sign_req (AWS Signature Version 4).
#[cfg(feature = "crypto")]
mod providers_aws;
// govlint patch 87: rego.parse_module (OPA's AST of a module as JSON; comments in base64).
#[cfg(feature = "base64")]
mod parse_module;
// govlint patch 6.
pub mod deprecated;

mod encoding;
#[cfg(feature = "glob")]
mod glob;
#[cfg(feature = "graph")]
mod graph;
// govlint patch 60: OPA's graphql.* builtins.
#[cfg(feature = "graphql")]
mod graphql;
#[cfg(feature = "http")]
mod http;
#[cfg(feature = "net")]
mod net;
// govlint patch 31: net.cidr_merge.
#[cfg(feature = "net")]
mod cidr_merge;

#[cfg(feature = "jsonpatch")]
mod json_patch;
pub mod numbers;
mod objects;
#[cfg(feature = "opa-runtime")]
mod opa;
#[cfg(feature = "regex")]
mod regex;
// govlint patch 30: regex.globs_match.
#[cfg(feature = "regex")]
mod globs_match;
#[cfg(feature = "semver")]
mod semver;
pub mod sets;
mod strings;
// govlint patch 39: strings.render_template.
mod template;
#[cfg(feature = "time")]
pub(crate) mod time;
// govlint patch 35: crypto.x509.* and crypto.parse_private_keys.
// govlint patches 33 and 35: one PEM reader for io.jwt.* and crypto.x509.*.
#[cfg(any(feature = "jwt", feature = "x509"))]
mod pem;
// govlint patch 114: RSA verification where aws-lc-rs refuses what Go verifies.
#[cfg(any(feature = "jwt", feature = "x509"))]
mod rsa_verify;
#[cfg(feature = "x509")]
mod pem_keys;
#[cfg(feature = "x509")]
mod x509;
// govlint patch 75: name constraints in x509 chain verification.
#[cfg(feature = "x509")]
mod x509_names;
// govlint patch 77: certificate policy validation in x509 chain verification.
#[cfg(feature = "x509")]
mod x509_policies;
// govlint patch 66: Go's JSON reading where serde_json refuses (lone surrogates, 1e400).
mod json_go;
// govlint patch 46: YAML 1.1 reading for the yaml builtins.
#[cfg(feature = "yaml")]
mod yaml11;
// govlint patch 79: json.match_schema's errors as gojsonschema's.
#[cfg(feature = "jsonschema")]
mod json_schema_go;
// govlint patch 78: yaml.marshal writes as OPA's sigs.k8s.io/yaml (go-yaml v2) does.
#[cfg(feature = "yaml")]
mod yaml_emit;
// govlint patch 33: io.jwt.* and the key reading it shares.
#[cfg(feature = "jwt")]
mod jwt;
#[cfg(feature = "jwt")]
pub(crate) mod keys;
mod tracing;
pub mod types;
// govlint patch 32: uri.parse, uri.is_valid.
pub(crate) mod uri;
mod units;
mod utils;
#[cfg(feature = "uuid")]
mod uuid;

#[cfg(feature = "opa-testutil")]
mod test;

use crate::ast::{Expr, Ref};
use crate::lexer::Span;
use crate::value::Value;

use crate::Map as BuiltinsMap;

use anyhow::Result;
use lazy_static::lazy_static;

pub type BuiltinFcn = (fn(&Span, &[Ref<Expr>], &[Value], bool) -> Result<Value>, u8);

#[rustfmt::skip]
lazy_static! {
    pub static ref BUILTINS: BuiltinsMap<&'static str, BuiltinFcn> = {
	let mut m : BuiltinsMap<&'static str, BuiltinFcn>  = BuiltinsMap::new();

	// comparison functions are directly called.
	numbers::register(&mut m);
	aggregates::register(&mut m);
	arrays::register(&mut m);
	sets::register(&mut m);
	objects::register(&mut m);
	strings::register(&mut m);
	template::register(&mut m);

	#[cfg(feature = "regex")]
	regex::register(&mut m);
	#[cfg(feature = "regex")]
	globs_match::register(&mut m);

	#[cfg(feature = "glob")]
	glob::register(&mut m);

	#[cfg(feature = "graph")]
	graph::register(&mut m);
	// govlint patch 60: OPA's graphql.* builtins.
	#[cfg(feature = "graphql")]
	graphql::register(&mut m);

	bitwise::register(&mut m);
	conversions::register(&mut m);
	//units::register(&mut m);
	types::register(&mut m);
	uri::register(&mut m);
	encoding::register(&mut m);
	// govlint patch 21.
	#[cfg(feature = "crypto")]
	crypto::register(&mut m);
	// govlint patch 83.
	#[cfg(feature = "crypto")]
	providers_aws::register(&mut m);
	// govlint patch 87.
	#[cfg(feature = "base64")]
	parse_module::register(&mut m);
	#[cfg(feature = "time")]
	time::register(&mut m);
	#[cfg(feature = "x509")]
	x509::register(&mut m);
	#[cfg(feature = "jwt")]
	jwt::register(&mut m);

	//graphql::register(&mut m);
	#[cfg(feature = "http")]
	http::register(&mut m);
	#[cfg(feature = "net")]
	net::register(&mut m);
	#[cfg(feature = "net")]
	cidr_merge::register(&mut m);
	//net::register(&mut m);
	#[cfg(feature = "uuid")]
	uuid::register(&mut m);
	#[cfg(feature = "semver")]
	semver::register(&mut m);
	//rego::register(&mut m);
	#[cfg(feature = "azure_policy")]
	azure_policy::register(&mut m);
	#[cfg(feature = "opa-runtime")]
	opa::register(&mut m);
	tracing::register(&mut m);
	units::register(&mut m);

	#[cfg(feature = "opa-testutil")]
	test::register(&mut m);

	m
    };
}

pub fn must_cache(path: &str) -> Option<&'static str> {
    match path {
        "opa.runtime" => Some("opa.runtime"),
        "rand.intn" => Some("rand.intn"),
        "time.now_ns" => Some("time.now_ns"),
        "uuid.rfc4122" => Some("uuid.rfc4122"),
        _ => None,
    }
}
