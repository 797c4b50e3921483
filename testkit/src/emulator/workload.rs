//! Workload and agent identities as Graph serves them: applications and service principals
//! with their owners and app role assignments, and the agent types behind their type casts
//! (`/servicePrincipals/microsoft.graph.agentIdentity`,
//! `/servicePrincipals/{id}/microsoft.graph.agentIdentity/sponsors`,
//! `/applications/{id}/microsoft.graph.agentIdentityBlueprint/inheritablePermissions`,
//! `/users/microsoft.graph.agentUser`). The snapshot keeps each cast's items in its own
//! collection (`agentIdentities`…), so a cast path is served by the route of that collection.

use super::routes::{Nav, Route, DIR};
use super::State;

const fn nav(name: &'static str) -> Nav {
    Nav {
        name,
        expandable: true,
        children: &[],
    }
}

/// Casts before the lists they narrow: the first route whose path prefixes a request serves it.
pub static ROUTES: &[Route] = &[
    Route {
        path: "/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal",
        collection: "agentIdentityBlueprintPrincipals",
        permission: "Application.Read.All",
        navs: &[nav("sponsors")],
        ..DIR
    },
    Route {
        path: "/servicePrincipals/microsoft.graph.agentIdentity",
        collection: "agentIdentities",
        permission: "Application.Read.All",
        navs: &[nav("sponsors")],
        ..DIR
    },
    Route {
        path: "/servicePrincipals",
        collection: "servicePrincipals",
        permission: "Application.Read.All",
        navs: &[
            nav("owners"),
            Nav {
                name: "appRoleAssignments",
                expandable: true,
                children: &[],
            },
        ],
        ..DIR
    },
    Route {
        path: "/applications/microsoft.graph.agentIdentityBlueprint",
        collection: "agentIdentityBlueprints",
        permission: "Application.Read.All",
        navs: &[nav("sponsors"), nav("inheritablePermissions")],
        ..DIR
    },
    Route {
        path: "/applications",
        collection: "applications",
        permission: "Application.Read.All",
        navs: &[nav("owners")],
        ..DIR
    },
    Route {
        path: "/users/microsoft.graph.agentUser",
        collection: "agentUsers",
        permission: "User.Read.All",
        navs: &[nav("sponsors")],
        ..DIR
    },
];

/// The casts, by the collection holding their items.
const CASTS: &[(&str, &str, &str)] = &[
    (
        "servicePrincipals",
        "microsoft.graph.agentIdentity",
        "agentIdentities",
    ),
    (
        "servicePrincipals",
        "microsoft.graph.agentIdentityBlueprintPrincipal",
        "agentIdentityBlueprintPrincipals",
    ),
    (
        "applications",
        "microsoft.graph.agentIdentityBlueprint",
        "agentIdentityBlueprints",
    ),
];

/// The other collections that hold the object `collection` holds under the same id: a cast's
/// items are also items of its set (`/servicePrincipals` lists agent identities too), so a
/// write through either path changes both, as Graph has one object.
pub fn same_object_collections(collection: &str) -> Vec<&'static str> {
    let set_collection = |set: &str| match set {
        "servicePrincipals" => "servicePrincipals",
        _ => "applications",
    };
    let mut out = Vec::new();
    for (set, _, cast_collection) in CASTS {
        let base = set_collection(set);
        if collection == *cast_collection {
            out.push(base);
        } else if collection == base {
            out.push(*cast_collection);
        }
    }
    out
}

/// The path (under `/v1.0`) a request is served at: `/{set}/{id}/{cast}/…` as
/// `/{set}/{cast}/{id}/…` (the cast's own route, so an id of another type is not found), and
/// `/users/{id}/…` of an agent user as `/users/microsoft.graph.agentUser/{id}/…`; a beta
/// request keeps its `/beta` (only [`BETA_ROUTE`] has one).
pub fn uncast(state: &State, path: &str) -> String {
    if path.starts_with("/beta/") {
        return path.to_string();
    }
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    if let [set, id, cast, rest @ ..] = segs.as_slice() {
        if CASTS.iter().any(|(s, c, _)| s == set && c == cast) {
            let mut out = format!("/{set}/{cast}/{id}");
            for r in rest {
                out.push('/');
                out.push_str(r);
            }
            return out;
        }
    }
    if let ["users", id, rest @ ..] = segs.as_slice() {
        let store = state.store();
        if !rest.is_empty()
            && store.item("users", id).is_none()
            && store.item("agentUsers", id).is_some()
        {
            return format!("/users/microsoft.graph.agentUser/{id}/{}", rest.join("/"));
        }
    }
    path.to_string()
}

/// The one beta list the fetcher reads (Graph has service principal sign-in activity only in
/// beta), served at its beta path; `/v1.0/reports/servicePrincipalSignInActivities` does not
/// exist. Entra ID P1 (the usage and insights reports).
pub static BETA_ROUTE: Route = Route {
    path: "/beta/reports/servicePrincipalSignInActivities",
    collection: "servicePrincipalSignInActivities",
    permission: "AuditLog.Read.All",
    directory: false,
    premium: true,
    ..DIR
};
