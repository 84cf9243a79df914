"""The words around a place in each spoken language (``conversations/policy/cities.py``).

``FILLER`` words are never a place on their own (several are the name of some town: Portuguese
"moro", "I live", is Moro in Pakistan); ``CUES`` say a place follows ("en", "à", "aus", "em",
"a"). Written folded, as the city index compares words: lower case, no accents, and a French or
Italian elision split off ("j'habite" is "j habite", "dall'Aquila" is "dall aquila").
"""

from __future__ import annotations

from typing import Final

FILLER: Final[dict[str, str]] = {
    "es": """
        yo soy estoy estamos vivo vive vivimos resido resides trabajo trabajamos estudio me mudo mude mudare
        mudamos voy vamos vengo viene ahora actualmente ahi aqui alli hola gracias si pero y o u por para con
        sin un una unos unas el los las lo mi mis tu su en de del al desde hacia cerca lejos afueras
        alrededores zona barrio provincia norte sur oeste soy nacido nacida originalmente
        tambien muy bueno vale claro
    """,
    "fr": """
        je j suis sommes habite habitons vis vit vivons viens venons travaille etudie demenage demenager
        vais allons maintenant actuellement ici bas bonjour salut merci oui non mais et ou pour avec sans
        un une des le les l mon ma mes ton ta son sa en a au aux de du d dans chez pres loin cote
        environs banlieue quartier ville region nord sud est ouest centre ne nee originaire aussi tres c cest
        pas
    """,
    "de": """
        ich bin sind wohne wohnen lebe leben komme kommen arbeite studiere ziehe ziehen umgezogen gerade jetzt
        momentan derzeit hier dort hallo danke ja nein aber und oder fur mit ohne ein eine einer einem der die
        das dem den des mein meine meinem meiner in im aus bei von vom nach zu zum zur nahe naehe nahe umgebung
        stadt gegend bezirk suden osten westen zentrum geboren ursprunglich sehr gut
    """,
    "pt": """
        eu sou estou estamos moro mora moramos vivo vive vivemos trabalho estudo mudei mudando mudar vou vamos
        venho agora atualmente aqui ai ali ola obrigado obrigada sim nao mas e ou por para com sem um uma o a
        os as meu minha em no na nos nas de do da dos das perto longe arredores bairro zona cidade regiao
        norte sul leste oeste nasci natural tambem muito bom
    """,
    "it": """
        io sono siamo abito abita abitiamo vivo vive viviamo lavoro trasferito trasferita trasferisco
        vado andiamo vengo ora adesso attualmente qui qua li ciao grazie si no ma e o per con senza un una
        uno il lo i gli le l mio mia miei in a al alla allo ai da dal dalla dall di del della dell nel nella
        nell vicino lontano dintorni zona quartiere citta provincia nord sud est ovest nato nata
        originario anche molto bene
    """,
}
# Not German "im": English "I'm" reads the same ("Hi I'm Sydney, based in Leeds").
CUES: Final[dict[str, str]] = {
    "es": "en de desde cerca a hacia vivo",
    "fr": "a au en de d pres chez habite vis",
    "de": "in aus nach von nahe wohne lebe",
    "pt": "em no na de do da perto moro vivo",
    "it": "a in di da dal dalla dall vicino abito vivo",
}
# Elided articles and prepositions written onto the next word: split off, in the index and the message
# (not Italian "un'": "un'aquila" is an eagle, not L'Aquila).
ELISIONS: Final = ("l", "d", "j", "qu", "c", "s", "n", "dall", "dell", "nell", "all", "sull", "coll")


def words(table: dict[str, str]) -> frozenset[str]:
    """Every language's words of ``table``, as one set."""
    return frozenset(word for text in table.values() for word in text.split())
