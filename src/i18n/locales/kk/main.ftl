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
reject-impossible-day = «{ $column }» бағаны: «{ $value }» — мұндай күн жоқ: { $month_in } { $days } күн
reject-bad-date = «{ $column }» бағаны: «{ $value }» күн емес (КК.АА.ЖЖЖЖ немесе ЖЖЖЖ-АА-КК пайдаланыңыз)
reject-unknown-kind = «{ $value }» бұйрық түрі белгісіз (қабылдау, ауыстыру немесе босату; басқа жазылуларын конфигурацияда қосуға болады, [orders.kinds])
reject-future-order = бұйрық { $date } күнімен, есептік күннен ({ $asof }) кейін
reject-older-than-one-year = { $date } бұйрығы бір жылдан бұрын ({ $limit } дейін) бекітілген және қол жеткізуге негіз емес (23-т.)
reject-duplicate-in-file = { $file } файлының { $row }-жолын қайталайды (нөмірі, күні, ЖСН және түрі бірдей)
reject-lost-letters = «{ $column }» бағанында «{ $value }» мәні: «?» файл кодировкасында жоқ әріптердің орнында тұр (Windows-1251-дегі қазақ әріптері); файлды UTF-8 CSV немесе XLSX ретінде сақтап, қайта импорттаңыз
reject-extra-cells = жолда тақырыптың { $width } бағанынан тыс мән бар ({ $column }-баған: «{ $value }»): тырнақшасыз мәннің ішіндегі бөлгіш ұяшықтарды жылжытқан; мәнді тырнақшаға алыңыз немесе бөлгішті алып тастаңыз
reject-unknown-kind-nearest = «{ $value }» бұйрық түрі белгісіз; ең жақын белгілісі — «{ $nearest }» ({ $kind }). Басқа жазылуларын конфигурацияда қосуға болады, [orders.kinds]
warning-iin-zero-restored = «{ $written }» ЖСН 11 цифрдан тұрады: электрондық кесте алдыңғы нөлді жоғалтқан; { $iin } ретінде қабылданды
reject-name-mismatch = { $iin } ЖСН «{ $on_record }» атымен тіркелген, ал бұйрықта — «{ $written }»: бұйрық адамның атын өзгертпейді; ЖСН-ді тексеріңіз
warning-surname-changed = тегі «{ $before }» орнына «{ $after }» болды (аты мен әкесінің аты сол): тектің өзгеруі ретінде қабылданды; бұрынғы бұйрықтарда бұрынғы тегі сақталады
warning-old-dismissal = { $date } босату бұйрығы бір жылдан ескі ({ $limit } дейін): тұлғаның қолданыстағы қызметкер емес екенінің дәлелі ретінде жазылды (30-т.), бірақ өтінімге негіз емес (23-т.)

## Қорытындылар
init-done = { $db } дерекқоры дайын (қолданылған көшірулер: { $n })
systems-summary = ақпараттық жүйелер: қосылды { $added }, өзгертілді { $updated }, өзгеріссіз { $unchanged }, қабылданбады { $rejected }
import-summary = { $rows } жол: жүктелді { $imported }, бұрын жүктелген { $already }, қабылданбады { $rejected }, ескертулер { $warnings }
import-more-rejects = … және тағы қабылданбаған жолдар: { $n } (--rejects немесе --json қараңыз)
import-dismissed-account = { $file }: { $row }-жол: { $iin } { $date } бастап жұмыстан босатылды, ал { $login } тіркелгісі ({ $status }) әрекетте: dismissals тапсырмасы оны { $blocked } бұғаттайды (30-т.), немесе босату күшіне енгенде «skud jobs run dismissals» орындаңыз
import-header-row = { $file }: баған атаулары — { $row }-жол; одан жоғары { $skipped } жол (құжат атауы, бос жолдар) өткізілді
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
col-import = импорт
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

## Қол жеткізу өтінімдері (19, 22-т.)
col-id = №
col-systems = жүйелер
col-due = жауап мерзімі
col-reason = себебі
col-login = логин
col-issued = берілді
col-last-login = соңғы кіру
col-date = күні
col-weekday = апта күні
reject-unknown-request-kind = белгісіз өтінім түрі «{ $value }» (беру, өзгерту, бұғаттау немесе белсендіру)
reject-invalid-ip = «{ $value }» IPv4 немесе IPv6 мекенжайы емес
reject-invalid-email = «{ $value }» электрондық пошта мекенжайы емес (атау@домен.kz)
reject-received-in-future = алынған күні { $value } есептік сәттен кейін
reject-duplicate-person = осы адамға (ЖСН) осы файлдың { $row }-жолында өтінім бар; бір адамға әр түрден бір өтінім
refusal-unknown-system = каталогта { $systems } жүйесі жоқ
refusal-unknown-login = { $login } логинімен есептік жазба жоқ
refusal-login-other-iin = { $login } логині { $iin } ЖСН-ге емес, басқа адамға тиесілі
refusal-not-acting-staff = { $iin } ЖСН иесі қолданыстағы қызметкер емес: жұмыстан босату туралы бұйрық күшіне енді (30-т.)
refusal-no-basis = { $iin } ЖСН бойынша { $date } № { $no } бұйрық есепте жоқ (23-т.)
refusal-basis-too-old = { $date } негіз бұйрығы өтінім күніне дейін бір жылдан бұрын бекітілген ({ $limit } дейін, 23-т.)
refusal-basis-mismatch = «{ $kind }» бұйрығы бұл өтінімге негіз болмайды (23, 27-т.)
refusal-not-blocked = { $login } есептік жазбасы бұғатталмаған; тек бұғатталған есептік жазба іске қосылады (29-т.)
request-line-pending = өтінім { $id } ({ $row }-жол): жауап күтуде, мерзімі { $due }
request-line-refused = өтінім { $id } ({ $row }-жол): бас тартылды: { $reason }
request-line-already = өтінім { $id } ({ $row }-жол): бұрыннан есепте ({ $status }), ештеңе қосылмады
request-line-rejected = { $row }-жол: { $code }: { $reason }
requests-summary = жолдар: { $rows }; есепке алынды { $recorded } (бас тарту { $refused }), бұрыннан бар { $already }, қабылданбады { $rejected }
request-not-found = { $id } өтінім жоқ
letter-written = хат: { $path }
form-written = { $id } өтінімнің нысаны { $path } файлында
answer-name-requests = жауап берілетін өтінімдердің нөмірлерін немесе --all көрсетіңіз
answer-wrong-command = { $id } өтінім { $kind } түрінде: оған `skud { $command }` командасымен жауап беріңіз
answer-line-done = өтінім { $id } ({ $kind }): орындалды, логин { $login }
answer-line-refused = өтінім { $id }: бас тартылды: { $reason }
answer-line-skipped = өтінім { $id }: жауап бұрын берілген ({ $status }), ештеңе жасалмады
logins-nothing-pending = беру немесе белсендіру өтінімдері күтуде жоқ: беретін ештеңе жоқ
requests-nothing-pending = өзгерту немесе бұғаттау өтінімдері күтуде жоқ
logins-issued = берілді: { $done }, бас тартылды: { $refused }, бұрын жауап берілген: { $skipped }
requests-applied = орындалды: { $done }, бас тартылды: { $refused }, бұрын жауап берілген: { $skipped }
admin-required = әкімшінің ТАӘ көрсетіңіз (--admin, SKUD_ADMIN немесе конфигурациядағы admin): ол журналға жазылады (25-т.) және жауап хаттарына қол қояды
credentials-written = логиндер мен уақытша парольдер { $path } файлында (0600 құқығы): тапсырыңыз да, файлды жойыңыз
login-cannot-generate = өтінім { $id }: «{ $name }» атынан логин құралмайды; ТАӘ тексеріңіз
login-valid = { $login }: жарамды және бұрын берілмеген
login-invalid = { $login }: { $problem }

## Есептік жазбалар (24, 28, 29-т.)
account-not-found = { $login } есептік жазбасы жоқ
account-blocked = { $login }: бұғатталды ({ $reason })
account-already-blocked = { $login }: бұрыннан бұғатталған, ештеңе өзгерген жоқ
account-seen = { $login }: соңғы кіру { $at }
account-seen-older = { $login }: кейінгі кіру бұрыннан есепте; { $at } ештеңе өзгертпейді
at-in-future = --at { $at } есептік сәттен { $asof } кейін
registration-complete = { $login }: уақытша пароль { $at } ауыстырылды: тіркеу аяқталды (24-т.)
password-change-recorded = { $login }: { $at } пароль ауыстыру есепке алынды (есептік жазба бұрыннан белсенді)
password-change-before-issue = { $login }: { $at } ауыстыру уақытша пароль берілгенге ({ $issued }) дейін
password-change-blocked = { $login }: есептік жазба бұғатталған; ол қайта берілген өтінім бойынша іске қосылады (29-т.)

## Жауап хаттары (22-т.)
letter-subject-issued = № { $id } қол жеткізу өтінімі: логин және уақытша пароль
letter-subject-reactivated = № { $id } қол жеткізу өтінімі: есептік жазба іске қосылды
letter-subject-refused = № { $id } қол жеткізу өтінімі: бас тарту
letter-subject-changed = № { $id } қол жеткізу өтінімі: қол жеткізу құқықтары өзгертілді
letter-subject-blocked = № { $id } қол жеткізу өтінімі: есептік жазба бұғатталды
letter-body-issued = { $name } атына { $received } берілген қол жеткізу өтініміңіз қанағаттандырылды.
    
    Логин: { $login }
    Уақытша пароль: { $password }
    
    Уақытша пароль тек бірінші кіру үшін: жүйе оны ауыстыруды сұрайды, ауыстырғаннан кейін тіркеу аяқталды деп есептеледі (24-т.). Логин мен парольді басқа адамдарға бермеңіз (26-т.).
letter-body-reactivated = { $name } атына { $received } қайта берілген өтініміңіз қанағаттандырылды: { $login } есептік жазбасы бұғаттан шығарылды (29-т.).
    
    Логин: { $login }
    Жаңа уақытша пароль: { $password }
    
    Уақытша парольді бірінші кіргенде ауыстырыңыз (24-т.).
letter-body-refused = { $name } атына { $received } берілген қол жеткізу өтінімін қанағаттандырудан бас тартылды.
    
    Себебі: { $reason }.
    
    Ақпараттық жүйелермен және дерекқорлармен жұмыс, оларды сүйемелдеу және оларға қол жеткізу қағидалары (2025 жылғы 26 желтоқсандағы № 419 бұйрық), { $paragraph }-тармақ.
letter-body-changed = { $name } атына { $received } берілген өтініміңіз орындалды: { $login } есептік жазбасының құқықтары енді: { $systems } (27-т.).
letter-body-blocked = { $name } атына { $received } берілген өтініміңіз орындалды: { $login } есептік жазбасы бұғатталды.
letter-signature = Ақпараттық қауіпсіздік әкімшісі: { $admin }

## Журнал (1-қосымша, 25-т.)
journal-title = Пайдаланушыларды тіркеу және дербес бірегей сәйкестендіргіштерді (логиндерді) беру журналы
journal-col-no = №
journal-col-letter = Өңір / өтініш берушінің хатының шығыс нөмірі, күні және АЖ иесінің хатының кіріс нөмірі, күні
journal-col-systems = Қол жеткізетін ақпараттық жүйелер мен дерекқорлардың атауы
journal-col-date = Пайдаланушыларды тіркеу және дербес бірегей сәйкестендіргіштерді (логиндерді) беру күні
journal-col-basis = Негіз
journal-col-admin = Тегі, аты, әкесінің аты (ол болған жағдайда) әкімшісінің
journal-col-note = Ескертпе
journal-login = логин
journal-replaces = каталогта бос емес { $old } логинінің орнына (26-т.)
journal-reactivation = қайта іске қосу (29-т.)
journal-basis-reactivation = қайта берілген өтінім (29-т.)
journal-exported = журнал жолдары: { $rows }, файл { $path }

## Нысан (2-қосымша)
form-appendix = Ақпараттық жүйелермен және дерекқорлармен жұмыс, оларды сүйемелдеу және оларға қол жеткізу қағидаларына 2-қосымша
form-title = Пайдаланушының есептік жазбасын тіркеуге (құруға) және оған ақпараттық жүйелерге қол жеткізу құқықтарын беруге (немесе оны өзгертуге) өтінім
form-ask = Сұраймыз:
form-kind-grant = ақпараттық жүйелерге қол жеткізу беру
form-kind-change = пайдаланушының ақпараттық жүйелерге құқықтарын өзгерту
form-kind-block = пайдаланушының есептік жазбасын бұғаттау
form-kind-reactivate = пайдаланушының бұғатталған есептік жазбасын іске қосу
form-basis = негіз: { $date } № { $no } бұйрық
form-col-no = №
form-col-person = Пайдаланушының Тегі, Аты, Әкесінің аты (ол болған жағдайда), ЖСН, логині, жұмыс телефоны, ұялы телефоны, компьютердің ip-мекенжайы
form-col-position = Пайдаланушы лауазымының, өтініш берушінің құрылымдық бөлімшесінің атауы
form-col-systems = Қол жеткізетін ақпараттық жүйелер мен дерекқорлардың атауы
form-col-functions = Ақпараттық жүйелерде жүзеге асырылатын функциялардың (іс-қимылдардың) атауы
form-iin = ЖСН
form-login = логин
form-work-phone = жұмыс тел.
form-cell-phone = ұялы тел.
form-reply = Деректерді { $email } электрондық мекенжайға жіберулеріңізді сұраймыз.
form-signature = (Басшының тегі, аты, әкесінің аты (ол болған жағдайда), қолы)
form-letter = шығыс
form-incoming = кіріс

## Күнтізбе (22-т.)
calendar-title = { $year }: жұмыс күндері — { $working }
calendar-source = Дереккөз: { $source }
calendar-unpublished = { $year } жылға демалыс күндерін ауыстыру туралы бұйрық әлі жарияланбаған: демалыс — тек мерекелер мен демалыс күнінен ауыстыру ережесі.
calendar-no-kurban = { $year } Құрбан айт күні әлі белгіленбеген: оны күнтізбе файлына қосыңыз ([calendar] file).
calendar-moved = { $holiday } үшін демалыс ({ $from }, демалыс күніне түсті)
calendar-ordered = ауыстыру: { $note }
calendar-worked = жұмыс күні: { $note }
holiday-new-year = Жаңа жыл
holiday-christmas = Православиелік Рождество
holiday-womens-day = Халықаралық әйелдер күні
holiday-nauryz = Наурыз мейрамы
holiday-unity = Қазақстан халқының бірлігі мерекесі
holiday-defender = Отан қорғаушы күні
holiday-victory = Жеңіс күні
holiday-capital = Астана күні
holiday-constitution = Конституция күні
holiday-republic = Республика күні
holiday-independence = Тәуелсіздік күні
holiday-kurban-ait = Құрбан айт

## The directory
ldap-bound = { $url }: { $who } ретінде кірді
ldap-base-found = { $base }: табылды
ldap-base-missing = { $base }: ТАБЫЛМАДЫ (оны жасаңыз немесе конфигурациядағы [ldap] түзетіңіз)
ldap-pulled = каталог жазбалары оқылды: { $entries }; соңғы кіру жаңартылды: { $logins }; тіркеу аяқталды (24-т.): { $registered }; skud басқармайтын жазбалар (өзгертілмеді): { $unmanaged }
transit-key-made = { $path } тасымал кілті жасалды (0600 режимі): уақытша құпиясөздер `ldap sync --push` дейін онымен шифрланып сақталады; оны дерекқордың сақтық көшірмелерімен бірге сақтамаңыз
ldap-pushed = каталогқа жіберілді: жасалған жазбалар: { $created }; орнатылған уақытша құпиясөздер: { $passwords }; бұғатталды: { $locked }; бұғаттан шығарылды: { $unlocked }; топтарға қосылды: { $added }; топтардан шығарылды: { $removed } (LDAP операциялары: { $operations })
ldap-renamed = { $old }: логин каталогта skud жасамаған жазбада бос емес ({ $detail }); { $name } енді { $new } логинін алды (26-т.), уақытша құпиясөзі сол: пайдаланушыға жаңа логинді хабарлаңыз
ldap-password-refused = { $login }: каталог уақытша құпиясөзді қабылдамады ({ $detail }); жазба және есептік жазба бұғатталды: жаңа құпиясөз беру үшін қалпына келтіру өтініміне жауап беріңіз (29-т.)
ldap-pulled-logins = каталогтың бос емес деп жазылған логиндері (skud оларды бермейді, 26-т.): { $new }; басқаруға алуға болатын жазбалар (skud ldap adopt): { $adoptable }
ldap-failed = { $dn }: орындалмады: { $detail }; келесі синхрондау қайталайды
ldap-no-password = { $login }: каталог бапталғанға дейін берілген, skud-та жіберетін уақытша құпиясөз жоқ; жазба құпиясөзсіз жасалды: оны каталогта орнатыңыз немесе есептік жазбаны бұғаттап, қалпына келтіріңіз (29-т.)
ldap-lost = LDAP сервері { $url }: байланыс үзілді ({ $detail }); каталог растағаны жазылды, келесі синхрондау осы жерден жалғастырады
dry-run-nothing-sent = сынақ іске қосу: жоспарланған есептік жазбалар: { $n }; каталогқа ештеңе жіберілмеді
job-busy = { $job }: қазір іске қосылмады: тапсырманың құлпын басқа іске қосу ұстап тұр (кейінірек қайталаңыз)
job-stale-pull = inactivity: ештеңе бұғатталмады: LDAP-тан соңғы сәтті оқу ({ $last }) { $hours } сағаттан ескі ([ldap] max_pull_age_h); кіру деректері толық болмауы мүмкін. Алдымен `skud jobs run ldap-pull` орындаңыз
job-request-overdue = { $id } өтінім: { $name }, алынды { $received }, жауап мерзімі { $due } (22-т.)
job-summary = { $job }: { $outcome } { $counts }
backup-written = дерекқор { $file } файлына көшірілді ({ $bytes } байт)
ticket-opened = { $id } ақау туралы өтінім тіркелді; орындау мерзімі { $due } дейін (15-т.)
ticket-closed = { $id } ақау туралы өтінім жабылды
job-ticket-overdue = { $id } ақау туралы өтінім: { $name }, берілді { $submitted }, мерзімі { $due } (15-т.)
job-day-off = { $job }: { $day } — демалыс күні: іске қосылмады
deadlines-col-kind = Түрі
deadlines-col-id = №
deadlines-col-name = ТАӘ
deadlines-col-since = Түсті
deadlines-col-due = Мерзімі
deadlines-kind-request = қол жеткізуге өтінім (22-т.)
deadlines-kind-ticket = ақау туралы өтінім (15-т.)
ldap-adopted = { $login } басқаруға алынды ({ $dn }): { $status }; жүйелер: { $systems }
ldap-left-out = { $dn } алынбады: { $code }: { $reason }
ldap-adopt-summary = каталог жазбалары оқылды: { $entries }; басқаруға алынды: { $adopted }; skud басқаруында бұрыннан: { $already }; алынбады: { $left }
adopt-critical-system-object = каталогтың сыни жүйелік нысаны: өзгертілмейді
adopt-protected-group = қорғалған топтың мүшесі ([ldap] protected_groups): өзгертілмейді
adopt-no-login = жазбада логин атрибуты жоқ (uid / sAMAccountName)
adopt-no-iin = [ldap] iin_attribute ішінде ЖСН жоқ: қызметтік есептік жазба, өзгертілмейді
adopt-invalid-iin = жазбадағы ЖСН бақылау разрядынан өтпейді: оны каталогта түзетіңіз
adopt-not-on-record = бұл ЖСН ешбір бұйрықта жоқ: бұйрықты импорттап, қайталаңыз
adopt-login-of-another = логин skud-та басқа адамның есептік жазбасына тиесілі (26-т.)
adopt-login-replaced = skud бұл логинді берген, оны осы жазбадан тауып, есептік жазбаға басқасын берген (26-т.): жазба skud-қа тиесілі емес
mail-sent = пошта серверіне берілген хаттар: { $count }
mail-failed = хатты пошта сервері біржола қабылдамады: { $detail }
mail-later = { $count } хат пошта серверін күтуде (оларды келесі `skud mail send` немесе демонның mail тапсырмасы жібереді): { $reason }
mail-nothing = кезекте хат жоқ
mail-undelivered = әлі жеткізілмеді: { $queued } (хаттар мен есептік деректер файлдары; оларды `skud mail send` жеткізеді); пошта сервері қабылдамағаны: { $failed } (`skud mail list --failed`)
revert-done = { $id } импорты кері қайтарылды: жойылған бұйрықтар: { $n }
summary-not-listed = тағы { $n } жол есептелді, бірақ тізілмеді (--rejects файлында барлық қабылданбаған жолдар бар)

# One grammar of days and moments (every date option, every file)
month-in = { $month ->
    [1] қаңтарда
    [2] ақпанда
    [3] наурызда
    [4] сәуірде
    [5] мамырда
    [6] маусымда
    [7] шілдеде
    [8] тамызда
    [9] қыркүйекте
    [10] қазанда
    [11] қарашада
   *[12] желтоқсанда
}
when-no-such-day = «{ $value }» — мұндай күн жоқ: { $month_in } { $days } күн
when-unreadable = «{ $value }» күн емес: КК.АА.ЖЖЖЖ немесе ЖЖЖЖ-АА-КК түрінде, қажет болса СС:ММ уақытымен жазыңыз
flag-missing = бұл өтінім үшін { $flag } параметрі қажет

# skud status
status-title = { $at } жағдайы (Asia/Almaty)
status-requests = Қолжетімділік өтінімдері (22-т.): жауап күтуде { $pending }, мерзімі бүгін { $today }, мерзімі өткен { $late }
status-tickets = Ақаулар туралы өтініштер (15-т.): ашық { $open }, мерзімі өткен { $late }
status-next-night = Келесі түн ({ $night }): жұмыстан босатылғандардың { $dismissals } тіркелгісі (30-т.), белсенді емес { $inactivity } тіркелгі (28-т.) бұғатталады
status-jobs = Әр тапсырманың соңғы іске қосылуы:
status-directory = Каталог: соңғы оқу { $pull }, соңғы жазу { $push }{ $stale ->
    [yes] ; оқу белсенділік тапсырмасы үшін тым ескі
   *[no] {""}
}
status-no-directory = Каталог: бапталмаған ([ldap])
status-letters = Жауап хаттары: жіберуді күтуде { $queued }, сервер қабылдамаған { $failed }
status-credentials = Тіркелгі деректері: жазылмаған жол { $queued }, уақытша парольдері бар берілмеген файл { $files } (беріп, жойыңыз)
status-audit = Аудит журналы: { $seq } жазба, хеш { $hash }…
status-all-well = Назар аударуды қажет ететін ештеңе жоқ.
status-attention = Назар аударыңыз: { $what }
status-never = ешқашан
status-attention-item = { $code ->
    [requests_past_due] мерзімі өткен өтінімдер
    [requests_due_today] мерзімі бүгін бітетін өтінімдер
    [tickets_past_due] мерзімі өткен өтініштер
    [job_failed] тапсырманың соңғы іске қосылуы сәтсіз
    [pull_stale] каталогты оқу ескірген
    [letters_failed] қабылданбаған хаттар
    [credentials_files] берілмеген тіркелгі деректері файлдары
   *[other] { $code }
}
job-outcome = { $outcome ->
    [ok] орындалды
    [attention] орындалды, хабарлайтын нәрсе бар
    [refused] іске қосылмады (бас тарту)
    [failed] қате
    [interrupted] үзілді
    [running] орындалуда
    [never] іске қосылмаған
   *[other] { $outcome }
}

# Stored codes in words (tables and views; --json keeps the codes)
value-account-status = { $code ->
    [pending] кіруді күтуде
    [active] әрекетте
    [blocked] бұғатталған
   *[other] { $code }
}
value-block-reason = { $code ->
    [inactivity] белсенді емес, 28-т.
    [dismissal] жұмыстан босату, 30-т.
    [request] өтінім бойынша
    [security] АҚ бұзушылығы, 28-т.
    [directory] каталогта
   *[other] { $code }
}
value-request-kind = { $code ->
    [grant] беру
    [change] өзгерту
    [block] бұғаттау
    [reactivate] бұғаттан шығару
   *[other] { $code }
}
value-request-status = { $code ->
    [pending] жауап күтуде
    [done] орындалды
    [refused] бас тартылды
    [withdrawn] кері қайтарылды
   *[other] { $code }
}

# employees show: a person whole
person-orders = Бұйрықтар
person-accounts = Тіркелгілер
person-requests = Қолжетімділік өтінімдері
person-tickets = Ақаулар туралы өтініштер
col-received = алынды
col-subject = тақырып
col-submitted = берілді
col-closed = жабылды
request-withdrawn = { $id } өтінім кері қайтарылды; оған жауап берілмейді
request-withdrawn-dry-run = { $id } өтінім кері қайтарылар еді (сынақ іске қосу: ештеңе жазылмады)

# Printed documents
form-sheet = 2-қосымша
form-form = Нысан
form-hint = (өтінім берілетін негізді көрсете отырып, пайдаланушының ақпараттық жүйеге кіру, бұғаттау, құқықтарды өзгертуді)
form-date = { $year } жылғы «{ $day }» { $month }
month-of = { $month ->
    [1] қаңтар
    [2] ақпан
    [3] наурыз
    [4] сәуір
    [5] мамыр
    [6] маусым
    [7] шілде
    [8] тамыз
    [9] қыркүйек
    [10] қазан
    [11] қараша
   *[12] желтоқсан
}
journal-sheet = Журнал
deadlines-sheet = Мерзімдер
deadlines-title = Мерзімі өткен өтінімдер мен өтініштер (22-т.: үш жұмыс күні; 15-т.: үш күнтізбелік күн)
deadlines-as-of = { $at } жағдай бойынша (Asia/Almaty)
deadlines-none = Мерзімі өткендер жоқ.

# Tables: tickets, jobs, config
col-job = тапсырма
col-schedule = кесте (Asia/Almaty)
col-working-days-only = тек жұмыс күндері
col-as-of = күнге
col-started = басталуы
col-seconds = секунд
col-outcome = нәтиже
col-counts = есептегіштер
col-message = хабар
col-key = параметр
col-value = мәні
col-source = көзі
word-yes = иә
value-source = { $code ->
    [flag] команда жолының параметрі
    [env] орта айнымалысы
    [config-file] конфигурация файлы
    [locale] локаль (LANG)
    [default] әдепкі
    [found] табылды
   *[other] { $code }
}
config-none = (жоқ)
config-shipped-calendar = (кірістірілген күнтізбе)
config-not-configured = (бапталмаған)
value-reason = { $code ->
    [unknown_system] мұндай жүйе жоқ
    [unknown_login] мұндай логин жоқ
    [not_acting_staff] әрекеттегі қызметкер емес (30-т.)
    [no_basis] негіз бұйрық жоқ (23-т.)
    [basis_too_old] негіз бір жылдан ескі (23-т.)
    [basis_mismatch] бұйрық негіз емес (23-т.)
    [not_blocked] бұғатталмаған (29-т.)
   *[other] { $code }
}

# File errors (import)
file-not-found = файл табылмады
file-is-directory = бұл файл емес, қалта
file-empty = файл бос
file-io = оқу мүмкін емес: { $error }
file-binary = екілік деректер, CSV немесе электрондық кесте емес (файлды Excel-ден CSV немесе XLSX ретінде сақтаңыз)
file-bad-utf8 = { $row } жол, { $column } баған: байттар UTF-8 кодталуында емес; файлды UTF-8 ретінде сақтаңыз немесе --encoding windows-1251 (не файлдың кодталуын) көрсетіңіз
file-spreadsheet = { $format } файлы оқылмайды: { $message }
file-no-sheets = кітапта парақ жоқ
file-unknown-sheet = «{ $sheet }» парағы жоқ; парақтар: { $available }
file-no-header = тақырып жолы жоқ: { $detail }
file-header = тақырып (файлдың { $at } жолы): { $detail }
file-csv = { $row } жол: { $message }
file-sheet-on-csv = --sheet электрондық кестелерге қатысты, ал бұл CSV файлы
file-stopped = тоқтатылды
try-help = Толығырақ: skud --help
interrupted = үзілді; ештеңе жазылмады

# clap's own words in --help
help-usage = Қолданылуы:
help-heading-commands = Командалар
help-heading-options = Параметрлер
help-flag-help = Анықтаманы көрсету
help-flag-version = Нұсқаны көрсету
man-heading-name = АТАУЫ
man-heading-synopsis = СИНТАКСИСІ
man-heading-description = СИПАТТАМАСЫ
man-heading-options = ПАРАМЕТРЛЕРІ
man-heading-subcommands = КОМАНДАЛАРЫ
man-heading-extra = ҚОСЫМША
man-heading-version = НҰСҚАСЫ
help-heading-arguments = Аргументтер
usage-unknown-argument = белгісіз параметр { $arg }
usage-unknown-command = белгісіз команда { $arg }
usage-missing = міндетті параметрлер көрсетілмеген: { $arg }
usage-invalid-value = { $arg }: «{ $value }» { $valid } мәндерінің бірі емес
usage-bad-value = { $arg }: { $why }
usage-conflict = { $arg } параметрін { $other } параметрімен бірге көрсетуге болмайды

# Files skud writes, the configuration, revert and withdraw
out-symlink = бұл символдық сілтеме; skud ол арқылы ешқашан жазбайды (нақты файлды көрсетіңіз)
out-exists = бұрыннан бар; skud оны қайта жазбайды (басқа файлды көрсетіңіз немесе --force қосыңыз)
out-exists-passwords = бұрыннан бар; skud парольдер файлын ешқашан қайта жазбайды (басқа файлды көрсетіңіз)
out-folder = бұл файл емес, қалта
out-not-regular = бұл кәдімгі файл емес; skud тек кәдімгі файлдарды жазады
out-input = бұл осы іске қосудың кіріс файлы; skud өз кіріс деректерінің үстінен ешқашан жазбайды
config-missing = { $path }: мұндай конфигурация файлы жоқ ({ $by } көрсеткен)
config-unreadable = { $path }: оқу мүмкін емес: { $error }
revert-unknown = { $id } жүктеме есепте жоқ (skud orders list әр бұйрықтың import_id-ін көрсетеді)
revert-not-orders = { $id } жүктеме — бұйрықтардың емес, «{ $what }» жүктемесі
revert-reverted = { $id } жүктеме { $at } кері қайтарылған
revert-rested-on = { $id } жүктемені кері қайтаруға болмайды: оның бұйрықтарына өтінімдерге жауаптар негізделген: { $requests }; оның жұмыстан босатулары бойынша тіркелгілер бұғатталған: { $blocks }
withdraw-unknown = { $id } өтінім есепте жоқ
withdraw-answered = { $id } өтінім «{ $status }» жағдайында: тек күтудегі өтінімді кері қайтаруға болады
revert-request-item = № { $id } ({ $kind }, ЖСН { $iin }, бұйрық { $no })
ticket-no-name = --full-name толтырылмаған
ticket-no-subject = өтініш не туралы екенін көрсетіңіз: --reason (13-т.) немесе --subject және --text (14-т.)
ticket-no-contact = байланысты көрсетіңіз: --phone немесе --email (13.3-т.)
ticket-unknown-system = --system { $code }: каталогта жоқ (skud systems list)
ticket-no-resolution = --resolution толтырылмаған: не істелгенін көрсетіңіз
ticket-closed-already = { $id } өтініш жабылған
ticket-unknown = { $id } өтініш жоқ
journal-out-kind = --out { $out }: .xlsx немесе .csv файлын көрсетіңіз
backup-exists = { $out }: файл бар; skud сақтық көшірмені қайта жазбайды
outbox-not-folder = { $dir }: хаттар қалтасы қалта емес
outbox-not-writable = { $dir }: хаттар қалтасына жазу мүмкін емес: { $error }
unknown-encoding = --encoding { $label }: белгісіз кодталу (utf-8, windows-1251, utf-16le, koi8-r көріңіз)
rejects-is-input = --rejects { $file }: бұл жүктелетін файлдардың бірі

# The directory and the mail relay
ldap-unreachable = { $url } LDAP сервері қолжетімсіз: { $detail }
ldap-bind = { $url } LDAP сервері: { $dn } ретінде кіру сәтсіз: { $detail } (bind_dn мен { $source } ішіндегі парольді тексеріңіз)
ldap-operation = { $url } LDAP сервері: { $detail }
ldap-certificate = { $url } LDAP сервері: оның TLS сертификатына сенім жоқ: { $reason }. Сервер сертификатын берген КО сертификатын (PEM) [ldap] ca_file{ $ca } ішіне көрсетіңіз және сертификат subjectAltName-да URL хостын атайтынына көз жеткізіңіз
ldap-needs-tls = { $url } LDAP сервері кіру үшін шифрланған қосылымды талап етеді ({ $detail }): [ldap] ішінде ldaps:// немесе starttls = true пайдаланыңыз
ldap-not-configured = LDAP бапталмаған: конфигурацияға [ldap] бөлімін қосыңыз (samples/skud.toml қараңыз)
ldap-missing = [ldap] ішінде { $key } жоқ
ldap-url = [ldap] url «{ $url }»: ldap://ХОСТ[:ПОРТ] немесе ldaps://ХОСТ[:ПОРТ] пайдаланыңыз
ldap-flavour = [ldap] flavour «{ $flavour }»: openldap немесе ad пайдаланыңыз
ldap-starttls-on-ldaps = [ldap] starttls ldap:// URL-дерге қатысты, ал бұл — ldaps://
ldap-two-passwords = [ldap] кіру паролін bind_password_env немесе bind_password_file арқылы көрсетіңіз, екеуін бірдей емес
ldap-env-unset = [ldap] bind_password_env: ${ $var } айнымалысы берілмеген немесе бос
ldap-password-file = [ldap] bind_password_file { $path }: { $error }
ldap-password-file-mode = [ldap] bind_password_file { $path }: файлды басқалар оқи алады; chmod 600 орындаңыз
ldap-ca-file = [ldap] ca_file { $path }: { $detail }
ldap-plaintext = [ldap] url { $url }: кіру паролі желі арқылы TLS-сіз жіберілер еді; ldaps:// немесе starttls = true бар ldap:// пайдаланыңыз (allow_plaintext = true — тек осы машинадағы сынақ сервері үшін)
ldap-iin-attribute = [ldap] iin_attribute «{ $name }»: атрибут атауын көрсетіңіз (әріптер, цифрлар, «-»)
ldap-protected-group = [ldap] protected_groups: каталогта { $group } тобы жоқ; жоқ топ ешкімді қорғамайды: DN-ді түзетіңіз
mail-relay = [mail] relay «{ $relay }»: smtp://ХОСТ[:ПОРТ] немесе smtps://ХОСТ[:ПОРТ] күтіледі
mail-tls = [mail] tls «{ $tls }»: starttls, implicit немесе none күтіледі
mail-plaintext = [mail] tls = "none" парольдері бар хаттарды ашық мәтінмен жібереді: тек осы машинадағы сервер үшін рұқсат (127.0.0.1, ::1, localhost), { $host } үшін емес
mail-from = [mail] from «{ $from }» — электрондық пошта мекенжайы емес
mail-two-passwords = [mail] парольді password_env немесе password_file арқылы көрсетіңіз, екеуін бірдей емес
mail-no-password = [mail] user берілген: оның паролін password_env немесе password_file арқылы көрсетіңіз
mail-env-unset = [mail] password_env: ${ $var } айнымалысы берілмеген немесе бос
mail-password-file = [mail] password_file { $path }: { $detail }
mail-ca-file = [mail] ca_file { $path }: { $detail }

# Configuration: the database URL, the schedule, the calendar file, the login template
db-url-empty = дерекқор URL-і бос
db-url-no-file = { $url }: дерекқор файлын көрсетіңіз, мысалы sqlite:///var/lib/skud/skud.db
db-url-scheme = { $scheme }:// — қолдау көрсетілмейтін дерекқор (sqlite:// немесе postgres:// пайдаланыңыз)
schedule-unknown-job = { $origin }: «{ $job }» тапсырмасы: мұндай тапсырма жоқ ({ $jobs } пайдаланыңыз)
schedule-twice = { $origin }: «{ $job }» тапсырмасы екі рет жоспарланған
schedule-bad-cron = { $origin }: «{ $job }» тапсырмасы: cron «{ $cron }»: { $error } (алты өріс: сек мин сағ күн ай апта_күні)
schedule-empty = { $origin }: бірде-бір [[job]] жоспарланбаған
daemon-as-of = демон сағат бойынша жұмыс істейді: --as-of (SKUD_AS_OF) алып тастаңыз
calendar-unreadable = { $path }: күнтізбе файлы ([calendar] file) оқылмайды: { $error }
template-unknown = белгісіз алмастыру {"{"}{ $key }{"}"}: {"{"}surname{"}"}, {"{"}name{"}"}, {"{"}patronymic{"}"}, {"{"}n{"}"}, {"{"}p{"}"} пайдаланыңыз
template-unclosed = жабылмаған «{"{"}»
template-no-surname = онда {"{"}surname{"}"} жоқ: логиндер адамдарды ажыратпайды
reject-add-and-remove = өзгерту өтінімінде { $system } қосылатын жүйелерде де, алынатын жүйелерде де көрсетілген
