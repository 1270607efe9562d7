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
reject-bad-date = column «{ $column }»: «{ $value }» is not a date (use DD.MM.YYYY or YYYY-MM-DD)
reject-unknown-kind = order kind «{ $value }» is unknown (hire, transfer or dismissal)
reject-future-order = the order is dated { $date }, after the as-of date { $asof }
reject-older-than-one-year = the order of { $date } was approved more than one year ago (before { $limit }) and is no basis for access (§23)
reject-duplicate-in-file = repeats row { $row } of { $file } (same order number, date, IIN and kind)
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
