# skud хабарламалары: қазақ тілі. Кілттер en/main.ftl және ru/main.ftl-мен бірдей (тест тексереді).

n-rows = { $n ->
    [one] { $n } жол
   *[other] { $n } жол
}
word-row = жол

## ЖСН
iin-not-twelve-digits = 12 цифр емес
iin-birth-date = алғашқы алты цифр туған күн емес
iin-century = жетінші цифр (ғасыр және жыныс) 1-6 емес
iin-check-digit = бақылау цифры қате

## Бұйрық жолдарын қабылдамау себептері
reject-missing-field = «{ $column }» бағаны толтырылмаған
reject-invalid-iin = «{ $value }» ЖСН қате: { $detail }
reject-bad-date = «{ $column }» бағаны: «{ $value }» күн емес (КК.АА.ЖЖЖЖ немесе ЖЖЖЖ-АА-КК пайдаланыңыз)
reject-unknown-kind = «{ $value }» бұйрық түрі белгісіз (қабылдау, ауыстыру немесе босату)
reject-future-order = бұйрық { $date } күнімен, есептік күннен ({ $asof }) кейін
reject-older-than-one-year = { $date } бұйрығы бір жылдан бұрын ({ $limit } дейін) бекітілген және қол жеткізуге негіз емес (23-т.)
reject-duplicate-in-file = { $file } файлының { $row }-жолын қайталайды (нөмірі, күні, ЖСН және түрі бірдей)
warning-old-dismissal = { $date } босату бұйрығы бір жылдан ескі ({ $limit } дейін): тұлғаның қолданыстағы қызметкер емес екенінің дәлелі ретінде жазылды (30-т.), бірақ өтінімге негіз емес (23-т.)

## Қорытындылар
init-done = { $db } дерекқоры дайын (қолданылған көшірулер: { $n })
systems-summary = ақпараттық жүйелер: қосылды { $added }, өзгертілді { $updated }, өзгеріссіз { $unchanged }, қабылданбады { $rejected }
import-summary = { $rows } жол: жүктелді { $imported }, бұрын жүктелген { $already }, қабылданбады { $rejected }, ескертулер { $warnings }
import-more-rejects = … және тағы қабылданбаған жолдар: { $n } (--rejects немесе --json қараңыз)
import-replacement-chars = { $file }: { $n } таңба оқылмады (� ретінде көрсетілген): Windows-1251-де қазақ әріптері жоқ; файлды UTF-8 түрінде сақтаңыз
import-rejects-file = қабылданбаған жолдар { $file } файлына жазылды
dry-run-nothing-written = сынақ іске қосу: ештеңе жазылған жоқ
employee-not-found = { $iin } ЖСН бойынша бұйрықтар жоқ

## Әрекеттер журналы
audit-intact = әрекеттер журналы бұзылмаған: { $n } жазба, соңғысы №{ $seq } { $hash }
audit-changed = әрекеттер журналының №{ $seq } жазбасы жазылғаннан кейін өзгертілген
audit-removed-before = әрекеттер журналының №{ $seq } жазбасы алдыңғысын жалғастырмайды: №{ $seq } алдындағы жазбалар жойылған немесе қайта жазылған
audit-reordered = әрекеттер журналының №{ $seq } жазбасы тізбекте №{ $follows } жазбадан кейін тұр: жазбалардың реті өзгертілген
audit-removed-at-end = әрекеттер журналы №{ $last } жазбасымен аяқталады, ал тақырыбы бойынша №{ $head } болуы керек: соңғы жазбалар жойылған

## Баған тақырыптары
col-code = коды
col-name-kk = атауы (қаз.)
col-name-ru = атауы (орыс.)
col-order-no = бұйрық нөмірі
col-order-date = бұйрық күні
col-kind = түрі
col-iin = ЖСН
col-full-name = ТАӘ
col-position = лауазымы
col-department = бөлімше
col-effective-date = күшіне енеді
col-status = мәртебесі
col-since = бастап
col-seq = №
col-at = уақыты
col-actor = әкімші
col-action = әрекет
col-count = саны
col-objects = нысандар

## Мәндер
kind-hire = қабылдау
kind-transfer = ауыстыру
kind-dismissal = босату
status-acting = қолданыстағы
status-dismissed = босатылған
status-not_yet_acting = әлі қызметке кіріспеген
