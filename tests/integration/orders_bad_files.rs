//! Bad files: each gets a message naming the file (and the row and column where there is one),
//! a non-zero exit, and leaves the database exactly as it was. A kill during an import leaves
//! it as before the run, and SQLite's integrity check passes.

use crate::harness::*;

/// Imports a first good file, so that "unchanged" means something.
fn seeded(env: &Env) -> String {
    env.json(3, &[AS_OF, "orders", "import", &sample("orders-kk.csv")]);
    env.snapshot()
}

fn fails(env: &Env, code: i32, args: &[&str], needles: &[&str]) {
    let before = env.snapshot();
    let mut a = vec!["--lang=en", AS_OF, "orders", "import"];
    a.extend_from_slice(args);
    let r = env.ok(code, &a);
    for n in needles {
        r.stderr_has(n);
    }
    assert!(
        r.stdout().is_empty(),
        "nothing on stdout on failure\n{}",
        r.dump()
    );
    assert_eq!(env.snapshot(), before, "the database changed\n{}", r.dump());
}

pub fn missing_dir_empty(env: &Env) {
    seeded(env);
    let missing = env.path("nope.csv");
    fails(
        env,
        2,
        &[missing.to_str().unwrap()],
        &["nope.csv", "no such file"],
    );
    fails(
        env,
        2,
        &[env.dir.path().to_str().unwrap()],
        &["is a directory"],
    );
    let empty = env.write("empty.csv", "");
    fails(env, 1, &[empty.to_str().unwrap()], &["empty.csv", "empty"]);
    let blank = env.write("blank.csv", "\n\n;;;\n");
    fails(
        env,
        1,
        &[blank.to_str().unwrap()],
        &["blank.csv", "no header row"],
    );
    // A header and no rows: nothing to do, not an error.
    let header_only = env.write("header.csv", format!("{HEADER}\n"));
    let s = env.json(
        0,
        &[AS_OF, "orders", "import", header_only.to_str().unwrap()],
    );
    assert_eq!(s["rows"].as_u64(), Some(0));
    // A rejects file that is one of the inputs is refused before anything is read.
    let input = env.write("in.csv", std::fs::read(sample("orders-kk.csv")).unwrap());
    fails(
        env,
        2,
        &[
            input.to_str().unwrap(),
            "--rejects",
            input.to_str().unwrap(),
        ],
        &["--rejects", "one of the files being imported"],
    );
    assert_eq!(
        std::fs::read(&input).unwrap(),
        std::fs::read(sample("orders-kk.csv")).unwrap(),
        "the input is intact"
    );
    // A missing file among good ones: nothing is imported.
    fails(
        env,
        2,
        &[&sample("orders-ru.csv"), missing.to_str().unwrap()],
        &["nope.csv"],
    );
}

pub fn no_header_binary_encoding(env: &Env) {
    seeded(env);
    let i = iin("880301", 3, 1);
    let data_first = env.write(
        "data.csv",
        format!("{}\n", order_row("1", "2026-05-01", "hire", &i, "")),
    );
    fails(
        env,
        1,
        &[data_first.to_str().unwrap()],
        &[
            "data.csv",
            "no header row",
            "none of the first 20 rows names the expected columns",
        ],
    );
    let mut junk = vec![0u8; 4096];
    for (k, b) in junk.iter_mut().enumerate() {
        *b = (k * 7919 % 251) as u8;
    }
    let bin = env.write("junk.bin", &junk);
    fails(env, 1, &[bin.to_str().unwrap()], &["junk.bin", "binary"]);
    let png = env.write(
        "photo.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    );
    fails(env, 1, &[png.to_str().unwrap()], &["photo.csv", "binary"]);
    // UTF-8 that breaks further down: the row and the column are named.
    let mut text = format!("{HEADER}\n");
    for k in 0..3000u32 {
        text.push_str(&order_row(
            &k.to_string(),
            "2026-05-01",
            "hire",
            &iin("800101", 3, k),
            "",
        ));
        text.push('\n');
    }
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(
        b"9999,2026-05-01,hire,880301300019,\xCF\xE5\xF2\xF0\xEE\xE2,x,y,z,w,,\n",
    );
    let mixed = env.write("mixed.csv", bytes);
    fails(
        env,
        1,
        &[mixed.to_str().unwrap()],
        &["mixed.csv", "row 3001", "column 5 (surname)", "--encoding"],
    );
    // An unknown --encoding is a usage error.
    let r = env.ok(
        2,
        &[
            "--lang=en",
            "orders",
            "import",
            "--encoding",
            "klingon",
            &sample("orders-kk.csv"),
        ],
    );
    r.stderr_has("unknown encoding");
    // A file in an encoding skud cannot guess (UTF-16 without its BOM) is not mistaken for data.
    let text = format!(
        "{HEADER}\n{}\n",
        order_row("1", "2026-05-01", "hire", &i, "")
    );
    let mut utf16 = Vec::new();
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let nobom = env.write("nobom.csv", utf16);
    fails(env, 1, &[nobom.to_str().unwrap()], &["nobom.csv"]);
}

pub fn missing_columns(env: &Env) {
    seeded(env);
    let f = env.write(
        "cols.csv",
        "order_no,order_date,iin,surname,position,department\n1,2026-05-01,880301300019,X,y,z\n",
    );
    fails(
        env,
        1,
        &[f.to_str().unwrap()],
        &[
            "cols.csv",
            "the header (row 1 of the file)",
            "required columns missing: kind, name",
        ],
    );
    let f = env.write(
        "ru.csv",
        "№ приказа;Дата приказа;Вид приказа;ИИН;ФИО;Должность\n",
    );
    fails(
        env,
        1,
        &[f.to_str().unwrap()],
        &["ru.csv", "required column missing: department"],
    );
    let f = env.write("twice.csv", "iin,ИИН,order_no\n");
    fails(
        env,
        1,
        &[f.to_str().unwrap()],
        &["twice.csv", "both mean iin"],
    );
}

pub fn sheets(env: &Env) {
    seeded(env);
    let no_sheets =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/no-sheets.xlsx");
    fails(
        env,
        1,
        &[no_sheets.to_str().unwrap()],
        &["no-sheets.xlsx", "no sheets"],
    );
    fails(
        env,
        2,
        &["--sheet", "Лист9", &sample("orders.xlsx")],
        &["orders.xlsx", "no sheet named «Лист9»", "Приказы"],
    );
    fails(
        env,
        2,
        &["--sheet", "Приказы", &sample("orders-kk.csv")],
        &["orders-kk.csv", "--sheet"],
    );
    let broken = env.write("broken.xlsx", b"PK\x03\x04this is not a zip file at all");
    fails(
        env,
        1,
        &[broken.to_str().unwrap()],
        &["broken.xlsx", "not a readable xlsx"],
    );
    // The second sheet by name: it is a reference list without order columns.
    fails(
        env,
        1,
        &["--sheet", "Справочник", &sample("orders.xlsx")],
        &["orders.xlsx"],
    );
    // The right sheet by name works.
    let s = env.json(
        3,
        &[
            AS_OF,
            "orders",
            "import",
            "--sheet",
            "Приказы",
            &sample("orders.xlsx"),
        ],
    );
    assert_eq!(s["imported"].as_u64(), Some(13));
}

pub fn second_file_bad(env: &Env) {
    let before = seeded(env);
    let bad = env.write("bad.csv", "order_no,order_date\n1,2026-01-01\n");
    fails(
        env,
        1,
        &[&sample("orders-ru.csv"), bad.to_str().unwrap()],
        &["bad.csv"],
    );
    assert_eq!(env.snapshot(), before);
}

/// SIGKILL at several moments of a large import: each time the database holds exactly what it
/// held before, and (SQLite) passes `PRAGMA integrity_check`.
pub fn kill_during_import(env: &Env) {
    let before = seeded(env);
    let mut text = String::with_capacity(40 << 20);
    text.push_str(HEADER);
    text.push('\n');
    for k in 0..300_000u32 {
        text.push_str(&order_row(
            &format!("{k}-big"),
            "2026-05-01",
            "hire",
            &iin(&format!("{:02}0101", k % 90 + 10), 3, k % 9000),
            "",
        ));
        text.push('\n');
    }
    let big = env.write("big.csv", text);
    let mut killed_midway = 0;
    for delay_ms in [30u64, 150, 400, 900, 1600] {
        let mut child = env
            .cmd(&[AS_OF, "-q", "orders", "import", big.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            killed_midway += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(env.snapshot(), before, "after a kill at {delay_ms} ms");
        if env.backend == Backend::Sqlite {
            assert_eq!(sql_value(&env.db, "PRAGMA integrity_check"), "ok");
        }
        assert!(
            env.key_index_exists(),
            "the key index survives a killed bulk load"
        );
    }
    assert!(
        killed_midway >= 3,
        "the import finished too fast to be killed midway ({killed_midway} of 5)"
    );
    // And the database still takes the import afterwards.
    let s = env.json(0, &[AS_OF, "orders", "import", big.to_str().unwrap()]);
    assert!(s["imported"].as_u64().unwrap() > 200_000);
}
