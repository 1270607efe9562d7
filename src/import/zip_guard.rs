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
        let held = name.ends_with("sharedStrings.xml") || name == "content.xml";
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
        if name.ends_with("sharedStrings.xml") {
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
    /// Shared strings: the count claimed by `uniqueCount`, and the `</si>` tags held.
    claimed: u64,
    strings: u64,
}

/// Decompresses an entry into nothing, stopping once it is past its size or ratio limit.
fn scan(r: &mut impl Read, cap: u64, packed: u64, limits: &Limits) -> std::io::Result<Scan> {
    let mut s = Scan::default();
    let mut buf = vec![0u8; 64 * 1024];
    let mut run = 0u64;
    // The bytes of a closing tag split across two reads: `</si>` or `</x:si>`.
    let mut tail: Vec<u8> = Vec::with_capacity(16);
    let ratio_cap = packed.saturating_mul(limits.ratio).max(1 << 20);
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let chunk = &buf[..n];
        if s.bytes == 0 {
            s.claimed = claimed_count(chunk);
        }
        s.bytes += n as u64;
        for &b in chunk {
            if b == b'<' {
                s.longest_text = s.longest_text.max(run);
                run = 0;
            } else {
                run += 1;
            }
        }
        let carried = tail.len();
        tail.extend_from_slice(chunk);
        s.strings += closing_si(&tail, carried);
        let keep = tail.len().min(8);
        tail.drain(..tail.len() - keep);
        if s.bytes > cap || s.bytes > ratio_cap {
            break;
        }
    }
    s.longest_text = s.longest_text.max(run);
    Ok(s)
}

/// Closing shared-string tags in a stretch of XML that end past its first `carried` bytes
/// (those were counted with the read before).
fn closing_si(xml: &[u8], carried: usize) -> u64 {
    let closing = |i: usize| match xml[..i] {
        [.., b'<', b'/'] => true,
        [.., b':'] => {
            let before = &xml[..i - 1];
            let prefix = before
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            before[..before.len() - prefix].ends_with(b"</")
        }
        _ => false,
    };
    let mut n = 0;
    for (i, w) in xml.windows(3).enumerate() {
        if i + 3 > carried && w == b"si>" && closing(i) {
            n += 1;
        }
    }
    n
}

/// `uniqueCount="N"` in the first bytes of a shared-strings table.
fn claimed_count(head: &[u8]) -> u64 {
    let key = b"uniqueCount=\"";
    let Some(at) = head.windows(key.len()).position(|w| w == key) else {
        return 0;
    };
    head[at + key.len()..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .take(20)
        .fold(0u64, |n, b| {
            n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_runs() {
        let xml = b"<sst uniqueCount=\"99999999999\"><si><t>ab</t></si><x:si><t>c</t></x:si>";
        let s = scan(&mut &xml[..], 1 << 20, 10, &LIMITS).unwrap();
        assert_eq!((s.claimed, s.strings), (99_999_999_999, 2));
        assert_eq!(
            s.longest_text, 30,
            "the longest stretch without a tag: the sst tag itself"
        );
        assert_eq!(claimed_count(b"<sst count=\"5\">"), 0);
        // A tag split between two reads counts once.
        struct Halves<'a>(Vec<&'a [u8]>);
        impl Read for Halves<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let Some(next) = self.0.first().copied() else {
                    return Ok(0);
                };
                self.0.remove(0);
                buf[..next.len()].copy_from_slice(next);
                Ok(next.len())
            }
        }
        let mut r = Halves(vec![b"<si>a</s", b"i><si>b</si>", b"<si>c</si"]);
        assert_eq!(scan(&mut r, 1 << 20, 10, &LIMITS).unwrap().strings, 2);
    }

    #[test]
    fn stops_past_the_cap() {
        let mut zeros = std::io::repeat(b'a').take(10 << 20);
        let s = scan(&mut zeros, 1 << 20, 1, &LIMITS).unwrap();
        assert!(s.bytes > 1 << 20 && s.bytes <= (1 << 20) + 64 * 1024);
        assert_eq!(s.longest_text, s.bytes);
    }
}
