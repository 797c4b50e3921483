//! `govlint permissions`: the Graph application permissions a read-only `fetch` needs (per
//! area, from the fetch's collection table) and, with `--write`, those `fix --apply` needs.
//! A command of its own so that neither `fetch` nor `fix` reaches into the other for it.

use clap::{Args, ValueEnum};

use crate::exit;
use crate::fetch::collections::{self, Area};

#[derive(Args, Debug)]
pub struct PermissionsArgs {
    /// Only these areas (comma-separated): users, groups, signins, audit, pim, risk, ar, em,
    /// prv, ext.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "AREA,...")]
    pub only: Vec<Area>,
    #[arg(long, value_enum, default_value_t = PermFormat::Text)]
    pub format: PermFormat,
    /// The write permissions `govlint fix --apply` needs, per rule.
    #[arg(long, conflicts_with = "only")]
    pub write: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PermFormat {
    Text,
    Json,
}

/// Microsoft Graph app role ids of the permissions govlint asks for (the ids Graph's
/// permissions reference lists, the same in every tenant).
pub fn app_role_id(permission: &str) -> Option<&'static str> {
    Some(match permission {
        "AccessReview.Read.All" => "d07a8cc0-3d51-4b77-b3b0-32704d1f69fa",
        "EntitlementManagement.Read.All" => "c74fd47d-ed3c-45c3-9a9e-b8676de685d2",
        "RoleManagement.Read.Directory" => "483bed4a-2ad3-4361-a73b-c83ccdbdc53c",
        "RoleAssignmentSchedule.Read.Directory" => "d5fe8ce8-684c-4c83-a52c-46e882ce4be1",
        "RoleEligibilitySchedule.Read.Directory" => "ff278e11-4a33-4d0c-83d2-d01dc58929a5",
        "RoleManagementPolicy.Read.Directory" => "fdc4c997-9942-4479-bfcb-75a36d1138df",
        "User.Read.All" => "df021288-bdef-4463-88db-98f22de89214",
        "GroupMember.Read.All" => "98830695-27a2-44f7-8c18-0c3ebc9698f6",
        "AuditLog.Read.All" => "b0afded3-3588-46d8-8b3d-9842eff778da",
        "IdentityRiskyUser.Read.All" => "dc5007c0-2d7d-4c42-879c-2dab87571379",
        "IdentityRiskEvent.Read.All" => "6e472fd1-ad78-48da-a0f0-97ab2c6b769e",
        "Organization.Read.All" => "498476ce-e0fe-48b0-b801-37ba7e2685c6",
        "Policy.Read.All" => "246dd0d5-5bd0-4def-940b-0421030a5b68",
        "RoleManagementPolicy.Read.AzureADGroup" => "69e67828-780e-47fd-b28c-7b27d14864e6",
        "PrivilegedEligibilitySchedule.Read.AzureADGroup" => "edb419d6-7edc-42a3-9345-509bfdf5d87c",
        "PrivilegedAssignmentSchedule.Read.AzureADGroup" => "cd4161cb-f098-48f8-a884-1eda9a42434c",
        "Application.Read.All" => "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
        _ => return None,
    })
}

/// `govlint permissions`.
pub fn run(args: PermissionsArgs) -> Result<u8, miette::Report> {
    if args.write {
        print!(
            "{}",
            crate::fix::perms::render(args.format == PermFormat::Json)
        );
        return Ok(exit::CLEAN);
    }
    let areas: Vec<Area> = if args.only.is_empty() {
        Area::DATA.to_vec()
    } else {
        let mut v: Vec<Area> = args
            .only
            .iter()
            .flat_map(|a| a.expand().iter().copied())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let always = collections::permissions(&[Area::Risk])
        .into_iter()
        .find(|(_, cols)| cols.contains(&"organization"));
    let mut rows: Vec<(String, &'static str, Vec<&'static str>)> = Vec::new();
    if let Some((p, _)) = always {
        rows.push(("(all)".into(), p, vec!["organization"]));
    }
    for a in &areas {
        for (p, cols) in collections::permissions(&[*a]) {
            let cols: Vec<_> = cols.into_iter().filter(|c| *c != "organization").collect();
            if !cols.is_empty() {
                rows.push((a.as_str().to_string(), p, cols));
            }
        }
    }
    // The licence each listed collection needs, if any.
    let licensed: Vec<(&str, &str)> = rows
        .iter()
        .flat_map(|(_, _, cols)| cols.iter().copied())
        .filter_map(|c| {
            let spec = collections::SPECS.iter().find(|s| s.name == c)?;
            Some((c, spec.license?))
        })
        .collect();
    let text = match args.format {
        PermFormat::Json => {
            let v: Vec<_> = rows
                .iter()
                .map(|(a, p, cols)| {
                    let licenses: serde_json::Map<String, serde_json::Value> = licensed
                        .iter()
                        .filter(|(c, _)| cols.contains(c))
                        .map(|(c, l)| (c.to_string(), serde_json::json!(l)))
                        .collect();
                    serde_json::json!({"area": a, "permission": p, "type": "Application",
                        "appRoleId": app_role_id(p), "resourceAppId": "00000003-0000-0000-c000-000000000000",
                        "collections": cols, "licenses": licenses})
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
        PermFormat::Text => {
            let mut s = String::from(
                "Microsoft Graph application permissions for a read-only `govlint fetch` (least privilege;\n\
                 grant them to the app and give admin consent):\n\n",
            );
            s.push_str(&format!(
                "{:<6} {:<48} {:<38} collections\n",
                "area", "permission", "app role id"
            ));
            for (a, p, cols) in &rows {
                s.push_str(&format!(
                    "{:<6} {:<48} {:<38} {}\n",
                    a,
                    p,
                    app_role_id(p).unwrap_or("-"),
                    cols.join(", ")
                ));
            }
            let mut distinct: Vec<&str> = rows.iter().map(|(_, p, _)| *p).collect();
            distinct.sort();
            distinct.dedup();
            s.push_str(&format!("\nAll together: {}\n", distinct.join(", ")));
            if !licensed.is_empty() {
                s.push_str("\nLicences: without them Graph answers 403 and the fetch records the collection as\nunavailable, naming the licence:\n");
                let mut seen = Vec::new();
                for (c, l) in &licensed {
                    if !seen.contains(c) {
                        seen.push(*c);
                        s.push_str(&format!("  {c:<32} {l}\n"));
                    }
                }
            }
            s
        }
    };
    print!("{text}");
    Ok(exit::CLEAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_permission_has_an_app_role_id() {
        for s in collections::SPECS {
            assert!(app_role_id(s.permission).is_some(), "{}", s.permission);
        }
    }
}
