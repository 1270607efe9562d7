//! The pull (`ldap sync --pull`): every user entry under the users' base, read once (see
//! [`super::existing`]): each account's use (last login, §28; the temporary password replaced,
//! §24), every login the directory holds (§26: never issued by skud), and the entries that
//! could be adopted.

use super::existing::{self, DirEntry};
use super::{LdapError, Settings, connect};

/// Reads every user entry under the users' base (and, for OpenLDAP, the members of the
/// protected groups, so that adoptable entries are counted right).
pub async fn read(s: &Settings) -> Result<Vec<DirEntry>, LdapError> {
    let mut ldap = connect(s).await?;
    let mut entries = existing::read(&mut ldap, s).await?;
    existing::read_groups(&mut ldap, s, &mut entries, false).await?;
    let _ = ldap.unbind().await;
    Ok(entries)
}
