package p60_test

# OPA's graphql.* builtins (vektah/gqlparser v2 underneath). Expected values are OPA v1.20.2's
# answers, asked through scripts/opa-oracle.py's bridge; the error texts are checked by
# tests/engine_patches.rs (p60_graphql_errors_are_opas).

# Every kind of value (Kind 0-9), variables with defaults and directives, aliases,
# spreads and inline fragments; empty lists and nulls pruned, empty strings kept.
test_parse_query_kitchen_sink if {
	graphql.parse_query(`query Q($a: Int = 3 @d, $b: [String!]!) {
  x: f(a: $a, b: [1, -2.5e3, "s\u00e9\n", """
    block
      indented
  """, true, null, E, {k: 1}]) @skip(if: true) {
    ...F
    ... on T { y }
    ... @include(if: false) { z }
  }
}
fragment F on T { w }`) == {"Fragments": [{"Name": "F", "SelectionSet": [{"Alias": "w", "Name": "w"}], "TypeCondition": "T"}], "Operations": [{"Name": "Q", "Operation": "query", "SelectionSet": [{"Alias": "x", "Arguments": [{"Name": "a", "Value": {"ExpectedTypeHasDefault": false, "Kind": 0, "Raw": "a"}}, {"Name": "b", "Value": {"Children": [{"Name": "", "Value": {"ExpectedTypeHasDefault": false, "Kind": 1, "Raw": "1"}}, {"Name": "", "Value": {"ExpectedTypeHasDefault": false, "Kind": 2, "Raw": "-2.5e3"}}, {"Name": "", "Value": {"ExpectedTypeHasDefault": false, "Kind": 3, "Raw": "s\u00e9\n"}}, {"Name": "", "Value": {"ExpectedTypeHasDefault": false, "Kind": 4, "Raw": "block\n  indented"}}, {"Name": "", "Value": {"ExpectedTypeHasDefault": false, "Kind": 5, "Raw": "true"}}, {"Name": "", "Value": {"ExpectedTypeHasDefault": false, "Kind": 6, "Raw": "null"}}, {"Name": "", "Value": {"ExpectedTypeHasDefault": false, "Kind": 7, "Raw": "E"}}, {"Name": "", "Value": {"Children": [{"Name": "k", "Value": {"ExpectedTypeHasDefault": false, "Kind": 1, "Raw": "1"}}], "ExpectedTypeHasDefault": false, "Kind": 9, "Raw": ""}}], "ExpectedTypeHasDefault": false, "Kind": 8, "Raw": ""}}], "Directives": [{"Arguments": [{"Name": "if", "Value": {"ExpectedTypeHasDefault": false, "Kind": 5, "Raw": "true"}}], "Location": "", "Name": "skip"}], "Name": "f", "SelectionSet": [{"Name": "F"}, {"SelectionSet": [{"Alias": "y", "Name": "y"}], "TypeCondition": "T"}, {"Directives": [{"Arguments": [{"Name": "if", "Value": {"ExpectedTypeHasDefault": false, "Kind": 5, "Raw": "false"}}], "Location": "", "Name": "include"}], "SelectionSet": [{"Alias": "z", "Name": "z"}], "TypeCondition": ""}]}], "VariableDefinitions": [{"DefaultValue": {"ExpectedTypeHasDefault": false, "Kind": 1, "Raw": "3"}, "Directives": [{"Location": "", "Name": "d"}], "Type": {"NamedType": "Int", "NonNull": false}, "Used": false, "Variable": "a"}, {"Type": {"Elem": {"NamedType": "String", "NonNull": true}, "NamedType": "", "NonNull": true}, "Used": false, "Variable": "b"}]}]}
}

# Comment lines attach to the node whose first token follows them.
test_parse_query_comments if {
	graphql.parse_query(`# top
query A # lost: between name and body
{ # on field a
  a
  # on field b
  b(x: 1)
  # on the spread
  ...F
}
fragment F on T { c }`) == {"Fragments": [{"Name": "F", "SelectionSet": [{"Alias": "c", "Name": "c"}], "TypeCondition": "T"}], "Operations": [{"Comment": {"List": [{"Value": "# top"}]}, "Name": "A", "Operation": "query", "SelectionSet": [{"Alias": "a", "Comment": {"List": [{"Value": "# on field a"}]}, "Name": "a"}, {"Alias": "b", "Arguments": [{"Name": "x", "Value": {"ExpectedTypeHasDefault": false, "Kind": 1, "Raw": "1"}}], "Comment": {"List": [{"Value": "# on field b"}]}, "Name": "b"}, {"Comment": {"List": [{"Value": "# on the spread"}]}, "Name": "F"}]}]}
}

# A comment before a `{ ... }` operation is dropped; before `query` it is kept.
test_parse_query_shorthand_takes_no_comment if {
	graphql.parse_query("# c\n{ a }") == {"Operations": [{"Name": "", "Operation": "query", "SelectionSet": [{"Alias": "a", "Name": "a"}]}]}
	graphql.parse_query("# c\nquery { a }") == {"Operations": [{"Comment": {"List": [{"Value": "# c"}]}, "Name": "", "Operation": "query", "SelectionSet": [{"Alias": "a", "Name": "a"}]}]}
}

test_parse_query_empty_document if {
	graphql.parse_query("") == {}
	graphql.parse_query("# only a comment") == {}
}

# Definitions, extensions, schema, directives; Description and BuiltIn always present.
test_parse_schema_kitchen_sink if {
	graphql.parse_schema(`"desc" type T implements I & J @d { "fd" f(a: Int = 1 @x): [T!]! @deprecated }
schema { query: T }
directive @d(x: Int) repeatable on FIELD | OBJECT
extend type T { g: Int }
enum E { A B }
union U = | A | B
input In { a: Int = 2 }
interface I implements J { f: Int }
scalar S
extend schema @d { mutation: M }`) == {"Definitions": [{"BuiltIn": false, "Description": "desc", "Directives": [{"Location": "", "Name": "d"}], "Fields": [{"Arguments": [{"DefaultValue": {"ExpectedTypeHasDefault": false, "Kind": 1, "Raw": "1"}, "Description": "", "Directives": [{"Location": "", "Name": "x"}], "Name": "a", "Type": {"NamedType": "Int", "NonNull": false}}], "Description": "fd", "Directives": [{"Location": "", "Name": "deprecated"}], "Name": "f", "Type": {"Elem": {"NamedType": "T", "NonNull": true}, "NamedType": "", "NonNull": true}}], "Interfaces": ["I", "J"], "Kind": "OBJECT", "Name": "T"}, {"BuiltIn": false, "Description": "", "EnumValues": [{"Description": "", "Name": "A"}, {"Description": "", "Name": "B"}], "Kind": "ENUM", "Name": "E"}, {"BuiltIn": false, "Description": "", "Kind": "UNION", "Name": "U", "Types": ["A", "B"]}, {"BuiltIn": false, "Description": "", "Fields": [{"DefaultValue": {"ExpectedTypeHasDefault": false, "Kind": 1, "Raw": "2"}, "Description": "", "Name": "a", "Type": {"NamedType": "Int", "NonNull": false}}], "Kind": "INPUT_OBJECT", "Name": "In"}, {"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "f", "Type": {"NamedType": "Int", "NonNull": false}}], "Interfaces": ["J"], "Kind": "INTERFACE", "Name": "I"}, {"BuiltIn": false, "Description": "", "Kind": "SCALAR", "Name": "S"}], "Directives": [{"Arguments": [{"Description": "", "Name": "x", "Type": {"NamedType": "Int", "NonNull": false}}], "Description": "", "IsRepeatable": true, "Locations": ["FIELD", "OBJECT"], "Name": "d"}], "Extensions": [{"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "g", "Type": {"NamedType": "Int", "NonNull": false}}], "Kind": "OBJECT", "Name": "T"}], "Schema": [{"Description": "", "OperationTypes": [{"Operation": "query", "Type": "T"}]}], "SchemaExtension": [{"Description": "", "Directives": [{"Location": "", "Name": "d"}], "OperationTypes": [{"Operation": "mutation", "Type": "M"}]}]}
}

# Before/after a description, at the end of a definition, at the end of the document.
test_parse_schema_comments if {
	graphql.parse_schema(`# before the description
"d" # after the description
type T {
  # on field f
  f: Int
  # end of T
}
# end of the document`) == {"Comment": {"List": [{"Value": "# end of the document"}]}, "Definitions": [{"AfterDescriptionComment": {"List": [{"Value": "# after the description"}]}, "BeforeDescriptionComment": {"List": [{"Value": "# before the description"}]}, "BuiltIn": false, "Description": "d", "EndOfDefinitionComment": {"List": [{"Value": "# end of T"}]}, "Fields": [{"AfterDescriptionComment": {"List": [{"Value": "# on field f"}]}, "Description": "", "Name": "f", "Type": {"NamedType": "Int", "NonNull": false}}], "Kind": "OBJECT", "Name": "T"}]}
}

test_parse_returns_query_and_schema if {
	graphql.parse(`query Hero($ep: Episode!, $withFriends: Boolean = false) {
  hero(episode: $ep) {
    __typename
    name
    ... on Human { height(unit: FOOT) }
    ...DroidFields
    friends @include(if: $withFriends) { name }
  }
  search(text: "r2") { ... on Droid { id } }
}
fragment DroidFields on Droid { primaryFunction }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == [{"Fragments": [{"Name": "DroidFields", "SelectionSet": [{"Alias": "primaryFunction", "Name": "primaryFunction"}], "TypeCondition": "Droid"}], "Operations": [{"Name": "Hero", "Operation": "query", "SelectionSet": [{"Alias": "hero", "Arguments": [{"Name": "episode", "Value": {"ExpectedTypeHasDefault": false, "Kind": 0, "Raw": "ep"}}], "Name": "hero", "SelectionSet": [{"Alias": "__typename", "Name": "__typename"}, {"Alias": "name", "Name": "name"}, {"SelectionSet": [{"Alias": "height", "Arguments": [{"Name": "unit", "Value": {"ExpectedTypeHasDefault": false, "Kind": 7, "Raw": "FOOT"}}], "Name": "height"}], "TypeCondition": "Human"}, {"Name": "DroidFields"}, {"Alias": "friends", "Directives": [{"Arguments": [{"Name": "if", "Value": {"ExpectedTypeHasDefault": false, "Kind": 0, "Raw": "withFriends"}}], "Location": "", "Name": "include"}], "Name": "friends", "SelectionSet": [{"Alias": "name", "Name": "name"}]}]}, {"Alias": "search", "Arguments": [{"Name": "text", "Value": {"ExpectedTypeHasDefault": false, "Kind": 3, "Raw": "r2"}}], "Name": "search", "SelectionSet": [{"SelectionSet": [{"Alias": "id", "Name": "id"}], "TypeCondition": "Droid"}]}], "VariableDefinitions": [{"Type": {"NamedType": "Episode", "NonNull": true}, "Used": false, "Variable": "ep"}, {"DefaultValue": {"ExpectedTypeHasDefault": false, "Kind": 5, "Raw": "false"}, "Type": {"NamedType": "Boolean", "NonNull": false}, "Used": false, "Variable": "withFriends"}]}]}, {"Definitions": [{"BuiltIn": false, "Description": "", "Fields": [{"Arguments": [{"Description": "", "Name": "episode", "Type": {"NamedType": "Episode", "NonNull": true}}], "Description": "", "Name": "hero", "Type": {"NamedType": "Character", "NonNull": false}}, {"Arguments": [{"Description": "", "Name": "id", "Type": {"NamedType": "ID", "NonNull": true}}], "Description": "", "Name": "droid", "Type": {"NamedType": "Droid", "NonNull": false}}, {"Arguments": [{"Description": "", "Name": "text", "Type": {"NamedType": "String", "NonNull": false}}], "Description": "", "Name": "search", "Type": {"Elem": {"NamedType": "SearchResult", "NonNull": false}, "NamedType": "", "NonNull": false}}], "Kind": "OBJECT", "Name": "Query"}, {"BuiltIn": false, "Description": "", "EnumValues": [{"Description": "", "Name": "NEWHOPE"}, {"Description": "", "Name": "EMPIRE"}, {"Description": "", "Name": "JEDI"}], "Kind": "ENUM", "Name": "Episode"}, {"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "id", "Type": {"NamedType": "ID", "NonNull": true}}, {"Description": "", "Name": "name", "Type": {"NamedType": "String", "NonNull": true}}, {"Description": "", "Name": "friends", "Type": {"Elem": {"NamedType": "Character", "NonNull": false}, "NamedType": "", "NonNull": false}}], "Kind": "INTERFACE", "Name": "Character"}, {"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "id", "Type": {"NamedType": "ID", "NonNull": true}}, {"Description": "", "Name": "name", "Type": {"NamedType": "String", "NonNull": true}}, {"Description": "", "Name": "friends", "Type": {"Elem": {"NamedType": "Character", "NonNull": false}, "NamedType": "", "NonNull": false}}, {"Arguments": [{"DefaultValue": {"ExpectedTypeHasDefault": false, "Kind": 7, "Raw": "METER"}, "Description": "", "Name": "unit", "Type": {"NamedType": "Unit", "NonNull": false}}], "Description": "", "Name": "height", "Type": {"NamedType": "Float", "NonNull": false}}], "Interfaces": ["Character"], "Kind": "OBJECT", "Name": "Human"}, {"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "id", "Type": {"NamedType": "ID", "NonNull": true}}, {"Description": "", "Name": "name", "Type": {"NamedType": "String", "NonNull": true}}, {"Description": "", "Name": "friends", "Type": {"Elem": {"NamedType": "Character", "NonNull": false}, "NamedType": "", "NonNull": false}}, {"Description": "", "Name": "primaryFunction", "Type": {"NamedType": "String", "NonNull": false}}], "Interfaces": ["Character"], "Kind": "OBJECT", "Name": "Droid"}, {"BuiltIn": false, "Description": "", "Kind": "UNION", "Name": "SearchResult", "Types": ["Human", "Droid"]}, {"BuiltIn": false, "Description": "", "EnumValues": [{"Description": "", "Name": "METER"}, {"Description": "", "Name": "FOOT"}], "Kind": "ENUM", "Name": "Unit"}]}]
}

test_parse_and_verify if {
	graphql.parse_and_verify(`query Hero($ep: Episode!, $withFriends: Boolean = false) {
  hero(episode: $ep) {
    __typename
    name
    ... on Human { height(unit: FOOT) }
    ...DroidFields
    friends @include(if: $withFriends) { name }
  }
  search(text: "r2") { ... on Droid { id } }
}
fragment DroidFields on Droid { primaryFunction }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == [true, {"Fragments": [{"Name": "DroidFields", "SelectionSet": [{"Alias": "primaryFunction", "Name": "primaryFunction"}], "TypeCondition": "Droid"}], "Operations": [{"Name": "Hero", "Operation": "query", "SelectionSet": [{"Alias": "hero", "Arguments": [{"Name": "episode", "Value": {"ExpectedTypeHasDefault": false, "Kind": 0, "Raw": "ep"}}], "Name": "hero", "SelectionSet": [{"Alias": "__typename", "Name": "__typename"}, {"Alias": "name", "Name": "name"}, {"SelectionSet": [{"Alias": "height", "Arguments": [{"Name": "unit", "Value": {"ExpectedTypeHasDefault": false, "Kind": 7, "Raw": "FOOT"}}], "Name": "height"}], "TypeCondition": "Human"}, {"Name": "DroidFields"}, {"Alias": "friends", "Directives": [{"Arguments": [{"Name": "if", "Value": {"ExpectedTypeHasDefault": false, "Kind": 0, "Raw": "withFriends"}}], "Location": "", "Name": "include"}], "Name": "friends", "SelectionSet": [{"Alias": "name", "Name": "name"}]}]}, {"Alias": "search", "Arguments": [{"Name": "text", "Value": {"ExpectedTypeHasDefault": false, "Kind": 3, "Raw": "r2"}}], "Name": "search", "SelectionSet": [{"SelectionSet": [{"Alias": "id", "Name": "id"}], "TypeCondition": "Droid"}]}], "VariableDefinitions": [{"Type": {"NamedType": "Episode", "NonNull": true}, "Used": false, "Variable": "ep"}, {"DefaultValue": {"ExpectedTypeHasDefault": false, "Kind": 5, "Raw": "false"}, "Type": {"NamedType": "Boolean", "NonNull": false}, "Used": false, "Variable": "withFriends"}]}]}, {"Definitions": [{"BuiltIn": false, "Description": "", "Fields": [{"Arguments": [{"Description": "", "Name": "episode", "Type": {"NamedType": "Episode", "NonNull": true}}], "Description": "", "Name": "hero", "Type": {"NamedType": "Character", "NonNull": false}}, {"Arguments": [{"Description": "", "Name": "id", "Type": {"NamedType": "ID", "NonNull": true}}], "Description": "", "Name": "droid", "Type": {"NamedType": "Droid", "NonNull": false}}, {"Arguments": [{"Description": "", "Name": "text", "Type": {"NamedType": "String", "NonNull": false}}], "Description": "", "Name": "search", "Type": {"Elem": {"NamedType": "SearchResult", "NonNull": false}, "NamedType": "", "NonNull": false}}], "Kind": "OBJECT", "Name": "Query"}, {"BuiltIn": false, "Description": "", "EnumValues": [{"Description": "", "Name": "NEWHOPE"}, {"Description": "", "Name": "EMPIRE"}, {"Description": "", "Name": "JEDI"}], "Kind": "ENUM", "Name": "Episode"}, {"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "id", "Type": {"NamedType": "ID", "NonNull": true}}, {"Description": "", "Name": "name", "Type": {"NamedType": "String", "NonNull": true}}, {"Description": "", "Name": "friends", "Type": {"Elem": {"NamedType": "Character", "NonNull": false}, "NamedType": "", "NonNull": false}}], "Kind": "INTERFACE", "Name": "Character"}, {"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "id", "Type": {"NamedType": "ID", "NonNull": true}}, {"Description": "", "Name": "name", "Type": {"NamedType": "String", "NonNull": true}}, {"Description": "", "Name": "friends", "Type": {"Elem": {"NamedType": "Character", "NonNull": false}, "NamedType": "", "NonNull": false}}, {"Arguments": [{"DefaultValue": {"ExpectedTypeHasDefault": false, "Kind": 7, "Raw": "METER"}, "Description": "", "Name": "unit", "Type": {"NamedType": "Unit", "NonNull": false}}], "Description": "", "Name": "height", "Type": {"NamedType": "Float", "NonNull": false}}], "Interfaces": ["Character"], "Kind": "OBJECT", "Name": "Human"}, {"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "id", "Type": {"NamedType": "ID", "NonNull": true}}, {"Description": "", "Name": "name", "Type": {"NamedType": "String", "NonNull": true}}, {"Description": "", "Name": "friends", "Type": {"Elem": {"NamedType": "Character", "NonNull": false}, "NamedType": "", "NonNull": false}}, {"Description": "", "Name": "primaryFunction", "Type": {"NamedType": "String", "NonNull": false}}], "Interfaces": ["Character"], "Kind": "OBJECT", "Name": "Droid"}, {"BuiltIn": false, "Description": "", "Kind": "UNION", "Name": "SearchResult", "Types": ["Human", "Droid"]}, {"BuiltIn": false, "Description": "", "EnumValues": [{"Description": "", "Name": "METER"}, {"Description": "", "Name": "FOOT"}], "Kind": "ENUM", "Name": "Unit"}]}]
	graphql.parse_and_verify("{ hero { name } }", `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == [false, {}, {}]
	graphql.parse_and_verify("{", `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == [false, {}, {}]
	graphql.parse_and_verify("{ a }", "type Query { a: Nope }") == [false, {}, {}]
}

# A parsed AST may stand for the text; selections are read back as fields (Go cannot tell
# a selection's type from its JSON), so an inline fragment's object is a field named "".
test_ast_objects_are_read_back if {
	graphql.parse(graphql.parse_query(`{ hero(episode: JEDI) { name } }`), graphql.parse_schema(`type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`)) == [{"Operations": [{"Name": "", "Operation": "query", "SelectionSet": [{"Alias": "hero", "Arguments": [{"Name": "episode", "Value": {"ExpectedTypeHasDefault": false, "Kind": 7, "Raw": "JEDI"}}], "Name": "hero", "SelectionSet": [{"Alias": "name", "Name": "name"}]}]}]}, {"Definitions": [{"BuiltIn": false, "Description": "", "Fields": [{"Arguments": [{"Description": "", "Name": "episode", "Type": {"NamedType": "Episode", "NonNull": true}}], "Description": "", "Name": "hero", "Type": {"NamedType": "Character", "NonNull": false}}, {"Arguments": [{"Description": "", "Name": "id", "Type": {"NamedType": "ID", "NonNull": true}}], "Description": "", "Name": "droid", "Type": {"NamedType": "Droid", "NonNull": false}}, {"Arguments": [{"Description": "", "Name": "text", "Type": {"NamedType": "String", "NonNull": false}}], "Description": "", "Name": "search", "Type": {"Elem": {"NamedType": "SearchResult", "NonNull": false}, "NamedType": "", "NonNull": false}}], "Kind": "OBJECT", "Name": "Query"}, {"BuiltIn": false, "Description": "", "EnumValues": [{"Description": "", "Name": "NEWHOPE"}, {"Description": "", "Name": "EMPIRE"}, {"Description": "", "Name": "JEDI"}], "Kind": "ENUM", "Name": "Episode"}, {"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "id", "Type": {"NamedType": "ID", "NonNull": true}}, {"Description": "", "Name": "name", "Type": {"NamedType": "String", "NonNull": true}}, {"Description": "", "Name": "friends", "Type": {"Elem": {"NamedType": "Character", "NonNull": false}, "NamedType": "", "NonNull": false}}], "Kind": "INTERFACE", "Name": "Character"}, {"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "id", "Type": {"NamedType": "ID", "NonNull": true}}, {"Description": "", "Name": "name", "Type": {"NamedType": "String", "NonNull": true}}, {"Description": "", "Name": "friends", "Type": {"Elem": {"NamedType": "Character", "NonNull": false}, "NamedType": "", "NonNull": false}}, {"Arguments": [{"DefaultValue": {"ExpectedTypeHasDefault": false, "Kind": 7, "Raw": "METER"}, "Description": "", "Name": "unit", "Type": {"NamedType": "Unit", "NonNull": false}}], "Description": "", "Name": "height", "Type": {"NamedType": "Float", "NonNull": false}}], "Interfaces": ["Character"], "Kind": "OBJECT", "Name": "Human"}, {"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "id", "Type": {"NamedType": "ID", "NonNull": true}}, {"Description": "", "Name": "name", "Type": {"NamedType": "String", "NonNull": true}}, {"Description": "", "Name": "friends", "Type": {"Elem": {"NamedType": "Character", "NonNull": false}, "NamedType": "", "NonNull": false}}, {"Description": "", "Name": "primaryFunction", "Type": {"NamedType": "String", "NonNull": false}}], "Interfaces": ["Character"], "Kind": "OBJECT", "Name": "Droid"}, {"BuiltIn": false, "Description": "", "Kind": "UNION", "Name": "SearchResult", "Types": ["Human", "Droid"]}, {"BuiltIn": false, "Description": "", "EnumValues": [{"Description": "", "Name": "METER"}, {"Description": "", "Name": "FOOT"}], "Kind": "ENUM", "Name": "Unit"}]}]
	graphql.is_valid(graphql.parse_query(`{ hero(episode: JEDI) { ... on Droid { id } } }`), `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	graphql.schema_is_valid({"Definitions": [{"Kind": "OBJECT", "Name": "Query", "Fields": [{"Name": "a", "Type": {"NamedType": "Int"}}]}]}) == true
	graphql.schema_is_valid({"Definitions": [{"Kind": "OBJECT", "Name": "Query"}]}) == false
}

test_is_valid_true if {
	graphql.is_valid(`query Hero($ep: Episode!, $withFriends: Boolean = false) {
  hero(episode: $ep) {
    __typename
    name
    ... on Human { height(unit: FOOT) }
    ...DroidFields
    friends @include(if: $withFriends) { name }
  }
  search(text: "r2") { ... on Droid { id } }
}
fragment DroidFields on Droid { primaryFunction }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == true
	graphql.is_valid(`{ __schema { types { name } } __type(name: "Droid") { fields { name } } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == true
	graphql.is_valid(`query ($id: ID!) { droid(id: $id) { id } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == true
	graphql.is_valid(`{ a: hero(episode: JEDI) { name } b: hero(episode: EMPIRE) { name } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == true
}

# One line per validation rule gqlparser applies.
test_is_valid_false if {
	# unknown field
	graphql.is_valid(`{ hero(episode: JEDI) { nam } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# missing required argument
	graphql.is_valid(`{ hero { name } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# unknown argument
	graphql.is_valid(`{ droid(id: 1, x: 2) { id } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# leaf with selection
	graphql.is_valid(`{ droid(id: 1) { id { x } } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# object without selection
	graphql.is_valid(`{ droid(id: 1) }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# wrong enum value
	graphql.is_valid(`{ hero(episode: JEDI2) { name } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# string for enum
	graphql.is_valid(`{ hero(episode: "JEDI") { name } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# undefined variable
	graphql.is_valid(`{ droid(id: $id) { id } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# unused variable
	graphql.is_valid(`query ($id: ID) { hero(episode: JEDI) { name } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# variable in wrong position
	graphql.is_valid(`query ($id: ID) { droid(id: $id) { id } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# unknown fragment
	graphql.is_valid(`{ hero(episode: JEDI) { ...Nope } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# unused fragment
	graphql.is_valid(`{ hero(episode: JEDI) { name } } fragment F on Droid { id }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# fragment cycle
	graphql.is_valid(`{ hero(episode: JEDI) { ...A } } fragment A on Droid { ...B } fragment B on Droid { ...A }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# impossible spread
	graphql.is_valid(`{ droid(id: 1) { ... on Human { height } } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# conflicting aliases
	graphql.is_valid(`{ droid(id: 1) { x: id x: name } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# unknown directive
	graphql.is_valid(`{ hero(episode: JEDI) @nope { name } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# misplaced directive
	graphql.is_valid(`query @skip(if: true) { hero(episode: JEDI) { name } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# two anonymous operations
	graphql.is_valid(`{ hero(episode: JEDI) { name } } { droid(id: 1) { id } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# no mutation type
	graphql.is_valid(`mutation { a }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# input type for variable
	graphql.is_valid(`query ($c: Character) { hero(episode: JEDI) { name } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# unknown type
	graphql.is_valid(`query ($c: Nope) { hero(episode: JEDI) { name } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# introspection lists nested three deep
	graphql.is_valid(`{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
	# not parseable
	graphql.is_valid(`{ hero(`, `type Query { hero(episode: Episode!): Character droid(id: ID!): Droid search(text: String): [SearchResult] }
enum Episode { NEWHOPE EMPIRE JEDI }
interface Character { id: ID! name: String! friends: [Character] }
type Human implements Character { id: ID! name: String! friends: [Character] height(unit: Unit = METER): Float }
type Droid implements Character { id: ID! name: String! friends: [Character] primaryFunction: String }
union SearchResult = Human | Droid
enum Unit { METER FOOT }`) == false
}

test_schema_is_valid_true if {
	graphql.schema_is_valid(`type Query { a: Int }`) == true
	graphql.schema_is_valid(`extend type User { id: ID! } union U = User extend type Query { u: U }`) == true
	graphql.schema_is_valid(`interface I { a: Int } type T implements I { a: Int b: Int }`) == true
	graphql.schema_is_valid(`interface I { a(x: Int): Int } type T implements I { a(x: Int, y: Int = 1): Int }`) == true
	graphql.schema_is_valid(`scalar Date @specifiedBy(url: "https://example.com")`) == true
	graphql.schema_is_valid(`directive @skip(if: Boolean!) on FIELD type Query { a: Int }`) == true
	graphql.schema_is_valid(`input In @oneOf { a: Int b: String } type Query { a(x: In): Int }`) == true
}

# One line per check of gqlparser's schema validation.
test_schema_is_valid_false if {
	# type without fields
	graphql.schema_is_valid(`type Hello {}`) == false
	# redeclared type
	graphql.schema_is_valid(`type A { a: Int } type A { b: Int }`) == false
	# redeclared built-in scalar
	graphql.schema_is_valid(`scalar String`) == false
	# undefined field type
	graphql.schema_is_valid(`type A { b: B }`) == false
	# undefined directive
	graphql.schema_is_valid(`extend schema @directive`) == false
	# missing interface field
	graphql.schema_is_valid(`interface I { a: Int } type T implements I { b: Int }`) == false
	# wrong interface field type
	graphql.schema_is_valid(`interface I { a: Int! } type T implements I { a: Int }`) == false
	# extension of another kind
	graphql.schema_is_valid(`type A { a: Int } extend scalar A @deprecated`) == false
	# object as argument
	graphql.schema_is_valid(`type O { a: Int } type Query { a(o: O): Int }`) == false
	# reserved name
	graphql.schema_is_valid(`type Query { __a: Int }`) == false
	# enum value true
	graphql.schema_is_valid(`enum E { true }`) == false
	# two schema entry points
	graphql.schema_is_valid(`schema { query: Query } schema { query: Query } type Query { a: Int }`) == false
	# root type does not exist
	graphql.schema_is_valid(`schema { query: Nope }`) == false
	# union of a scalar
	graphql.schema_is_valid(`union U = Int`) == false
	# missing directive argument
	graphql.schema_is_valid(`directive @d(x: Int!) on OBJECT type T @d { a: Int }`) == false
	# not parseable
	graphql.schema_is_valid(`type {`) == false
}
