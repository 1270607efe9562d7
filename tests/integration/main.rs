//! Integration tests: the real `skud` binary on real files and real databases.
//!
//! Every test in `BOTH` runs twice: on SQLite, and on PostgreSQL when `SKUD_TEST_PG_URL` names
//! a server (`scripts/test` starts a throwaway cluster). Without it, the PostgreSQL runs are
//! reported as ignored, with the reason printed first.

mod access;
mod admin_day;
mod directory;
mod fuzz;
mod harness;
mod jobs;
mod json_docs;
mod ldap;
mod mail;
mod office_files;
mod orders_bad_files;
mod orders_import;
mod other_commands;
mod printed;

use harness::{Backend, Env};
use libtest_mimic::{Arguments, Failed, Trial};

type Test = fn(&Env);

/// Tests that run on both databases.
const BOTH: &[(&str, Test)] = &[
    ("jobs::inactivity_and_dismissals", jobs::blocking),
    ("jobs::never_used_and_deadlines", jobs::never_used),
    ("jobs::stale_pull_refused", jobs::stale_pull),
    ("jobs::lock_held_exits_4", jobs::lock_held),
    ("jobs::simultaneous_runs", jobs::simultaneous),
    (
        "jobs::inactivity_killed_then_listed",
        jobs::killed_then_listed,
    ),
    (
        "jobs::failing_block_changes_nothing",
        jobs::failing_block_changes_nothing,
    ),
    ("jobs::daemon_schedule_and_sigterm", jobs::daemon),
    ("jobs::tickets", jobs::tickets),
    (
        "orders::samples_import_with_every_outcome",
        orders_import::samples,
    ),
    ("orders::reimport_changes_nothing", orders_import::reimport),
    ("orders::dry_run_writes_nothing", orders_import::dry_run),
    (
        "orders::every_reason_code",
        orders_import::every_reason_code,
    ),
    (
        "orders::one_year_boundary",
        orders_import::one_year_boundary,
    ),
    ("orders::encodings_and_delimiters", orders_import::encodings),
    ("orders::xlsx_cells", orders_import::xlsx_cells),
    ("admin::one_date_grammar", admin_day::one_date_grammar),
    ("admin::status_at_a_glance", admin_day::status_at_a_glance),
    ("admin::person_whole", admin_day::person_whole),
    ("admin::requests_as_written", admin_day::requests_as_written),
    ("admin::dry_runs_say_so", admin_day::dry_runs_say_so),
    (
        "admin::in_the_readers_language",
        admin_day::in_the_readers_language,
    ),
    (
        "json::documented_fields_are_present",
        json_docs::documented_fields_are_present,
    ),
    (
        "office::title_above_header",
        office_files::title_above_header,
    ),
    (
        "office::kinds_and_iins_as_written",
        office_files::kinds_and_iins_as_written,
    ),
    (
        "office::lost_letters_and_extra_cells",
        office_files::lost_letters_and_extra_cells,
    ),
    (
        "office::names_and_dismissals",
        office_files::names_and_dismissals,
    ),
    ("office::revert_an_import", office_files::revert_an_import),
    (
        "office::hostile_spreadsheets",
        office_files::hostile_spreadsheets,
    ),
    (
        "orders::duplicates_across_files_and_chunks",
        orders_import::duplicates_across_chunks,
    ),
    ("orders::list_filters", orders_import::list_filters),
    ("orders::bulk_load", orders_import::bulk_load),
    ("orders::bulk_resend", orders_import::bulk_resend),
    (
        "orders::bulk_load_of_two_files",
        orders_import::bulk_load_of_two_files,
    ),
    (
        "employees::state_on_the_as_of_date",
        orders_import::employees_state,
    ),
    (
        "bad_files::missing_dir_empty",
        orders_bad_files::missing_dir_empty,
    ),
    (
        "bad_files::no_header_binary_encoding",
        orders_bad_files::no_header_binary_encoding,
    ),
    (
        "bad_files::missing_columns",
        orders_bad_files::missing_columns,
    ),
    ("bad_files::sheets", orders_bad_files::sheets),
    (
        "bad_files::second_file_bad_rolls_back_first",
        orders_bad_files::second_file_bad,
    ),
    (
        "bad_files::kill_during_import",
        orders_bad_files::kill_during_import,
    ),
    ("systems::import_add_list", other_commands::systems),
    (
        "audit::verify_finds_tampering",
        other_commands::audit_tampering,
    ),
    ("init::idempotent", other_commands::init_idempotent),
    (
        "init::orders_rebuilt_by_migration",
        other_commands::orders_rebuilt_by_migration,
    ),
    ("access::samples_workflow", access::samples_workflow),
    ("access::every_reason_code", access::every_reason_code),
    ("access::every_kind", access::every_kind),
    ("access::deadlines", access::deadlines),
    ("access::safety", access::safety),
    ("access::xlsx_requests", access::xlsx_requests),
];

/// Tests that need the throwaway slapd (`SKUD_TEST_LDAP_URL`; SQLite is enough for them).
const LDAP: &[(&str, Test)] = &[
    ("ldap::check_exit_codes", ldap::check),
    ("ldap::pull_last_login_and_registration", ldap::pull),
];

/// Against the throwaway slapd, on both databases.
const LDAP_BOTH: &[(&str, Test)] = &[("ldap::push_entries_groups_locks", ldap::push)];

/// A test against one directory server.
type DirTest = fn(&Env, &directory::Dir);

/// Against each directory server (the throwaway slapd and Samba AD DC), on SQLite and
/// PostgreSQL (`true`) or SQLite only (`false`).
const DIRECTORY: &[(&str, DirTest, bool)] = &[
    (
        "directory::check_and_configuration_errors",
        directory::check,
        false,
    ),
    (
        "directory::push_taken_login_lock_unlock",
        directory::push,
        true,
    ),
    ("directory::adopt_existing_entries", directory::adopt, true),
];

/// Held by each AD test while it runs.
static AD_ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Against Samba AD only.
const AD_ONLY: &[(&str, DirTest)] =
    &[("directory::push_500_with_complexity", directory::push_many)];

/// Against the throwaway mail server (`SKUD_TEST_SMTP_DIR`): on SQLite and PostgreSQL
/// (`true`) or SQLite only.
/// A test against the mail server.
type MailTest = fn(&Env, &mail::Smtp);

const MAIL: &[(&str, MailTest, bool)] = &[
    ("mail::smtp_relay_down_5xx_once_auth", mail::smtp, true),
    ("mail::kill_answers_100_times", mail::kills, false),
];

/// Tests of things that do not depend on the database.
const ONCE: &[(&str, Test)] = &[
    ("jobs::backup_during_import", jobs::backup),
    ("cli::usage_errors_exit_2", other_commands::usage_errors),
    ("cli::config_file", other_commands::config_file),
    ("cli::man_pages_are_up_to_date", other_commands::man_pages),
    ("cli::completions", other_commands::completions),
    ("files::private_and_refused", other_commands::private_files),
    ("fuzz::mutated_files_never_panic", fuzz::mutated_files),
];

fn trial(name: String, backend: Backend, test: Test) -> Trial {
    Trial::test(name, move || {
        let env = Env::new(backend);
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(&env))).map_err(panic_message)
    })
}

/// A test that reads the messages of the directory and the mail relay as written in English
/// (SKUD_LANG=en; the other languages are the admin_day tests' business).
fn trial_en(name: String, backend: Backend, test: Test) -> Trial {
    Trial::test(name, move || {
        let env = english(Env::new(backend));
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(&env))).map_err(panic_message)
    })
}

fn english(env: Env) -> Env {
    env.set_var("SKUD_LANG", "en");
    env
}

fn panic_message(e: Box<dyn std::any::Any + Send>) -> Failed {
    let msg = e
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
    Failed::from(msg.unwrap_or_else(|| "panicked".into()))
}

fn main() {
    let args = Arguments::from_args();
    let pg = harness::pg_base_url().is_some();
    if !pg {
        println!(
            "NOTE: the PostgreSQL runs of the integration tests are skipped (shown as ignored): \
             SKUD_TEST_PG_URL is not set. scripts/test starts a throwaway PostgreSQL cluster and sets it."
        );
    }
    let mut trials = Vec::new();
    for (name, test) in BOTH {
        trials.push(trial(format!("sqlite::{name}"), Backend::Sqlite, *test));
        trials.push(
            trial(format!("postgres::{name}"), Backend::Postgres, *test).with_ignored_flag(!pg),
        );
    }
    let office = printed::office_suite();
    if !office {
        println!(
            "NOTE: the printed-documents test is skipped (shown as ignored): LibreOffice (soffice) \
             and poppler-utils (pdfinfo, pdftotext) are not installed. .ci/run installs them."
        );
    }
    trials.push(
        trial(
            "sqlite::printed::a4_documents".into(),
            Backend::Sqlite,
            printed::printed_documents,
        )
        .with_ignored_flag(!office),
    );
    let have_ldap = ldap::ldap_url().is_some();
    if !have_ldap {
        println!(
            "NOTE: the LDAP tests are skipped (shown as ignored): SKUD_TEST_LDAP_URL is not set. \
             scripts/test starts a throwaway slapd and sets it."
        );
    }
    for (name, test) in LDAP {
        trials
            .push(trial_en(name.to_string(), Backend::Sqlite, *test).with_ignored_flag(!have_ldap));
    }
    for (name, test) in LDAP_BOTH {
        trials.push(
            trial_en(format!("sqlite::{name}"), Backend::Sqlite, *test)
                .with_ignored_flag(!have_ldap),
        );
        trials.push(
            trial_en(format!("postgres::{name}"), Backend::Postgres, *test)
                .with_ignored_flag(!have_ldap || !pg),
        );
    }
    for (flavour, prefix, hint) in [
        (
            directory::Flavour::OpenLdap,
            "openldap",
            "SKUD_TEST_LDAP_URL is not set (scripts/test starts a throwaway slapd)",
        ),
        (
            directory::Flavour::Ad,
            "ad",
            "SKUD_TEST_AD_URL is not set (scripts/test starts a throwaway Samba AD DC when run as root with Samba installed)",
        ),
    ] {
        let dir = directory::Dir::of(flavour);
        if dir.is_none() {
            println!("NOTE: the {prefix} directory tests are skipped (shown as ignored): {hint}.");
        }
        let ad_only: &[(&str, DirTest)] = if flavour == directory::Flavour::Ad {
            AD_ONLY
        } else {
            &[]
        };
        let all = DIRECTORY
            .iter()
            .map(|(n, t, both)| (*n, *t, *both))
            .chain(ad_only.iter().map(|(n, t)| (*n, *t, false)));
        for (name, test, both) in all {
            let backends: &[(Backend, &str)] = if both {
                &[(Backend::Sqlite, "sqlite"), (Backend::Postgres, "postgres")]
            } else {
                &[(Backend::Sqlite, "sqlite")]
            };
            for (backend, db) in backends {
                let d = dir.clone();
                let ignored = d.is_none() || (*backend == Backend::Postgres && !pg);
                let backend = *backend;
                let serial = flavour == directory::Flavour::Ad;
                trials.push(
                    Trial::test(format!("{db}::{prefix}::{name}"), move || {
                        // One AD test at a time: logins and group names are unique domain-wide.
                        let _one = serial
                            .then(|| AD_ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner()));
                        let env = english(Env::new(backend));
                        let d = d.expect("a directory server");
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(&env, &d)))
                            .map_err(panic_message)
                    })
                    .with_ignored_flag(ignored),
                );
            }
        }
    }
    let have_smtp = mail::Smtp::from_env().is_some();
    if !have_smtp {
        println!(
            "NOTE: the mail tests are skipped (shown as ignored): SKUD_TEST_SMTP_DIR is not set \
             (scripts/test starts a throwaway Postfix when run as root with Postfix installed)."
        );
    }
    for (name, test, both) in MAIL {
        let backends: &[(Backend, &str)] = if *both {
            &[(Backend::Sqlite, "sqlite"), (Backend::Postgres, "postgres")]
        } else {
            &[(Backend::Sqlite, "sqlite")]
        };
        for (backend, db) in backends {
            let backend = *backend;
            let test = *test;
            let ignored = !have_smtp || (backend == Backend::Postgres && !pg);
            trials.push(
                Trial::test(format!("{db}::{name}"), move || {
                    let env = english(Env::new(backend));
                    let s = mail::Smtp::from_env().expect("a mail server");
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(&env, &s)))
                        .map_err(panic_message)
                })
                .with_ignored_flag(ignored),
            );
        }
    }
    for (name, test) in ONCE {
        trials.push(trial(name.to_string(), Backend::Sqlite, *test));
    }
    libtest_mimic::run(&args, trials).exit();
}
