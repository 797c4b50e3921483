//! Microsoft Graph's published v1.0 schema as the judge of what govlint sends and reads
//! (tests/graph_contract.rs; where the schema comes from: tests/graph/README.md).

pub mod body;
pub mod csdl;
pub mod filter;
pub mod path;
