"""The words the parsers read in each spoken language (docs/conversation.md "What each language's parsers read").

Data only: regular-expression fragments and word tables, one module per
concern (money, size, body and style, questions), each keyed by language so a
reader sees at a glance what Spanish, French, German, Portuguese or Italian
adds to the English rules. The parsers join every language's words: a message
is read the same whatever language the studio speaks.
"""

from __future__ import annotations

LANGUAGES = ("en", "es", "fr", "de", "pt", "it")


def joined(table: dict[str, str]) -> str:
    """Every language's regular-expression fragment of ``table`` as one alternation."""
    return "|".join(f"(?:{fragment})" for fragment in table.values())
