#!/usr/bin/env python3
"""Generate a realistic, deterministic CSV file of HR orders for skud.

Usage: gen_orders.py N OUT.csv [--seed S]      (OUT.csv may be "-" for stdout)

Writes N data rows (UTF-8, no BOM, "," delimiter, "\\n" line ends) with the
header

    order_no,order_date,kind,iin,surname,name,patronymic,position,department,
    effective_date,email

Every row is valid for `skud --as-of 2026-11-20 orders import` (DESIGN.md,
"HR orders"):

- IINs are unique per person, with a valid birth date, century/sex digit and
  check digit (DESIGN.md, "IIN"); serials whose check digit would be 10 twice
  are skipped.
- Order dates are weekdays from 2025-12-01 to 2026-11-15, non-decreasing down
  the file (the way HR registers export them); order numbers (`123-к`) restart
  each calendar year and an order may cover several people.
- About 85% of the rows are hires, 10% transfers and 5% dismissals. A transfer
  or dismissal is only ever issued for a person hired earlier in the file and
  dated strictly after that person's previous order took effect; nobody gets an
  order after being dismissed.
- effective_date is empty for half of the rows (skud then uses order_date),
  otherwise 0-14 days after order_date (never after 2026-11-15).
- No two rows share (order_no, order_date, iin, kind).

Only the standard library is used, and the output depends only on N and the
seed (default 419, the number of the Order).
"""

import argparse
import sys
import time
from datetime import date, timedelta
from random import Random

HEADER = [
    "order_no", "order_date", "kind", "iin", "surname", "name", "patronymic",
    "position", "department", "effective_date", "email",
]

FIRST_DAY = date(2025, 12, 1)
LAST_DAY = date(2026, 11, 15)
BIRTH_FIRST = date(1962, 1, 1)
BIRTH_LAST = date(2004, 12, 31)

# --- names -----------------------------------------------------------------
# Male surname forms; the female form adds "а" (all end in -ов/-ев/-ёв/-ин).
RU_SURNAMES = """Иванов Петров Смирнов Кузнецов Попов Васильев Соколов Михайлов
Новиков Фёдоров Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов
Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов
Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев
Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов
Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев
Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов
Карпов Власов Мельников Денисов""".split()
KZ_SURNAMES = """Жақсыбеков Нұрланов Серікбаев Омаров Ахметов Төлеуов Әбенов
Қасымов Бекмұханов Жұмабаев Оспанов Байжанов Есенов Мұхаметжанов Сүлейменов
Қайратов Ержанов Әлімжанов Ибраев Иманғалиев Исаев Құдайбергенов Мамытов
Нұрмағамбетов Рахимов Сағындықов Смағұлов Тұрсынов Үсенов Шәріпов Ыбыраев
Әуезов Бөкейханов Дүйсенов Ғабдуллин Жақыпов Қожахметов Ақанов Болатов Ермеков
Кенжебаев Мұратов Сарсенбаев Тілеубердиев Әділов Ботабаев Абдрахманов
Жетпісбаев Қалиев Сейітов Бейсенов Ахметжанов Нұрпейісов Өтегенов Садықов
Темірбеков Шайхиев Ізбасаров Мырзахметов Қуанышев""".split()

RU_MALE = """Александр Алексей Андрей Дмитрий Сергей Иван Михаил Николай Владимир
Евгений Павел Артём Максим Игорь Олег Виктор Юрий Константин Денис Роман""".split()
RU_FEMALE = """Анна Елена Ольга Татьяна Наталья Ирина Светлана Мария Екатерина
Юлия Анастасия Марина Людмила Галина Оксана Виктория Дарья Ксения Надежда
Вера""".split()
RU_PATRONYMIC_STEMS = [  # (male, female)
    ("Александрович", "Александровна"), ("Алексеевич", "Алексеевна"),
    ("Андреевич", "Андреевна"), ("Дмитриевич", "Дмитриевна"),
    ("Сергеевич", "Сергеевна"), ("Иванович", "Ивановна"),
    ("Михайлович", "Михайловна"), ("Николаевич", "Николаевна"),
    ("Владимирович", "Владимировна"), ("Евгеньевич", "Евгеньевна"),
    ("Павлович", "Павловна"), ("Викторович", "Викторовна"),
    ("Юрьевич", "Юрьевна"), ("Олегович", "Олеговна"),
    ("Игоревич", "Игоревна"), ("Петрович", "Петровна"),
    ("Васильевич", "Васильевна"), ("Геннадьевич", "Геннадьевна"),
    ("Анатольевич", "Анатольевна"), ("Борисович", "Борисовна"),
]
KZ_MALE = """Нұрлан Ерлан Асқар Бауыржан Серік Қайрат Дәурен Ержан Ғалым Мұрат
Болат Арман Дархан Жандос Айдос Әлібек Тимур Санжар Ерболат Мағжан Қанат
Бекзат Ермек Азамат Рүстем Есен Ұлан Дәулет Жасұлан Талғат""".split()
KZ_FEMALE = """Гүлнұр Айгүл Жанар Әсел Динара Мөлдір Айжан Ақбота Гүлмира Сәуле
Жұлдыз Айнұр Назерке Аружан Дана Әйгерім Балжан Ләззат Шынар Раушан Құралай
Тоғжан Ботагөз Индира Меруерт""".split()
# Fathers' names as written in Russian-style patronymics (Кайратович, ...).
KZ_FATHERS_RU = """Нурлан Ерлан Асхат Серик Кайрат Мурат Болат Арман Дархан Ермек
Канат Азамат Марат Тимур Руслан Талгат""".split()

# --- positions and structural divisions --------------------------------------
POSITIONS_RU = """Главный специалист|Ведущий специалист|Специалист|Эксперт|
Главный эксперт|Начальник отдела|Заместитель начальника отдела|
Руководитель управления|Заместитель руководителя управления|
Директор департамента|Заместитель директора департамента|Главный консультант|
Консультант|Юрист|Бухгалтер|Главный бухгалтер|Инженер-программист|
Системный администратор|Администратор информационной безопасности|Аналитик|
Оператор|Делопроизводитель|Инспектор|Советник министра|Помощник министра"""
POSITIONS_KZ = """Бас маман|Жетекші маман|Маман|Сарапшы|Бас сарапшы|Бөлім басшысы|
Бөлім басшысының орынбасары|Басқарма басшысы|Департамент директоры|
Департамент директорының орынбасары|Бас кеңесші|Заңгер|Бухгалтер|
Бағдарламашы-инженер|Жүйелік әкімші|Ақпараттық қауіпсіздік әкімшісі|Талдаушы|
Оператор|Іс жүргізуші|Инспектор"""
DEPARTMENTS_RU = """Департамент цифровизации|Департамент социальной помощи|
Департамент занятости населения|Департамент пенсионного обеспечения|
Департамент труда, социального партнёрства и охраны труда|Департамент финансов|
Юридический департамент|Департамент по управлению персоналом|
Департамент информационной безопасности|Управление делами|Департамент миграции|
Департамент социальной защиты лиц с инвалидностью|
Департамент стратегического планирования|Департамент государственных закупок|
Департамент внутреннего аудита|Канцелярия|
Управление информационных систем Департамента цифровизации|
РГП «Центр развития трудовых ресурсов»|АО "Центр развития трудовых ресурсов\""""
DEPARTMENTS_KZ = """Цифрландыру департаменті|Әлеуметтік көмек департаменті|
Халықты жұмыспен қамту департаменті|Зейнетақымен қамсыздандыру департаменті|
Қаржы департаменті|Заң департаменті|Персоналды басқару департаменті|
Ақпараттық қауіпсіздік департаменті|Іс басқармасы|Көші-қон департаменті|
Стратегиялық жоспарлау департаменті|Ішкі аудит департаменті|Кеңсе|
Еңбек, әлеуметтік әріптестік және еңбекті қорғау департаменті"""


def split_list(text):
    return [s.strip() for s in text.replace("\n", "").split("|")]


def csv_field(text):
    """The text as one CSV field (RFC 4180 quoting where needed)."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


# Already in their CSV form: rows are written with str.join, not the csv module.
POSITIONS = [csv_field(p) for p in split_list(POSITIONS_RU) * 2 + split_list(POSITIONS_KZ)]
DEPARTMENTS = [csv_field(d) for d in split_list(DEPARTMENTS_RU) * 2 + split_list(DEPARTMENTS_KZ)]

# Transliteration of DESIGN.md ("Logins and temporary passwords"), for e-mails.
_TRANSLIT_GROUPS = {
    "аә": "a", "б": "b", "в": "v", "гғ": "g", "д": "d", "еёэ": "e", "ж": "zh",
    "з": "z", "ийі": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "нң": "n",
    "оө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "уұү": "u", "ф": "f",
    "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъь": "", "ы": "y", "ю": "yu", "я": "ya",
}
TRANSLIT = {ord(c): v for cs, v in _TRANSLIT_GROUPS.items() for c in cs}


def translit(word):
    return word.lower().translate(TRANSLIT)


def female(surname):
    return surname + "а"


def iin_check_digit(first11):
    """DESIGN.md "IIN": None when the number cannot have a check digit."""
    d = [ord(c) - 48 for c in first11]
    s = (d[0] + 2 * d[1] + 3 * d[2] + 4 * d[3] + 5 * d[4] + 6 * d[5]
         + 7 * d[6] + 8 * d[7] + 9 * d[8] + 10 * d[9] + 11 * d[10]) % 11
    if s == 10:
        s = (3 * d[0] + 4 * d[1] + 5 * d[2] + 6 * d[3] + 7 * d[4] + 8 * d[5]
             + 9 * d[6] + 10 * d[7] + 11 * d[8] + d[9] + 2 * d[10]) % 11
        if s == 10:
            return None
    return s


def weekdays(first, last):
    days, d = [], first
    while d <= last:
        if d.weekday() < 5:
            days.append(d)
        d += timedelta(days=1)
    return days


# Check-digit sums of the 4 serial digits (positions 8-11) for both weightings.
_SERIAL_SUMS = [
    (8 * (s // 1000) + 9 * (s // 100 % 10) + 10 * (s // 10 % 10) + 11 * (s % 10),
     10 * (s // 1000) + 11 * (s // 100 % 10) + (s // 10 % 10) + 2 * (s % 10))
    for s in range(10000)
]


def _prefix_sums(prefix7):
    d = [ord(c) - 48 for c in prefix7]
    return (sum(x * w for x, w in zip(d, (1, 2, 3, 4, 5, 6, 7))),
            sum(x * w for x, w in zip(d, (3, 4, 5, 6, 7, 8, 9))))


def generate(n, out, seed):  # noqa: C901 - one loop, kept together for speed
    rnd = Random(seed)
    random_ = rnd.random

    def pick(seq):  # faster than Random.choice, and just as deterministic
        return seq[int(random_() * len(seq))]

    # Per-person state, indexed by person id: "iin,surname,name,patronymic",
    # the e-mail, the current position and department (CSV-ready strings).
    p_who, p_mail, p_pos, p_dep = [], [], [], []
    mail_seen = {}
    iin_serial = {}  # 7-digit prefix (YYMMDD + century/sex) -> last serial used
    prefix_sums = {}
    serial_sums = _SERIAL_SUMS
    # Birth-date prefixes "YYMMDD" + century/sex digit, by sex.
    births = [date.fromordinal(o) for o in
              range(BIRTH_FIRST.toordinal(), BIRTH_LAST.toordinal() + 1)]
    prefixes = {
        male: ["%02d%02d%02d%d" % (b.year % 100, b.month, b.day,
                                   (3 if b.year < 2000 else 5) + (0 if male else 1))
               for b in births]
        for male in (True, False)
    }
    # Names with the transliteration of their e-mail part.
    kz_sur_m = [(s, translit(s)) for s in KZ_SURNAMES]
    kz_sur_f = [(female(s), translit(female(s))) for s in KZ_SURNAMES]
    ru_sur_m = [(s, translit(s)) for s in RU_SURNAMES]
    ru_sur_f = [(female(s), translit(female(s))) for s in RU_SURNAMES]
    initial = {nm: translit(nm[0]) for nm in RU_MALE + RU_FEMALE + KZ_MALE + KZ_FEMALE}
    kz_pat_m = [f + "ұлы" for f in KZ_MALE] + [f + "ович" for f in KZ_FATHERS_RU]
    kz_pat_f = [f + "қызы" for f in KZ_MALE] + [f + "овна" for f in KZ_FATHERS_RU]
    n_kz_fathers = len(KZ_MALE)

    def new_person():
        male = random_() < 0.5
        pfx_list = prefixes[male]
        while True:
            pfx = pick(pfx_list)
            serial = iin_serial.get(pfx)
            serial = 1 + int(random_() * 200) if serial is None else serial + 1 + int(random_() * 3)
            sums = prefix_sums.get(pfx)
            if sums is None:
                sums = prefix_sums[pfx] = _prefix_sums(pfx)
            check = None
            while serial <= 9999:
                s1, s2 = serial_sums[serial]
                check = (sums[0] + s1) % 11
                if check == 10:
                    check = (sums[1] + s2) % 11
                if check != 10:
                    break
                serial += 1  # no check digit exists for this serial: skip it
            if serial > 9999:
                continue
            iin_serial[pfx] = serial
            iin = "%s%04d%d" % (pfx, serial, check)
            break
        if random_() < 0.65:  # Kazakh name
            sur, sur_t = pick(kz_sur_m if male else kz_sur_f)
            name = pick(KZ_MALE if male else KZ_FEMALE)
            r = random_()
            if r < 0.70:    # Kazakh-style patronymic (…ұлы / …қызы)
                pat = (kz_pat_m if male else kz_pat_f)[int(random_() * n_kz_fathers)]
            elif r < 0.85:  # Russian-style (…ович / …овна)
                pat = (kz_pat_m if male else kz_pat_f)[n_kz_fathers + int(random_() * len(KZ_FATHERS_RU))]
            else:
                pat = ""
        else:
            sur, sur_t = pick(ru_sur_m if male else ru_sur_f)
            name = pick(RU_MALE if male else RU_FEMALE)
            pat = pick(RU_PATRONYMIC_STEMS)[0 if male else 1]
        base = initial[name] + "." + sur_t
        k = mail_seen.get(base, 0) + 1
        mail_seen[base] = k
        mail = (base if k == 1 else "%s%d" % (base, k)) + "@enbek.kz"
        p_who.append("%s,%s,%s,%s" % (iin, sur, name, pat))
        p_mail.append(mail)
        p_pos.append(pick(POSITIONS))
        p_dep.append(pick(DEPARTMENTS))
        return len(p_who) - 1

    days = weekdays(FIRST_DAY, LAST_DAY)
    ndays = len(days)
    last_ord = LAST_DAY.toordinal()
    day_str = {}

    def ds(ordinal):
        s = day_str.get(ordinal)
        if s is None:
            s = day_str[ordinal] = date.fromordinal(ordinal).isoformat()
        return s

    pool = []          # persons who may receive a transfer or dismissal today
    waiting = {}       # ordinal -> persons who become eligible on that day
    next_check = days[0].toordinal()  # first ordinal not yet merged into pool
    order_seq = {2025: 1000 + int(random_() * 500), 2026: 0}
    counts = {"hire": 0, "transfer": 0, "dismissal": 0}

    write = out.write
    write(",".join(HEADER) + "\n")
    buf = []
    i = 0
    while i < n:
        day = days[i * ndays // n]
        today = day.toordinal()
        while next_check <= today:  # people whose last order has taken effect
            ready = waiting.pop(next_check, None)
            if ready:
                pool.extend(ready)
            next_check += 1
        today_s = ds(today)

        # Order probabilities giving ~85/10/5 % of rows (mean order sizes:
        # 2.375 hire, 2 transfer, 1.3 dismissal), nudged towards the target
        # shares to make up for the first days when nobody can be transferred.
        r = random_()
        p_dis = min(max(0.086 + (0.05 * i - counts["dismissal"]) / 1000, 0.0), 0.5)
        p_tr = min(max(0.112 + (0.10 * i - counts["transfer"]) / 1000, 0.0), 0.5)
        if pool and r < p_dis:
            kind, size = "dismissal", 1 + (random_() < 0.3)
        elif pool and r < p_dis + p_tr:
            kind, size = "transfer", 1 + int(random_() * 3)
        else:
            kind, size = "hire", pick((1, 1, 1, 2, 2, 3, 4, 5))
        order_seq[day.year] += 1
        order_no = "%d-к" % order_seq[day.year]

        while size and i < n and days[i * ndays // n] is day:
            if kind == "hire":
                p = new_person()
            elif not pool:
                break
            else:
                j = int(random_() * len(pool))
                p = pool[j]
                pool[j] = pool[-1]
                pool.pop()
                if kind == "transfer":
                    pos, dep = p_pos[p], p_dep[p]
                    while pos == p_pos[p] and dep == p_dep[p]:
                        pos = pick(POSITIONS) if random_() < 0.6 else pos
                        dep = pick(DEPARTMENTS) if random_() < 0.6 else dep
                    p_pos[p], p_dep[p] = pos, dep
            if random_() < 0.5:
                eff, eff_s = today, ""
            else:
                eff = min(today + int(random_() * 15), last_ord)
                eff_s = ds(eff)
            if kind != "dismissal":
                waiting.setdefault(eff + 1, []).append(p)
            buf.append("%s,%s,%s,%s,%s,%s,%s,%s\n" % (order_no, today_s, kind, p_who[p],
                                                     p_pos[p], p_dep[p], eff_s, p_mail[p]))
            counts[kind] += 1
            size -= 1
            i += 1
        if len(buf) >= 20000:
            write("".join(buf))
            buf.clear()
    write("".join(buf))
    return counts, len(p_who)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rows", type=int, help="number of data rows")
    ap.add_argument("out", help='output CSV file ("-" for stdout)')
    ap.add_argument("--seed", type=int, default=419)
    args = ap.parse_args()
    if args.rows < 0:
        ap.error("rows must be >= 0")
    t0 = time.monotonic()
    if args.out == "-":
        out = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="", closefd=False)
    else:
        out = open(args.out, "w", encoding="utf-8", newline="")
    with out:
        counts, persons = generate(args.rows, out, args.seed)
    print("gen-orders: %d rows (%d hire, %d transfer, %d dismissal), %d persons, %.1f s"
          % (args.rows, counts["hire"], counts["transfer"], counts["dismissal"], persons,
             time.monotonic() - t0), file=sys.stderr)


if __name__ == "__main__":
    main()
