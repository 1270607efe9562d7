//! Temporary passwords (§20, §24): generated from the operating system's random source, stored
//! only as Argon2id hashes, written only to the credentials file and the reply letter.

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// The alphabet of temporary passwords: no look-alikes (0/O/o, 1/l/I), 56 symbols.
pub const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
/// 16 symbols of 56: log2(56^16) ≈ 92.9 bits.
pub const LENGTH: usize = 16;

/// The Argon2id profile of temporary-password hashes: 1 MiB of memory, one pass, one lane.
///
/// Why so light: OWASP's profile (19 MiB, t=2) is for passwords people choose, which an
/// attacker with the hashes can guess from dictionaries; stretching each guess is what protects
/// them. A temporary password here is 16 symbols drawn uniformly from 56 by the OS random
/// source: about 2^93 possibilities. At a billion guesses per second an attacker would need
/// ~10^11 years to cover half of them, with or without memory-hard stretching, and the password
/// is replaced at first login anyway (§24). The hash only has to be one-way and salted, and
/// Argon2id at this profile still is. Measured on the project's 2-core machine: 2,000 hashes
/// take 1.3 s at 2 MiB and about 0.65 s at 1 MiB on both cores, so `logins issue` hashes 10,000
/// passwords in ~3 s (OWASP's profile would take ~134 s). The hashes are computed while the
/// database work goes on (see `cli::answer`).
pub const ARGON2_M_KIB: u32 = 1024;
pub const ARGON2_T: u32 = 1;
pub const ARGON2_P: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("the operating system's random source failed: {0}")]
    Random(String),
    #[error("hashing failed: {0}")]
    Hash(String),
}

/// A new temporary password: uniform among the 16-symbol strings of [`ALPHABET`] that have a
/// capital, a small letter and a digit (Active Directory's complexity rule wants three kinds of
/// character; a uniform draw lacks a digit about one time in twelve). Rejection sampling twice
/// over: each symbol uniform among 56, and a whole password without the three kinds drawn
/// again, so every acceptable password is equally likely (about 2^92.8 of them).
pub fn new_password() -> Result<String, SecretError> {
    loop {
        let p = uniform_password()?;
        if has_every_kind(&p) {
            return Ok(p);
        }
    }
}

/// Whether a password has a capital, a small letter and a digit.
pub fn has_every_kind(p: &str) -> bool {
    p.bytes().any(|b| b.is_ascii_uppercase())
        && p.bytes().any(|b| b.is_ascii_lowercase())
        && p.bytes().any(|b| b.is_ascii_digit())
}

/// 16 symbols, each uniform among the 56 of the alphabet.
fn uniform_password() -> Result<String, SecretError> {
    let n = ALPHABET.len() as u8;
    let limit = 256 - (256 % ALPHABET.len()) as u16;
    let mut out = String::with_capacity(LENGTH);
    let mut buf = [0u8; 64];
    while out.len() < LENGTH {
        getrandom::fill(&mut buf).map_err(|e| SecretError::Random(e.to_string()))?;
        for &b in &buf {
            if u16::from(b) < limit && out.len() < LENGTH {
                out.push(ALPHABET[usize::from(b % n)] as char);
            }
        }
    }
    Ok(out)
}

fn hasher() -> Argon2<'static> {
    let params =
        Params::new(ARGON2_M_KIB, ARGON2_T, ARGON2_P, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string of a password's Argon2id hash, with a fresh random salt.
pub fn hash(password: &str) -> Result<String, SecretError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| SecretError::Random(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| SecretError::Hash(e.to_string()))?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| SecretError::Hash(e.to_string()))
}

/// New passwords and their hashes, streamed in batches into `out` as they are hashed, on a
/// blocking thread (never the async workers); stops early when the receiver is gone.
pub fn stream_passwords(
    n: usize,
    out: tokio::sync::mpsc::Sender<Result<Vec<(String, String)>, SecretError>>,
) {
    const BATCH: usize = 256;
    let mut left = n;
    while left > 0 {
        let k = left.min(BATCH);
        let batch = new_passwords(k);
        let failed = batch.is_err();
        if out.blocking_send(batch).is_err() || failed {
            return;
        }
        left -= k;
    }
}

/// New passwords and their hashes, hashed on every core (never on the async workers).
pub fn new_passwords(n: usize) -> Result<Vec<(String, String)>, SecretError> {
    let passwords: Vec<String> = (0..n).map(|_| new_password()).collect::<Result<_, _>>()?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(n.max(1));
    let chunk = n.div_ceil(threads).max(1);
    let hashes: Vec<Result<Vec<String>, SecretError>> = std::thread::scope(|s| {
        let handles: Vec<_> = passwords
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(|p| hash(p)).collect::<Result<Vec<_>, _>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(SecretError::Hash("a hashing thread failed".into())))
            })
            .collect()
    });
    let mut out = Vec::with_capacity(n);
    let mut it = passwords.into_iter();
    for chunk in hashes {
        for h in chunk? {
            out.push((it.next().unwrap_or_default(), h));
        }
    }
    Ok(out)
}

/// Why a secret file (a bind or SMTP password) cannot be used.
#[derive(Debug)]
pub enum SecretFileError {
    Read(std::io::Error),
    /// Others may read it.
    Readable,
    Empty,
}

/// A password from a file: its first line, from a file that others cannot read.
pub fn read_secret_file(path: &std::path::Path) -> Result<String, SecretFileError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(SecretFileError::Read)?;
    if meta.permissions().mode() & 0o004 != 0 {
        return Err(SecretFileError::Readable);
    }
    let text = std::fs::read_to_string(path).map_err(SecretFileError::Read)?;
    let line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    if line.is_empty() {
        return Err(SecretFileError::Empty);
    }
    Ok(line.to_owned())
}

/// Where the transit key lives: `[ldap] transit_key_file`, else `transit.key` beside the
/// configuration file, else beside the default database (`$XDG_DATA_HOME/skud/transit.key`).
/// Never inside the database: a backup copy must not open what is sealed.
pub fn transit_key_path(
    ldap: Option<&crate::config::LdapConfig>,
    config_path: Option<&std::path::Path>,
) -> std::path::PathBuf {
    if let Some(p) = ldap.and_then(|l| l.transit_key_file.clone()) {
        return p;
    }
    match config_path {
        Some(c) => c
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."))
            .join("transit.key"),
        None => crate::files::folder_of(&crate::config::default_db()).join("transit.key"),
    }
}

/// The transit key: seals a temporary password from its issue (`logins issue`) until the
/// directory has it (`ldap sync --push`).
///
/// Why sealed at rest rather than pushed at issue time: an answer is due within three working
/// days (§22) and must not fail because the directory is down for the night; the push is retried
/// by the next sync. Why a key file rather than the database: the database is copied by the
/// backup job (§17.2), and a copy must not open the passwords of the accounts not yet pushed.
/// The sealed value is cleared as soon as the directory confirmed the password, and when the
/// account is blocked. XChaCha20-Poly1305 with a random 192-bit nonce; the login is the
/// associated data, so a sealed password moved to another account does not open.
#[derive(Clone)]
pub struct TransitKey {
    cipher: chacha20poly1305::XChaCha20Poly1305,
}

#[derive(Debug, thiserror::Error)]
pub enum TransitError {
    #[error("transit key {path}: {detail}")]
    Key {
        path: std::path::PathBuf,
        detail: String,
    },
    #[error("{0}")]
    Random(String),
    #[error(
        "the sealed temporary password of {0} does not open with this transit key (was the key replaced?)"
    )]
    Open(String),
}

const KEY_HEX_LEN: usize = 64;
const NONCE_LEN: usize = 24;

impl TransitKey {
    /// Reads the key file: 64 hex digits on the first line, not readable by others.
    pub fn load(path: &std::path::Path) -> Result<TransitKey, TransitError> {
        use chacha20poly1305::KeyInit;
        use std::os::unix::fs::PermissionsExt;
        let err = |detail: String| TransitError::Key {
            path: path.to_owned(),
            detail,
        };
        let meta = std::fs::metadata(path).map_err(|e| err(e.to_string()))?;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(err(
                "the file is readable by the group or others; chmod 600 it".into(),
            ));
        }
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let line = text.lines().next().unwrap_or("").trim();
        if line.len() != KEY_HEX_LEN {
            return Err(err(format!("expected {KEY_HEX_LEN} hex digits")));
        }
        let key = hex::decode(line).map_err(|e| err(e.to_string()))?;
        let cipher = chacha20poly1305::XChaCha20Poly1305::new_from_slice(&key)
            .map_err(|e| err(e.to_string()))?;
        Ok(TransitKey { cipher })
    }

    /// Reads the key file, or makes a new one (mode 0600) where there is none.
    /// Returns the key and whether it was made now.
    pub fn load_or_create(path: &std::path::Path) -> Result<(TransitKey, bool), TransitError> {
        use std::io::Write;
        if path.exists() {
            return Ok((Self::load(path)?, false));
        }
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| TransitError::Random(e.to_string()))?;
        // Written in full under a temporary name, then put in place only if no other run did
        // it first: a reader never sees a half-written key.
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        let cannot = |e: std::io::Error| TransitError::Key {
            path: path.to_owned(),
            detail: format!("cannot create it: {e}"),
        };
        crate::files::create_private_dir(dir).map_err(cannot)?;
        let made_meanwhile = |e: crate::files::FileError| match e {
            // Made by another run a moment ago: use that one.
            crate::files::FileError::Exists(_) => Self::load(path).map(|k| (k, false)),
            e => Err(TransitError::Key {
                path: path.to_owned(),
                detail: format!("cannot create it: {e}"),
            }),
        };
        let mut staged = match crate::files::create(path, &crate::files::Rules::private("transit"))
        {
            Ok(s) => s,
            Err(e) => return made_meanwhile(e),
        };
        staged
            .write_all(format!("{}\n", hex::encode(key)).as_bytes())
            .map_err(cannot)?;
        match staged.commit() {
            Ok(_) => Ok((Self::load(path)?, true)),
            Err(e) => made_meanwhile(e),
        }
    }

    /// Seals a password for one login: hex of nonce ‖ ciphertext ‖ tag.
    pub fn seal(&self, login: &str, password: &str) -> Result<String, TransitError> {
        use chacha20poly1305::aead::{Aead, Payload};
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| TransitError::Random(e.to_string()))?;
        let sealed = self
            .cipher
            .encrypt(
                (&nonce).into(),
                Payload {
                    msg: password.as_bytes(),
                    aad: login.as_bytes(),
                },
            )
            .map_err(|_| TransitError::Random("sealing failed".into()))?;
        Ok(hex::encode([nonce.as_slice(), &sealed].concat()))
    }

    /// Opens a sealed password of this login.
    pub fn open(&self, login: &str, sealed: &str) -> Result<String, TransitError> {
        use chacha20poly1305::aead::{Aead, Payload};
        let fail = || TransitError::Open(login.to_owned());
        let bytes = hex::decode(sealed).map_err(|_| fail())?;
        if bytes.len() <= NONCE_LEN {
            return Err(fail());
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(
                nonce.into(),
                Payload {
                    msg: body,
                    aad: login.as_bytes(),
                },
            )
            .map_err(|_| fail())?;
        String::from_utf8(plain).map_err(|_| fail())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{PasswordHash, PasswordVerifier};

    #[test]
    fn passwords_use_the_alphabet_and_verify() {
        let p = new_password().unwrap();
        assert_eq!(p.len(), LENGTH);
        assert!(p.bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(ALPHABET.len(), 56);
        for c in b"0O1lIo" {
            assert!(!ALPHABET.contains(c));
        }
        let pairs = new_passwords(5).unwrap();
        assert_eq!(pairs.len(), 5);
        for (p, h) in &pairs {
            assert!(h.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
            let parsed = PasswordHash::new(h).unwrap();
            assert!(hasher().verify_password(p.as_bytes(), &parsed).is_ok());
            assert!(!h.contains(p.as_str()));
        }
        assert_ne!(pairs[0].0, pairs[1].0);
    }

    /// Over many draws: every password has the three kinds, and each symbol appears at each
    /// position as often as it would if the password were drawn uniformly among acceptable
    /// ones. Expected counts by inclusion-exclusion: a password whose given position holds a
    /// digit is acceptable when the other 15 symbols have a capital and a small letter. A
    /// generator that put the kinds at fixed places, or drew kinds first, fails the chi-square.
    #[test]
    fn passwords_have_every_kind_and_are_uniform_among_such() {
        const DRAWS: usize = 60_000;
        let mut counts = vec![[0u32; 56]; LENGTH];
        for _ in 0..DRAWS {
            let p = new_password().unwrap();
            assert!(has_every_kind(&p), "{p}");
            for (i, b) in p.bytes().enumerate() {
                let k = ALPHABET.iter().position(|&a| a == b).unwrap();
                counts[i][k] += 1;
            }
        }
        let f = |x: f64| x.powi(15);
        // Acceptable completions of the other 15 positions, per kind of the given symbol.
        let rest_digit = f(56.0) - 2.0 * f(32.0) + f(8.0);
        let rest_letter = f(56.0) - f(32.0) - f(48.0) + f(24.0);
        let total = 8.0 * rest_digit + 48.0 * rest_letter;
        let mut chi2 = 0.0;
        for pos in &counts {
            for (k, &c) in pos.iter().enumerate() {
                let rest = if ALPHABET[k].is_ascii_digit() {
                    rest_digit
                } else {
                    rest_letter
                };
                let expected = DRAWS as f64 * rest / total;
                chi2 += (f64::from(c) - expected).powi(2) / expected;
            }
        }
        // 16 × 55 = 880 degrees of freedom: mean 880, sd 42; 1,100 is p < 1e-6. A uniform
        // draw of symbols alone (no digit in one of twelve) scores about 2,150 here.
        assert!(
            chi2 < 1_100.0,
            "chi-square {chi2:.0} over 880 degrees of freedom"
        );
        assert!(!has_every_kind("abcdefghABCDEFGH"));
        assert!(!has_every_kind("abcdefgh23456789"));
        assert!(has_every_kind("abcdefgH23456789"));
    }

    #[test]
    fn transit_seal_and_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("transit.key");
        let (key, made) = TransitKey::load_or_create(&path).unwrap();
        assert!(made);
        let sealed = key.seal("petrov.is", "Temp23456789abcd").unwrap();
        assert!(!sealed.contains("Temp"));
        assert_eq!(key.open("petrov.is", &sealed).unwrap(), "Temp23456789abcd");
        // Another login, a changed byte, another key: none opens.
        assert!(key.open("ivanov.ii", &sealed).is_err());
        let mut bad = sealed.clone().into_bytes();
        bad[60] = if bad[60] == b'0' { b'1' } else { b'0' };
        assert!(
            key.open("petrov.is", &String::from_utf8(bad).unwrap())
                .is_err()
        );
        let (again, made) = TransitKey::load_or_create(&path).unwrap();
        assert!(!made);
        assert_eq!(
            again.open("petrov.is", &sealed).unwrap(),
            "Temp23456789abcd"
        );
        let other = dir.path().join("other.key");
        let (other, _) = TransitKey::load_or_create(&other).unwrap();
        assert!(other.open("petrov.is", &sealed).is_err());
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(
            TransitKey::load(&path)
                .err()
                .unwrap()
                .to_string()
                .contains("chmod 600")
        );
    }
}
