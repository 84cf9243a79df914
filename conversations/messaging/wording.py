"""A customer message's wording in one language, as the artist edits it (docs/conversation.md "Copy").

The files under ``templates/messages/`` keep their words in ``{% translate "…" %}`` and
``{% blocktranslate %}…{% endblocktranslate %}`` tags, translated by the catalogs. An artist rewording
the Spanish message starts from the Spanish words, not from English msgids inside tags: ``wording_in``
replaces each tag by its translation, with the catalog's ``%(name)s`` placeholders written back as
``{{ name }}``, and leaves every other tag (``{% if %}``, variants) as the file has it. Rendered, the
result reads exactly as the file does in that language (a test holds every message to it).
"""

from __future__ import annotations

import re

from django.utils import translation

from conversations.messaging.copy import rendered_language, template_source

_TRANSLATE = re.compile(r'\{%\s*translate\s+"((?:[^"\\]|\\.)*)"\s*%\}')
_BLOCK = re.compile(r"\{%\s*blocktranslate\s*%\}(.*?)\{%\s*endblocktranslate\s*%\}", re.DOTALL)
_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _block_words(body: str) -> str:
    msgid = _VARIABLE.sub(r"%(\1)s", body.replace("%", "%%"))
    return _PLACEHOLDER.sub(r"{{ \1 }}", translation.gettext(msgid)).replace("%%", "%")


def wording_in(template: str, language: str) -> str:
    """The file's wording of ``template`` with its words in ``language`` (English where the catalog
    lacks one), ready to be edited as an override of that language."""
    source = template_source(template)
    with translation.override(rendered_language(language)):
        source = _TRANSLATE.sub(lambda m: translation.gettext(m.group(1).replace('\\"', '"')), source)
        return _BLOCK.sub(lambda m: _block_words(m.group(1)), source)
