"""The FAQ in Spanish, French, German, Portuguese and Italian (docs/conversation.md "Languages"): the same
eight topics as the English seed, with the trigger phrases customers write in each language and the
answers in a friendly studio's voice. The studio edits them in admin like the English ones."""

from django.db import migrations

# language -> [(topic, triggers, answer)]; answers use the same placeholders as the English ones.
FAQ = {
    "es": [
        (
            "price",
            "cuanto cuesta\ncuánto cuesta\ncuanto vale\ncuánto vale\nprecio\nprecios\ntarifa\npresupuesto\ncuanto sale\ncuánto sale\ncaro",
            "No tenemos lista de precios: cada pieza es distinta, así que {{ artist }} te da un precio cuando ve tu idea, el tamaño y la zona. Para reservar, una señal de {{ deposit_range }} asegura tu fecha y se descuenta del precio final.",
        ),
        (
            "deposit",
            "señal\nsenal\ndepósito\ndeposito\nreserva\nanticipo\nreembolsable",
            "La señal es de {{ deposit_range }}, según el tamaño: asegura tu fecha y se descuenta del precio final. {{ deposit_policy }}",
        ),
        (
            "location",
            "dónde estáis\ndonde estais\ndónde está el estudio\ndonde esta el estudio\ndirección\ndireccion\nubicación\nubicacion\nhorario\na qué hora abrís\naparcamiento",
            "{% if address %}El estudio está en {{ address }}.{% else %}El estudio está en {{ home_city }}; la dirección completa te llega con la confirmación de la cita.{% endif %} Trabajamos con cita previa: {{ hours }}.",
        ),
        (
            "age",
            "edad mínima\nedad minima\nmenor de edad\ntengo 16\ntengo 17\npermiso de mis padres\ndni",
            "Tienes que tener 18 años o más para tatuarte, y el día de la cita te pedimos un documento con foto. Aunque tus padres den permiso.",
        ),
        (
            "aftercare",
            "cuidados\ncurar\ncuración\ncuracion\ncicatrización\ncicatrizacion\ncómo se cuida\ncomo se cuida",
            "Después de la sesión te damos todas las instrucciones de cuidado. En resumen: mantenlo limpio, una capa fina de crema sin perfume, y nada de piscina, rayos UVA ni rascarte durante dos semanas.",
        ),
        (
            "styles",
            "qué estilos\nque estilos\nqué estilo\nque estilo\ntu estilo\na color\nen color\nblanco y negro\nrealismo\nlínea fina\nlinea fina",
            "{{ artist }} trabaja la mayoría de estilos: línea fina, blackwork, tradicional, color y blanco y negro, entre otros. Mándanos una referencia y {{ artist }} te dirá si encaja.",
        ),
        (
            "walk_ins",
            "sin cita\nsin cita previa\nwalk in\nel mismo día\nel mismo dia\npasarme",
            "Trabajamos solo con cita previa, así que no atendemos sin cita. Contesta unas preguntas por aquí y {{ artist }} te propondrá una fecha.",
        ),
        (
            "cover_ups",
            "cover up\ntapar un tatuaje\ntapar\ncubrir un tatuaje\nretocar\narreglar un tatuaje",
            "Se pueden hacer cover-ups y arreglos, según el tatuaje antiguo. Mándanos una foto clara y {{ artist }} lo valora antes de reservar nada.",
        ),
    ],
    "fr": [
        (
            "price",
            "combien\ncombien ça coûte\ncombien ca coute\nprix\ntarif\ntarifs\ndevis\ncoût\ncout\ncher",
            "Pas de grille de prix : chaque pièce est différente, donc {{ artist }} te fait un devis après avoir vu ton idée, la taille et l'emplacement. Pour réserver, un acompte de {{ deposit_range }} bloque ta date et est déduit du prix final.",
        ),
        (
            "deposit",
            "acompte\narrhes\ncaution\nremboursable\nnon remboursable",
            "L'acompte est de {{ deposit_range }} selon la taille : il bloque ta date et est déduit du prix final. {{ deposit_policy }}",
        ),
        (
            "location",
            "où êtes vous\nou etes vous\noù est le salon\nou est le salon\nadresse\nlocalisation\nhoraires\nà quelle heure\nparking",
            "{% if address %}Le salon est au {{ address }}.{% else %}Le salon est à {{ home_city }} ; tu reçois l'adresse complète avec la confirmation du rendez-vous.{% endif %} On travaille uniquement sur rendez-vous : {{ hours }}.",
        ),
        (
            "age",
            "quel âge\nquel age\nâge minimum\nage minimum\nmineur\nj'ai 16 ans\nj'ai 17 ans\nautorisation parentale\npièce d'identité",
            "Il faut avoir 18 ans ou plus pour se faire tatouer, et on demande une pièce d'identité le jour J. Même avec l'accord des parents.",
        ),
        (
            "aftercare",
            "soins\ncicatrisation\ncicatriser\nentretien\ncomment soigner",
            "Tu reçois toutes les consignes de soin après la séance. En bref : garder propre, une fine couche de baume sans parfum, et pas de piscine, d'UV ni de grattage pendant deux semaines.",
        ),
        (
            "styles",
            "quels styles\nquel style\nton style\ncouleur\nnoir et gris\nréalisme\nrealisme\nligne fine\nfine line",
            "{{ artist }} travaille la plupart des styles : fine line, blackwork, traditionnel, couleur et noir et gris, entre autres. Envoie une référence et {{ artist }} te dira si ça colle.",
        ),
        (
            "walk_ins",
            "sans rendez vous\nsans rdv\nwalk in\nle jour même\nle jour meme\npasser",
            "On travaille uniquement sur rendez-vous, donc pas de passage sans rendez-vous. Réponds à quelques questions ici et {{ artist }} te proposera une date.",
        ),
        (
            "cover_ups",
            "recouvrement\ncover up\nrecouvrir\nretouche\nrattraper un tatouage",
            "Les recouvrements et les retouches sont possibles, selon l'ancien tatouage. Envoie une photo nette et {{ artist }} regarde avant de réserver quoi que ce soit.",
        ),
    ],
    "de": [
        (
            "price",
            "was kostet\nwie viel kostet\nwieviel kostet\npreis\npreise\nkosten\nangebot\nstundensatz\nteuer",
            "Eine Preisliste gibt es nicht: Jedes Motiv ist anders, deshalb nennt dir {{ artist }} einen Preis, sobald Idee, Größe und Stelle klar sind. Zum Buchen sichert eine Anzahlung von {{ deposit_range }} deinen Termin und wird vom Endpreis abgezogen.",
        ),
        (
            "deposit",
            "anzahlung\nkaution\nvorkasse\nerstattbar\nrückerstattbar",
            "Die Anzahlung beträgt je nach Größe {{ deposit_range }}, sichert deinen Termin und wird vom Endpreis abgezogen. {{ deposit_policy }}",
        ),
        (
            "location",
            "wo seid ihr\nwo ist das studio\nadresse\nstandort\nöffnungszeiten\noeffnungszeiten\nwann habt ihr offen\nparken",
            "{% if address %}Das Studio ist in der {{ address }}.{% else %}Das Studio ist in {{ home_city }}; die genaue Adresse bekommst du mit der Terminbestätigung.{% endif %} Wir arbeiten nur mit Termin: {{ hours }}.",
        ),
        (
            "age",
            "wie alt\nmindestalter\nunter 18\nich bin 16\nich bin 17\neinverständnis der eltern\nausweis",
            "Du musst mindestens 18 sein, und am Termin brauchen wir einen Lichtbildausweis. Das gilt auch mit Einverständnis der Eltern.",
        ),
        (
            "aftercare",
            "pflege\nnachsorge\nheilung\nheilen\nwie pflege ich",
            "Nach der Sitzung bekommst du eine ausführliche Pflegeanleitung. Kurz gesagt: sauber halten, dünn eine parfümfreie Salbe, und zwei Wochen kein Schwimmen, kein Solarium und nicht kratzen.",
        ),
        (
            "styles",
            "welche stile\nwelcher stil\ndein stil\nfarbe\nschwarz grau\nrealismus\nfeine linien\nfine line",
            "{{ artist }} sticht die meisten Stile, darunter Fine Line, Blackwork, Traditional, Farbe und Black & Grey. Schick eine Vorlage, dann sagt dir {{ artist }}, ob sie passt.",
        ),
        (
            "walk_ins",
            "ohne termin\nspontan\nwalk in\nam selben tag\nvorbeikommen",
            "Wir arbeiten nur mit Termin, spontan vorbeikommen geht leider nicht. Beantworte hier ein paar Fragen und {{ artist }} meldet sich mit einem Termin.",
        ),
        (
            "cover_ups",
            "cover up\ncoverup\nüberdecken\nueberdecken\nüberarbeiten\nalter tattoo",
            "Cover-ups und Überarbeitungen sind möglich, je nach altem Tattoo. Schick ein scharfes Foto davon und {{ artist }} schaut es sich an, bevor etwas gebucht wird.",
        ),
    ],
    "pt": [
        (
            "price",
            "quanto custa\nquanto fica\nquanto é\npreço\npreco\npreços\nvalor\norçamento\norcamento\ncaro",
            "Não temos tabela de preços: cada peça é diferente, então {{ artist }} passa um valor depois de ver sua ideia, o tamanho e o local. Para agendar, um sinal de {{ deposit_range }} garante sua data e é descontado do valor final.",
        ),
        (
            "deposit",
            "sinal\ndepósito\ndeposito\nreserva\nadiantamento\nreembolsável\nreembolsavel",
            "O sinal é de {{ deposit_range }}, conforme o tamanho: garante sua data e é descontado do valor final. {{ deposit_policy }}",
        ),
        (
            "location",
            "onde vocês ficam\nonde voces ficam\nonde fica o estúdio\nonde fica o estudio\nendereço\nendereco\nlocalização\nhorário\nhorario\nestacionamento",
            "{% if address %}O estúdio fica em {{ address }}.{% else %}O estúdio fica em {{ home_city }}; você recebe o endereço completo com a confirmação do horário.{% endif %} Atendemos só com hora marcada: {{ hours }}.",
        ),
        (
            "age",
            "idade mínima\nidade minima\nmenor de idade\ntenho 16\ntenho 17\nautorização dos pais\ndocumento",
            "É preciso ter 18 anos ou mais para tatuar, e no dia pedimos um documento com foto. Mesmo com autorização dos pais.",
        ),
        (
            "aftercare",
            "cuidados\ncicatrização\ncicatrizacao\ncicatrizar\ncomo cuidar",
            "Depois da sessão você recebe todas as instruções de cuidados. Resumindo: manter limpo, uma camada fina de pomada sem perfume, e nada de piscina, bronzeamento ou coçar por duas semanas.",
        ),
        (
            "styles",
            "quais estilos\nque estilo\nseu estilo\ncolorida\npreto e cinza\nrealismo\ntraço fino\ntraco fino\nfine line",
            "{{ artist }} faz a maioria dos estilos: fine line, blackwork, tradicional, colorido e preto e cinza, entre outros. Mande uma referência e {{ artist }} diz se combina.",
        ),
        (
            "walk_ins",
            "sem hora marcada\nsem agendamento\nwalk in\nno mesmo dia\npassar aí",
            "Atendemos só com hora marcada, então não dá para chegar sem agendar. Responda algumas perguntas por aqui e {{ artist }} volta com uma data.",
        ),
        (
            "cover_ups",
            "cobertura\ncover up\ncobrir tatuagem\nreforma\nconsertar tatuagem",
            "Coberturas e reformas são possíveis, dependendo da tatuagem antiga. Mande uma foto nítida e {{ artist }} avalia antes de agendar qualquer coisa.",
        ),
    ],
    "it": [
        (
            "price",
            "quanto costa\nquanto viene\nprezzo\nprezzi\ntariffa\npreventivo\ncosto\ncaro",
            "Non abbiamo un listino: ogni pezzo è diverso, quindi {{ artist }} ti fa un preventivo dopo aver visto la tua idea, la misura e la zona. Per prenotare, un acconto di {{ deposit_range }} blocca la data e viene scalato dal prezzo finale.",
        ),
        (
            "deposit",
            "acconto\ncaparra\ndeposito\nrimborsabile",
            "L'acconto è di {{ deposit_range }} a seconda della misura: blocca la tua data e viene scalato dal prezzo finale. {{ deposit_policy }}",
        ),
        (
            "location",
            "dove siete\ndov'è lo studio\ndove è lo studio\nindirizzo\nposizione\norari\na che ora aprite\nparcheggio",
            "{% if address %}Lo studio è in {{ address }}.{% else %}Lo studio è a {{ home_city }}; l'indirizzo completo ti arriva con la conferma dell'appuntamento.{% endif %} Lavoriamo solo su appuntamento: {{ hours }}.",
        ),
        (
            "age",
            "età minima\neta minima\nminorenne\nho 16 anni\nho 17 anni\nconsenso dei genitori\ndocumento",
            "Devi avere almeno 18 anni per tatuarti, e il giorno dell'appuntamento ti chiediamo un documento con foto. Anche con il consenso dei genitori.",
        ),
        (
            "aftercare",
            "cura\ncure\nguarigione\nguarire\ncome curarlo",
            "Dopo la seduta ricevi tutte le istruzioni per la cura. In breve: tienilo pulito, uno strato sottile di crema senza profumo, e niente piscina, lampade o grattarsi per due settimane.",
        ),
        (
            "styles",
            "quali stili\nche stile\nil tuo stile\na colori\nbianco e nero\nrealismo\nlinea sottile\nfine line",
            "{{ artist }} lavora in quasi tutti gli stili: fine line, blackwork, tradizionale, colore e black & grey, tra gli altri. Mandaci un riferimento e {{ artist }} ti dirà se è adatto.",
        ),
        (
            "walk_ins",
            "senza appuntamento\nwalk in\nin giornata\nlo stesso giorno\npassare",
            "Lavoriamo solo su appuntamento, quindi niente walk-in. Rispondi a qualche domanda qui e {{ artist }} ti proporrà una data.",
        ),
        (
            "cover_ups",
            "cover up\ncopertura\ncoprire un tatuaggio\nrifacimento\nsistemare un tatuaggio",
            "Cover-up e rifacimenti sono possibili, a seconda del vecchio tatuaggio. Manda una foto nitida e {{ artist }} lo valuta prima di prenotare.",
        ),
    ],
}


def seed(apps, schema_editor):
    FaqEntry = apps.get_model("leads", "FaqEntry")
    for language, entries in FAQ.items():
        for position, (topic, triggers, answer) in enumerate(entries, start=1):
            FaqEntry.objects.get_or_create(
                topic=topic,
                language=language,
                defaults={"triggers": triggers, "answer": answer, "position": position * 10},
            )


def unseed(apps, schema_editor):
    apps.get_model("leads", "FaqEntry").objects.filter(language__in=list(FAQ)).delete()


class Migration(migrations.Migration):
    dependencies = [("leads", "0024_languages")]
    operations = [migrations.RunPython(seed, unseed)]
