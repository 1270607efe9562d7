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
reject-bad-date = столбец «{ $column }»: «{ $value }» не является датой (используйте ДД.ММ.ГГГГ или ГГГГ-ММ-ДД)
reject-unknown-kind = неизвестный вид приказа «{ $value }» (прием, перевод или увольнение)
reject-future-order = приказ датирован { $date }, позже расчетной даты { $asof }
reject-older-than-one-year = приказ от { $date } утвержден более одного года назад (ранее { $limit }) и не является основанием для доступа (п. 23)
reject-duplicate-in-file = повторяет строку { $row } файла { $file } (тот же номер, дата, ИИН и вид приказа)
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
