//! `skud orders import` on good and partly bad files: totals, reason codes, rejects file,
//! database state, re-import, dry run, encodings, XLSX cells, the §23 boundary.

use crate::harness::*;
use serde_json::Value;

fn codes(summary: &Value) -> Vec<(String, u64, String)> {
    summary["rejects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let file = r["file"].as_str().unwrap();
            let short = file.rsplit('/').next().unwrap().to_owned();
            (
                short,
                r["row"].as_u64().unwrap(),
                r["reason_code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn rej(file: &str, row: u64, code: &str) -> (String, u64, String) {
    (file.to_owned(), row, code.to_owned())
}

pub fn samples(env: &Env) {
    let rejects = env.path("rejects.csv");
    let s = env.json(
        3,
        &[
            "--lang=en",
            AS_OF,
            "orders",
            "import",
            &sample("orders-ru.csv"),
            &sample("orders-kk.csv"),
            &sample("orders.xlsx"),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (
            s["rows"].as_u64(),
            s["imported"].as_u64(),
            s["already_imported"].as_u64()
        ),
        (Some(60), Some(49), Some(0))
    );
    assert_eq!(
        (s["rejected"].as_u64(), s["warnings"].as_u64()),
        (Some(11), Some(1))
    );
    assert_eq!(s["files"].as_array().unwrap().len(), 3);
    let expected = vec![
        rej("orders-ru.csv", 8, "invalid_iin"),
        rej("orders-ru.csv", 11, "bad_date"),
        rej("orders-ru.csv", 13, "unknown_kind"),
        rej("orders-ru.csv", 15, "duplicate_in_file"),
        rej("orders-ru.csv", 17, "older_than_one_year"),
        rej("orders-ru.csv", 18, "missing_field"),
        rej("orders-kk.csv", 6, "invalid_iin"),
        rej("orders-kk.csv", 10, "missing_field"),
        rej("orders-kk.csv", 19, "future_order"),
        rej("orders.xlsx", 3, "older_than_one_year"),
        rej("orders.xlsx", 9, "invalid_iin"),
    ];
    assert_eq!(codes(&s), expected);
    let dup = &s["rejects"][3]["reason"];
    assert!(dup.as_str().unwrap().contains("repeats row 9"), "{dup}");
    let missing = s["rejects"][5]["reason"].as_str().unwrap();
    assert!(
        missing.contains("Должность"),
        "the reason names the column as in the file: {missing}"
    );
    let w = &s["warning_details"][0];
    assert_eq!(
        (w["row"].as_u64(), w["warning_code"].as_str()),
        (Some(4), Some("old_dismissal"))
    );
    // The file details say what was detected.
    let f = &s["file_details"];
    assert_eq!(f[0]["encoding"], "windows-1251");
    assert_eq!(f[0]["delimiter"], ";");
    assert_eq!(f[1]["encoding"], "utf-8");
    assert_eq!(f[2]["format"], "xlsx");
    assert_eq!(f[2]["sheet"], "Приказы");

    // The rejects file: BOM, original columns, then file, row, reason_code, reason.
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(text.starts_with('\u{feff}'));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&rejects).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let records: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(&records[0][0], "№ приказа");
    assert_eq!(&records[0][4], "ФИО");
    assert_eq!(
        records[0].iter().rev().take(4).collect::<Vec<_>>(),
        vec!["reason", "reason_code", "row", "file"]
    );
    let data: Vec<&csv::StringRecord> = records
        .iter()
        .filter(|r| {
            r.get(r.len() - 2)
                .is_some_and(|c| c.contains('_') && c != "reason_code")
        })
        .collect();
    assert_eq!(data.len(), 11, "{text}");
    assert_eq!(&data[0][3], "900214317394");
    assert_eq!(&data[0][data[0].len() - 3], "8");

    // The database: 49 orders; people in the states the samples README gives.
    assert_eq!(env.orders_count(), 49);
    let status = |iin: &str| {
        env.json(0, &[AS_OF, "employees", "show", iin])["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(status("850417372665"), "acting");
    assert_eq!(status("790902495841"), "dismissed");
    assert_eq!(status("961002420698"), "dismissed");
    assert_eq!(status("911205385066"), "acting");
    assert_eq!(status("830309322797"), "acting");
    assert_eq!(status("871021449006"), "acting");
    let padded = env.json(0, &[AS_OF, "employees", "show", "050312689765"]);
    assert_eq!(padded["surname"], "Тұрсынова");
    assert_eq!(
        padded["department"],
        "Центр трудовой мобильности Карагандинской области"
    );
    // One audit record for the import, with its counts.
    let audit = env.json(0, &["audit", "list"]);
    let last = audit["records"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "orders.import");
    assert_eq!(last["count"], 49);
    assert_eq!(last["actor"], "tester");
}

pub fn reimport(env: &Env) {
    let ru = sample("orders-ru.csv");
    env.json(3, &[AS_OF, "orders", "import", &ru]);
    let before = env.snapshot();
    let s = env.json(3, &[AS_OF, "orders", "import", &ru]);
    assert_eq!(
        (
            s["imported"].as_u64(),
            s["already_imported"].as_u64(),
            s["rejected"].as_u64()
        ),
        (Some(0), Some(19), Some(6))
    );
    assert_eq!(
        codes(&s)
            .iter()
            .filter(|c| c.2 == "duplicate_in_file")
            .count(),
        1,
        "the in-file repeat is still a repeat"
    );
    let after = env.snapshot();
    // Only the audit log and the import record grow.
    let (b, a): (Vec<&str>, Vec<&str>) = (before.split('/').collect(), after.split('/').collect());
    assert_eq!(
        (b[0], b[1], b[4]),
        (a[0], a[1], a[4]),
        "orders, employees and systems unchanged"
    );
    // A clean file imported twice: the second run is all already_imported and exits 0.
    let i = iin("880301", 3, 10);
    let f = env.write(
        "clean.csv",
        format!(
            "{HEADER}\n{}\n",
            order_row("1-к", "2026-05-01", "hire", &i, "")
        ),
    );
    env.json(0, &[AS_OF, "orders", "import", f.to_str().unwrap()]);
    let s = env.json(0, &[AS_OF, "orders", "import", f.to_str().unwrap()]);
    assert_eq!(
        (s["imported"].as_u64(), s["already_imported"].as_u64()),
        (Some(0), Some(1))
    );
}

pub fn dry_run(env: &Env) {
    env.ok(0, &["init"]);
    let before = env.snapshot();
    let rejects = env.path("dry.csv");
    let s = env.json(
        3,
        &[
            AS_OF,
            "orders",
            "import",
            "--dry-run",
            &sample("orders-kk.csv"),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (
            s["imported"].as_u64(),
            s["rejected"].as_u64(),
            s["dry_run"].as_bool()
        ),
        (Some(17), Some(3), Some(true))
    );
    assert_eq!(env.snapshot(), before, "a dry run writes nothing");
    assert!(rejects.exists(), "the report is still written");
    let text = env
        .ok(
            3,
            &[
                AS_OF,
                "--lang=en",
                "orders",
                "import",
                "--dry-run",
                &sample("orders-kk.csv"),
            ],
        )
        .stdout();
    assert!(text.contains("dry run: nothing was written"), "{text}");
}

pub fn every_reason_code(env: &Env) {
    let good = iin("880301", 3, 20);
    let rows = [
        order_row("1-к", "2026-05-01", "hire", &good, ""), // 1 ok
        order_row("", "2026-05-01", "hire", &iin("880302", 3, 1), ""), // 2 missing_field (order_no)
        order_row("3-к", "2026-05-01", "hire", &bad_check(&good), ""), // 3 invalid_iin (check digit)
        order_row("4-к", "2026-05-01", "hire", "88030130002", ""),     // 4 invalid_iin (11 digits)
        order_row("5-к", "2026-05-01", "hire", &iin("880301", 7, 5), ""), // 5 invalid_iin (century 7)
        order_row("6-к", "2026-05-01", "hire", &iin("881301", 3, 6), ""), // 6 invalid_iin (month 13)
        order_row("7-к", "2026-05-32", "hire", &iin("880303", 3, 7), ""), // 7 bad_date
        order_row(
            "8-к",
            "2026-05-01",
            "hire",
            &iin("880304", 3, 8),
            "1.13.2026",
        ), // 8 bad_date (effective)
        order_row("9-к", "2026-11-21", "hire", &iin("880305", 3, 9), ""), // 9 future_order
        order_row("10-к", "2025-11-19", "hire", &iin("880306", 3, 10), ""), // 10 older_than_one_year
        order_row("11-к", "2026-05-01", "promotion", &iin("880307", 3, 11), ""), // 11 unknown_kind
        order_row("1-к", "2026-05-01", "hire", &good, ""),                  // 12 duplicate_in_file
        order_row("13-к", "2024-01-10", "dismissal", &iin("880308", 3, 13), ""), // 13 warning only
    ];
    let f = env.write("codes.csv", format!("{HEADER}\n{}\n", rows.join("\n")));
    let rejects = env.path("codes-rejects.csv");
    let s = env.json(
        3,
        &[
            "--lang=en",
            AS_OF,
            "orders",
            "import",
            f.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    let got: Vec<(u64, String)> = codes(&s).into_iter().map(|(_, r, c)| (r, c)).collect();
    let want: Vec<(u64, String)> = [
        (2, "missing_field"),
        (3, "invalid_iin"),
        (4, "invalid_iin"),
        (5, "invalid_iin"),
        (6, "invalid_iin"),
        (7, "bad_date"),
        (8, "bad_date"),
        (9, "future_order"),
        (10, "older_than_one_year"),
        (11, "unknown_kind"),
        (12, "duplicate_in_file"),
    ]
    .iter()
    .map(|(r, c)| (*r, c.to_string()))
    .collect();
    assert_eq!(got, want);
    assert_eq!(
        (s["imported"].as_u64(), s["warnings"].as_u64()),
        (Some(2), Some(1))
    );
    let reasons: Vec<&str> = s["rejects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert!(reasons[0].contains("order_no"), "{}", reasons[0]);
    assert!(reasons[1].contains("check digit"), "{}", reasons[1]);
    assert!(reasons[2].contains("12 digits"), "{}", reasons[2]);
    assert!(reasons[3].contains("century"), "{}", reasons[3]);
    assert!(reasons[4].contains("birth date"), "{}", reasons[4]);
    assert!(reasons[6].contains("effective_date"), "{}", reasons[6]);
    assert!(reasons[8].contains("§23"), "{}", reasons[8]);
    // The rejects file has every rejected row under the original header.
    let mut r = csv::Reader::from_path(&rejects).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header.first().map(|h| h.trim_start_matches('\u{feff}')),
        Some("order_no")
    );
    assert_eq!(
        &header[header.len() - 3..],
        ["row", "reason_code", "reason"]
    );
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), 11);
    assert_eq!((&recs[9][11], &recs[9][12]), ("11", "unknown_kind"));
    assert_eq!(&recs[9][2], "promotion");
    // Russian reasons.
    let s = env.json(
        3,
        &[
            "--lang=ru",
            AS_OF,
            "orders",
            "import",
            "--dry-run",
            f.to_str().unwrap(),
        ],
    );
    assert!(
        s["rejects"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("контрольная цифра")
    );
    let s = env.json(
        3,
        &[
            "--lang=kk",
            AS_OF,
            "orders",
            "import",
            "--dry-run",
            f.to_str().unwrap(),
        ],
    );
    assert!(
        s["rejects"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("бақылау цифры")
    );
}

pub fn one_year_boundary(env: &Env) {
    let rows = [
        order_row("1", "2025-11-20", "hire", &iin("900101", 3, 1), ""), // exactly one year: in
        order_row("2", "2025-11-19", "hire", &iin("900102", 3, 2), ""), // one day more: out
        order_row("3", "20.11.2025", "transfer", &iin("900103", 3, 3), ""), // in
        order_row("4", "19.11.2025", "transfer", &iin("900104", 3, 4), ""), // out
        order_row("5", "2025-11-19", "dismissal", &iin("900105", 4, 5), ""), // in, warning
        order_row("6", "2025-11-20", "dismissal", &iin("900106", 4, 6), ""), // in, no warning
        order_row("7", "2026-11-20", "hire", &iin("900107", 3, 7), ""), // today: in
        order_row("8", "2026-11-21", "hire", &iin("900108", 3, 8), ""), // tomorrow: future
        order_row("9", "20.11.25", "transfer", &iin("900109", 3, 9), ""), // DD.MM.YY: in
        order_row("10", "19.11.25", "transfer", &iin("900110", 3, 10), ""), // out
    ];
    let f = env.write("boundary.csv", format!("{HEADER}\n{}\n", rows.join("\n")));
    let s = env.json(3, &[AS_OF, "orders", "import", f.to_str().unwrap()]);
    let got: Vec<(u64, String)> = codes(&s).into_iter().map(|(_, r, c)| (r, c)).collect();
    assert_eq!(
        got,
        vec![
            (2, "older_than_one_year".into()),
            (4, "older_than_one_year".into()),
            (8, "future_order".into()),
            (10, "older_than_one_year".into())
        ]
    );
    assert_eq!(s["warnings"].as_u64(), Some(1));
    assert_eq!(s["warning_details"][0]["row"].as_u64(), Some(5));
    assert_eq!(s["imported"].as_u64(), Some(6));
    // With the as-of moment at the end of the day, the date is what counts.
    let s = env.json(
        3,
        &[
            "--as-of=2026-11-20T23:59",
            "orders",
            "import",
            "--dry-run",
            f.to_str().unwrap(),
        ],
    );
    assert_eq!(s["rejected"].as_u64(), Some(4));
}

pub fn encodings(env: &Env) {
    let a = iin("850505", 3, 1);
    let b = iin("850506", 4, 2);
    // UTF-8 with BOM, Russian headers, semicolons, a combined full name with Kazakh letters.
    let text = format!(
        "\u{feff}№ приказа;Дата приказа;Вид приказа;ИИН;ФИО;Должность;Подразделение\r\n1-л/с;05.05.2026;Прием на работу;{a};Әбілқайыр Нұрсұлтан Өмірзақұлы;бас маман;Бөлім\r\n"
    );
    let f1 = env.write("bom.csv", text.as_bytes());
    let s = env.json(0, &[AS_OF, "orders", "import", f1.to_str().unwrap()]);
    assert_eq!(s["imported"].as_u64(), Some(1));
    assert_eq!(s["file_details"][0]["encoding"], "utf-8");
    let p = env.json(0, &[AS_OF, "employees", "show", &a]);
    assert_eq!(
        (
            p["surname"].as_str(),
            p["name"].as_str(),
            p["patronymic"].as_str()
        ),
        (Some("Әбілқайыр"), Some("Нұрсұлтан"), Some("Өмірзақұлы"))
    );
    // UTF-16LE with BOM and tabs (Excel's "Unicode text"), Kazakh headers.
    let text = format!(
        "бұйрық нөмірі\tбұйрық күні\tбұйрық түрі\tЖСН\tтегі\tаты\tлауазымы\tбөлімше\r\n2-ж/қ\t2026-05-06\tжұмысқа қабылдау\t{b}\tҚасымова\tҮміт\tжетекші маман\tБасқарма\r\n"
    );
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let f2 = env.write("utf16.txt", bytes);
    let s = env.json(0, &[AS_OF, "orders", "import", f2.to_str().unwrap()]);
    assert_eq!(s["imported"].as_u64(), Some(1));
    assert_eq!(s["file_details"][0]["encoding"], "utf-16le");
    assert_eq!(s["file_details"][0]["delimiter"], "tab");
    assert_eq!(
        env.json(0, &[AS_OF, "employees", "show", &b])["name"],
        "Үміт"
    );
    // Windows-1251 with Kazakh letters that it cannot hold: imported, and the loss reported.
    let c = iin("850507", 3, 3);
    let text = format!(
        "ИИН;Фамилия;Имя;Должность;Подразделение;Вид приказа;Дата приказа;№ приказа\r\n{c};Иванов;Иван;специалист;Отдел;увольнение;01.06.2026;3\r\n"
    );
    let (enc, _, lossy) = encoding_rs::WINDOWS_1251.encode(&text);
    assert!(!lossy);
    let f3 = env.write("cp1251.csv", enc.as_ref());
    let s = env.json(0, &[AS_OF, "orders", "import", f3.to_str().unwrap()]);
    assert_eq!(
        (
            s["imported"].as_u64(),
            s["file_details"][0]["encoding"].as_str()
        ),
        (Some(1), Some("windows-1251"))
    );
    assert_eq!(
        env.json(0, &[AS_OF, "employees", "show", &c])["status"],
        "dismissed"
    );
    // --encoding forces a reading.
    let d = iin("850508", 3, 4);
    let text = format!(
        "iin|surname|name|position|department|kind|order_date|order_no\n{d}|Сидоров|Пётр|специалист|Отдел|hire|2026-06-01|4\n"
    );
    let (koi, _, _) = encoding_rs::KOI8_R.encode(&text);
    let f4 = env.write("koi8.csv", koi.as_ref());
    let s = env.json(
        0,
        &[
            AS_OF,
            "orders",
            "import",
            "--encoding",
            "koi8-r",
            f4.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (
            s["imported"].as_u64(),
            s["file_details"][0]["delimiter"].as_str()
        ),
        (Some(1), Some("|"))
    );
    assert_eq!(
        env.json(0, &[AS_OF, "employees", "show", &d])["name"],
        "Пётр"
    );
}

pub fn xlsx_cells(env: &Env) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Лист1").unwrap();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let header = [
        "№ приказа",
        "Дата приказа",
        "Вид приказа",
        "ИИН",
        "ФИО",
        "Должность",
        "Подразделение",
        "Дата вступления в силу",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let young = iin("050312", 5, 1); // starts with 0
    let old = iin("750101", 3, 2);
    // Row 1: date cells, the IIN as a number (its leading zero lost), the order number as a number.
    ws.write_number(1, 0, 17.0).unwrap();
    ws.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2026, 3, 2).unwrap(), &date)
        .unwrap();
    ws.write_string(1, 2, "прием").unwrap();
    ws.write_number(1, 3, young.parse::<f64>().unwrap())
        .unwrap();
    ws.write_string(1, 4, "Тұрсынова Аружан Ерланқызы").unwrap();
    ws.write_string(1, 5, "маман").unwrap();
    ws.write_string(1, 6, "Бөлім").unwrap();
    ws.write_datetime_with_format(1, 7, ExcelDateTime::from_ymd(2026, 3, 10).unwrap(), &date)
        .unwrap();
    // Row 3 (row 2 left empty): text dates, a date that lost its format (a bare serial).
    ws.write_string(3, 0, "18").unwrap();
    ws.write_string(3, 1, "05.10.2026").unwrap();
    ws.write_string(3, 2, "перевод").unwrap();
    ws.write_string(3, 3, &old).unwrap();
    ws.write_string(3, 4, "Ахметов Ерлан Серикович").unwrap();
    ws.write_string(3, 5, "главный специалист").unwrap();
    ws.write_string(3, 6, "Департамент").unwrap();
    ws.write_number(3, 7, 46298.0).unwrap();
    // Row 4: a formula-looking text and a date in the future.
    ws.write_string(4, 0, "=1+1").unwrap();
    ws.write_datetime_with_format(4, 1, ExcelDateTime::from_ymd(2027, 1, 1).unwrap(), &date)
        .unwrap();
    ws.write_string(4, 2, "прием").unwrap();
    ws.write_string(4, 3, iin("750102", 3, 3)).unwrap();
    ws.write_string(4, 4, "Иванов Иван").unwrap();
    ws.write_string(4, 5, "специалист").unwrap();
    ws.write_string(4, 6, "Отдел").unwrap();
    // Row 5: date cells no calendar holds (a damaged file): rejected, never a panic.
    ws.write_string(5, 0, "19").unwrap();
    ws.write_number_with_format(5, 1, 1e300, &date).unwrap();
    ws.write_string(5, 2, "прием").unwrap();
    ws.write_string(5, 3, iin("750102", 3, 4)).unwrap();
    ws.write_string(5, 4, "Петров Пётр").unwrap();
    ws.write_string(5, 5, "специалист").unwrap();
    ws.write_string(5, 6, "Отдел").unwrap();
    ws.write_number_with_format(5, 7, -5.0, &date).unwrap();
    let path = env.path("cells.xlsx");
    wb.save(&path).unwrap();
    let s = env.json(3, &[AS_OF, "orders", "import", path.to_str().unwrap()]);
    assert_eq!(
        (s["rows"].as_u64(), s["imported"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(
        codes(&s),
        vec![
            rej("cells.xlsx", 4, "future_order"),
            rej("cells.xlsx", 5, "bad_date")
        ],
        "row numbers follow the sheet: the empty row 2 counts"
    );
    let p = env.json(0, &[AS_OF, "employees", "show", &young]);
    let o = &p["orders"][0];
    assert_eq!(
        (
            o["order_no"].as_str(),
            o["order_date"].as_str(),
            o["effective_date"].as_str()
        ),
        (Some("17"), Some("2026-03-02"), Some("2026-03-10"))
    );
    let p = env.json(0, &[AS_OF, "employees", "show", &old]);
    assert_eq!(p["orders"][0]["order_date"], "2026-10-05");
    assert_eq!(
        p["orders"][0]["effective_date"], "2026-10-03",
        "serial 46298 is 3 October 2026"
    );
}

pub fn duplicates_across_chunks(env: &Env) {
    // More rows than one insert statement takes, with a repeat far from its first occurrence,
    // and a row repeated across two files of one run.
    let mut rows = Vec::new();
    for i in 0..6000u32 {
        rows.push(order_row(
            &format!("{i}-к"),
            "2026-04-01",
            "hire",
            &iin("800101", 3, i),
            "",
        ));
    }
    rows.push(rows[10].clone());
    let f1 = env.write("big.csv", format!("{HEADER}\n{}\n", rows.join("\n")));
    let f2 = env.write(
        "second.csv",
        format!(
            "{HEADER}\n{}\n{}\n",
            rows[20],
            order_row("x", "2026-04-02", "hire", &iin("800102", 3, 1), "")
        ),
    );
    let s = env.json(
        3,
        &[
            AS_OF,
            "orders",
            "import",
            f1.to_str().unwrap(),
            f2.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (
            s["rows"].as_u64(),
            s["imported"].as_u64(),
            s["rejected"].as_u64()
        ),
        (Some(6003), Some(6001), Some(2))
    );
    assert_eq!(
        codes(&s),
        vec![
            rej("big.csv", 6001, "duplicate_in_file"),
            rej("second.csv", 1, "duplicate_in_file")
        ]
    );
    assert!(
        s["rejects"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("big.csv"),
        "names the file of the first occurrence"
    );
    assert_eq!(env.orders_count(), 6001);
    let s = env.json(3, &[AS_OF, "orders", "import", f1.to_str().unwrap()]);
    assert_eq!(
        (
            s["imported"].as_u64(),
            s["already_imported"].as_u64(),
            s["rejected"].as_u64()
        ),
        (Some(0), Some(6000), Some(1))
    );
}

pub fn list_filters(env: &Env) {
    env.json(3, &[AS_OF, "orders", "import", &sample("orders-ru.csv")]);
    let all = env.json(0, &["orders", "list"]);
    assert_eq!(all["orders"].as_array().unwrap().len(), 19);
    let d = env.json(0, &["orders", "list", "--kind", "dismissal"]);
    assert!(
        d["orders"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["kind"] == "dismissal")
    );
    assert_eq!(d["orders"].as_array().unwrap().len(), 4);
    let one = env.json(0, &["orders", "list", "--iin", "961002420698"]);
    assert_eq!(one["orders"].as_array().unwrap().len(), 2);
    let text = env
        .ok(0, &["--lang=ru", "orders", "list", "--iin", "961002420698"])
        .stdout();
    assert!(text.starts_with("№ приказа"), "{text}");
    assert!(text.contains("Ганиева Диана Рустемовна"), "{text}");
    assert_eq!(
        env.json(0, &["orders", "list", "--limit", "5"])["orders"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

pub fn employees_state(env: &Env) {
    let i = iin("770707", 3, 7);
    let rows = [
        order_row("1", "2026-01-10", "hire", &i, "2026-01-15"),
        order_row("2", "2026-11-10", "dismissal", &i, "2026-11-21"),
    ];
    let f = env.write("e.csv", format!("{HEADER}\n{}\n", rows.join("\n")));
    env.json(0, &[AS_OF, "orders", "import", f.to_str().unwrap()]);
    let on = |d: &str| env.json(0, &[&format!("--as-of={d}"), "employees", "show", &i]);
    assert_eq!(on("2026-01-14")["status"], "not_yet_acting");
    assert_eq!(on("2026-01-15")["status"], "acting");
    let today = on("2026-11-20");
    assert_eq!(today["status"], "acting", "dismissal effective tomorrow");
    for key in [
        "iin",
        "surname",
        "name",
        "patronymic",
        "position",
        "department",
        "status",
        "orders",
    ] {
        assert!(
            today.get(key).is_some(),
            "employees show lacks {key}: {today}"
        );
    }
    assert_eq!(today["orders"].as_array().unwrap().len(), 2);
    assert_eq!(
        on("2026-11-21")["status"],
        "dismissed",
        "dismissal effective today"
    );
    let list = env.json(
        0,
        &[
            "--as-of=2026-11-21",
            "employees",
            "list",
            "--status",
            "dismissed",
        ],
    );
    assert_eq!(list["employees"].as_array().unwrap().len(), 1);
    let list = env.json(
        0,
        &[
            "--as-of=2026-11-21",
            "employees",
            "list",
            "--status",
            "acting",
        ],
    );
    assert_eq!(list["employees"].as_array().unwrap().len(), 0);
    let r = env.ok(1, &["--lang=en", "employees", "show", &iin("770708", 3, 1)]);
    r.stderr_has("no orders");
}

/// A run bigger than the table loads in bulk (the key index is built after the rows): repeats
/// within the run and rows stored by an earlier run are found all the same, and the index is
/// back at the end.
pub fn bulk_load(env: &Env) {
    let row = |k: u32| {
        order_row(
            &format!("{k}-б"),
            "2026-04-01",
            "hire",
            &iin("810101", 3, k),
            "",
        )
    };
    let small = env.write(
        "small.csv",
        format!("{HEADER}\n{}\n{}\n{}\n", row(5), row(6), row(7)),
    );
    env.json(0, &[AS_OF, "orders", "import", small.to_str().unwrap()]);
    let mut rows: Vec<String> = (0..65_000u32).map(row).collect();
    rows.push(rows[100].clone()); // row 65001 repeats row 101
    rows.push(rows[6].clone()); // row 65002 repeats row 7, which an earlier run stored
    // The names of a bulk load are checked too: row 65003 names another person under an IIN an
    // earlier run stored, row 65004 changes a surname, row 65005 names another person under an
    // IIN of this file.
    let other = |no: &str, k: u32, names: &str| {
        format!(
            "{no},2026-04-02,transfer,{},{names},главный специалист,Департамент цифровизации,,p@enbek.kz",
            iin("810101", 3, k)
        )
    };
    rows.push(other("x1", 5, "Сидоров,Пётр,Ильич"));
    rows.push(other("x2", 200, "Сергеев,Иван,Сергеевич"));
    rows.push(other("x3", 300, "Ахметова,Дана,"));
    // A row with no patronymic and no e-mail, in Kazakh letters: stored as NULLs and as
    // written by either backend's bulk path (PostgreSQL's is a binary COPY).
    let plain = iin("820202", 3, 1);
    rows.push(format!(
        "y1,2026-04-02,hire,{plain},Жақсыбекова,Әйгерім,,бас маман,Цифрландыру департаменті,,"
    ));
    let big = env.write("big.csv", format!("{HEADER}\n{}\n", rows.join("\n")));
    assert!(
        std::fs::metadata(&big).unwrap().len() > 10_000_000,
        "big enough for a bulk load"
    );
    let rejects = env.path("bulk-rejects.csv");
    let s = env.json(
        3,
        &[
            "--lang=en",
            AS_OF,
            "orders",
            "import",
            big.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (
            s["rows"].as_u64(),
            s["imported"].as_u64(),
            s["already_imported"].as_u64(),
            s["rejected"].as_u64()
        ),
        (Some(65_006), Some(64_999), Some(3), Some(4))
    );
    assert_eq!(
        codes(&s),
        vec![
            rej("big.csv", 65_001, "duplicate_in_file"),
            rej("big.csv", 65_002, "duplicate_in_file"),
            rej("big.csv", 65_003, "name_mismatch"),
            rej("big.csv", 65_005, "name_mismatch")
        ]
    );
    assert_eq!(s["warning_details"][0]["warning_code"], "surname_changed");
    assert_eq!(s["warning_details"][0]["row"], 65_004);
    assert!(
        s["rejects"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("repeats row 101"),
        "{}",
        s["rejects"][0]
    );
    assert!(
        s["rejects"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("repeats row 7"),
        "{}",
        s["rejects"][1]
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        text.contains(&rows[100]),
        "the original row is in the rejects file:\n{text}"
    );
    assert!(
        text.contains("Сидоров") && text.contains("Ахметова"),
        "{text}"
    );
    assert_eq!(env.orders_count(), 65_002);
    assert!(env.key_index_exists(), "the key index is back");
    let listed = env.json(0, &["orders", "list", "--iin", &plain]);
    let o = &listed["orders"][0];
    assert_eq!(
        (
            o["surname"].as_str(),
            o["name"].as_str(),
            o["department"].as_str(),
            o["effective_date"].as_str(),
            o["order_date"].as_str(),
            o["kind"].as_str(),
        ),
        (
            Some("Жақсыбекова"),
            Some("Әйгерім"),
            Some("Цифрландыру департаменті"),
            Some("2026-04-02"),
            Some("2026-04-02"),
            Some("hire")
        ),
        "{o}"
    );
    assert!(o["patronymic"].is_null() && o["email"].is_null(), "{o}");
    // The index works: a small re-import is all already imported.
    let s = env.json(0, &[AS_OF, "orders", "import", small.to_str().unwrap()]);
    assert_eq!(
        (s["imported"].as_u64(), s["already_imported"].as_u64()),
        (Some(0), Some(3))
    );
}

/// HR sends a big file again, with one new row and one row twice: the second run is a bulk
/// load too (the file outweighs the table), and its every row is found already imported, the
/// new one stored, the repeat refused, nothing stored twice. (A resent file of a million rows
/// repeats every one of them: the repeats are streamed, not held.)
pub fn bulk_resend(env: &Env) {
    // Long departments: the file's size, not only its rows, says "bulk" against the table.
    let row = |k: u32| {
        format!(
            "{k}-р,2026-04-01,hire,{},Петров,Иван,Сергеевич,главный специалист,\
             Департамент цифровизации и информационных систем управления социальной защиты,,p@enbek.kz",
            iin("850505", 3, k)
        )
    };
    let rows: Vec<String> = (0..52_000u32).map(row).collect();
    let first = env.write("first.csv", format!("{HEADER}\n{}\n", rows.join("\n")));
    let s = env.json(0, &[AS_OF, "orders", "import", first.to_str().unwrap()]);
    assert_eq!(s["imported"].as_u64(), Some(52_000), "{s}");
    let mut again = rows.clone();
    again.push(row(52_000)); // row 52001: new
    again.push(rows[9].clone()); // row 52002 repeats row 10
    let again = env.write("again.csv", format!("{HEADER}\n{}\n", again.join("\n")));
    let rejects = env.path("resend-rejects.csv");
    let r = env.ok(
        3,
        &[
            "--json",
            "-v",
            "--lang=en",
            AS_OF,
            "orders",
            "import",
            again.to_str().unwrap(),
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    r.stderr_has("rows loaded in bulk");
    let s = r.json();
    assert_eq!(
        (
            s["rows"].as_u64(),
            s["imported"].as_u64(),
            s["already_imported"].as_u64(),
            s["rejected"].as_u64()
        ),
        (Some(52_002), Some(1), Some(52_000), Some(1)),
        "{s}"
    );
    assert_eq!(
        codes(&s),
        vec![rej("again.csv", 52_002, "duplicate_in_file")]
    );
    assert!(
        s["rejects"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("repeats row 10"),
        "{}",
        s["rejects"][0]
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        text.contains(&rows[9]),
        "the original row is in the rejects file:\n{text}"
    );
    assert_eq!(env.orders_count(), 52_001);
    assert!(env.key_index_exists(), "the key index is back");
    let listed = env.json(0, &["orders", "list", "--iin", &iin("850505", 3, 52_000)]);
    let numbers: Vec<&str> = listed["orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["order_no"].as_str())
        .collect();
    assert!(numbers.contains(&"52000-р"), "{listed}");
}

/// A bulk load of two files (PostgreSQL: one COPY each, whose rows bring their own ids), then a
/// small run whose rows take their ids from the table: every row stored once, under an id of
/// its own, numbered in the files' order.
pub fn bulk_load_of_two_files(env: &Env) {
    let row = |k: u32| {
        order_row(
            &format!("{k}-т"),
            "2026-04-01",
            "hire",
            &iin("830303", 4, k),
            "",
        )
    };
    let file = |name: &str, from: u32, to: u32| {
        let rows: Vec<String> = (from..to).map(row).collect();
        env.write(name, format!("{HEADER}\n{}\n", rows.join("\n")))
    };
    let (a, b) = (file("a.csv", 0, 40_000), file("b.csv", 40_000, 80_000));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let s = env.json(0, &[AS_OF, "orders", "import", a, b]);
    assert_eq!(s["imported"].as_u64(), Some(80_000), "{s}");
    assert!(env.key_index_exists(), "the keys are back");
    let small = file("c.csv", 80_000, 80_003);
    let s = env.json(0, &[AS_OF, "orders", "import", small.to_str().unwrap()]);
    assert_eq!(s["imported"].as_u64(), Some(3), "{s}");
    // Ids: one per row, in the order of the files and their rows.
    let ids = "SELECT CAST(COUNT(DISTINCT id) AS TEXT) || '/' || CAST(SUM(CASE WHEN \
               order_no = '0-т' AND id < (SELECT MIN(id) FROM orders WHERE order_no = '40000-т') \
               AND (SELECT MAX(id) FROM orders WHERE order_no = '79999-т') < \
               (SELECT MIN(id) FROM orders WHERE order_no = '80000-т') THEN 1 ELSE 0 END) AS TEXT) \
               FROM orders";
    assert_eq!(sql_value(&env.db, ids), "80003/1");
}
