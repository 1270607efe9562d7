//! The group phase: one Modify per group and per chunk of members (see [`chunks`]).

use super::conn::*;
use super::done::Done;
use super::*;

pub(super) fn member_set(dns: &[&str]) -> HashSet<Vec<u8>> {
    dns.iter().map(|d| d.as_bytes().to_vec()).collect()
}

/// Bytes of member DNs per request on OpenLDAP: slapd refuses (and drops the connection on) a
/// request over `sockbuf_max_incoming_auth`, documented as 4 MiB (2.5 takes 16 MiB): 3 MB of
/// values and their encoding stay under either.
const OPENLDAP_CHUNK_BYTES: usize = 3_000_000;

/// The members in chunks of one request each: AD (linked values, its own limits) a thousand;
/// OpenLDAP as many as fit [`OPENLDAP_CHUNK_BYTES`] (each Modify rewrites the whole group
/// entry: a group of 100,000 goes in two writes).
pub(super) fn chunks<'a, 'b>(dns: &'b [&'a str], flavour: Flavour) -> Vec<&'b [&'a str]> {
    let mut out = Vec::new();
    let mut rest = dns;
    while !rest.is_empty() {
        let n = match flavour {
            Flavour::Ad => 1000.min(rest.len()),
            Flavour::OpenLdap => {
                let mut bytes = 0;
                let fit = rest.iter().position(|d| {
                    bytes += d.len() + 8;
                    bytes > OPENLDAP_CHUNK_BYTES
                });
                fit.unwrap_or(rest.len()).max(1)
            }
        };
        let (chunk, more) = rest.split_at(n);
        out.push(chunk);
        rest = more;
    }
    out
}

/// The members of a group, lower-cased (`None`: no such group). One read: OpenLDAP returns
/// every value; AD returns ranges past 1,500, but AD honours permissive modify and so never
/// needs this.
pub(super) async fn members(c: &mut Conn<'_>, gdn: &str) -> Result<Option<HashSet<String>>, Fail> {
    Ok(c.read(gdn, "(objectClass=*)", vec!["member"])
        .await?
        .map(|e| {
            e.attrs
                .into_iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("member"))
                .flat_map(|(_, v)| v)
                .map(|v| v.to_lowercase())
                .collect()
        }))
}

/// Adds and removes one group's members. Returns whether the group was created.
pub(super) async fn apply_group(
    c: &mut Conn<'_>,
    s: &Settings,
    code: &str,
    adds: &[&str],
    removes: &[&str],
) -> Result<bool, Fail> {
    let gdn = entry::group_dn(code, &s.groups_base);
    let fail = |what: &str, r: &LdapResult| {
        Fail::Entry(Problem::new(&gdn, format!("{what}: {}", describe(r))))
    };
    let mut created = false;
    for chunk in chunks(adds, s.flavour) {
        let m = vec![Mod::Add(b"member".to_vec(), member_set(chunk))];
        let r = c.modify(&gdn, m, true).await?;
        match r.rc {
            0 => {}
            // No such group (or, on AD, a member DN that does not exist).
            32 => {
                if members(c, &gdn).await?.is_some() {
                    return Err(fail("add members (a member's entry is missing)", &r));
                }
                let r = c
                    .add(&gdn, entry::group_attrs(s.flavour, code, chunk))
                    .await?;
                if r.rc != 0 {
                    return Err(fail("create group", &r));
                }
                created = true;
            }
            // Some are members already: add exactly the others.
            20 => {
                let have = members(c, &gdn).await?.unwrap_or_default();
                let missing: Vec<&str> = chunk
                    .iter()
                    .filter(|d| !have.contains(&d.to_lowercase()))
                    .copied()
                    .collect();
                if !missing.is_empty() {
                    let m = vec![Mod::Add(b"member".to_vec(), member_set(&missing))];
                    let r = c.modify(&gdn, m, false).await?;
                    if r.rc != 0 {
                        return Err(fail("add members", &r));
                    }
                }
            }
            _ => return Err(fail("add members", &r)),
        }
    }
    for chunk in chunks(removes, s.flavour) {
        let mut chunk = chunk.to_vec();
        let mut placeholder = false;
        let mut done = false;
        for _ in 0..3 {
            let mut m = Vec::new();
            if placeholder {
                // groupOfNames must keep a member: the empty DN, which names nobody.
                m.push(Mod::Add(b"member".to_vec(), HashSet::from([Vec::new()])));
            }
            m.push(Mod::Delete(b"member".to_vec(), member_set(&chunk)));
            let r = c.modify(&gdn, m, true).await?;
            match r.rc {
                // Done, or no such group: nobody to take out.
                0 | 32 => {
                    done = true;
                    break;
                }
                // Some are not members (any more), or the group would be left with no member:
                // delete exactly those still in, keeping the placeholder where it empties.
                16 | 65 => {
                    let have = members(c, &gdn).await?.unwrap_or_default();
                    chunk.retain(|d| have.contains(&d.to_lowercase()));
                    if chunk.is_empty() {
                        done = true;
                        break;
                    }
                    placeholder = have.len() == chunk.len();
                }
                _ => return Err(fail("remove members", &r)),
            }
        }
        if !done {
            return Err(Fail::Entry(Problem::new(
                &gdn,
                "remove members: the group's members kept changing during the sync".into(),
            )));
        }
    }
    Ok(created)
}

/// The group phase: every group's additions and removals, from the accounts whose entries
/// are done. Returns the groups not done (failed, or not reached when the connection was lost).
pub(super) async fn push_groups(
    conn: &Conn<'_>,
    s: &Settings,
    done: &Done,
    report: &mut PushReport,
) -> HashSet<usize> {
    let mut not_done = HashSet::new();
    for (gid, code) in done.groups() {
        if report.lost.is_some() {
            not_done.insert(gid);
            continue;
        }
        let (adds, removes) = done.members(gid);
        let mut c = conn.clone();
        match apply_group(&mut c, s, code, &adds, &removes).await {
            Ok(created) => {
                if created {
                    report.groups_created.push(code.to_owned());
                }
                report.members_added += adds.len() as u64;
                report.members_removed += removes.len() as u64;
            }
            Err(Fail::Entry(p))
            | Err(Fail::Taken(p))
            | Err(Fail::PasswordRefused { problem: p, .. }) => {
                report.failed.push(p);
                not_done.insert(gid);
            }
            Err(Fail::Lost(detail)) => {
                report.lost = Some(detail);
                not_done.insert(gid);
            }
        }
    }
    not_done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_go_in_chunks_that_fit_a_request() {
        let dn = "uid=abdrakhmanov.as,ou=people,dc=enbek,dc=kz";
        let many = vec![dn; 100_000];
        let ad = chunks(&many, Flavour::Ad);
        assert_eq!(ad.len(), 100);
        let open = chunks(&many, Flavour::OpenLdap);
        assert_eq!(open.len(), 2);
        assert!(
            open.iter()
                .all(|c| c.iter().map(|d| d.len() + 8).sum::<usize>() <= OPENLDAP_CHUNK_BYTES)
        );
        assert_eq!(open.iter().map(|c| c.len()).sum::<usize>(), 100_000);
        assert!(chunks(&[], Flavour::OpenLdap).is_empty());
    }
}
