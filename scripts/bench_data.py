#!/usr/bin/env python3
"""Data for the access benchmarks (standard library only; openpyxl only for `openpyxl`).

  bench_data.py journal DB N          fill the journal of an initialised skud SQLite DB with N rows
  bench_data.py openpyxl DB OUT.xlsx  write that journal with openpyxl's write-only mode (the
                                      reference: what an administrator would otherwise script)
  bench_data.py access ORDERS REQUESTS N   N hire orders and N grant requests (CSV) for them
"""
import csv
import datetime
import random
import time
import sqlite3
import sys

SURNAMES = ("Иванов Петров Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Федоров "
            "Ахметов Омаров Сериков Жаксыбеков Нурланов Абенов Тулеуов Касымов Бекенов Садыков "
            "Ермеков Искаков Жумабаев Мусин Сулейменов Каримов Ибраев Байжанов Мукашев Ли").split()
NAMES = ("Иван Алексей Ерлан Арман Данияр Тимур Руслан Максим Асель Ольга Ирина Дина Айгерим "
         "Гульнар Асхат Нурлан Серик Бекзат Жанна Мадина").split()
PATRONYMICS = ("Сергеевич Иванович Серикович Муратович Канатович Олегович Ерланович Болатович "
               "Кайратович Асканович").split()
JOURNAL_COLS = "issued_on, login, request_id, letter, systems, basis, basis_kind, admin, full_name, reactivation"


def iin(n):
    first = "%06d%d%04d" % (800101 + (n // 9000) % 200, 3 + n % 2, n % 10000)
    d = [int(c) for c in first]
    c = sum((i + 1) * x for i, x in enumerate(d)) % 11
    if c == 10:
        c = sum(w * x for w, x in zip([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], d)) % 11
    return None if c == 10 else first + str(c)


def person(rng):
    return rng.choice(SURNAMES), rng.choice(NAMES), rng.choice(PATRONYMICS)


def journal(db, n):
    rng = random.Random(7)
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = OFF")
    start = datetime.date(2026, 1, 12)
    systems = ["ESOBES", "ASP", "ENP,ISH", "CBDP", "ESOBES,ASP,OOP"]

    def rows():
        for i in range(n):
            s, nm, p = person(rng)
            yield (
                (start + datetime.timedelta(days=i * 300 // n)).isoformat(),
                "user%07d" % i, i + 1,
                "г. Астана / № 01-12/%d, 17.11.2026 / № %d, 18.11.2026" % (i % 9000, i),
                systems[i % len(systems)],
                "№ %d-л/с, 02.02.2026" % (i % 500), "hire" if i % 3 else "transfer",
                "Иванов Иван Иванович", "%s %s %s" % (s, nm, p), i % 50 == 0,
            )

    con.executemany("INSERT INTO journal (%s) VALUES (?,?,?,?,?,?,?,?,?,?)" % JOURNAL_COLS, rows())
    con.commit()


def openpyxl_write(db, out):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    names = {}
    con = sqlite3.connect(db)
    for code, name in con.execute("SELECT code, name_ru FROM systems"):
        names[code] = "%s (%s)" % (name, code)
    kinds = {"hire": "прием", "transfer": "перевод"}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Journal")
    ws.freeze_panes = "A3"
    ws.append(["Журнал регистрации пользователей и выдачи персональных уникальных идентификаторов (логинов)"])
    ws.append(["№", "Регион/исх. номер, дата письма заявителя и вход. номер, дата письма владельца ИС",
               "Название информационных систем и баз данных, к которым предоставляется доступ",
               "Дата регистрации пользователей и выдачи персональных уникальных идентификаторов (логинов)",
               "Основание", "Фамилия, имя, отчество (при его наличии) администратора", "Примечание"])
    from openpyxl.cell import WriteOnlyCell
    n = 0
    for no, letter, systems, issued, basis, bkind, admin, full, login, react in con.execute(
            "SELECT no, letter, systems, issued_on, basis, basis_kind, admin, full_name, login, "
            "reactivation FROM journal ORDER BY no"):
        date = WriteOnlyCell(ws, value=datetime.date.fromisoformat(issued))
        date.number_format = "DD.MM.YYYY"
        note = "%s, логин %s" % (full, login) + (", повторная активация (п. 29)" if react else "")
        ws.append([no, letter, "; ".join(names.get(c, c) for c in systems.split(",")), date,
                   "%s, %s" % (basis, kinds.get(bkind, bkind)), admin, note])
        n += 1
    ws.auto_filter.ref = "A2:G%d" % (n + 2)
    wb.save(out)
    print(n)


def access(orders, requests, n):
    rng = random.Random(11)
    with open(orders, "w", newline="", encoding="utf-8") as fo, \
            open(requests, "w", newline="", encoding="utf-8") as fr:
        wo, wr = csv.writer(fo), csv.writer(fr)
        wo.writerow(["order_no", "order_date", "kind", "iin", "surname", "name", "patronymic",
                     "position", "department", "effective_date", "email"])
        wr.writerow(["kind", "iin", "surname", "name", "patronymic", "ip", "position", "department",
                     "systems", "basis_order_no", "basis_order_date", "reply_email", "received_at"])
        made, k = 0, 0
        while made < n:
            k += 1
            code = iin(k)
            if code is None:
                continue
            s, nm, p = person(rng)
            no = "%d-л/с" % (made // 50 + 1)
            wo.writerow([no, "2026-10-01", "hire", code, s, nm, p, "специалист", "ДЦ", "", ""])
            wr.writerow(["grant", code, s, nm, p, "10.%d.%d.%d" % (made // 65536 % 256, made // 256 % 256, made % 256),
                         "специалист", "ДЦ", "ESOBES,ASP", no, "2026-10-01", "hr@enbek.gov.kz", "2026-11-19T10:00"])
            made += 1


def accounts(db, n):
    """n accounts straight into a skud SQLite database made by `skud init`: issued over 120
    days before 2026-11-22, a third never used, the rest last used at random since their issue;
    one in ten already blocked. One request row stands behind them all."""
    rng = random.Random(13)
    con = sqlite3.connect(db)
    con.execute("""INSERT INTO requests (id, kind, iin, surname, name, ip, position, department, systems,
        reply_email, received_at, due_at, status, fingerprint, recorded_at)
        VALUES (1, 'grant', '800101400052', 'Петров', 'Иван', '10.0.0.1', 'специалист', 'ДЦ', 'ESOBES',
        'hr@enbek.gov.kz', '2026-07-01T04:00:00+00:00', '2026-07-06T18:59:59+00:00', 'done', 'bench',
        '2026-07-01T04:00:00+00:00')""")
    base = 1_795_305_600 - 120 * 86400  # 2026-11-22T00:00Z minus 120 days
    fmt = lambda t: time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t))

    def rows():
        for i in range(n):
            s, nm, p = person(rng)
            issued = base + rng.randrange(120 * 86400)
            used = None if rng.random() < 0.33 else fmt(issued + rng.randrange(1_795_305_600 - issued))
            status = "blocked" if rng.random() < 0.1 else ("active" if used else "pending")
            yield ("u%07d" % i, iin(i + 1) or "800101400052", s, nm, p, status,
                   "inactivity" if status == "blocked" else None, "$argon2id$bench", fmt(issued), used,
                   fmt(issued) if status == "blocked" else None, fmt(issued), 1)

    con.executemany("""INSERT INTO accounts (login, iin, surname, name, patronymic, status, block_reason,
        password_hash, issued_at, last_login_at, blocked_at, created_at, request_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows())
    con.commit()
    con.close()


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "journal":
        journal(sys.argv[2], int(sys.argv[3]))
    elif cmd == "openpyxl":
        openpyxl_write(sys.argv[2], sys.argv[3])
    elif cmd == "access":
        access(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif cmd == "accounts":
        accounts(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(__doc__)
