"""navl schema of the kit action."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ...logic.navl import one_of, text_length
from ...scdl.i18n import N_
from .. import kit

UNKNOWN_AUDIENCE = N_("Version du kit inconnue : public ou membres.")


@tk.validator_args
def kit_show(not_empty, default, unicode_safe):
    return {
        "territory": [not_empty, unicode_safe, text_length(1, 200)],
        "audience": [default(kit.PUBLIC), unicode_safe, one_of(kit.AUDIENCES, UNKNOWN_AUDIENCE)],
    }
