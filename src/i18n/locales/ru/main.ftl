# Сообщения skud: русский язык. Ключи совпадают с en/main.ftl и kk/main.ftl (проверяется тестом).

n-rows = { $n ->
    [one] { $n } строка
    [few] { $n } строки
   *[many] { $n } строк
}
word-row = строка

## ИИН
iin-not-twelve-digits = не 12 цифр
iin-birth-date = первые шесть цифр не являются датой рождения
iin-century = седьмая цифра (век и пол) не от 1 до 6
iin-check-digit = неверная контрольная цифра

## Причины отклонения строк приказов
reject-missing-field = не заполнен столбец «{ $column }»
reject-invalid-iin = ИИН «{ $value }» неверен: { $detail }
reject-impossible-day = столбец «{ $column }»: «{ $value }» — такого дня нет: в { $month_in } { $days } { $days ->
    [one] день
   *[other] дней
}
reject-bad-date = столбец «{ $column }»: «{ $value }» не является датой (используйте ДД.ММ.ГГГГ или ГГГГ-ММ-ДД)
reject-unknown-kind = неизвестный вид приказа «{ $value }» (прием, перевод или увольнение; другие написания можно добавить в конфигурации, [orders.kinds])
reject-future-order = приказ датирован { $date }, позже расчетной даты { $asof }
reject-older-than-one-year = приказ от { $date } утвержден более одного года назад (ранее { $limit }) и не является основанием для доступа (п. 23)
reject-duplicate-in-file = повторяет строку { $row } файла { $file } (тот же номер, дата, ИИН и вид приказа)
reject-lost-letters = в столбце «{ $column }» значение «{ $value }»: «?» стоит вместо букв, которых нет в кодировке файла (казахские буквы в Windows-1251); сохраните файл как CSV UTF-8 или XLSX и импортируйте снова
reject-extra-cells = в строке есть значение за пределами { $width } столбцов заголовка (столбец { $column }: «{ $value }»): разделитель внутри значения без кавычек сдвинул ячейки; заключите значение в кавычки или уберите разделитель
reject-unknown-kind-nearest = неизвестный вид приказа «{ $value }»; ближайший известный — «{ $nearest }» ({ $kind }). Другие написания можно добавить в конфигурации, [orders.kinds]
warning-iin-zero-restored = ИИН «{ $written }» из 11 цифр: электронная таблица потеряла ведущий ноль; принят как { $iin }
reject-name-mismatch = ИИН { $iin } записан на «{ $on_record }», а в приказе — «{ $written }»: приказ не переименовывает человека; проверьте ИИН
warning-surname-changed = фамилия изменилась с «{ $before }» на «{ $after }» (имя и отчество те же): принято как смена фамилии; прежние приказы сохраняют прежнюю
warning-old-dismissal = приказ об увольнении от { $date } старше одного года (ранее { $limit }): записан как подтверждение того, что лицо не является действующим сотрудником (п. 30), но не является основанием для заявки (п. 23)

## Итоги
init-done = база данных { $db } готова (применено миграций: { $n })
systems-summary = информационные системы: добавлено { $added }, изменено { $updated }, без изменений { $unchanged }, отклонено { $rejected }
import-summary = { $rows ->
    [one] { $rows } строка
    [few] { $rows } строки
   *[many] { $rows } строк
}: загружено { $imported }, ранее загружено { $already }, отклонено { $rejected }, предупреждений { $warnings }
import-more-rejects = … и еще отклоненных строк: { $n } (см. --rejects или --json)
import-dismissed-account = { $file }: строка { $row }: { $iin } уволен(а) с { $date }, а учетная запись { $login } ({ $status }) действует: задание dismissals заблокирует ее { $blocked } (п. 30), или выполните «skud jobs run dismissals», когда увольнение вступит в силу
import-header-row = { $file }: заголовок — строка { $row }; строки выше него (заголовок документа, пустые), всего { $skipped }, пропущены
import-replacement-chars = { $file }: не удалось прочитать символов: { $n } (показаны как �): казахских букв нет в Windows-1251; сохраните файл в UTF-8
import-rejects-file = отклоненные строки записаны в { $file }
dry-run-nothing-written = пробный запуск: ничего не записано
employee-not-found = по ИИН { $iin } нет приказов

## Журнал действий
audit-intact = журнал действий не нарушен: записей { $n }, последняя №{ $seq } { $hash }
audit-changed = запись журнала действий №{ $seq } изменена после создания
audit-removed-before = запись журнала действий №{ $seq } не продолжает предыдущую: записи перед №{ $seq } удалены или переписаны
audit-reordered = запись журнала действий №{ $seq } в цепочке следует за записью №{ $follows }: порядок записей изменен
audit-removed-at-end = журнал действий заканчивается записью №{ $last }, а по заголовку должен №{ $head }: последние записи удалены

## Заголовки столбцов
col-code = код
col-name-kk = наименование (каз.)
col-name-ru = наименование (рус.)
col-order-no = № приказа
col-order-date = дата приказа
col-kind = вид
col-iin = ИИН
col-full-name = ФИО
col-position = должность
col-department = подразделение
col-import = импорт
col-effective-date = вступает в силу
col-status = статус
col-since = с
col-seq = №
col-at = время
col-actor = администратор
col-action = действие
col-count = количество
col-objects = объекты

## Значения
kind-hire = прием
kind-transfer = перевод
kind-dismissal = увольнение
status-acting = действующий
status-dismissed = уволен
status-not_yet_acting = еще не вступил в должность

## Заявки доступа (п. 19, п. 22)
col-id = №
col-systems = системы
col-due = срок ответа
col-reason = причина
col-login = логин
col-issued = выдан
col-last-login = последний вход
col-date = дата
col-weekday = день
reject-unknown-request-kind = неизвестный вид заявки «{ $value }» (предоставить, изменить, заблокировать или активировать)
reject-invalid-ip = «{ $value }» не является адресом IPv4 или IPv6
reject-invalid-email = «{ $value }» не является адресом электронной почты (имя@домен.kz)
reject-received-in-future = дата получения { $value } позже расчетного момента
reject-duplicate-person = на того же человека (ИИН) уже есть заявка в строке { $row } этого файла; одна заявка каждого вида на человека
refusal-unknown-system = системы { $systems } нет в каталоге
refusal-unknown-login = учетной записи с логином { $login } нет
refusal-login-other-iin = логин { $login } принадлежит другому лицу, а не ИИН { $iin }
refusal-not-acting-staff = лицо с ИИН { $iin } не является действующим сотрудником: приказ об увольнении вступил в силу (п. 30)
refusal-no-basis = приказа № { $no } от { $date } по ИИН { $iin } нет в учете (п. 23)
refusal-basis-too-old = приказ-основание от { $date } утвержден более чем за один год до даты заявки (ранее { $limit }, п. 23)
refusal-basis-mismatch = приказ вида «{ $kind }» не является основанием для этой заявки (п. 23, п. 27)
refusal-not-blocked = учетная запись { $login } не заблокирована; активируется только заблокированная учетная запись (п. 29)
request-line-pending = заявка { $id } (строка { $row }): ожидает ответа, срок до { $due }
request-line-refused = заявка { $id } (строка { $row }): отказ: { $reason }
request-line-already = заявка { $id } (строка { $row }): уже учтена ({ $status }), ничего не добавлено
request-line-rejected = строка { $row }: { $code }: { $reason }
requests-summary = строк: { $rows }; учтено { $recorded } (из них отказов { $refused }), уже были учтены { $already }, отклонено { $rejected }
request-not-found = заявки { $id } нет
letter-written = письмо: { $path }
form-written = форма заявки { $id } записана в { $path }
answer-name-requests = укажите номера заявок или --all
answer-wrong-command = заявка { $id } вида { $kind }: ответьте на нее командой `skud { $command }`
answer-line-done = заявка { $id } ({ $kind }): исполнена, логин { $login }
answer-line-refused = заявка { $id }: отказ: { $reason }
answer-line-skipped = заявка { $id }: ответ уже дан ({ $status }), ничего не сделано
logins-nothing-pending = нет заявок на предоставление или активацию, ожидающих ответа: выдавать нечего
requests-nothing-pending = нет заявок на изменение или блокировку, ожидающих ответа
logins-issued = выдано: { $done }, отказов: { $refused }, уже отвечены: { $skipped }
requests-applied = исполнено: { $done }, отказов: { $refused }, уже отвечены: { $skipped }
admin-required = укажите ФИО администратора (--admin, SKUD_ADMIN или admin в конфигурации): оно записывается в журнал (п. 25) и подписывает ответные письма
credentials-written = логины и временные пароли в файле { $path } (права 0600): передайте их и удалите файл
login-cannot-generate = заявка { $id }: из имени «{ $name }» не получается логин; проверьте ФИО
login-valid = { $login }: допустим и ранее не выдавался
login-invalid = { $login }: { $problem }

## Учетные записи (п. 24, п. 28, п. 29)
account-not-found = учетной записи { $login } нет
account-blocked = { $login }: заблокирована ({ $reason })
account-already-blocked = { $login }: уже заблокирована, ничего не изменено
account-seen = { $login }: последний вход { $at }
account-seen-older = { $login }: уже учтен более поздний вход; { $at } ничего не меняет
at-in-future = --at { $at } позже расчетного момента { $asof }
registration-complete = { $login }: временный пароль заменен { $at }: регистрация завершена (п. 24)
password-change-recorded = { $login }: смена пароля { $at } учтена (учетная запись уже была активна)
password-change-before-issue = { $login }: смена { $at } раньше выдачи временного пароля ({ $issued })
password-change-blocked = { $login }: учетная запись заблокирована; она активируется по повторной заявке (п. 29)

## Ответные письма (п. 22)
letter-subject-issued = Заявка доступа № { $id }: логин и временный пароль
letter-subject-reactivated = Заявка доступа № { $id }: учетная запись активирована
letter-subject-refused = Заявка доступа № { $id }: отказ
letter-subject-changed = Заявка доступа № { $id }: права доступа изменены
letter-subject-blocked = Заявка доступа № { $id }: учетная запись заблокирована
letter-body-issued = Ваша заявка доступа от { $received } на { $name } удовлетворена.
    
    Логин: { $login }
    Временный пароль: { $password }
    
    Временный пароль предназначен только для первого входа: система попросит сменить его, и после смены регистрация считается завершенной (п. 24). Не передавайте логин и пароль другим лицам (п. 26).
letter-body-reactivated = Ваша повторная заявка от { $received } на { $name } удовлетворена: учетная запись { $login } разблокирована (п. 29).
    
    Логин: { $login }
    Новый временный пароль: { $password }
    
    Смените временный пароль при первом входе (п. 24).
letter-body-refused = В удовлетворении заявки доступа от { $received } на { $name } отказано.
    
    Причина: { $reason }.
    
    Правила работы, сопровождения и доступа к информационным системам и базам данных (приказ № 419 от 26 декабря 2025 года), пункт { $paragraph }.
letter-body-changed = Ваша заявка от { $received } на { $name } исполнена: права учетной записи { $login } теперь: { $systems } (п. 27).
letter-body-blocked = Ваша заявка от { $received } на { $name } исполнена: учетная запись { $login } заблокирована.
letter-signature = Администратор информационной безопасности: { $admin }

## Журнал (приложение 1, п. 25)
journal-title = Журнал регистрации пользователей и выдачи персональных уникальных идентификаторов (логинов)
journal-col-no = №
journal-col-letter = Регион/исх. номер, дата письма заявителя и вход. номер, дата письма владельца ИС
journal-col-systems = Название информационных систем и баз данных, к которым предоставляется доступ
journal-col-date = Дата регистрации пользователей и выдачи персональных уникальных идентификаторов (логинов)
journal-col-basis = Основание
journal-col-admin = Фамилия, имя, отчество (при его наличии) администратора
journal-col-note = Примечание
journal-login = логин
journal-replaces = взамен логина { $old }, занятого в каталоге (п. 26)
journal-reactivation = повторная активация (п. 29)
journal-basis-reactivation = повторная заявка (п. 29)
journal-exported = строк журнала: { $rows }, файл { $path }

## Форма (приложение 2)
form-appendix = Приложение 2 к Правилам работы, сопровождения и доступа к информационным системам и базам данных
form-title = Заявка на регистрацию (создание) учетной записи пользователя и предоставления ему (или изменения его) прав доступа к информационным системам
form-ask = Прошу
form-kind-grant = предоставить доступ к информационным системам
form-kind-change = изменить права пользователя к информационным системам
form-kind-block = заблокировать учетную запись пользователя
form-kind-reactivate = активировать заблокированную учетную запись пользователя
form-basis = основание: приказ № { $no } от { $date }
form-col-no = №
form-col-person = Фамилия Имя Отчество (при его наличии), ИИН, логин, рабочий телефон, сотовый телефон, ip-адрес компьютера пользователя
form-col-position = Наименование должности пользователя, структурного подразделения заявителя
form-col-systems = Наименование информационных систем и баз данных, к которым предоставляется доступ
form-col-functions = Наименование функций (действий), осуществляемых в информационных системах
form-iin = ИИН
form-login = логин
form-work-phone = раб. тел.
form-cell-phone = сот. тел.
form-reply = Данные просим выслать на электронный адрес { $email }.
form-signature = (Фамилия, имя, отчество (при его наличии), подпись руководителя)
form-letter = исх.
form-incoming = вх.

## Календарь (п. 22)
calendar-title = { $year }: рабочих дней — { $working }
calendar-source = Источник: { $source }
calendar-unpublished = Приказ о переносе выходных на { $year } год еще не опубликован: выходные — только праздники и правило переноса с выходных.
calendar-no-kurban = Дата Курбан айта { $year } еще не установлена: добавьте ее в файл календаря ([calendar] file).
calendar-moved = выходной за { $holiday } ({ $from }, выпал на выходной)
calendar-ordered = перенос: { $note }
calendar-worked = рабочий день: { $note }
holiday-new-year = Новый год
holiday-christmas = Православное Рождество
holiday-womens-day = Международный женский день
holiday-nauryz = Наурыз мейрамы
holiday-unity = Праздник единства народа Казахстана
holiday-defender = День защитника Отечества
holiday-victory = День Победы
holiday-capital = День Столицы
holiday-constitution = День Конституции
holiday-republic = День Республики
holiday-independence = День Независимости
holiday-kurban-ait = Курбан айт

## The directory
ldap-bound = { $url }: вход выполнен как { $who }
ldap-base-found = { $base }: найден
ldap-base-missing = { $base }: НЕ НАЙДЕН (создайте его или исправьте [ldap] в конфигурации)
ldap-pulled = прочитано записей каталога: { $entries }; обновлен последний вход: { $logins }; завершена регистрация (п. 24): { $registered }; записей не под управлением skud (не тронуты): { $unmanaged }
transit-key-made = создан транспортный ключ { $path } (режим 0600): временные пароли хранятся зашифрованными им до `ldap sync --push`; не храните его вместе с резервными копиями базы
ldap-pushed = отправлено в каталог: создано записей: { $created }; установлено временных паролей: { $passwords }; заблокировано: { $locked }; разблокировано: { $unlocked }; добавлено в группы: { $added }; исключено из групп: { $removed } (операций LDAP: { $operations })
ldap-renamed = { $old }: логин занят в каталоге записью, созданной не skud ({ $detail }); у { $name } теперь логин { $new } (п. 26) с тем же временным паролем: сообщите пользователю новый логин
ldap-password-refused = { $login }: каталог отклонил временный пароль ({ $detail }); запись заблокирована, учетная запись заблокирована: ответьте на заявку о восстановлении (п. 29), чтобы выдать новый пароль
ldap-pulled-logins = логинов каталога записано как занятые (skud их не выдаст, п. 26): { $new }; записей, которые можно принять под управление (skud ldap adopt): { $adoptable }
ldap-failed = { $dn }: не выполнено: { $detail }; следующая синхронизация повторит
ldap-no-password = { $login }: выдан до настройки каталога, временного пароля для отправки у skud нет; запись создана без пароля: задайте его в каталоге или заблокируйте и восстановите учетную запись (п. 29)
ldap-lost = сервер LDAP { $url }: соединение потеряно ({ $detail }); подтвержденное каталогом записано, следующая синхронизация продолжит с этого места
dry-run-nothing-sent = пробный запуск: запланировано учетных записей: { $n }; в каталог ничего не отправлено
job-busy = { $job }: сейчас не запущено: блокировку задания держит другой запуск (повторите позже)
job-stale-pull = inactivity: ничего не заблокировано: последнее успешное чтение LDAP ({ $last }) старше { $hours } ч ([ldap] max_pull_age_h); сведения о входах могут быть неполными. Сначала выполните `skud jobs run ldap-pull`
job-request-overdue = заявка { $id }: { $name }, получена { $received }, срок ответа { $due } (п. 22)
job-summary = { $job }: { $outcome } { $counts }
backup-written = база скопирована в { $file } ({ $bytes } байт)
ticket-opened = заявка о сбое { $id } зарегистрирована; срок выполнения до { $due } (п. 15)
ticket-closed = заявка о сбое { $id } закрыта
job-ticket-overdue = заявка о сбое { $id }: { $name }, подана { $submitted }, срок { $due } (п. 15)
job-day-off = { $job }: { $day } — выходной день: не запущено
deadlines-col-kind = Вид
deadlines-col-id = №
deadlines-col-name = ФИО
deadlines-col-since = Поступила
deadlines-col-due = Срок
deadlines-kind-request = заявка на доступ (п. 22)
deadlines-kind-ticket = заявка о сбое (п. 15)
ldap-adopted = принята { $login } ({ $dn }): { $status }; системы: { $systems }
ldap-left-out = не принята { $dn }: { $code }: { $reason }
ldap-adopt-summary = прочитано записей каталога: { $entries }; принято под управление: { $adopted }; уже под управлением skud: { $already }; не принято: { $left }
adopt-critical-system-object = критический системный объект каталога: не трогается
adopt-protected-group = член защищенной группы ([ldap] protected_groups): не трогается
adopt-no-login = у записи нет атрибута логина (uid / sAMAccountName)
adopt-no-iin = в [ldap] iin_attribute нет ИИН: служебная учетная запись, не трогается
adopt-invalid-iin = ИИН в записи не проходит проверку контрольного разряда: исправьте его в каталоге
adopt-not-on-record = ни один приказ не называет этот ИИН: импортируйте приказ и повторите
adopt-login-of-another = логин уже принадлежит учетной записи другого человека в skud (п. 26)
adopt-login-replaced = skud выдал этот логин, обнаружил его у этой записи и дал учетной записи другой (п. 26): запись не принадлежит skud
mail-sent = писем передано почтовому серверу: { $count }
mail-failed = письмо отклонено почтовым сервером окончательно: { $detail }
mail-later = { $count } письм. ждут почтовый сервер (их отправит следующий `skud mail send` или задание mail демона): { $reason }
mail-nothing = писем в очереди нет
mail-undelivered = еще не доставлено: { $queued } (письма и файлы учетных данных; их доставит `skud mail send`); отклонено почтовым сервером: { $failed } (`skud mail list --failed`)
revert-done = импорт { $id } отменен: удалено приказов: { $n }
summary-not-listed = еще строк учтено, но не перечислено: { $n } (файл --rejects содержит все отклоненные строки)

# One grammar of days and moments (every date option, every file)
month-in = { $month ->
    [1] январе
    [2] феврале
    [3] марте
    [4] апреле
    [5] мае
    [6] июне
    [7] июле
    [8] августе
    [9] сентябре
    [10] октябре
    [11] ноябре
   *[12] декабре
}
when-no-such-day = «{ $value }» — такого дня нет: в { $month_in } { $days } { $days ->
    [one] день
   *[other] дней
}
when-unreadable = «{ $value }» не является датой: пишите ДД.ММ.ГГГГ или ГГГГ-ММ-ДД, при необходимости со временем ЧЧ:ММ
flag-missing = для этой заявки нужен параметр { $flag }

# skud status
status-title = Состояние на { $at } (Asia/Almaty)
status-requests = Заявки на доступ (п. 22): ожидают ответа { $pending }, срок сегодня { $today }, просрочены { $late }
status-tickets = Обращения о сбоях (п. 15): открыты { $open }, просрочены { $late }
status-next-night = Следующая ночь ({ $night }): будут заблокированы учётные записи уволенных — { $dismissals } (п. 30), неактивные — { $inactivity } (п. 28)
status-jobs = Последний запуск каждого задания:
status-directory = Каталог: последнее чтение { $pull }, последняя запись { $push }{ $stale ->
    [yes] ; чтение слишком старое для задания неактивности
   *[no] {""}
}
status-no-directory = Каталог: не настроен ([ldap])
status-letters = Письма-ответы: ожидают отправки { $queued }, отклонены сервером { $failed }
status-credentials = Учётные данные: не записано строк { $queued }, файлов с временными паролями не передано { $files } (передайте и удалите их)
status-audit = Журнал аудита: запись { $seq }, хеш { $hash }…
status-all-well = Ничего не требует внимания.
status-attention = Требует внимания: { $what }
status-never = никогда
status-attention-item = { $code ->
    [requests_past_due] просроченные заявки
    [requests_due_today] заявки со сроком сегодня
    [tickets_past_due] просроченные обращения
    [job_failed] последний запуск задания не удался
    [pull_stale] чтение каталога устарело
    [letters_failed] отклонённые письма
    [credentials_files] непереданные файлы учётных данных
   *[other] { $code }
}
job-outcome = { $outcome ->
    [ok] выполнено
    [attention] выполнено, есть что сообщить
    [refused] не запущено (отказ)
    [failed] ошибка
    [interrupted] прервано
    [running] выполняется
    [never] не запускалось
   *[other] { $outcome }
}

# Stored codes in words (tables and views; --json keeps the codes)
value-account-status = { $code ->
    [pending] ожидает входа
    [active] действует
    [blocked] заблокирована
   *[other] { $code }
}
value-block-reason = { $code ->
    [inactivity] неактивность, п. 28
    [dismissal] увольнение, п. 30
    [request] по заявке
    [security] нарушение ИБ, п. 28
    [directory] в каталоге
   *[other] { $code }
}
value-request-kind = { $code ->
    [grant] предоставление
    [change] изменение
    [block] блокировка
    [reactivate] разблокировка
   *[other] { $code }
}
value-request-status = { $code ->
    [pending] ожидает ответа
    [done] исполнена
    [refused] отказано
    [withdrawn] отозвана
   *[other] { $code }
}

# employees show: a person whole
person-orders = Приказы
person-accounts = Учётные записи
person-requests = Заявки на доступ
person-tickets = Обращения о сбоях
col-received = получена
col-subject = тема
col-submitted = подано
col-closed = закрыто
request-withdrawn = заявка { $id } отозвана; ответ на неё не даётся
request-withdrawn-dry-run = заявка { $id } была бы отозвана (пробный запуск: ничего не записано)

# Printed documents
form-sheet = Приложение 2
form-form = Форма
form-hint = (предоставить доступ, заблокировать, изменить права пользователя к информационным системам, с указанием основания, по которому подается заявка)
form-date = «{ $day }» { $month } { $year } года
month-of = { $month ->
    [1] января
    [2] февраля
    [3] марта
    [4] апреля
    [5] мая
    [6] июня
    [7] июля
    [8] августа
    [9] сентября
    [10] октября
    [11] ноября
   *[12] декабря
}
journal-sheet = Журнал
deadlines-sheet = Сроки
deadlines-title = Заявки и обращения с истекшим сроком (п. 22: три рабочих дня; п. 15: три календарных дня)
deadlines-as-of = По состоянию на { $at } (Asia/Almaty)
deadlines-none = Просроченных нет.

# Tables: tickets, jobs, config
col-job = задание
col-schedule = расписание (Asia/Almaty)
col-working-days-only = только рабочие дни
col-as-of = на дату
col-started = начало
col-seconds = секунд
col-outcome = итог
col-counts = счётчики
col-message = сообщение
col-key = параметр
col-value = значение
col-source = источник
word-yes = да
value-source = { $code ->
    [flag] параметр командной строки
    [env] переменная окружения
    [config-file] файл конфигурации
    [locale] локаль (LANG)
    [default] по умолчанию
    [found] найден
   *[other] { $code }
}
config-none = (нет)
config-shipped-calendar = (встроенный календарь)
config-not-configured = (не настроен)
value-reason = { $code ->
    [unknown_system] нет такой системы
    [unknown_login] нет такого логина
    [not_acting_staff] не действующий сотрудник (п. 30)
    [no_basis] нет приказа-основания (п. 23)
    [basis_too_old] основание старше года (п. 23)
    [basis_mismatch] приказ не основание (п. 23)
    [not_blocked] не заблокирована (п. 29)
   *[other] { $code }
}

# File errors (import)
file-not-found = файл не найден
file-is-directory = это папка, а не файл
file-empty = файл пуст
file-io = не удается прочитать: { $error }
file-binary = двоичные данные, а не CSV или электронная таблица (сохраните файл из Excel как CSV или XLSX)
file-bad-utf8 = строка { $row }, столбец { $column }: байты не в кодировке UTF-8; сохраните файл в UTF-8 или укажите --encoding windows-1251 (или кодировку файла)
file-spreadsheet = файл { $format } не читается: { $message }
file-no-sheets = в книге нет листов
file-unknown-sheet = листа «{ $sheet }» нет; листы: { $available }
file-no-header = нет строки заголовков: { $detail }
file-header = заголовок (строка { $at } файла): { $detail }
file-csv = строка { $row }: { $message }
file-sheet-on-csv = --sheet относится к электронным таблицам, а это файл CSV
file-stopped = остановлено
try-help = Подробнее: skud --help
interrupted = прервано; ничего не записано

# clap's own words in --help
help-usage = Использование:
help-heading-commands = Команды
help-heading-options = Параметры
help-flag-help = Показать справку
help-flag-version = Показать версию
man-heading-name = ИМЯ
man-heading-synopsis = СИНТАКСИС
man-heading-description = ОПИСАНИЕ
man-heading-options = ПАРАМЕТРЫ
man-heading-subcommands = КОМАНДЫ
man-heading-extra = ДОПОЛНИТЕЛЬНО
man-heading-version = ВЕРСИЯ
help-heading-arguments = Аргументы
usage-unknown-argument = неизвестный параметр { $arg }
usage-unknown-command = неизвестная команда { $arg }
usage-missing = не указаны обязательные параметры: { $arg }
usage-invalid-value = { $arg }: «{ $value }» — не одно из значений { $valid }
usage-bad-value = { $arg }: { $why }
usage-conflict = { $arg } нельзя указывать вместе с { $other }

# Files skud writes, the configuration, revert and withdraw
out-symlink = это символическая ссылка; skud никогда не пишет через нее (укажите настоящий файл)
out-exists = уже существует; skud его не перезаписывает (укажите другой файл или добавьте --force)
out-exists-passwords = уже существует; skud никогда не перезаписывает файл с паролями (укажите другой файл)
out-folder = это папка, а не файл
out-not-regular = это не обычный файл; skud пишет только обычные файлы
out-input = это входной файл этого запуска; skud никогда не пишет поверх своих входных данных
config-missing = { $path }: такого файла конфигурации нет (указан в { $by })
config-unreadable = { $path }: не удается прочитать: { $error }
revert-unknown = загрузки { $id } нет в учете (skud orders list показывает import_id каждого приказа)
revert-not-orders = загрузка { $id } — это загрузка «{ $what }», а не приказов
revert-reverted = загрузка { $id } уже отменена { $at }
revert-rested-on = загрузку { $id } нельзя отменить: на ее приказах основаны ответы на заявки: { $requests }; по ее увольнениям заблокированы учетные записи: { $blocks }
withdraw-unknown = заявки { $id } нет в учете
withdraw-answered = заявка { $id } уже в состоянии «{ $status }»: отозвать можно только ожидающую заявку
revert-request-item = № { $id } ({ $kind }, ИИН { $iin }, приказ { $no })
ticket-no-name = --full-name не заполнен
ticket-no-subject = укажите, о чем обращение: --reason (п. 13) или --subject и --text (п. 14)
ticket-no-contact = укажите контакт: --phone или --email (п. 13.3)
ticket-unknown-system = --system { $code }: нет в каталоге (skud systems list)
ticket-no-resolution = --resolution не заполнен: укажите, что сделано
ticket-closed-already = обращение { $id } уже закрыто
ticket-unknown = обращения { $id } нет
journal-out-kind = --out { $out }: укажите файл .xlsx или .csv
backup-exists = { $out }: файл уже есть; skud не перезаписывает резервную копию
outbox-not-folder = { $dir }: папка для писем — не папка
outbox-not-writable = { $dir }: в папку для писем нельзя записать: { $error }
unknown-encoding = --encoding { $label }: неизвестная кодировка (попробуйте utf-8, windows-1251, utf-16le, koi8-r)
rejects-is-input = --rejects { $file }: это один из загружаемых файлов

# The directory and the mail relay
ldap-unreachable = сервер LDAP { $url } недоступен: { $detail }
ldap-bind = сервер LDAP { $url }: вход как { $dn } не удался: { $detail } (проверьте bind_dn и пароль из { $source })
ldap-operation = сервер LDAP { $url }: { $detail }
ldap-certificate = сервер LDAP { $url }: его сертификату TLS нет доверия: { $reason }. Укажите сертификат ЦС, выдавшего сертификат сервера (PEM), в [ldap] ca_file{ $ca } и убедитесь, что сертификат называет хост URL в subjectAltName
ldap-needs-tls = сервер LDAP { $url } требует шифрованного соединения для входа ({ $detail }): используйте ldaps:// или starttls = true в [ldap]
ldap-not-configured = LDAP не настроен: добавьте раздел [ldap] в конфигурацию (см. samples/skud.toml)
ldap-missing = в [ldap] нет { $key }
ldap-url = [ldap] url «{ $url }»: используйте ldap://ХОСТ[:ПОРТ] или ldaps://ХОСТ[:ПОРТ]
ldap-flavour = [ldap] flavour «{ $flavour }»: используйте openldap или ad
ldap-starttls-on-ldaps = [ldap] starttls относится к URL ldap://, а этот — ldaps://
ldap-two-passwords = [ldap] укажите пароль входа через bind_password_env или bind_password_file, но не оба
ldap-env-unset = [ldap] bind_password_env: переменная ${ $var } не задана или пуста
ldap-password-file = [ldap] bind_password_file { $path }: { $error }
ldap-password-file-mode = [ldap] bind_password_file { $path }: файл доступен для чтения другим; выполните chmod 600
ldap-ca-file = [ldap] ca_file { $path }: { $detail }
ldap-plaintext = [ldap] url { $url }: пароль входа пошел бы по сети без TLS; используйте ldaps:// или ldap:// с starttls = true (allow_plaintext = true — только для тестового сервера на этой машине)
ldap-iin-attribute = [ldap] iin_attribute «{ $name }»: укажите имя атрибута (буквы, цифры, «-»)
ldap-protected-group = [ldap] protected_groups: в каталоге нет группы { $group }; несуществующая группа никого не защитит: исправьте DN
mail-relay = [mail] relay «{ $relay }»: ожидается smtp://ХОСТ[:ПОРТ] или smtps://ХОСТ[:ПОРТ]
mail-tls = [mail] tls «{ $tls }»: ожидается starttls, implicit или none
mail-plaintext = [mail] tls = "none" отправляет письма с паролями открытым текстом: допускается только для сервера на этой машине (127.0.0.1, ::1, localhost), а не { $host }
mail-from = [mail] from «{ $from }» — не адрес электронной почты
mail-two-passwords = [mail] укажите пароль через password_env или password_file, но не оба
mail-no-password = [mail] задан user: укажите его пароль через password_env или password_file
mail-env-unset = [mail] password_env: переменная ${ $var } не задана или пуста
mail-password-file = [mail] password_file { $path }: { $detail }
mail-ca-file = [mail] ca_file { $path }: { $detail }

# Configuration: the database URL, the schedule, the calendar file, the login template
db-url-empty = URL базы данных пуст
db-url-no-file = { $url }: укажите файл базы данных, например sqlite:///var/lib/skud/skud.db
db-url-scheme = { $scheme }:// — неподдерживаемая база данных (используйте sqlite:// или postgres://)
schedule-unknown-job = { $origin }: задание «{ $job }»: такого задания нет (используйте { $jobs })
schedule-twice = { $origin }: задание «{ $job }» запланировано дважды
schedule-bad-cron = { $origin }: задание «{ $job }»: cron «{ $cron }»: { $error } (шесть полей: сек мин час день месяц день_недели)
schedule-empty = { $origin }: не запланировано ни одного [[job]]
daemon-as-of = демон работает по часам: уберите --as-of (SKUD_AS_OF)
calendar-unreadable = { $path }: файл календаря ([calendar] file) не читается: { $error }
template-unknown = неизвестная подстановка {"{"}{ $key }{"}"}: используйте {"{"}surname{"}"}, {"{"}name{"}"}, {"{"}patronymic{"}"}, {"{"}n{"}"}, {"{"}p{"}"}
template-unclosed = незакрытая «{"{"}»
template-no-surname = в нем нет {"{"}surname{"}"}: логины не различат людей
reject-add-and-remove = в заявке на изменение { $system } указана и в добавляемых, и в исключаемых системах
