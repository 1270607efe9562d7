#!/usr/bin/env python3
"""Write the sample inputs under samples/ (for developers; tests do not run it).

    pip install openpyxl          # the only dependency outside the stdlib
    python3 scripts/make-samples.py [OUT_DIR]      # default: samples/ next to this script

Writes, deterministically (fixed seed, fixed timestamps inside the XLSX):

    samples/systems.csv     the sixteen information systems of §4 of the 2021 order
    samples/orders-ru.csv   Windows-1251, ';', CRLF, Russian headers, DD.MM.YYYY, one ФИО column
    samples/orders-kk.csv   UTF-8 (no BOM), ',', LF, Kazakh headers, ISO dates
    samples/orders.xlsx     English headers, Excel date cells and text dates, IINs as text and as numbers
    samples/README.md       what each file must produce with `skud --as-of 2026-11-20 orders import`

Every row below carries the outcome it was written for (`expect`). Before writing
anything the script re-derives every outcome from the rules (README.md,
"HR orders"; src/domain/iin.rs) and stops if the two disagree, so README.md cannot drift
from the data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

AS_OF = dt.date(2026, 11, 20)
ONE_YEAR_AGO = dt.date(2025, 11, 20)  # §23: order_date earlier than this is too old
SEED = 20261120
FIXED_TS = dt.datetime(2026, 11, 1, 9, 0, 0)  # recorded inside the XLSX instead of "now"
DOMAIN = "enbek.gov.kz"

# --------------------------------------------------------------------------- IIN

W1 = list(range(1, 12))
W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]


def iin_check_digit(first11: str) -> int | None:
    """The check digit of an IIN, or None when both passes give 10 (no valid IIN)."""
    d = [int(c) for c in first11]
    c = sum(x * w for x, w in zip(d, W1)) % 11
    if c == 10:
        c = sum(x * w for x, w in zip(d, W2)) % 11
        if c == 10:
            return None
    return c


def make_iin(birth: dt.date, female: bool, rng: random.Random) -> str:
    if 1900 <= birth.year <= 1999:
        century = 4 if female else 3
    elif 2000 <= birth.year <= 2099:
        century = 6 if female else 5
    else:
        raise ValueError(birth)
    while True:
        serial = rng.randrange(1, 10000)
        head = f"{birth:%y%m%d}{century}{serial:04d}"
        check = iin_check_digit(head)
        if check is not None:
            return head + str(check)


def iin_problem(iin: str) -> str | None:
    """Why an IIN is invalid (None when valid), per src/domain/iin.rs."""
    if not re.fullmatch(r"\d{12}", iin):
        return f"not 12 digits ({len(iin)})"
    century = int(iin[6])
    if not 1 <= century <= 6:
        return "century digit"
    year = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}[century] + int(iin[0:2])
    try:
        dt.date(year, int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return "impossible birth date"
    check = iin_check_digit(iin[:11])
    if check is None or check != int(iin[11]):
        return "check digit"
    return None


# --------------------------------------------------------------------------- people

TRANSLIT = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


def translit(s: str) -> str:
    return "".join(TRANSLIT.get(c, c) for c in s.lower())


@dataclass
class Person:
    key: str
    surname: str
    name: str
    patronymic: str
    birth: dt.date
    female: bool
    iin: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(x for x in (self.surname, self.name, self.patronymic) if x)

    @property
    def email(self) -> str:
        return f"{translit(self.surname)}.{translit(self.name)[0]}@{DOMAIN}"


D = dt.date
# Order matters: IINs are drawn from the seeded generator in this order.
PEOPLE = [
    # --- Russian-alphabet names (they can appear in the Windows-1251 file)
    Person("akhmetov", "Ахметов", "Ерлан", "Серикович", D(1985, 4, 17), False),
    Person("kuznetsova", "Кузнецова", "Ирина", "Владимировна", D(1979, 9, 2), True),
    Person("mukashev", "Мукашев", "Тимур", "Бауржанович", D(1991, 12, 5), False),
    Person("petrenko", "Петренко", "Сергей", "Николаевич", D(1962, 6, 28), False),
    Person("kim", "Ким", "Алексей", "Вячеславович", D(1988, 1, 30), False),
    Person("smirnova", "Смирнова", "Дарья", "Андреевна", D(1998, 7, 11), True),
    Person("baizhanov", "Байжанов", "Арман", "Муратович", D(1983, 3, 9), False),
    Person("lebedeva", "Лебедева", "Ольга", "Петровна", D(1976, 11, 23), True),
    Person("sergeev", "Сергеев", "Виталий", "Олегович", D(1990, 2, 14), False),
    Person("nurgalieva", "Нургалиева", "Асель", "Кайратовна", D(1993, 8, 19), True),
    Person("vlasova", "Власова", "Наталья", "Игоревна", D(1987, 5, 6), True),
    Person("ganieva", "Ганиева", "Диана", "Рустемовна", D(1996, 10, 2), True),
    Person("orlov", "Орлов", "Денис", "Александрович", D(1980, 4, 1), False),
    Person("tikhonov", "Тихонов", "Павел", "Евгеньевич", D(1989, 9, 15), False),
    Person("abdrakhmanova", "Абдрахманова", "Жанна", "Булатовна", D(1984, 12, 12), True),
    Person("zhukov", "Жуков", "Максим", "Олегович", D(2001, 6, 3), False),
    Person("ibraev", "Ибраев", "Руслан", "Канатович", D(1975, 1, 21), False),
    Person("suleimenov", "Сулейменов", "Данияр", "Асканович", D(1992, 3, 27), False),
    Person("li", "Ли", "Виктория", "Сергеевна", D(1995, 5, 8), True),
    Person("ermekova", "Ермекова", "Айжан", "Болатовна", D(1990, 8, 25), True),
    # --- Kazakh names
    Person("sarsenbaev", "Сәрсенбаев", "Әбілқайыр", "Нұрланұлы", D(1990, 7, 14), False),
    Person("omarova", "Омарова", "Үмітжан", "Серікқызы", D(1994, 2, 3), True),
    Person("zhaksybekova", "Жақсыбекова", "Гүлнұр", "Қайратқызы", D(1987, 10, 21), True),
    Person("tolegenov", "Төлегенов", "Өмірзақ", "Бекұлы", D(1966, 3, 30), False),
    Person("esenova", "Есенова", "Зуһра", "Ибраһимқызы", D(1992, 6, 16), True),
    Person("muratov", "Мұратов", "Ақжол", "Дәулетұлы", D(1997, 11, 2), False),
    Person("bekova", "Бекова", "Іңкәр", "Ғалымжанқызы", D(1999, 1, 19), True),
    Person("nurlanov", "Нұрланов", "", "Ерболұлы", D(1995, 4, 4), False),  # name left empty
    Person("kuanyshev", "Қуанышев", "Нұрсұлтан", "Ғалымжанұлы", D(2002, 9, 9), False),
    Person("dauletova", "Дәулетова", "Меруерт", "Асқарқызы", D(1991, 5, 27), True),
    Person("sharipov", "Шәріпов", "Бекзат", "Төлегенұлы", D(1986, 8, 8), False),
    Person("kurmangalieva", "Құрманғалиева", "Шұғыла", "Ерланқызы", D(2000, 12, 24), True),
    Person("agybaev", "Ағыбаев", "Дәулет", "Маратұлы", D(1993, 3, 3), False),
    Person("zhumabaev", "Жұмабаев", "Ғалымжан", "Өмірзақұлы", D(1970, 10, 10), False),
    Person("tursynova", "Тұрсынова", "Аружан", "Ерланқызы", D(2005, 3, 12), True),
    Person("kasymova", "Қасымова", "Ақмарал", "Серікқызы", D(1989, 7, 7), True),
    # --- more Russian-alphabet names (only in the XLSX)
    Person("satpaeva", "Сатпаева", "Дана", "Ержановна", D(1985, 2, 2), True),
    Person("aliev", "Алиев", "Тимур", "Сабитович", D(1990, 11, 30), False),
    Person("fedorova", "Федорова", "Екатерина", "Викторовна", D(1994, 4, 18), True),
    Person("rakhimov", "Рахимов", "Ильяс", "Маратович", D(1988, 6, 6), False),
    Person("nurpeisov", "Нурпеисов", "Азамат", "Ержанович", D(1997, 9, 21), False),
]
P = {p.key: p for p in PEOPLE}


def assign_iins() -> None:
    rng = random.Random(SEED)
    seen = set()
    for p in PEOPLE:
        p.iin = make_iin(p.birth, p.female, rng)
        assert p.iin not in seen
        seen.add(p.iin)


# --------------------------------------------------------------------------- departments

RU_DEP = {
    "digital": "Департамент цифровизации и автоматизации государственных услуг",
    "security": "Департамент обеспечения безопасности",
    "social": "Департамент социальной помощи",
    "employment": "Департамент занятости населения",
    "pension": "Департамент пенсионного обеспечения",
    "astana": "Центр трудовой мобильности г. Астаны",
    "karaganda": "Центр трудовой мобильности Карагандинской области",
    "turkestan": "Центр трудовой мобильности Туркестанской области",
    "ctr": 'Филиал АО "Центр развития трудовых ресурсов" по г. Алматы',
}
KK_DEP = {
    "digital": "Мемлекеттік қызметтерді цифрландыру және автоматтандыру департаменті",
    "security": "Қауіпсіздікті қамтамасыз ету департаменті",
    "social": "Әлеуметтік көмек департаменті",
    "employment": "Халықты жұмыспен қамту департаменті",
    "pension": "Зейнетақымен қамсыздандыру департаменті",
    "astana": "Астана қаласының еңбек ұтқырлығы орталығы",
    "karaganda": "Қарағанды облысының еңбек ұтқырлығы орталығы",
    "turkestan": "Түркістан облысының еңбек ұтқырлығы орталығы",
}

# --------------------------------------------------------------------------- rows


@dataclass
class Row:
    order_no: str
    order_date: object  # dt.date, or str (written verbatim)
    kind: str
    who: str  # a key of P
    position: str
    department: str
    effective: object = None  # dt.date, str or None (empty)
    email: bool = True
    iin: str | None = None  # overrides the person's IIN (invalid ones)
    iin_cell: str = "text"  # xlsx only: "text" | "number"
    expect: str | None = None  # reason code, or None when imported
    warn: bool = False
    note: str = ""

    @property
    def person(self) -> Person:
        return P[self.who]

    @property
    def the_iin(self) -> str:
        return self.iin if self.iin is not None else self.person.iin


def wrong_check_digit(iin: str) -> str:
    return iin[:11] + str((int(iin[11]) + 1) % 10)


def iin_with_month_13(p: Person) -> str:
    """A well-formed IIN (correct check digit) whose birth month is 13."""
    rng = random.Random(SEED + 13)
    century = 4 if p.female else 3
    while True:
        head = f"{p.birth:%y}13{p.birth:%d}{century}{rng.randrange(1, 10000):04d}"
        c = iin_check_digit(head)
        if c is not None:
            return head + str(c)


def ru_rows() -> list[Row]:
    dep = RU_DEP
    return [
        Row("118-л/с", D(2025, 11, 20), "Прием на работу", "kim", "главный специалист", dep["digital"],
            D(2025, 11, 24), note="hire dated exactly one year before the as-of date: accepted (§23 boundary)"),
        Row("121-л/с", D(2025, 12, 3), "Прием на работу", "akhmetov", "ведущий специалист", dep["security"],
            D(2025, 12, 8)),
        Row("121-л/с", D(2025, 12, 3), "приём", "lebedeva", "эксперт", dep["social"], None, email=False,
            note="same order number and date as row 2, another IIN: not a duplicate; empty effective date"),
        Row("36-л/с", D(2025, 3, 14), "Увольнение", "petrenko", "главный эксперт", dep["pension"],
            D(2025, 3, 14), email=False, warn=True,
            note="dismissal older than one year: recorded with a warning (§23, §30)"),
        Row("7-л/с", D(2026, 1, 15), "Прием на работу", "kuznetsova", "руководитель управления", dep["employment"],
            D(2026, 1, 19), note="dismissed later in orders-kk.csv"),
        Row("9-л/с", D(2026, 1, 20), "Увольнение", "baizhanov", "ведущий специалист", dep["astana"],
            D(2026, 1, 20), note="hired again in orders.xlsx"),
        Row("14-л/с", D(2026, 2, 2), "ПЕРЕВОД", "lebedeva", "главный эксперт", dep["pension"], D(2026, 2, 2),
            email=False),
        Row("15-л/с", D(2026, 2, 5), "Прием на работу", "sergeev", "главный специалист", dep["digital"],
            D(2026, 2, 9), iin="WRONG_CHECK", expect="invalid_iin", note="check digit off by one"),
        Row("22-л/с", D(2026, 3, 2), "Прием на работу", "nurgalieva", "главный специалист", dep["karaganda"],
            D(2026, 3, 2), note="transferred later in orders-kk.csv"),
        Row("22-л/с", D(2026, 3, 2), "прием на работу", "mukashev", "ведущий специалист", dep["karaganda"],
            D(2026, 3, 2)),
        Row("25-л/с", "31.02.2026", "Прием на работу", "vlasova", "ведущий специалист", dep["social"],
            D(2026, 3, 2), expect="bad_date", note="31 February"),
        Row("30-л/с", D(2026, 3, 16), "Перевод", "kim", "заместитель руководителя управления", dep["digital"],
            D(2026, 3, 16)),
        Row("31-л/с", D(2026, 3, 18), "Командировка", "akhmetov", "ведущий специалист", dep["security"],
            D(2026, 3, 23), expect="unknown_kind", note="a business-trip order is not an HR order of §23"),
        Row("44-л/с", D(2026, 4, 6), "Приём", "ganieva", "консультант", dep["ctr"], D(2026, 4, 7),
            note="quoted department (\"\" inside a quoted field)"),
        Row("22-л/с", D(2026, 3, 2), "Прием на работу", "nurgalieva", "главный специалист", dep["karaganda"],
            D(2026, 3, 2), expect="duplicate_in_file", note="repeats row 9"),
        Row("51-л/с", D(2026, 4, 20), "Увольнение", "orlov", "главный специалист", dep["turkestan"],
            D(2026, 4, 30), email=False, note="no hire on file (hired before the system): still recorded"),
        Row("112-л/с", D(2025, 11, 14), "Прием на работу", "tikhonov", "главный специалист", dep["pension"],
            D(2025, 11, 17), expect="older_than_one_year", note="six days before 2025-11-20"),
        Row("58-л/с", D(2026, 5, 12), "Прием на работу", "abdrakhmanova", "", dep["social"], D(2026, 5, 13),
            expect="missing_field", note="empty Должность"),
        Row("63-л/с", D(2026, 6, 1), "перевод", "ganieva", "ведущий специалист", dep["employment"],
            D(2026, 6, 1), note="dismissed later in orders.xlsx"),
        Row("70-л/с", D(2026, 6, 15), "Прием на работу", "zhukov", "специалист", dep["astana"], D(2026, 6, 15),
            note="born 2001 (century digit 5): IIN starts with 0"),
        Row("88-л/с", D(2026, 8, 3), "Увольнение", "ibraev", "руководитель управления", dep["pension"],
            D(2026, 8, 7), email=False),
        Row("95-л/с", D(2026, 9, 1), "Прием на работу", "suleimenov", "главный специалист", dep["security"],
            D(2026, 9, 1)),
        Row("104-л/с", D(2026, 10, 5), "ПЕРЕВОД", "mukashev", "главный специалист", dep["astana"],
            D(2026, 10, 5), note="dismissed in orders.xlsx with effect after the as-of date"),
        Row("117-л/с", D(2026, 11, 10), "Прием на работу", "smirnova", "главный специалист", dep["digital"],
            D(2026, 12, 1), note="effective 01.12.2026: accepted, not yet in effect on 2026-11-20"),
        Row("118-л/с", D(2026, 11, 16), "Прием", "li", "эксперт", dep["employment"], D(2026, 11, 19)),
    ]


def kk_rows() -> list[Row]:
    dep = KK_DEP
    return [
        Row("12-ж/қ", D(2025, 12, 15), "жұмысқа қабылдау", "sarsenbaev", "бас маман", dep["digital"],
            D(2025, 12, 16)),
        Row("12-ж/қ", D(2025, 12, 15), "қабылдау", "omarova", "жетекші маман", dep["social"], D(2025, 12, 16)),
        Row("41-ж/қ", D(2026, 8, 1), "ауыстыру", "zhaksybekova", "басқарма басшысы", dep["employment"],
            D(2026, 8, 3), note="her transfer comes before her hire (row 7) in the file: state follows effective dates"),
        Row("20-ж/қ", D(2026, 1, 12), "жұмыстан босату", "tolegenov", "бас сарапшы", dep["pension"],
            D(2026, 1, 12), email=False, note="no hire on file: still recorded"),
        Row("23-ж/қ", D(2026, 1, 26), "жұмысқа қабылдау", "esenova", "сарапшы", dep["astana"], D(2026, 1, 27),
            note="Һ in the name and patronymic; transferred in orders.xlsx"),
        Row("24-ж/қ", D(2026, 2, 2), "жұмысқа қабылдау", "muratov", "жетекші маман", dep["turkestan"],
            D(2026, 2, 3), iin="ELEVEN", expect="invalid_iin", note="11 digits"),
        Row("27-ж/қ", D(2026, 2, 10), "Жұмысқа қабылдау", "zhaksybekova", "бас маман", dep["social"],
            D(2026, 2, 11)),
        Row("30-ж/қ", D(2026, 2, 23), "жұмысқа қабылдау", "bekova", "жетекші маман", dep["karaganda"], None),
        Row("33-ж/қ", D(2026, 3, 10), "ауыстыру", "sarsenbaev", "сарапшы", dep["security"], D(2026, 3, 10)),
        Row("35-ж/қ", D(2026, 3, 16), "жұмысқа қабылдау", "nurlanov", "бас маман", dep["pension"],
            D(2026, 3, 17), email=False, expect="missing_field", note="empty аты"),
        Row("38-ж/қ", D(2026, 4, 1), "жұмысқа қабылдау", "kuanyshev", "бас маман", dep["turkestan"],
            D(2026, 4, 1), note="born 2002: IIN starts with 0"),
        Row("44-ж/қ", D(2026, 5, 4), "босату", "omarova", "жетекші маман", dep["social"], D(2026, 5, 8)),
        Row("47-ж/қ", D(2026, 5, 18), "жұмысқа қабылдау", "dauletova",
            "әлеуметтік жұмыс жөніндегі консультант", dep["turkestan"], D(2026, 5, 19)),
        Row("52-ж/қ", D(2026, 6, 15), "АУЫСТЫРУ", "bekova", "бас маман", dep["astana"], D(2026, 6, 15),
            note="upper-case Kazakh kind"),
        Row("58-ж/қ", D(2026, 7, 1), "жұмысқа қабылдау", "sharipov", "бас сарапшы", dep["security"],
            D(2026, 7, 1)),
        Row("66-ж/қ", D(2026, 9, 30), "жұмыстан босату", "kuznetsova", "басқарма басшысы", dep["employment"],
            D(2026, 10, 2), email=False, note="hired in orders-ru.csv"),
        Row("71-ж/қ", D(2026, 10, 1), "ауыстыру", "nurgalieva", "бас сарапшы", dep["astana"], D(2026, 10, 1),
            note="hired in orders-ru.csv"),
        Row("75-ж/қ", D(2026, 10, 19), "жұмысқа қабылдау", "kurmangalieva", "жетекші маман", dep["digital"],
            D(2026, 10, 20), note="born 2000 (century digit 6)"),
        Row("80-ж/қ", D(2026, 12, 1), "жұмысқа қабылдау", "agybaev", "бас маман", dep["karaganda"],
            D(2026, 12, 1), expect="future_order", note="order_date after the as-of date"),
        Row("79-ж/қ", D(2026, 11, 18), "жұмыстан шығару", "zhumabaev", "басқарма басшысы", dep["pension"],
            D(2026, 11, 20), email=False, note="takes effect on the as-of date itself: dismissed on 2026-11-20"),
    ]


def xlsx_rows() -> list[Row]:
    dep = RU_DEP
    return [
        Row("К-2026/101", D(2026, 6, 10), "transfer", "akhmetov", "главный специалист", dep["security"], None,
            note="hired in orders-ru.csv; empty effective_date"),
        Row("К-2026/102", D(2026, 7, 6), "hire", "baizhanov", "главный специалист", dep["astana"], D(2026, 7, 8),
            note="re-hired: dismissed in orders-ru.csv on 20.01.2026"),
        Row("К-2025/311", D(2025, 10, 27), "transfer", "satpaeva", "руководитель управления", dep["social"],
            D(2025, 11, 3), expect="older_than_one_year",
            note="a transfer ordered 2025-10-27, before 2025-11-20"),
        Row("К-2026/115", D(2026, 9, 1), "hire", "tursynova", "ведущий специалист", dep["karaganda"],
            D(2026, 9, 1), iin_cell="number",
            note="IIN as a NUMBER cell: born 2005, the leading 0 is lost and must be padded back"),
        Row("К-2026/115", D(2026, 9, 1), "Hire", "aliev", "главный специалист", dep["karaganda"], None,
            iin_cell="number", note="IIN as a NUMBER cell (12 digits, nothing lost)"),
        Row("К-2026/121", "05.10.2026", "hire", "fedorova", "эксперт", dep["employment"], "06.10.2026",
            note="order_date and effective_date as text"),
        Row("К-2026/122", "05.10.2026", "transfer", "esenova", "главный эксперт", dep["security"], None,
            note="order_date as text; hired in orders-kk.csv"),
        Row("К-2026/118", "2026-09-14", "hire", "kasymova", "главный специалист", dep["digital"], D(2026, 9, 15),
            note="order_date as ISO text"),
        Row("К-2026/127", D(2026, 10, 12), "hire", "rakhimov", "ведущий специалист", dep["pension"],
            D(2026, 10, 13), iin="MONTH13", expect="invalid_iin",
            note="birth month 13 (the check digit itself is right)"),
        Row("К-2026/130", D(2026, 10, 26), "TRANSFER", "zhukov", "ведущий специалист", dep["astana"],
            D(2026, 10, 26), note="hired in orders-ru.csv"),
        Row("К-2026/133", D(2026, 11, 2), "dismissal", "ganieva", "ведущий специалист", dep["employment"],
            D(2026, 11, 6), note="hired and transferred in orders-ru.csv"),
        Row("К-2026/135", D(2026, 11, 9), "hire", "ermekova", "эксперт", dep["social"], None),
        Row("К-2026/137", D(2026, 11, 16), "dismissal", "mukashev", "главный специалист", dep["astana"],
            D(2026, 11, 30), note="effective after the as-of date: still acting on 2026-11-20"),
        Row("К-2026/138", D(2026, 11, 19), "hire", "nurpeisov", "специалист", dep["turkestan"], None),
        Row("К-2026/139", D(2026, 11, 20), "Dismissal", "kim", "заместитель руководителя управления",
            dep["digital"], None, note="order dated the as-of date itself; hired in orders-ru.csv"),
    ]


def resolve_invalid_iins(files: dict[str, list[Row]]) -> None:
    for rows in files.values():
        for r in rows:
            if r.iin == "WRONG_CHECK":
                r.iin = wrong_check_digit(r.person.iin)
            elif r.iin == "ELEVEN":
                r.iin = r.person.iin[:11]
            elif r.iin == "MONTH13":
                r.iin = iin_with_month_13(r.person)


# --------------------------------------------------------------------------- the rules, again

KINDS = {
    "hire": "hire", "прием": "hire", "приём": "hire", "прием на работу": "hire",
    "қабылдау": "hire", "жұмысқа қабылдау": "hire",
    "transfer": "transfer", "перевод": "transfer", "перемещение": "transfer", "ауыстыру": "transfer",
    "dismissal": "dismissal", "увольнение": "dismissal", "босату": "dismissal",
    "жұмыстан босату": "dismissal", "жұмыстан шығару": "dismissal",
}


def parse_date(v: object) -> dt.date | None:
    if isinstance(v, dt.date):
        return v
    s = str(v).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    return None


@dataclass
class Outcome:
    reason: str | None
    warn: bool
    kind: str | None = None
    order_date: dt.date | None = None
    effective: dt.date | None = None


def judge(rows: list[Row]) -> list[Outcome]:
    """Each row's outcome per the rules of README.md (each sample row has at most one fault)."""
    out, seen = [], set()
    for r in rows:
        p = r.person
        required = [r.order_no, r.order_date, r.kind, r.the_iin, p.surname, p.name, r.position, r.department]
        if any(v is None or str(v).strip() == "" for v in required):
            out.append(Outcome("missing_field", False))
            continue
        if iin_problem(r.the_iin):
            out.append(Outcome("invalid_iin", False))
            continue
        od = parse_date(r.order_date)
        ed = parse_date(r.effective) if r.effective not in (None, "") else od
        if od is None or ed is None:
            out.append(Outcome("bad_date", False))
            continue
        kind = KINDS.get(r.kind.strip().lower())
        if kind is None:
            out.append(Outcome("unknown_kind", False))
            continue
        if od > AS_OF:
            out.append(Outcome("future_order", False))
            continue
        too_old = od < ONE_YEAR_AGO
        if too_old and kind in ("hire", "transfer"):
            out.append(Outcome("older_than_one_year", False))
            continue
        key = (r.order_no, od, r.the_iin, kind)
        if key in seen:
            out.append(Outcome("duplicate_in_file", False))
            continue
        seen.add(key)
        out.append(Outcome(None, too_old and kind == "dismissal", kind, od, ed))
    return out


def check_expectations(files: dict[str, list[Row]]) -> dict[str, list[Outcome]]:
    judged = {}
    keys_everywhere = Counter()
    for fname, rows in files.items():
        outs = judge(rows)
        for i, (r, o) in enumerate(zip(rows, outs), 1):
            if (r.expect, r.warn) != (o.reason, o.warn):
                sys.exit(f"{fname} row {i}: written for {r.expect, r.warn}, the rules say {o.reason, o.warn}")
            if o.reason is None:
                keys_everywhere[(r.order_no, o.order_date, r.the_iin, o.kind)] += 1
            if r.expect != "invalid_iin":
                assert iin_problem(r.the_iin) is None, (fname, i)
            if o.reason is None:
                assert o.effective >= o.order_date, (fname, i)
        judged[fname] = outs
    dups = [k for k, n in keys_everywhere.items() if n > 1]
    assert not dups, f"cross-file duplicates: {dups}"
    return judged


def employee_states(files: dict[str, list[Row]], judged: dict[str, list[Outcome]]):
    """IIN -> (status, position, department, [orders in effective order]) on AS_OF."""
    by_iin: dict[str, list] = {}
    for fname, rows in files.items():
        for i, (r, o) in enumerate(zip(rows, judged[fname]), 1):
            if o.reason is None:
                by_iin.setdefault(r.the_iin, []).append((o.effective, o.order_date, fname, i, o.kind, r))
    states = {}
    for iin, orders in by_iin.items():
        orders.sort(key=lambda t: (t[0], t[1]))
        effs = [t[0] for t in orders]
        assert len(effs) == len(set(effs)), f"{iin}: two orders take effect the same day"
        in_force = [t for t in orders if t[0] <= AS_OF]
        if not in_force:
            states[iin] = ("not yet in effect", None, None, orders)
        else:
            last = in_force[-1]
            status = "dismissed" if last[4] == "dismissal" else "acting"
            states[iin] = (status, last[5].position, last[5].department, orders)
    return states


# --------------------------------------------------------------------------- writers

SYSTEMS = [
    ("ENP", '"зейнетақы төлемдері мен жәрдемақыларын электрондық тағайындау жүйесі" автоматтандырылған ақпараттық жүйесі',
     "АИС «Система электронного назначения пенсионных выплат и пособий»"),
    ("ESOBES", '"Е-Собес" автоматтандырылған ақпараттық жүйесі', "АИС «Е-Собес»"),
    ("ASP", '"әлеуметтік көмек" автоматтандырылған ақпараттық жүйесі', "АИС «Социальная помощь»"),
    ("OOP", '"Төлемдерді өңдеуді ұйымдастыру" автоматтандырылған ақпараттық жүйесі',
     "АИС «Организация обработки платежей»"),
    ("RT", '"Еңбек нарығы" автоматтандырылған ақпараттық жүйесі', "АИС «Рынок труда»"),
    ("SIK", '"әлеуметтік жеке кодты тіркеу, тіркеу карточкасындағы деректерді редакциялау және әлеуметтік жеке кодты '
            'беру туралы куәлікті басып шығару" автоматтандырылған жұмыс орны',
     "АРМ «Регистрация социального индивидуального кода, редактирование данных регистрационной карточки и печать "
     "свидетельства о присвоении социального индивидуального кода»"),
    ("CBDP", '"зейнетақы мен жәрдемақы төлеудің орталықтандырылған дерекқоры" автоматтандырылған ақпараттық жүйесі',
     "АИС «Централизованная база данных по выплате пенсий и пособий»"),
    ("KANDAS", '"Қандас" автоматтандырылған ақпараттық жүйесі', "АИС «Кандас»"),
    ("CBDI", '"мүгедектігі бар адамдардың орталықтандырылған дерекқоры" автоматтандырылған ақпараттық жүйесі',
     "АИС «Централизованная база данных лиц с инвалидностью»"),
    ("IRS", '"шетелдік жұмыс күші" автоматтандырылған ақпараттық жүйесі', "АИС «Иностранная рабочая сила»"),
    ("OTB", '"Еңбекті қорғау және қауіпсіздік" автоматтандырылған ақпараттық жүйесі',
     "АИС «Охрана и безопасность труда»"),
    ("TSR", '"оңалтудың техникалық құралдары" ақпараттық жүйесі', "ИС «Технические средства реабилитации»"),
    ("PSU", '"әлеуметтік қызметтер порталы" автоматтандырылған ақпараттық жүйесі', "АИС «Портал социальных услуг»"),
    ("ZIN", '"мүгедек адамдарды әлеуметтік қорғау" ақпараттық порталы',
     "Информационный портал «Социальная защита лиц с инвалидностью»"),
    ("EBT", '"Электрондық еңбек биржасы" ақпараттық порталы', "Информационный портал «Электронная биржа труда»"),
    ("ISH", "әлеуметтік-еңбек саласының ақпараттық жүйелерінің интеграциялық шинасы",
     "Интеграционная шина информационных систем социально-трудовой сферы"),
]


def cell_date(v: object, fmt: str) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return v.strftime(fmt)
    return str(v)


def write_systems(out: Path) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name_kk", "name_ru"])
    w.writerows(SYSTEMS)
    (out / "systems.csv").write_bytes(buf.getvalue().encode("utf-8"))


RU_HEADER = ["№ приказа", "Дата приказа", "Вид приказа", "ИИН", "ФИО", "Должность", "Подразделение",
             "Дата вступления в силу", "Электронная почта"]
KK_HEADER = ["бұйрық нөмірі", "бұйрық күні", "бұйрық түрі", "ЖСН", "тегі", "аты", "әкесінің аты", "лауазымы",
             "бөлімше", "күшіне ену күні", "электрондық пошта"]
XLSX_HEADER = ["order_no", "order_date", "kind", "iin", "surname", "name", "patronymic", "position", "department",
               "effective_date", "email"]


def write_ru(out: Path, rows: list[Row]) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")  # Excel quotes only when needed
    w.writerow(RU_HEADER)
    for r in rows:
        p = r.person
        w.writerow([r.order_no, cell_date(r.order_date, "%d.%m.%Y"), r.kind, r.the_iin, p.full_name, r.position,
                    r.department, cell_date(r.effective, "%d.%m.%Y"), p.email if r.email else ""])
    (out / "orders-ru.csv").write_bytes(buf.getvalue().encode("cp1251"))  # fails loudly on ә, қ, ...


def write_kk(out: Path, rows: list[Row]) -> None:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=",", lineterminator="\n")
    w.writerow(KK_HEADER)
    for r in rows:
        p = r.person
        w.writerow([r.order_no, cell_date(r.order_date, "%Y-%m-%d"), r.kind, r.the_iin, p.surname, p.name,
                    p.patronymic, r.position, r.department, cell_date(r.effective, "%Y-%m-%d"),
                    p.email if r.email else ""])
    (out / "orders-kk.csv").write_bytes(buf.getvalue().encode("utf-8"))


def write_xlsx(out: Path, rows: list[Row]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.properties.creator = "HR"
    wb.properties.created = FIXED_TS
    ws = wb.active
    ws.title = "Приказы"
    ws.append(XLSX_HEADER)
    for c in ws[1]:
        c.font = Font(bold=True)

    def put_date(cell, v):
        if v is None:
            return
        cell.value = v
        cell.number_format = "dd.mm.yyyy" if isinstance(v, dt.date) else "@"

    for i, r in enumerate(rows, 2):
        p = r.person
        ws.cell(i, 1, r.order_no)
        put_date(ws.cell(i, 2), r.order_date)
        ws.cell(i, 3, r.kind)
        c = ws.cell(i, 4)
        if r.iin_cell == "number":
            c.value = int(r.the_iin)
            c.number_format = "0"
        else:
            c.value = r.the_iin
            c.number_format = "@"
        for col, v in ((5, p.surname), (6, p.name), (7, p.patronymic), (8, r.position), (9, r.department)):
            ws.cell(i, col, v)
        put_date(ws.cell(i, 10), r.effective)
        if r.email:
            ws.cell(i, 11, p.email)
    for col, width in zip("ABCDEFGHIJK", (12, 13, 11, 15, 15, 12, 16, 34, 52, 15, 28)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"

    ref = wb.create_sheet("Справочник")  # a second sheet: the importer must read the first one
    ref.append(["kind", "вид приказа", "бұйрық түрі"])
    ref.append(["hire", "Прием на работу", "жұмысқа қабылдау"])
    ref.append(["transfer", "Перевод", "ауыстыру"])
    ref.append(["dismissal", "Увольнение", "жұмыстан босату"])

    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps "now" into docProps/core.xml and into the zip entries: pin both.
    stamp = FIXED_TS.strftime("%Y-%m-%dT%H:%M:%SZ")
    parts = to_shared_strings({i.filename: zipfile.ZipFile(io.BytesIO(raw.getvalue())).read(i.filename)
                               for i in zipfile.ZipFile(io.BytesIO(raw.getvalue())).infolist()})
    dst_buf = io.BytesIO()
    with zipfile.ZipFile(dst_buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for filename, data in sorted(parts.items(), key=lambda kv: kv[0] != "[Content_Types].xml"):
            if filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                              lambda m: m.group(1) + stamp.encode() + m.group(3), data)
            zi = zipfile.ZipInfo(filename, date_time=FIXED_TS.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, data)
    (out / "orders.xlsx").write_bytes(dst_buf.getvalue())


def to_shared_strings(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Move openpyxl's inline strings into xl/sharedStrings.xml, as Excel itself stores text."""
    table: dict[bytes, int] = {}
    out = dict(parts)

    def share(m: re.Match) -> bytes:
        body = m.group(2)
        idx = table.setdefault(body, len(table))
        return m.group(1) + b't="s"><v>' + str(idx).encode() + b"</v></c>"

    pat = re.compile(rb'(<c [^>]*?)t="inlineStr"><is>(.*?)</is></c>', re.S)
    for name in sorted(n for n in parts if n.startswith("xl/worksheets/sheet")):
        out[name] = pat.sub(share, parts[name])
    count = sum(len(pat.findall(parts[n])) for n in parts if n.startswith("xl/worksheets/sheet"))
    sst = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
           % (count, len(table)) + b"".join(b"<si>" + body + b"</si>" for body in table) + b"</sst>")
    out["xl/sharedStrings.xml"] = sst
    ct = out["[Content_Types].xml"]
    assert b"sharedStrings" not in ct
    out["[Content_Types].xml"] = ct.replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument'
        b'.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = out["xl/_rels/workbook.xml.rels"]
    out["xl/_rels/workbook.xml.rels"] = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    return out


# --------------------------------------------------------------------------- README

FILE_ORDER = ["orders-ru.csv", "orders-kk.csv", "orders.xlsx"]


def readme(files: dict[str, list[Row]], judged: dict[str, list[Outcome]]) -> str:
    L: list[str] = []
    a = L.append

    def totals(names):
        rows = sum(len(files[n]) for n in names)
        rej = sum(1 for n in names for o in judged[n] if o.reason)
        warn = sum(1 for n in names for o in judged[n] if o.warn)
        return rows, rows - rej, rej, warn

    a("# Sample inputs")
    a("")
    a("Realistic example inputs for `skud`, written by `scripts/make-samples.py`")
    a("(deterministic: fixed seed and fixed timestamps; `pip install openpyxl`, then")
    a("`python3 scripts/make-samples.py`). Do not edit these files by hand: change the")
    a("script, which re-derives every outcome below from the rules (the top-level README.md, §-cited) and stops")
    a("if a row no longer produces the outcome it was written for. All the people are invented;")
    a("their IINs are well-formed (date of birth, century-and-sex digit, serial, check digit) but")
    a("made up.")
    a("")
    a("Every expectation below assumes the as-of date **2026-11-20** (Asia/Almaty) and an empty")
    a("database with the systems loaded:")
    a("")
    a("```sh")
    a("skud init")
    a("skud systems import samples/systems.csv")
    a("skud --as-of 2026-11-20 --json orders import samples/orders-ru.csv samples/orders-kk.csv samples/orders.xlsx")
    a("```")
    a("")
    a("With that as-of date, §23 draws the line at **2025-11-20**: a hire or transfer whose")
    a("`order_date` is earlier is rejected `older_than_one_year`, one dated exactly 2025-11-20 is")
    a("accepted; a dismissal older than that is recorded with a warning. An `order_date` after")
    a("2026-11-20 is `future_order`. Row numbers are 1-based data rows (the header is row 0), as in")
    a("the `--json` summary and the `--rejects` file.")
    a("")
    a("## The files")
    a("")
    a("| file | encoding | delimiter | line ends | headers | dates | data rows |")
    a("|---|---|---|---|---|---|---|")
    a("| `systems.csv` | UTF-8, no BOM | `,` | LF | `code,name_kk,name_ru` | — | 16 |")
    a(f"| `orders-ru.csv` | Windows-1251 | `;` | CRLF | Russian, one `ФИО` column | `DD.MM.YYYY` | {len(files['orders-ru.csv'])} |")
    a(f"| `orders-kk.csv` | UTF-8, no BOM | `,` | LF | Kazakh | `YYYY-MM-DD` | {len(files['orders-kk.csv'])} |")
    a(f"| `orders.xlsx` | XLSX, sheet `Приказы` (first of two) | — | — | English | date cells and text | {len(files['orders.xlsx'])} |")
    a("")
    a("### `systems.csv`")
    a("")
    a("The sixteen information systems of §4 of the superseded 2021 order")
    a("(`shared/rules/order-349-2021-superseded.kk.txt`), in its order: the Kazakh name as in that")
    a("text (its quotation marks are doubled inside quoted CSV fields), the Russian name of the same")
    a("system, and a short code (the code is what access requests and LDAP groups use).")
    a("`skud systems import samples/systems.csv` loads 16 systems; `skud systems list` shows them in")
    a("this order:")
    a("")
    a("| # | code | name_ru |")
    a("|---|---|---|")
    for i, (code, _kk, ru) in enumerate(SYSTEMS, 1):
        a(f"| {i} | `{code}` | {ru} |")
    a("")
    a("### `orders-ru.csv`")
    a("")
    a("What Excel with a Russian locale writes for «CSV (разделители — точки с запятой)»:")
    a("Windows-1251, `;`, CRLF, fields quoted only when needed (row 14 has a department with")
    a("doubled quotes: `\"Филиал АО \"\"Центр развития трудовых ресурсов\"\" по г. Алматы\"`).")
    a("The header is `№ приказа;Дата приказа;Вид приказа;ИИН;ФИО;Должность;Подразделение;Дата")
    a("вступления в силу;Электронная почта` (`№` is byte 0xB9 in Windows-1251). `ФИО` is split on")
    a("spaces into surname, name and patronymic. Kinds are spelled several ways: `Прием на работу`,")
    a("`прием на работу`, `Прием`, `Приём`, `приём`, `Перевод`, `перевод`, `ПЕРЕВОД`, `Увольнение`.")
    a("The names use the Russian alphabet only (Windows-1251 has no ә ғ қ ң ө ұ ү һ і).")
    a("")
    a("### `orders-kk.csv`")
    a("")
    a("UTF-8 without BOM, `,`, LF, Kazakh headers with surname, name and patronymic in separate")
    a("columns, ISO dates, Kazakh kinds (`жұмысқа қабылдау`, `Жұмысқа қабылдау`, `қабылдау`,")
    a("`ауыстыру`, `АУЫСТЫРУ`, `жұмыстан босату`, `босату`, `жұмыстан шығару`), names with")
    a("ә ғ қ ң ө ұ ү һ і (`Есенова Зуһра Ибраһимқызы` has the rare Һ).")
    a("")
    a("### `orders.xlsx`")
    a("")
    a("Sheet `Приказы` (the first; a second sheet `Справочник` must be ignored), English headers")
    a("`order_no, order_date, kind, iin, surname, name, patronymic, position, department,")
    a("effective_date, email`. Kinds `hire`, `Hire`, `transfer`, `TRANSFER`, `dismissal`, `Dismissal`.")
    a("")
    xr = files["orders.xlsx"]
    txt = [i for i, r in enumerate(xr, 1) if isinstance(r.order_date, str)]
    num = [i for i, r in enumerate(xr, 1) if r.iin_cell == "number"]
    empty_eff = [i for i, r in enumerate(xr, 1) if r.effective is None]
    a("- `order_date` is a real date cell (serial number, format `dd.mm.yyyy`) except in rows "
      + ", ".join(f"{i} (`{xr[i-1].order_date}`)" for i in txt) + ", where it is a text cell.")
    a("- `iin` is a text cell except in rows " + " and ".join(str(i) for i in num)
      + f", where it is a NUMBER cell (format `0`). Row {num[0]}'s holder was born in 2005, so the cell"
      f" holds `{int(xr[num[0]-1].the_iin)}` (11 digits): the importer must pad it back to"
      f" `{xr[num[0]-1].the_iin}` (calamine reads it as `Data::Float(50312689765.0)`)."
      f" Row {num[1]} is a 12-digit number that loses nothing.")
    a("- `effective_date` is empty in rows " + ", ".join(map(str, empty_eff))
      + " (it defaults to `order_date`); a text cell in row "
      + ", ".join(str(i) for i, r in enumerate(xr, 1) if isinstance(r.effective, str)) + ".")
    a("")
    a("Kinds are compared case-insensitively by their leading words, in Russian, Kazakh or English")
    a("(`src/domain/order/kind.rs` lists them; more can be added in `[orders.kinds]`).")
    a("")
    a("## Expected results")
    a("")
    for fname in FILE_ORDER:
        rows, outs = files[fname], judged[fname]
        n, imp, rej, warn = totals([fname])
        a(f"### `{fname}` alone")
        a("")
        a("| row | order | IIN | kind | outcome | why |")
        a("|---|---|---|---|---|---|")
        for i, (r, o) in enumerate(zip(rows, outs), 1):
            if not (o.reason or o.warn or r.note):
                continue
            outcome = f"rejected `{o.reason}`" if o.reason else ("imported, **warning**" if o.warn else "imported")
            od = r.order_date if isinstance(r.order_date, str) else r.order_date.isoformat()
            a(f"| {i} | {r.order_no} of {od} | `{r.the_iin}` | {r.kind} | {outcome} | {r.note} |")
        a("")
        a("Rows not listed are imported with no warning.")
        a("")
        a(f"Totals: **rows {n}, imported {imp}, already_imported 0, rejected {rej}, warnings {warn}**; exit code 3.")
        a("")
    n, imp, rej, warn = totals(FILE_ORDER)
    a("### All three in one run (ru, kk, xlsx)")
    a("")
    a("| file | rows | imported | rejected | warnings |")
    a("|---|---|---|---|---|")
    for fname in FILE_ORDER:
        fn, fi, fr, fw = totals([fname])
        a(f"| `{fname}` | {fn} | {fi} | {fr} | {fw} |")
    a(f"| **total** | **{n}** | **{imp}** | **{rej}** | **{warn}** |")
    a("")
    a(f"`already_imported` is 0: no (order_no, order_date, IIN, kind) appears in two files (the")
    a("order numbers do not even share a pattern: `N-л/с`, `N-ж/қ`, `К-YYYY/N`), so importing the")
    a("files one by one into the same database gives the same sums as one run. No rule rejects an")
    a("order for an IIN with no earlier hire, so the files imported alone give the same row outcomes")
    a("as together; only the employees' states differ. Exit code 3.")
    a("")
    a(f"Re-importing any of the files afterwards: its {'/'.join(str(totals([f])[1]) for f in FILE_ORDER)}")
    a("(ru/kk/xlsx) good rows count as `already_imported` and change nothing, `imported` is 0, and the")
    a("same rows are rejected again with the same codes.")
    a("")
    a("`--rejects OUT.csv` lists, for the run of all three: " + "; ".join(
        f"`{f}` rows " + ", ".join(f"{i} `{o.reason}`" for i, o in enumerate(judged[f], 1) if o.reason)
        for f in FILE_ORDER) + ".")
    a("")
    a("## Employees on 2026-11-20 (after all three files)")
    a("")
    a("State follows each IIN's imported orders in order of effective date; an order whose")
    a("effective date is after 2026-11-20 has not taken effect.")
    a("")
    states = employee_states(files, judged)
    picks = [
        ("akhmetov", "hired in ru (row 2), transferred in xlsx (row 1, empty effective_date)"),
        ("kuznetsova", "hired in ru (row 5), dismissed in kk (row 16, effective 2026-10-02); ru alone: acting"),
        ("ganieva", "hired in ru (row 14), transferred in ru (row 19), dismissed in xlsx (row 11)"),
        ("mukashev", "hired and transferred in ru; dismissal in xlsx (row 13) takes effect 2026-11-30"),
        ("baizhanov", "dismissed in ru (row 6), hired again in xlsx (row 2)"),
        ("zhaksybekova", "kk: transfer (row 3) is above her hire (row 7) in the file"),
        ("tursynova", "xlsx row 4: IIN from a NUMBER cell, leading zero restored"),
        ("petrenko", "only an old dismissal (ru row 4, warning)"),
        ("zhumabaev", "kk row 20: dismissal takes effect on 2026-11-20 itself"),
        ("kim", "hired on the §23 boundary (ru row 1), transferred, dismissal ordered and effective 2026-11-20 (xlsx row 15)"),
        ("smirnova", "ru row 24: hire effective 2026-12-01, nothing in effect yet"),
    ]
    a("| IIN | person | status | position, department | how |")
    a("|---|---|---|---|---|")
    for key, how in picks:
        p = P[key]
        status, pos, depname, _orders = states[p.iin]
        shown = f"**{status}**" if status in ("acting", "dismissed") else f"*{status}*"
        where = f"{pos}, {depname}" if status == "acting" else "—"
        a(f"| `{p.iin}` | {p.full_name} | {shown} | {where} | {how} |")
    a("")
    a("Smirnova's only order has not taken effect on 2026-11-20, so she is not acting staff:")
    a("`employees show` prints the status `not_yet_acting` for her.")
    a("")
    acting = sorted(P_by_iin[i].full_name for i, s in states.items() if s[0] == "acting")
    dismissed = sorted(P_by_iin[i].full_name for i, s in states.items() if s[0] == "dismissed")
    a(f"In all, {len(states)} IINs have imported orders: {len(acting)} acting, {len(dismissed)} dismissed,")
    a(f"{len(states) - len(acting) - len(dismissed)} with no order in effect yet.")
    a("")
    a(f"- acting: {', '.join(acting)}")
    a(f"- dismissed: {', '.join(dismissed)}")
    a("")
    a("Each file alone: the states of the people whose orders are all in that file are as above;")
    a("for the others, only that file's orders count (for example `orders-ru.csv` alone leaves")
    a("Кузнецова and Ганиева acting and Байжанов dismissed; `orders-kk.csv` alone makes Кузнецова")
    a("dismissed).")
    a("")
    return "\n".join(L)


P_by_iin: dict[str, Person] = {}


# --------------------------------------------------------------------------- main


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "samples"
    out.mkdir(parents=True, exist_ok=True)
    assign_iins()
    P_by_iin.update({p.iin: p for p in PEOPLE})
    files = {"orders-ru.csv": ru_rows(), "orders-kk.csv": kk_rows(), "orders.xlsx": xlsx_rows()}
    resolve_invalid_iins(files)
    judged = check_expectations(files)
    write_systems(out)
    write_ru(out, files["orders-ru.csv"])
    write_kk(out, files["orders-kk.csv"])
    write_xlsx(out, files["orders.xlsx"])
    (out / "README.md").write_text(readme(files, judged), encoding="utf-8")
    for f in ["systems.csv", *FILE_ORDER, "README.md"]:
        print(out / f)


if __name__ == "__main__":
    main()
