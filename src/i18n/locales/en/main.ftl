# skud messages: English. Keep the keys of kk/main.ftl and ru/main.ftl the same (a test checks).

n-rows = { $n ->
    [one] { $n } row
   *[other] { $n } rows
}
word-row = row

## IIN
iin-not-twelve-digits = not 12 digits
iin-birth-date = the first six digits are not a real birth date
iin-century = the seventh digit (century and sex) is not 1-6
iin-check-digit = the check digit is wrong

## Reject reasons of HR order rows
reject-missing-field = column «{ $column }» is empty
reject-invalid-iin = IIN «{ $value }» is invalid: { $detail }
reject-impossible-day = column «{ $column }»: «{ $value }» is no day: { $month_in } has { $days } days
reject-bad-date = column «{ $column }»: «{ $value }» is not a date (use DD.MM.YYYY or YYYY-MM-DD)
reject-unknown-kind = order kind «{ $value }» is unknown (hire, transfer or dismissal: прием, перевод, увольнение, …; other spellings can be added in the configuration, [orders.kinds])
reject-future-order = the order is dated { $date }, after the as-of date { $asof }
reject-older-than-one-year = the order of { $date } was approved more than one year ago (before { $limit }) and is no basis for access (§23)
reject-duplicate-in-file = repeats row { $row } of { $file } (same order number, date, IIN and kind)
reject-lost-letters = column «{ $column }» holds «{ $value }»: «?» stands for letters the file's encoding cannot hold (Kazakh letters in Windows-1251); save the file as UTF-8 CSV or XLSX and import it again
reject-extra-cells = the row has a value beyond the header's { $width } columns (column { $column }: «{ $value }»): a delimiter inside an unquoted value has shifted the cells; quote the value or remove the delimiter
reject-unknown-kind-nearest = order kind «{ $value }» is unknown; the nearest known is «{ $nearest }» ({ $kind }). Other spellings can be added in the configuration, [orders.kinds]
warning-iin-zero-restored = IIN «{ $written }» has 11 digits: a spreadsheet dropped its leading zero; taken as { $iin }
reject-name-mismatch = IIN { $iin } is on record as «{ $on_record }», and this order names «{ $written }»: an order never renames a person; check the IIN
warning-surname-changed = surname changed from «{ $before }» to «{ $after }» (the same name and patronymic): taken as a change of surname; the earlier orders keep the old one
warning-old-dismissal = dismissal of { $date } is older than one year (before { $limit }): recorded as proof the person is not acting staff (§30), but it is no basis for a request (§23)

## Summaries
init-done = database { $db } is ready ({ $n ->
    [one] 1 migration applied
   *[other] { $n } migrations applied
})
systems-summary = systems: { $added } added, { $updated } updated, { $unchanged } unchanged, { $rejected } rejected
import-summary = { $rows ->
    [one] 1 row
   *[other] { $rows } rows
}: { $imported } imported, { $already } already imported, { $rejected } rejected, { $warnings ->
    [one] 1 warning
   *[other] { $warnings } warnings
}
import-more-rejects = … and { $n } more rejected rows (see --rejects or --json)
import-dismissed-account = { $file }: row { $row }: { $iin } is dismissed from { $date }, and account { $login } ({ $status }) is live: the dismissals job blocks it on { $blocked } (§30), or run «skud jobs run dismissals» once the dismissal has taken effect
import-header-row = { $file }: the header is row { $row }; the { $skipped } rows above it (a title, blank rows) were skipped
import-replacement-chars = { $file }: { $n } characters could not be decoded (shown as �): Kazakh letters do not exist in Windows-1251; save the file as UTF-8
import-rejects-file = rejected rows written to { $file }
dry-run-nothing-written = dry run: nothing was written
employee-not-found = no orders on record for IIN { $iin }

## Audit
audit-intact = audit log intact: { $n } records, head #{ $seq } { $hash }
audit-changed = audit record #{ $seq } was changed after it was written
audit-removed-before = audit record #{ $seq } does not follow the record before it: records before #{ $seq } were removed or rewritten
audit-reordered = audit record #{ $seq } follows record #{ $follows } in the chain: the records were reordered
audit-removed-at-end = the audit log ends at #{ $last } but its head says #{ $head }: the newest records were removed

## Column headers
col-code = code
col-name-kk = name (kk)
col-name-ru = name (ru)
col-order-no = order no
col-order-date = order date
col-kind = kind
col-iin = IIN
col-full-name = full name
col-position = position
col-department = department
col-import = import
col-effective-date = effective
col-status = status
col-since = since
col-seq = #
col-at = time
col-actor = administrator
col-action = action
col-count = count
col-objects = objects

## Values
kind-hire = hire
kind-transfer = transfer
kind-dismissal = dismissal
status-acting = acting
status-dismissed = dismissed
status-not_yet_acting = not yet acting

## Access requests (§19, §22)
col-id = no.
col-systems = systems
col-due = due
col-reason = reason
col-login = login
col-issued = issued
col-last-login = last login
col-date = date
col-weekday = day
reject-unknown-request-kind = unknown request kind "{ $value }" (grant, change, block or reactivate)
reject-invalid-ip = "{ $value }" is not an IPv4 or IPv6 address
reject-invalid-email = "{ $value }" is not an e-mail address (name@domain.kz)
reject-received-in-future = received at { $value }, which is after the as-of moment
reject-duplicate-person = the same person (IIN) already has a request at row { $row } of this file; send one request of a kind per person
refusal-unknown-system = no system { $systems } in the catalogue
refusal-unknown-login = there is no account with the login { $login }
refusal-login-other-iin = the login { $login } belongs to another person, not to IIN { $iin }
refusal-not-acting-staff = the person with IIN { $iin } is not acting staff: their dismissal has taken effect (§30)
refusal-no-basis = no order No. { $no } of { $date } for IIN { $iin } is on record (§23)
refusal-basis-too-old = the basis order of { $date } was approved more than one year before the request (before { $limit }, §23)
refusal-basis-mismatch = a { $kind } order is no basis for this request (§23, §27)
refusal-not-blocked = the account { $login } is not blocked; only a blocked account is reactivated (§29)
request-line-pending = request { $id } (row { $row }): pending, answer due by { $due }
request-line-refused = request { $id } (row { $row }): refused: { $reason }
request-line-already = request { $id } (row { $row }): already on record ({ $status }), nothing added
request-line-rejected = row { $row }: { $code }: { $reason }
requests-summary = { $rows } rows: { $recorded } recorded ({ $refused } refused), { $already } already on record, { $rejected } rejected
request-not-found = there is no request { $id }
letter-written = letter: { $path }
form-written = the form of request { $id } is in { $path }
answer-name-requests = name the requests to answer (their numbers), or pass --all
answer-wrong-command = request { $id } is a { $kind } request: answer it with `skud { $command }`
answer-line-done = request { $id } ({ $kind }): done, login { $login }
answer-line-refused = request { $id }: refused: { $reason }
answer-line-skipped = request { $id }: already answered ({ $status }), nothing to do
logins-nothing-pending = no grant or reactivate request is pending: nothing to issue
requests-nothing-pending = no change or block request is pending: nothing to apply
logins-issued = { $done } issued, { $refused } refused, { $skipped } already answered
requests-applied = { $done } applied, { $refused } refused, { $skipped } already answered
admin-required = set the administrator's full name (--admin, SKUD_ADMIN or admin in the configuration): it is written into the journal (§25) and signs the reply letters
credentials-written = the logins and temporary passwords are in { $path } (mode 0600): hand them over, then delete the file
login-cannot-generate = request { $id }: no login can be made from the name "{ $name }"; check the name
login-valid = { $login }: valid and never issued
login-invalid = { $login }: { $problem }

## Accounts (§24, §28, §29)
account-not-found = there is no account { $login }
account-blocked = { $login }: blocked ({ $reason })
account-already-blocked = { $login }: already blocked, nothing changed
account-seen = { $login }: last login { $at }
account-seen-older = { $login }: a later login is already on record; { $at } changes nothing
at-in-future = --at { $at } is after the as-of moment { $asof }
registration-complete = { $login }: the temporary password was replaced on { $at }: registration is complete (§24)
password-change-recorded = { $login }: password change on { $at } recorded (the account was already active)
password-change-before-issue = { $login }: a change on { $at } is before the temporary password was issued ({ $issued })
password-change-blocked = { $login }: the account is blocked; it is reactivated by a repeat request (§29)

## Reply letters (§22)
letter-subject-issued = Access request No. { $id }: login and temporary password
letter-subject-reactivated = Access request No. { $id }: account reactivated
letter-subject-refused = Access request No. { $id }: refused
letter-subject-changed = Access request No. { $id }: access rights changed
letter-subject-blocked = Access request No. { $id }: account blocked
letter-body-issued = Your access request of { $received } for { $name } has been granted.
    
    Login: { $login }
    Temporary password: { $password }
    
    The temporary password is for the first login only: the system asks for a new password then, and registration is complete once it is replaced (§24). Never share the login or the password (§26).
letter-body-reactivated = Your repeat request of { $received } for { $name } has been granted: the account { $login } is unblocked (§29).
    
    Login: { $login }
    New temporary password: { $password }
    
    Replace the temporary password at the first login (§24).
letter-body-refused = Your access request of { $received } for { $name } is refused.
    
    Reason: { $reason }.
    
    Rules of work, maintenance and access to information systems and databases (Order No. 419 of 26 December 2025), paragraph { $paragraph }.
letter-body-changed = Your request of { $received } for { $name } has been carried out: the rights of the account { $login } are now: { $systems } (§27).
letter-body-blocked = Your request of { $received } for { $name } has been carried out: the account { $login } is blocked.
letter-signature = Information security administrator: { $admin }

## The journal (Appendix 1, §25)
journal-title = Journal of registration of users and issue of personal unique identifiers (logins)
journal-col-no = No.
journal-col-letter = Region / applicant's outgoing letter number and date, and the IS owner's incoming number and date
journal-col-systems = Information systems and databases to which access is granted
journal-col-date = Date of registration of users and issue of personal unique identifiers (logins)
journal-col-basis = Basis
journal-col-admin = Surname, name, patronymic (if any) of the administrator
journal-col-note = Note
journal-login = login
journal-replaces = in place of { $old }, taken in the directory (§26)
journal-reactivation = reactivation (§29)
journal-basis-reactivation = repeat request (§29)
journal-exported = { $rows } journal rows written to { $path }

## The form (Appendix 2)
form-appendix = Appendix 2 to the Rules of work, maintenance and access to information systems and databases
form-title = Application for registration (creation) of a user's account and for granting (or changing) the user's access rights to information systems
form-ask = Please
form-kind-grant = grant access to the information systems
form-kind-change = change the user's rights to the information systems
form-kind-block = block the user's account
form-kind-reactivate = reactivate the user's blocked account
form-basis = basis: order No. { $no } of { $date }
form-col-no = No.
form-col-person = User's surname, name, patronymic (if any), IIN, login, work phone, mobile phone, IP address of the user's computer
form-col-position = User's position, the applicant's structural division
form-col-systems = Information systems and databases to which access is granted
form-col-functions = Functions (actions) performed in the information systems
form-iin = IIN
form-login = login
form-work-phone = work phone
form-cell-phone = mobile
form-reply = Please send the data to the e-mail address { $email }.
form-signature = (surname, name, patronymic (if any), signature of the head)
form-letter = outgoing
form-incoming = incoming

## The calendar (§22)
calendar-title = { $year }: { $working } working days
calendar-source = Source: { $source }
calendar-unpublished = The transfer order for { $year } is not published yet: days off follow the fixed holidays and the weekend rule only.
calendar-no-kurban = The date of Kurban ait { $year } is not set yet: add it to the calendar file ([calendar] file).
calendar-moved = day off for { $holiday } ({ $from }, a weekend day)
calendar-ordered = transfer: { $note }
calendar-worked = working day: { $note }
holiday-new-year = New Year
holiday-christmas = Orthodox Christmas
holiday-womens-day = International Women's Day
holiday-nauryz = Nauryz meiramy
holiday-unity = Day of Unity of the People of Kazakhstan
holiday-defender = Defender of the Fatherland Day
holiday-victory = Victory Day
holiday-capital = Capital Day
holiday-constitution = Constitution Day
holiday-republic = Republic Day
holiday-independence = Independence Day
holiday-kurban-ait = Kurban ait

## The directory
ldap-bound = { $url }: bound as { $who }
ldap-base-found = { $base }: found
ldap-base-missing = { $base }: NOT FOUND (create it, or fix [ldap] in the configuration)
ldap-pulled = { $entries } directory entries read: { $logins } last logins updated, { $registered } registrations completed (§24), { $unmanaged } entries not managed by skud (left alone)
transit-key-made = made the transit key { $path } (mode 0600): temporary passwords wait sealed with it until `ldap sync --push`; keep it out of backups of the database
ldap-pushed = pushed to the directory: { $created } entries created, { $passwords } temporary passwords set, { $locked } locked, { $unlocked } unlocked, { $added } group memberships added, { $removed } removed ({ $operations } LDAP operations sent)
ldap-renamed = { $old }: the login is held in the directory by an entry skud did not make ({ $detail }); { $name } now has the login { $new } (§26), with the same temporary password: tell the user the new login
ldap-password-refused = { $login }: the directory refused the temporary password ({ $detail }); the entry is locked and the account blocked: answer a reactivation request (§29) to issue a new password
ldap-pulled-logins = { $new } logins of the directory recorded as taken (never issued by skud, §26); { $adoptable } entries could be adopted (skud ldap adopt)
ldap-failed = { $dn }: not done: { $detail }; the next sync tries again
ldap-no-password = { $login }: issued before the directory was configured, so skud has no temporary password to send; the entry has none: set one in the directory, or block and reactivate the account (§29)
ldap-lost = LDAP server { $url }: the connection was lost ({ $detail }); what the directory confirmed is recorded, and the next sync goes on from there
dry-run-nothing-sent = dry run: { $n } accounts planned, nothing sent to the directory
job-busy = { $job }: not run now: another run holds the job's lock (try later)
job-stale-pull = inactivity: nothing blocked: the last successful LDAP pull ({ $last }) is older than { $hours } h ([ldap] max_pull_age_h); last logins may be missing. Run `skud jobs run ldap-pull` first
job-request-overdue = request { $id }: { $name }, received { $received }, answer due { $due } (§22)
job-summary = { $job }: { $outcome } { $counts }
backup-written = the database was copied to { $file } ({ $bytes } bytes)
ticket-opened = ticket { $id } recorded; due by { $due } (§15)
ticket-closed = ticket { $id } closed
job-ticket-overdue = ticket { $id }: { $name }, submitted { $submitted }, due { $due } (§15)
job-day-off = { $job }: { $day } is a day off: not run
deadlines-col-kind = What
deadlines-col-id = №
deadlines-col-name = Full name
deadlines-col-since = Received
deadlines-col-due = Due
deadlines-kind-request = access request (§22)
deadlines-kind-ticket = support ticket (§15)
ldap-adopted = adopted { $login } ({ $dn }): { $status }; systems: { $systems }
ldap-left-out = left out { $dn }: { $code }: { $reason }
ldap-adopt-summary = { $entries } directory entries read: { $adopted } adopted, { $already } already governed by skud, { $left } left out
adopt-critical-system-object = one of the directory's critical system objects: never touched
adopt-protected-group = a member of a protected group ([ldap] protected_groups): never touched
adopt-no-login = the entry has no login attribute (uid / sAMAccountName)
adopt-no-iin = no IIN in [ldap] iin_attribute: a service account, left alone
adopt-invalid-iin = the IIN in the entry fails the check digit: correct it in the directory
adopt-not-on-record = no HR order names this IIN: import the order, then adopt again
adopt-login-of-another = the login is already another person's account in skud (§26)
adopt-login-replaced = skud issued this login once and gave its account another when it found this entry holding it (§26): not skud's
mail-sent = letters handed to the relay: { $count }
mail-failed = letter refused by the relay for good: { $detail }
mail-later = { $count } letter(s) wait for the relay (the next `skud mail send` or the daemon's mail job sends them): { $reason }
mail-nothing = no letters waiting
mail-undelivered = not delivered yet: { $queued } (letters and credentials files; `skud mail send` delivers them); refused by the relay: { $failed } (`skud mail list --failed`)
revert-done = import { $id } reverted: { $n } orders removed
summary-not-listed = { $n } more rows are counted but not listed (the rejects file, --rejects, has every rejected row)

# One grammar of days and moments (every date option, every file)
month-in = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
when-no-such-day = «{ $value }» is no day: { $month_in } has { $days } days
when-unreadable = «{ $value }» is not a date: write DD.MM.YYYY or YYYY-MM-DD, with a time HH:MM where one is wanted
flag-missing = option { $flag } is required for this request

# skud status
status-title = State as of { $at } (Asia/Almaty)
status-requests = Access requests (§22): { $pending } pending, { $today } due today, { $late } past due
status-tickets = Support tickets (§15): { $open } open, { $late } past due
status-next-night = Next night ({ $night }): { $dismissals } accounts to block for dismissal (§30), { $inactivity } for inactivity (§28)
status-jobs = Last run of each job:
status-directory = Directory: last pull { $pull }, last push { $push }{ $stale ->
    [yes] ; the pull is too old for the inactivity job
   *[no] {""}
}
status-no-directory = Directory: not configured ([ldap])
status-letters = Reply letters: { $queued } waiting, { $failed } refused by the relay
status-credentials = Credentials: { $queued } rows not yet written, { $files } files with temporary passwords not yet handed over (hand them over, then remove them)
status-audit = Audit log: record { $seq }, hash { $hash }…
status-all-well = Nothing needs a person.
status-attention = Needs a person: { $what }
status-never = never
status-attention-item = { $code ->
    [requests_past_due] requests past due
    [requests_due_today] requests due today
    [tickets_past_due] tickets past due
    [job_failed] a job's last run failed
    [pull_stale] the directory pull is old
    [letters_failed] letters refused
    [credentials_files] credentials files not handed over
   *[other] { $code }
}
job-outcome = { $outcome ->
    [ok] done
    [attention] done, with something to report
    [refused] not run (refused)
    [failed] failed
    [interrupted] interrupted
    [running] running
    [never] never run
   *[other] { $outcome }
}

# Stored codes in words (tables and views; --json keeps the codes)
value-account-status = { $code ->
    [pending] pending
    [active] active
    [blocked] blocked
   *[other] { $code }
}
value-block-reason = { $code ->
    [inactivity] inactivity, §28
    [dismissal] dismissal, §30
    [request] on request
    [security] security, §28
    [directory] in the directory
   *[other] { $code }
}
value-request-kind = { $code ->
    [grant] grant
    [change] change
    [block] block
    [reactivate] reactivate
   *[other] { $code }
}
value-request-status = { $code ->
    [pending] pending
    [done] done
    [refused] refused
    [withdrawn] withdrawn
   *[other] { $code }
}

# employees show: a person whole
person-orders = Orders
person-accounts = Accounts
person-requests = Access requests
person-tickets = Support tickets
col-received = received
col-subject = subject
col-submitted = submitted
col-closed = closed
request-withdrawn = request { $id }: withdrawn; it will not be answered
request-withdrawn-dry-run = request { $id }: would be withdrawn (dry run: nothing was written)

# Printed documents
form-sheet = Appendix 2
form-form = Form
form-hint = (grant access, block, change the user's rights to the information systems, stating the basis on which the application is made)
form-date = { $day } { $month } { $year }
month-of = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
}
journal-sheet = Journal
deadlines-sheet = Deadlines
deadlines-title = Requests and support tickets past their deadlines (§22: three working days; §15: three calendar days)
deadlines-as-of = As of { $at } (Asia/Almaty)
deadlines-none = No deadline has passed.

# Tables: tickets, jobs, config
col-job = job
col-schedule = schedule (Asia/Almaty)
col-working-days-only = working days only
col-as-of = for the date
col-started = started
col-seconds = seconds
col-outcome = outcome
col-counts = counts
col-message = message
col-key = setting
col-value = value
col-source = from
word-yes = yes
value-source = { $code ->
    [flag] command-line flag
    [env] environment variable
    [config-file] configuration file
    [locale] locale (LANG)
    [default] default
    [found] found
   *[other] { $code }
}
config-none = (none)
config-shipped-calendar = (the calendar built in)
config-not-configured = (not configured)
value-reason = { $code ->
    [unknown_system] unknown system
    [unknown_login] unknown login
    [not_acting_staff] not acting staff (§30)
    [no_basis] no basis order (§23)
    [basis_too_old] basis older than a year (§23)
    [basis_mismatch] order is no basis (§23)
    [not_blocked] not blocked (§29)
   *[other] { $code }
}

# File errors (import)
file-not-found = no such file
file-is-directory = is a directory, not a file
file-empty = the file is empty
file-io = cannot read: { $error }
file-binary = binary data, not a CSV or spreadsheet file (save it from Excel as CSV or XLSX)
file-bad-utf8 = row { $row }, column { $column }: the bytes are not valid UTF-8; save the file as UTF-8, or pass --encoding windows-1251 (or the file's encoding)
file-spreadsheet = not a readable { $format } file: { $message }
file-no-sheets = the workbook has no sheets
file-unknown-sheet = no sheet named «{ $sheet }»; the sheets are: { $available }
file-no-header = no header row: { $detail }
file-header = the header (row { $at } of the file): { $detail }
file-csv = row { $row }: { $message }
file-sheet-on-csv = --sheet applies to spreadsheets, and this file is CSV
file-stopped = stopped
try-help = Try 'skud --help' for more information.
interrupted = interrupted; nothing was written

# clap's own words in --help (used for kk and ru; English keeps clap's)
help-usage = Usage:
help-heading-commands = Commands
help-heading-options = Options
help-flag-help = Print help
help-flag-version = Print version
man-heading-name = NAME
man-heading-synopsis = SYNOPSIS
man-heading-description = DESCRIPTION
man-heading-options = OPTIONS
man-heading-subcommands = SUBCOMMANDS
man-heading-extra = EXTRA
man-heading-version = VERSION
help-heading-arguments = Arguments
usage-unknown-argument = unknown option { $arg }
usage-unknown-command = unknown command { $arg }
usage-missing = required, not given: { $arg }
usage-invalid-value = { $arg }: «{ $value }» is not one of { $valid }
usage-bad-value = { $arg }: { $why }
usage-conflict = { $arg } cannot be used with { $other }

# Files skud writes, the configuration, revert and withdraw
out-symlink = is a symbolic link; skud never writes through one (name the real file)
out-exists = already exists; skud does not overwrite it (name another file, or add --force)
out-exists-passwords = already exists; skud never overwrites a file of passwords (name another file)
out-folder = is a folder, not a file
out-not-regular = is not a regular file; skud writes only regular files
out-input = is an input of this run; skud never writes over its own input
config-missing = { $path }: no such configuration file (named by { $by })
config-unreadable = { $path }: cannot read: { $error }
revert-unknown = no import { $id } on record (skud orders list shows each order's import_id)
revert-not-orders = import { $id } is a { $what } import, not of orders
revert-reverted = import { $id } was reverted already, at { $at }
revert-rested-on = import { $id } cannot be reverted: requests answered on the basis of its orders: { $requests }; accounts blocked by its dismissals: { $blocks }
withdraw-unknown = no request { $id } on record
withdraw-answered = request { $id } is { $status } already: only a pending request can be withdrawn
revert-request-item = #{ $id } ({ $kind }, IIN { $iin }, order { $no })
ticket-no-name = --full-name is empty
ticket-no-subject = say what it is about: --reason (§13), or --subject and --text (§14)
ticket-no-contact = give a contact: --phone or --email (§13.3)
ticket-unknown-system = --system { $code }: not in the catalogue (skud systems list)
ticket-no-resolution = --resolution is empty: say what was done
ticket-closed-already = ticket { $id } is closed already
ticket-unknown = ticket { $id } does not exist
journal-out-kind = --out { $out }: name a .xlsx or .csv file
backup-exists = { $out }: the file exists; skud does not overwrite a backup
outbox-not-folder = { $dir }: the outbox is not a folder
outbox-not-writable = { $dir }: the outbox is not writable: { $error }
unknown-encoding = --encoding { $label }: unknown encoding (try utf-8, windows-1251, utf-16le, koi8-r)
rejects-is-input = --rejects { $file }: that is one of the files being imported

# The directory and the mail relay
ldap-unreachable = LDAP server { $url } cannot be reached: { $detail }
ldap-bind = LDAP server { $url }: bind as { $dn } failed: { $detail } (check bind_dn and the password from { $source })
ldap-operation = LDAP server { $url }: { $detail }
ldap-certificate = LDAP server { $url }: its TLS certificate is not trusted: { $reason }. Put the CA certificate that issued the server's certificate (PEM) into [ldap] ca_file{ $ca }, and make sure the certificate names the host of the URL in its subjectAltName
ldap-needs-tls = LDAP server { $url } requires an encrypted connection for the bind ({ $detail }): use ldaps:// or starttls = true in [ldap]
ldap-not-configured = LDAP is not configured: add an [ldap] section to the configuration (see samples/skud.toml)
ldap-missing = [ldap] { $key } is missing
ldap-url = [ldap] url «{ $url }»: use ldap://HOST[:PORT] or ldaps://HOST[:PORT]
ldap-flavour = [ldap] flavour «{ $flavour }»: use openldap or ad
ldap-starttls-on-ldaps = [ldap] starttls applies to ldap:// URLs, and this one is ldaps://
ldap-two-passwords = [ldap] give the bind password by bind_password_env or bind_password_file, not both
ldap-env-unset = [ldap] bind_password_env: the variable ${ $var } is not set or empty
ldap-password-file = [ldap] bind_password_file { $path }: { $error }
ldap-password-file-mode = [ldap] bind_password_file { $path }: the file is readable by others; chmod 600 it
ldap-ca-file = [ldap] ca_file { $path }: { $detail }
ldap-plaintext = [ldap] url { $url }: the bind password would go over the network without TLS; use ldaps://, or ldap:// with starttls = true (allow_plaintext = true only for a loopback test server)
ldap-iin-attribute = [ldap] iin_attribute «{ $name }»: give an attribute name (letters, digits, '-')
ldap-protected-group = [ldap] protected_groups: the directory has no group { $group }; a missing group would protect nobody: correct the DN
mail-relay = [mail] relay «{ $relay }»: expected smtp://HOST[:PORT] or smtps://HOST[:PORT]
mail-tls = [mail] tls «{ $tls }»: expected starttls, implicit or none
mail-plaintext = [mail] tls = "none" sends letters with passwords in clear: allowed only for a relay on this machine (127.0.0.1, ::1, localhost), not { $host }
mail-from = [mail] from «{ $from }» is not an e-mail address
mail-two-passwords = [mail] give the password by password_env or password_file, not both
mail-no-password = [mail] user is set: give its password by password_env or password_file
mail-env-unset = [mail] password_env: the variable ${ $var } is not set or empty
mail-password-file = [mail] password_file { $path }: { $detail }
mail-ca-file = [mail] ca_file { $path }: { $detail }

# Configuration: the database URL, the schedule, the calendar file, the login template
db-url-empty = the database URL is empty
db-url-no-file = { $url }: name a database file, e.g. sqlite:///var/lib/skud/skud.db
db-url-scheme = { $scheme }:// is not a supported database (use sqlite:// or postgres://)
schedule-unknown-job = { $origin }: job «{ $job }»: not a job (use { $jobs })
schedule-twice = { $origin }: job «{ $job }» is scheduled twice
schedule-bad-cron = { $origin }: job «{ $job }»: cron «{ $cron }»: { $error } (six fields: sec min hour day month weekday)
schedule-empty = { $origin }: no [[job]] is scheduled
daemon-as-of = the daemon runs by the clock: drop --as-of (SKUD_AS_OF)
calendar-unreadable = { $path }: the calendar file ([calendar] file) cannot be read: { $error }
template-unknown = unknown placeholder {"{"}{ $key }{"}"}: use {"{"}surname{"}"}, {"{"}name{"}"}, {"{"}patronymic{"}"}, {"{"}n{"}"}, {"{"}p{"}"}
template-unclosed = an unclosed «{"{"}»
template-no-surname = it has no {"{"}surname{"}"}: logins would not tell people apart
reject-add-and-remove = the change names { $system } both to add and to take away
