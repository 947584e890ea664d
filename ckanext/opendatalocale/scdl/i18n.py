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

from typing import Callable, Optional

Translator = Callable[[str], str]


def _identity(text: str) -> str:
    return text


_translator: Translator = _identity


def set_translator(translator: Optional[Translator]) -> None:
    """Install the gettext-like callable used by ``translate`` (None resets)."""
    global _translator
    _translator = translator or _identity


def get_translator() -> Translator:
    return _translator


def translate(text: str) -> str:
    """Translate a French source string with the installed translator."""
    return _translator(text)


# Babel's python extractor looks for calls to ``_``.
_ = translate


def N_(text: str) -> str:
    """Mark a constant for extraction without translating it yet (Babel's
    default keywords include N_); translate it with ``_`` where shown."""
    return text


def english_translator(text: str) -> str:
    """A translator using the bundled English catalogue (tests, CLI, no CKAN).

    The CKAN layer should rather build its .po files from the same source
    strings; ``ENGLISH`` is kept complete by a test so it can seed them.
    """
    from .i18n_en import ENGLISH

    return ENGLISH.get(text, text)
