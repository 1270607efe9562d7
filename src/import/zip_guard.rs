//! What a zipped spreadsheet (XLSX, ODS) may claim or expand to, checked before calamine reads
//! it: a hostile or damaged file must get a clear refusal, never an abort or gigabytes of memory.
//!
//! calamine holds the shared strings of an XLSX in memory (reserving as many as the file
//! claims) and the whole content of an ODS; it streams an XLSX sheet. So every entry is
//! decompressed once here, into nothing, with its real size counted (the sizes in a zip's
//! headers can lie), and refused beyond:
//!
//! - its compression ratio (a real sheet deflates 5–50 : 1; a decompression bomb, thousands);
//! - its size: shared strings and ODS content, which are held in memory, far less than a sheet,
//!   which is streamed;
//! - the shared-string count the file claims and the count it holds;
//! - the longest text between two tags (one cell value held whole).

use super::{FileError, Format};
use std::io::Read;
use std::path::Path;

/// The limits (bytes are decompressed bytes).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Any entry that is streamed (an XLSX sheet).
    pub entry_bytes: u64,
    /// An entry held in memory whole: XLSX shared strings, ODS content.
    pub held_bytes: u64,
    /// Decompressed : compressed, for entries past 1 MiB.
    pub ratio: u64,
    /// Shared strings claimed (`uniqueCount`) or held.
    pub shared_strings: u64,
    /// The longest text between two tags.
    pub text_run: u64,
}

pub const LIMITS: Limits = Limits {
    entry_bytes: 4 << 30,
    held_bytes: 64 << 20,
    ratio: 200,
    shared_strings: 2_000_000,
    text_run: 16 << 20,
};

/// Checks a zipped spreadsheet against the limits.
pub fn check(path: &Path, format: Format, limits: &Limits) -> Result<(), FileError> {
    let refuse = |message: String| FileError::Spreadsheet {
        path: path.to_owned(),
        format: format.as_str(),
        message,
    };
    let file = std::fs::File::open(path).map_err(|source| FileError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|e| refuse(format!("not a readable zip archive: {e}")))?;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| refuse(format!("entry {i}: {e}")))?;
        let name = entry
            .name()
            .map_or_else(|_| format!("entry {i}"), |n| n.to_string());
        // calamine finds its entries whatever their case, with `\\` for `/`.
        let lower = name.to_ascii_lowercase().replace('\\', "/");
        let shared = lower.ends_with("sharedstrings.xml");
        let held = shared || lower.ends_with("content.xml");
        let cap = if held {
            limits.held_bytes
        } else {
            limits.entry_bytes
        };
        let packed = entry.compressed_size().max(1);
        let scan = scan(&mut entry, cap, packed, limits)
            .map_err(|e| refuse(format!("{name}: cannot decompress: {e}")))?;
        let what = if held { " (held in memory whole)" } else { "" };
        if scan.bytes > cap {
            return Err(refuse(format!(
                "{name} expands past {} MiB{what}: more than a spreadsheet of orders holds; save the sheet as CSV",
                cap >> 20
            )));
        }
        if scan.bytes > 1 << 20 && scan.bytes > packed.saturating_mul(limits.ratio) {
            return Err(refuse(format!(
                "{name} expands more than {}:1 ({} bytes packed): a decompression bomb, or a damaged file",
                limits.ratio, packed
            )));
        }
        if scan.longest_text > limits.text_run {
            return Err(refuse(format!(
                "{name} holds a value of more than {} MiB: no cell of an order is that long",
                limits.text_run >> 20
            )));
        }
        if shared {
            let most = scan.claimed.max(scan.strings);
            if most > limits.shared_strings {
                return Err(refuse(format!(
                    "{name} claims {} shared strings and holds {} (at most {} are taken); save the sheet as CSV",
                    scan.claimed, scan.strings, limits.shared_strings
                )));
            }
        }
    }
    Ok(())
}

/// What one entry holds, read up to just past a limit.
#[derive(Debug, Default, PartialEq, Eq)]
struct Scan {
    bytes: u64,
    longest_text: u64,
    /// Shared strings: the count claimed by `uniqueCount`, and the `<si>` elements held.
    claimed: u64,
    strings: u64,
}

/// Where a byte falls in the XML: enough of a tokenizer to count `<si>` elements and read the
/// `<sst>` tag's attributes wherever they fall (after a comment, across reads).
#[derive(Debug, Default, PartialEq, Eq)]
enum At {
    #[default]
    Text,
    /// A tag's name, collected in `Tags::name`.
    Name,
    /// The attributes of `<sst`, collected in `Tags::sst`.
    SstAttributes,
    /// The rest of any other tag.
    Rest,
}

#[derive(Debug, Default)]
struct Tags {
    at: At,
    name: Vec<u8>,
    sst: Vec<u8>,
}

impl Tags {
    fn feed(&mut self, b: u8, s: &mut Scan) {
        if b == b'<' {
            self.at = At::Name;
            self.name.clear();
            return;
        }
        match self.at {
            At::Text => {}
            At::Name
                if b.is_ascii_whitespace() || b == b'>' || (b == b'/' && !self.name.is_empty()) =>
            {
                let local = match self.name.iter().rposition(|&c| c == b':') {
                    Some(i) => &self.name[i + 1..],
                    None => &self.name[..],
                };
                let closing = self.name.first() == Some(&b'/');
                let sst = local == b"sst" && !closing;
                if local == b"si" && !closing {
                    s.strings += 1;
                }
                self.at = match (b, sst) {
                    (b'>', true) => {
                        s.claimed = s.claimed.max(claimed_count(&self.sst));
                        At::Text
                    }
                    (b'>', false) => At::Text,
                    (_, true) => {
                        self.sst.clear();
                        At::SstAttributes
                    }
                    (_, false) => At::Rest,
                };
            }
            At::Name => {
                if self.name.len() < 32 {
                    self.name.push(b);
                }
            }
            At::SstAttributes if b == b'>' => {
                s.claimed = s.claimed.max(claimed_count(&self.sst));
                self.at = At::Text;
            }
            At::SstAttributes => {
                if self.sst.len() < 4096 {
                    self.sst.push(b);
                }
            }
            At::Rest if b == b'>' => self.at = At::Text,
            At::Rest => {}
        }
    }
}

/// Decompresses an entry into nothing, stopping once it is past its size or ratio limit.
fn scan(r: &mut impl Read, cap: u64, packed: u64, limits: &Limits) -> std::io::Result<Scan> {
    let mut s = Scan::default();
    let mut buf = vec![0u8; 64 * 1024];
    let mut run = 0u64;
    let mut tags = Tags::default();
    let ratio_cap = packed.saturating_mul(limits.ratio).max(1 << 20);
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        s.bytes += n as u64;
        for &b in &buf[..n] {
            if b == b'<' {
                s.longest_text = s.longest_text.max(run);
                run = 0;
            } else {
                run += 1;
            }
            tags.feed(b, &mut s);
        }
        if s.bytes > cap || s.bytes > ratio_cap {
            break;
        }
    }
    s.longest_text = s.longest_text.max(run);
    Ok(s)
}

/// `uniqueCount="N"` (or `'N'`) among a tag's attributes.
fn claimed_count(attributes: &[u8]) -> u64 {
    let key = b"uniqueCount=";
    let Some(at) = attributes.windows(key.len()).position(|w| w == key) else {
        return 0;
    };
    attributes[at + key.len()..]
        .iter()
        .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
        .take_while(|b| b.is_ascii_digit())
        .take(20)
        .fold(0u64, |n, b| {
            n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_all(parts: Vec<&[u8]>) -> Scan {
        struct Parts<'a>(Vec<&'a [u8]>);
        impl Read for Parts<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let Some(next) = self.0.first().copied() else {
                    return Ok(0);
                };
                self.0.remove(0);
                buf[..next.len()].copy_from_slice(next);
                Ok(next.len())
            }
        }
        scan(&mut Parts(parts), 1 << 20, 10, &LIMITS).unwrap()
    }

    #[test]
    fn counts_and_runs() {
        let s = scan_all(vec![
            b"<sst uniqueCount=\"99999999999\"><si><t>ab</t></si><x:si><t>c</t></x:si><si/>",
        ]);
        assert_eq!((s.claimed, s.strings), (99_999_999_999, 3));
        assert_eq!(
            s.longest_text, 30,
            "the longest stretch without a tag: the sst tag itself"
        );
        // Split between reads, after a comment that pushes the sst tag past the first read
        // (a padding that once hid a claim of 10^11 strings).
        let s = scan_all(vec![
            b"<?xml version=\"1.0\"?><!-- padding -->",
            b"<ss",
            b"t xmlns=\"x\" uniqueCo",
            b"unt=\"100000000000\"><si>a</s",
            b"i><si>b</si>",
        ]);
        assert_eq!((s.claimed, s.strings), (100_000_000_000, 2));
        assert_eq!(claimed_count(b" count=\"5\""), 0);
    }

    #[test]
    fn stops_past_the_cap() {
        let mut zeros = std::io::repeat(b'a').take(10 << 20);
        let s = scan(&mut zeros, 1 << 20, 1, &LIMITS).unwrap();
        assert!(s.bytes > 1 << 20 && s.bytes <= (1 << 20) + 64 * 1024);
        assert_eq!(s.longest_text, s.bytes);
    }
}
