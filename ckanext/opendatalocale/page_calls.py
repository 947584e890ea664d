"""Running an action for a page: the signed-in user's context, and the action's refusals
turned into the HTTP answers a visitor reads (403, 404, 400 in French)."""
from __future__ import annotations

from typing import Callable, Optional

import ckan.plugins.toolkit as tk


def context() -> dict:
    return {"user": tk.g.user, "auth_user_obj": tk.g.userobj}


def _field_errors(error: tk.ValidationError) -> str:
    return "; ".join(f"{key} : {value}" for key, value in error.error_dict.items())


def call(action: str, data_dict: dict, not_found: Optional[str] = None,
         errors: Optional[Callable[[tk.ValidationError], str]] = None):
    """A page that names what it shows says ``not_found``; the others repeat the
    action's own sentence."""
    try:
        return tk.get_action(action)(context(), data_dict)
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error) or tk._("Accès refusé."))
    except tk.ObjectNotFound as error:
        return tk.abort(404, not_found or str(error) or tk._("Page introuvable."))
    except tk.ValidationError as error:
        return tk.abort(400, (errors or _field_errors)(error))
