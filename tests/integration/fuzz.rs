//! Fuzzing: mutated CSV and XLSX files, given to `orders import` and `requests import`. Every
//! run must end with one of skud's exit codes (0–4) and a message; never a panic (101), an
//! abort (134), a signal or a hang.
//!
//! The suite runs `SKUD_FUZZ_N` inputs (default 300) from the seed `SKUD_FUZZ_SEED` (default
//! fixed, so that a failure is reproducible); for a longer run by hand:
//!
//! ```sh
//! SKUD_FUZZ_N=20000 SKUD_FUZZ_SEED=$RANDOM cargo test --test integration -- fuzz::
//! ```
//!
//! A failing input is kept in `$TMPDIR/skud-fuzz-failures/` and its path printed.

use crate::harness::*;
use std::io::{Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the readers: delimiters, quotes, line ends, BOMs, invalid UTF-8, digits
/// and dots of dates, '?' and Cyrillic of lost letters, XML's angle brackets.
const INTERESTING: &[&[u8]] = &[
    b",",
    b";",
    b"\t",
    b"\"",
    b"\r\n",
    b"\n",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xC3",
    b"\xFF",
    b"\0",
    b"0",
    b"9",
    b".",
    b"-",
    b"31.02.26",
    b"?",
    "ә".as_bytes(),
    "Ж".as_bytes(),
    b"<",
    b">",
    b"&amp;",
    b"-1e308",
    b"99999999999999999999",
    b"</row>",
    b"<c r=\"XFD1048576\">",
    b"uniqueCount=\"4294967295\"",
];

/// One mutation of a byte string.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    let len = data.len();
    match rng.below(7) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 => {
            let i = rng.below(len + 1);
            let what = INTERESTING[rng.below(INTERESTING.len())];
            data.splice(i..i, what.iter().copied());
        }
        2 if len > 0 => {
            let i = rng.below(len);
            let n = rng.below((len - i).min(64) + 1);
            data.drain(i..i + n);
        }
        3 if len > 0 => {
            let i = rng.below(len);
            let n = rng.below((len - i).min(256) + 1);
            let copy: Vec<u8> = data[i..i + n].to_vec();
            let at = rng.below(data.len() + 1);
            data.splice(at..at, copy);
        }
        4 if len > 0 => data.truncate(rng.below(len)),
        5 if len > 0 => {
            let i = rng.below(len);
            data[i] = rng.next() as u8;
        }
        _ => {
            let i = rng.below(len + 1);
            data.splice(i..i, std::iter::repeat_n(b'9', rng.below(20)));
        }
    }
}

/// An XLSX with one of its XML entries mutated (so that calamine's parsing is reached, not
/// only the zip reader's).
fn mutate_xlsx(rng: &mut Rng, xlsx: &[u8]) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let target = rng.below(zin.len());
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if i == target {
            for _ in 0..1 + rng.below(4) {
                mutate(rng, &mut bytes);
            }
        }
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Runs skud on a file; `Err` says what went wrong (a panic, a signal, a hang).
fn run_on(env: &Env, args: &[&str], limit: Duration) -> Result<(), String> {
    let mut child = env
        .cmd(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("no answer in {limit:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let err = reader.join().unwrap_or_default();
    match status.code() {
        Some(0..=4) if !err.contains("panicked") => Ok(()),
        Some(code) => Err(format!("exit {code}: {err}")),
        None => Err(format!("killed by a signal ({status}): {err}")),
    }
}

pub fn mutated_files(env: &Env) {
    let n: usize = std::env::var("SKUD_FUZZ_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("SKUD_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6_221_076);
    let mut rng = Rng(seed | 1);
    let csv_seeds: Vec<Vec<u8>> = ["orders-ru.csv", "orders-kk.csv", "requests.csv"]
        .iter()
        .map(|f| std::fs::read(sample(f)).unwrap())
        .collect();
    let xlsx = std::fs::read(sample("orders.xlsx")).unwrap();
    let limit = Duration::from_secs(30);
    let started = Instant::now();
    let mut failures = Vec::new();
    for k in 0..n {
        let (name, bytes) = if k % 3 == 2 {
            (format!("f{k}.xlsx"), mutate_xlsx(&mut rng, &xlsx))
        } else {
            let mut data = csv_seeds[rng.below(csv_seeds.len())].clone();
            for _ in 0..1 + rng.below(8) {
                mutate(&mut rng, &mut data);
            }
            (format!("f{k}.csv"), data)
        };
        let path = env.write(&name, &bytes);
        let file = path.to_str().unwrap();
        let command: &[&str] = if k % 4 == 3 {
            &[
                "--as-of=2026-11-20T12:00",
                "requests",
                "import",
                "--dry-run",
            ]
        } else {
            &["--as-of=2026-11-20", "orders", "import"]
        };
        let mut args = command.to_vec();
        args.push(file);
        if let Err(e) = run_on(env, &args, limit) {
            let dir = std::env::temp_dir().join("skud-fuzz-failures");
            let _ = std::fs::create_dir_all(&dir);
            let kept = dir.join(format!("{seed}-{k}-{name}"));
            let _ = std::fs::write(&kept, &bytes);
            failures.push(format!("{} ({}): {e}", kept.display(), args.join(" ")));
        }
    }
    eprintln!(
        "fuzz: {n} inputs (seed {seed}) in {:.1} s, {} failures",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {n} inputs broke skud (seed {seed}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
