"""The one translation hook of the SCDL domain modules.

Every user-facing text in ``scdl/`` is a French *source* string wrapped in
``_()`` so that Babel extracts it, and is a ``str.format`` template so that the
values are filled in *after* translation. These modules must not import CKAN,
so the CKAN layer plugs its own gettext in with ``set_translator(tk._)``; until
it does, texts stay in French.

Reports keep error data (type, row, field, cell) rather than sentences, so a
stored report can be rendered later in the reader's language.
"""
from __future__ import annotations

import functools
import os
from typing import Callable, Optional

ENGLISH_PO = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "i18n",
                          "en", "LC_MESSAGES", "ckanext-opendatalocale.po")

Translator = Callable[[str], str]


def _identity(text: str) -> str:
    return text


_translator: Translator = _identity


PluralTranslator = Callable[[str, str, int], str]


def _french_plural(singular: str, plural: str, count: int) -> str:
    # French takes the singular for 0 and 1.
    return singular if count <= 1 else plural


_plural_translator: PluralTranslator = _french_plural


def set_translator(translator: Optional[Translator],
                   plural: Optional[PluralTranslator] = None) -> None:
    """Install the gettext-like callables used by ``translate`` and ``ngettext``
    (None resets to French)."""
    global _translator, _plural_translator
    _translator = translator or _identity
    _plural_translator = plural or _french_plural


def get_translator() -> Translator:
    return _translator


def translate(text: str) -> str:
    """Translate a French source string with the installed translator."""
    return _translator(text)


# Babel's python extractor looks for calls to ``_``.
_ = translate


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a French source sentence for ``count``, translated."""
    return _plural_translator(singular, plural, count)


def N_(text: str) -> str:
    """Mark a constant for extraction without translating it yet (Babel's
    default keywords include N_); translate it with ``_`` where shown."""
    return text


def english_translator(text: str) -> str:
    """A translator reading the suite's one English catalogue, the .po file that CKAN
    compiles, where CKAN's gettext is not at hand (tests, scripts without CKAN)."""
    found = _english_catalogue().get(text)
    return found if isinstance(found, str) and found else text


def english_plural_translator(singular: str, plural: str, count: int) -> str:
    forms = _english_catalogue().get((singular, plural))
    if forms and all(forms):
        return forms[0] if count == 1 else forms[1]
    return _french_plural(singular, plural, count)


@functools.lru_cache(maxsize=1)
def _english_catalogue() -> dict:
    from babel.messages.pofile import read_po

    with open(ENGLISH_PO, "rb") as po:
        return {message.id if isinstance(message.id, str) else tuple(message.id):
                message.string if isinstance(message.string, str) else tuple(message.string)
                for message in read_po(po) if message.id and message.string}
