//! The answer to a `show` question, independent of how it is printed: a few named fields
//! (for questions about one object), tables of rows, and the counts of the footer.

use serde_json::{json, Map, Value as Json};

/// An object named by display name and id, never a bare GUID.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ref {
    pub id: String,
    /// The display name resolved from the snapshot; `None` when nothing in it names the object.
    pub name: Option<String>,
    /// `user`, `group`, `servicePrincipal`, `role`, …, when known.
    pub kind: Option<String>,
    /// The user principal name of a user, when known.
    pub upn: Option<String>,
}

impl Ref {
    pub fn new(id: impl Into<String>, name: Option<String>) -> Ref {
        Ref {
            id: id.into(),
            name: name.filter(|n| !n.is_empty()),
            kind: None,
            upn: None,
        }
    }

    pub fn kind(mut self, kind: impl Into<String>) -> Ref {
        self.kind = Some(kind.into());
        self
    }

    pub fn upn(mut self, upn: Option<String>) -> Ref {
        self.upn = upn.filter(|u| !u.is_empty());
        self
    }

    /// The name as printed: the display name, else the UPN, else a marker that says the
    /// snapshot does not name it.
    pub fn name_or_marker(&self) -> &str {
        self.name
            .as_deref()
            .or(self.upn.as_deref())
            .unwrap_or("(not in snapshot)")
    }

    /// `Ava Admin (6be4b305-…)`.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name_or_marker(), self.id)
    }

    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("displayName".into(), json!(self.name));
        if let Some(k) = &self.kind {
            m.insert("type".into(), json!(k));
        }
        if let Some(u) = &self.upn {
            m.insert("userPrincipalName".into(), json!(u));
        }
        Json::Object(m)
    }
}

/// One value of a field or a table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Num(i64),
    Bool(bool),
    Ref(Ref),
    Refs(Vec<Ref>),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// Text, or empty when `None` or "".
    pub fn opt(s: Option<&str>) -> Cell {
        match s {
            Some(s) if !s.is_empty() => Cell::Text(s.to_string()),
            _ => Cell::Empty,
        }
    }

    /// How the cell reads in one line of text (tables, CSV, Markdown, HTML).
    pub fn plain(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Num(n) => n.to_string(),
            Cell::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Cell::Ref(r) => r.label(),
            Cell::Refs(rs) => rs.iter().map(Ref::label).collect::<Vec<_>>().join("; "),
        }
    }

    pub fn to_json(&self) -> Json {
        match self {
            Cell::Empty => Json::Null,
            Cell::Text(s) => json!(s),
            Cell::Num(n) => json!(n),
            Cell::Bool(b) => json!(b),
            Cell::Ref(r) => r.to_json(),
            Cell::Refs(rs) => Json::Array(rs.iter().map(Ref::to_json).collect()),
        }
    }
}

impl From<Ref> for Cell {
    fn from(r: Ref) -> Cell {
        Cell::Ref(r)
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<bool> for Cell {
    fn from(b: bool) -> Cell {
        Cell::Bool(b)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Num(n)
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// A column: its JSON key (camelCase) and its table header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    pub key: &'static str,
    pub header: &'static str,
}

pub const fn col(key: &'static str, header: &'static str) -> Col {
    Col { key, header }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The JSON key of the rows.
    pub key: &'static str,
    pub title: String,
    pub cols: Vec<Col>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(key: &'static str, title: impl Into<String>, cols: &[Col]) -> Table {
        Table {
            key,
            title: title.into(),
            cols: cols.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.cols.len(), "row width of {}", self.key);
        self.rows.push(row);
    }

    /// The cell of `row` in the column keyed `key`.
    pub fn cell(&self, row: usize, key: &str) -> Option<&Cell> {
        let c = self.cols.iter().position(|c| c.key == key)?;
        self.rows.get(row)?.get(c)
    }

    pub fn rows_json(&self) -> Json {
        Json::Array(
            self.rows
                .iter()
                .map(|r| {
                    Json::Object(
                        self.cols
                            .iter()
                            .zip(r)
                            .map(|(c, v)| (c.key.to_string(), v.to_json()))
                            .collect(),
                    )
                })
                .collect(),
        )
    }
}

/// A named field of the object a question is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub value: Cell,
}

/// A footer count: `3 pending access reviews`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub key: &'static str,
    pub label: &'static str,
    pub n: usize,
}

/// The answer to one question.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct View {
    /// The command that asked it, e.g. `show reviews --pending`.
    pub query: String,
    pub title: String,
    /// The JSON key of `fields` (`review`, `package`, …) for questions about one object.
    pub object_key: Option<&'static str>,
    pub fields: Vec<Field>,
    pub tables: Vec<Table>,
    pub counts: Vec<Count>,
    /// Why the answer may be incomplete: collections it read that are not complete.
    pub incomplete: Vec<String>,
    /// Tenant, fetch time and clock, for the header.
    pub tenant: String,
    pub fetched_at: String,
    pub now: String,
}

impl View {
    pub fn field(&mut self, key: &'static str, label: &'static str, value: impl Into<Cell>) {
        self.fields.push(Field {
            key,
            label,
            value: value.into(),
        });
    }

    pub fn count(&mut self, key: &'static str, label: &'static str, n: usize) {
        self.counts.push(Count { key, label, n });
    }

    pub fn table(&self, key: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.key == key)
    }

    pub fn count_of(&self, key: &str) -> Option<usize> {
        self.counts.iter().find(|c| c.key == key).map(|c| c.n)
    }
}
