//! Printed documents, as an administrator prints them: each sheet skud writes for paper is
//! converted to PDF by a real office suite (LibreOffice, headless), and the PDF's pages and text
//! are checked (poppler's pdfinfo and pdftotext). Skipped, with a notice, where they are not
//! installed.

use crate::harness::{Env, iin};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether LibreOffice and poppler's tools are installed.
pub fn office_suite() -> bool {
    ["soffice", "pdfinfo", "pdftotext"].iter().all(|tool| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty())
    })
}

/// The PDF LibreOffice prints of `file`, with its page count and its text.
fn print(env: &Env, file: &Path) -> (usize, String) {
    // A profile of its own: parallel tests must not share LibreOffice's user folder.
    let profile = env.path("lo-profile");
    let out = env.path("pdf");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(file)
        .output()
        .unwrap();
    assert!(status.status.success(), "soffice: {status:?}");
    let pdf: PathBuf = out.join(file.with_extension("pdf").file_name().unwrap());
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"));
    assert!(info.contains("(A4)"), "not A4: {info}");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    // Words wrapped across lines: compare the text with its whitespace collapsed.
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (pages, text)
}

pub fn printed_documents(env: &Env) {
    env.set_var("SKUD_ADMIN", "Админов Админ Админович");
    env.ok(
        0,
        &[
            "systems",
            "import",
            crate::harness::samples()
                .join("systems.csv")
                .to_str()
                .unwrap(),
        ],
    );
    let person = iin("850505", 3, 200);
    env.write(
        "o.csv",
        format!(
            "order_no,order_date,kind,iin,full_name,position,department,effective_date\n\
             1-к,2026-11-02,hire,{person},Жақсыбекова Гүлнұр Қайратқызы,главный специалист,\
             Департамент цифровизации и информационных технологий,\n"
        ),
    );
    env.ok(0, &["--as-of", "2026-11-19", "orders", "import", "o.csv"]);
    // A request for eight systems, with long names: nothing may be lost to a row height.
    let eight = "ESOBES,ASP,ENP,OOP,RT,SIK,CBDP,KANDAS";
    for n in 1..=5 {
        let systems = if n == 1 { eight } else { "ESOBES,SIK,ENP" };
        env.ok(
            0,
            &[
                "--as-of",
                &format!("2026-11-19T09:0{n}"),
                "requests",
                "add",
                "--kind",
                "grant",
                "--iin",
                &person,
                "--full-name",
                "Жақсыбекова Гүлнұр Қайратқызы",
                "--ip",
                &format!("10.1.1.{n}"),
                "--position",
                "главный специалист",
                "--department",
                "Департамент цифровизации и информационных технологий",
                "--reply-email",
                &format!("hr{n}@enbek.kz"),
                "--systems",
                systems,
                "--functions",
                "просмотр, ввод данных, формирование отчетов",
                "--basis-order-no",
                "1-к",
                "--basis-order-date",
                "02.11.2026",
                "--region",
                "г. Астана, Есильский район",
                "--letter-no",
                &format!("01-12/34{n}"),
                "--letter-date",
                "18.11.2026",
            ],
        );
    }

    // The Appendix 2 form: one A4 page, the title block of the Rules, the date as the form
    // writes it, all eight systems.
    for (lang, appendix, date) in [
        (
            "ru",
            "Приложение 2 к Правилам работы",
            "«19» ноября 2026 года",
        ),
        ("kk", "қағидаларына 2-қосымша", "2026 жылғы «19» қараша"),
    ] {
        let out = env.path(&format!("form-{lang}.xlsx"));
        env.ok(
            0,
            &[
                "--lang",
                lang,
                "requests",
                "form",
                "1",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        let (pages, text) = print(env, &out);
        assert_eq!(pages, 1, "the {lang} form takes {pages} pages");
        for want in [appendix, date, "hr1@enbek.kz", "_______/"] {
            assert!(text.contains(want), "{lang} form: no {want:?} in {text}");
        }
        for code in eight.split(',') {
            assert!(
                text.contains(&format!("({code})")),
                "{lang} form lost {code}: {text}"
            );
        }
    }

    // The journal: five rows on one A4 page, the whole of every system name, the date header
    // not broken inside a word.
    env.ok(
        0,
        &[
            "--as-of",
            "2026-11-19T12:00",
            "logins",
            "issue",
            "--all",
            "--credentials",
            "c.csv",
        ],
    );
    let journal = env.path("journal.xlsx");
    env.ok(
        0,
        &[
            "--lang",
            "ru",
            "journal",
            "export",
            "--out",
            journal.to_str().unwrap(),
        ],
    );
    let (pages, text) = print(env, &journal);
    assert_eq!(pages, 1, "the 5-row journal takes {pages} pages");
    for want in [
        "идентификаторов (логинов)",
        "печать свидетельства о присвоении социального индивидуального кода» (SIK)",
        "Централизованная база данных по выплате пенсий и пособий» (CBDP)",
        "zhaqsybekova.gq5",
    ] {
        assert!(text.contains(want), "journal: no {want:?} in {text}");
    }
    // The CSV opens with a comma as a separator too without splitting a cell: every text field
    // is quoted.
    let csv = env.path("journal.csv");
    env.ok(
        0,
        &[
            "--lang",
            "ru",
            "journal",
            "export",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    let body = std::fs::read_to_string(&csv).unwrap();
    for line in body.lines() {
        assert_eq!(
            fields_split_at_both(line),
            7,
            "split at ';' and ',' as LibreOffice's defaults do, a row is not 7 cells: {line}"
        );
    }
    assert!(
        body.contains("\"г. Астана, Есильский район / № 01-12/341, 18.11.2026\""),
        "{body}"
    );

    // The deadlines report: its title and as-of moment, and the requests past their deadline.
    let report = env.path("deadlines.xlsx");
    let args = [
        "--lang",
        "ru",
        "--as-of",
        "2026-12-01T08:00",
        "jobs",
        "run",
        "deadlines",
        "--out",
    ];
    let mut all = args.to_vec();
    all.push(report.to_str().unwrap());
    env.run(&all);
    let (pages, text) = print(env, &report);
    assert_eq!(pages, 1);
    for want in [
        "Заявки и обращения с истекшим сроком",
        "По состоянию на 01.12.2026 08:00",
    ] {
        assert!(text.contains(want), "deadlines: no {want:?} in {text}");
    }
}

/// The cells of a CSV line split at both `;` and `,` outside double quotes, as an office suite
/// whose import dialog has both separators ticked reads it.
fn fields_split_at_both(line: &str) -> usize {
    let (mut fields, mut quoted) = (1, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' | ',' if !quoted => fields += 1,
            _ => {}
        }
    }
    fields
}
