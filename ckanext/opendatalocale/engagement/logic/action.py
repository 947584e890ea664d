"""Engagement actions: a territory's public page and data requests with votes.

Each action checks its auth function, then validates with logic/schema.py. What
the public sees never holds a private dataset (package_search with
include_private false) nor anything of a requester but the kind they chose.
"""
from __future__ import annotations

import datetime
import logging
from typing import Optional

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy import exc as sa_exc

from .. import request_states, similarity, throttle
from ..model import DataRequest, DataRequestVote, Reuse
from ...logic.navl import validated
from . import auth, schema
from .digest import odl_engagement_digests_send
from .moderation import (odl_moderation_decide, odl_moderation_list,
                         odl_moderation_setting_show, odl_moderation_setting_update,
                         odl_spam_report_create, odl_spam_report_delete,
                         odl_spam_report_dismiss, odl_spam_report_list, odl_spam_report_show,
                         premoderated)
from .event import (odl_event_create, odl_event_delete, odl_event_list, odl_event_show,
                    odl_event_update, upcoming_public)
from .reuse import (odl_reuse_create, odl_reuse_delete, odl_reuse_list, odl_reuse_show,
                    odl_reuse_update, published_reuses, reuse_dict)

log = logging.getLogger(__name__)

__all__ = ["odl_territory_public_show", "odl_data_request_create", "odl_data_request_show",
           "odl_data_request_list", "odl_data_request_update", "odl_data_request_delete",
           "odl_data_request_vote", "odl_data_request_vote_delete",
           "odl_data_request_email_erase", "odl_data_request_emails_expire",
           "odl_data_request_similar", "odl_reuse_create", "odl_reuse_show", "odl_reuse_list",
           "odl_reuse_update", "odl_reuse_delete", "odl_event_create", "odl_event_show",
           "odl_event_list", "odl_event_update", "odl_event_delete",
           "odl_engagement_digests_send", "odl_moderation_list", "odl_moderation_decide",
           "odl_spam_report_create", "odl_spam_report_list", "odl_spam_report_dismiss",
           "odl_spam_report_show", "odl_spam_report_delete",
           "odl_moderation_setting_show", "odl_moderation_setting_update"]

LATEST_DATASETS = 6
PAGE_REQUESTS = 5
PAGE_REUSES = 6
PAGE_EVENTS = 3


def _iso(value):
    return value.isoformat() if value else None


def _optional_action(name):
    """Another suite plugin's action, or None when that plugin is not enabled:
    engagement depends on no other capability (ARCHITECTURE.md)."""
    try:
        return tk.get_action(name)
    except (KeyError, AttributeError):
        return None


def _user_id(context) -> Optional[str]:
    return auth._user_id(context)


def _public_dataset(dataset_id: Optional[str]) -> Optional[dict]:
    if not dataset_id:
        return None
    dataset = model.Package.get(dataset_id)
    if dataset is None or dataset.private or dataset.state != "active":
        return None
    return {"id": dataset.id, "name": dataset.name, "title": dataset.title or dataset.name}


def _request_dict(request: DataRequest, context, territory: Optional[model.Group] = None,
                  voted: Optional[set] = None) -> dict:
    territory = territory or model.Group.get(request.territory_id)
    user_id = _user_id(context)
    shown = {
        "id": request.id,
        "territory": {"id": territory.id, "name": territory.name, "title": territory.title},
        "title": request.title, "description": request.description, "purpose": request.purpose,
        "requester_kind": request.requester_kind,
        "requester_kind_label": tk._(request_states.REQUESTER_KINDS.get(
            request.requester_kind, request.requester_kind)),
        "state": request.state,
        "state_label": tk._(request_states.STATE_LABELS.get(request.state, request.state)),
        "next_states": sorted(request_states.next_states(request.state)),
        "reason": request.reason, "dataset": _public_dataset(request.dataset_id),
        "vote_count": request.vote_count,
        "created": _iso(request.created), "state_changed": _iso(request.state_changed),
        "is_mine": user_id is not None and request.user_id == user_id,
        "voted": bool(voted is not None and request.id in voted),
    }
    # The moderators see which account asked (to answer it), never its e-mail; an
    # anonymous requester's own e-mail, until it is erased, to them alone.
    if auth.may_moderate(request.territory_id, context.get("user")):
        requester = model.User.get(request.user_id) if request.user_id else None
        shown["requester"] = requester.name if requester else None
        shown["requester_email"] = request.requester_email or None
    return shown


def client_address() -> Optional[str]:
    """The address of the web request being served, if any (the API and the forms
    alike); behind a proxy, the proxy must set REMOTE_ADDR (e.g. ProxyFix)."""
    import flask
    if not flask.has_request_context():
        return None
    return flask.request.remote_addr


def _address_secret() -> str:
    return str(tk.config.get("SECRET_KEY") or tk.config.get("beaker.session.secret") or "")


def check_anonymous_limit(scope: str,
                          limit_option: str = "ckanext.opendatalocale.engagement.anonymous_limit"
                          ) -> None:
    """One more anonymous write from this address, or a French refusal once the
    window's allowance is spent. Nothing of the address is kept but a keyed hash."""
    from ckan.lib.redis import connect_to_redis
    address = client_address()
    if not address:
        raise tk.NotAuthorized(tk._("Connectez-vous pour écrire au territoire."))
    key = throttle.address_key(str(tk.config.get("ckan.site_id")), scope, address,
                               _address_secret())
    window = int(tk.config.get("ckanext.opendatalocale.engagement.anonymous_window"))
    limit = int(tk.config.get(limit_option))
    if not throttle.allow(connect_to_redis(), key, limit, window):
        raise tk.ValidationError({"limite": [tk._(
            "Trop d'envois sans compte depuis votre connexion : réessayez dans {minutes} "
            "minutes, ou connectez-vous.").format(minutes=max(window // 60, 1))]})


def _votes_of(context, request_ids) -> set:
    user_id = _user_id(context)
    if not user_id or not request_ids:
        return set()
    rows = model.Session.query(DataRequestVote.data_request_id).filter(
        DataRequestVote.user_id == user_id,
        DataRequestVote.data_request_id.in_(list(request_ids)))
    return {row[0] for row in rows}


def odl_data_request_create(context, data_dict):
    """Ask a territory (``territory_id``: id or name) for data: ``title`` (what),
    ``description``, ``purpose`` (why), ``requester_kind`` (who: habitant,
    association, entreprise, chercheur, journaliste, agent_public). Without an account:
    an optional ``email`` (seen by the territory's admins only, erased after closure),
    the honeypot ``site_web`` left empty, and a few requests per address and hour.
    The request waits for the territory's moderators before the public sees it."""
    data = validated(context, data_dict, schema.data_request_create(),
                     auth="odl_data_request_create")
    territory = auth.active_territory(data["territory_id"])
    user_id = _user_id(context)
    if user_id is None:
        check_anonymous_limit("data_request")
    request = DataRequest(
        territory_id=territory.id, title=data["title"],
        description=data.get("description", ""), purpose=data.get("purpose", ""),
        requester_kind=data["requester_kind"], user_id=user_id,
        requester_email=(data.get("email") or None) if user_id is None else None,
        created=datetime.datetime.utcnow())
    # A territory that turned pre-moderation off lets the public see it at once.
    request.state = request_states.NEW if premoderated(territory.id) else request_states.ACCEPTED
    if request.state != request_states.NEW:
        request.state_changed = request.created
    model.Session.add(request)
    model.Session.commit()
    return _request_dict(request, context, territory)


@tk.side_effect_free
def odl_data_request_show(context, data_dict):
    data = validated(context, data_dict, schema.data_request_show(),
                     auth="odl_data_request_show")
    request = auth.data_request(data["id"])
    return _request_dict(request, context, voted=_votes_of(context, [request.id]))


@tk.side_effect_free
def odl_data_request_list(context, data_dict):
    """Data requests, newest first (``sort=votes``: most supported first), a page at
    a time (``limit`` ≤ 100, ``offset``). Filters: ``territory_id`` (id or name),
    ``state``. The public sees moderated requests; the territory's team also sees
    the new ones, and everyone their own."""
    data = validated(context, data_dict, schema.data_request_list(),
                     auth="odl_data_request_list")
    limit = min(data.get("limit", schema.DEFAULT_LIMIT), schema.MAX_LIMIT)
    offset = data.get("offset", 0)
    query = model.Session.query(DataRequest)
    territory = None
    if data.get("territory_id"):
        territory = auth.active_territory(data["territory_id"])
        query = query.filter(DataRequest.territory_id == territory.id)
    if data.get("state"):
        query = query.filter(DataRequest.state == data["state"])
    user = context.get("user")
    team = authz.is_sysadmin(user) or (
        territory is not None and auth.may_answer(territory.id, user))
    if not team:
        visible = DataRequest.state.in_(sorted(request_states.PUBLIC_STATES))
        user_id = _user_id(context)
        if user_id:
            visible = visible | (DataRequest.user_id == user_id)
        query = query.filter(visible)
    if data.get("sort") == "votes":
        query = query.order_by(DataRequest.vote_count.desc(), DataRequest.created.desc())
    else:
        query = query.order_by(DataRequest.created.desc(), DataRequest.id)
    count = query.count()
    requests = query.offset(offset).limit(limit).all()
    voted = _votes_of(context, [r.id for r in requests])
    return {"count": count, "offset": offset, "limit": limit,
            "results": [_request_dict(r, context, voted=voted) for r in requests]}


def odl_data_request_update(context, data_dict):
    """Move a request on (``state``): the territory's admins moderate new requests
    (acceptee or refusee), its editors and admins answer them (en_cours, publiee with
    the ``dataset_id`` that answers, refusee with a public ``reason``)."""
    data = validated(context, data_dict, schema.data_request_update(),
                     auth="odl_data_request_update")
    request = auth.data_request(data["id"])
    if request_states.is_moderation(request.state):
        tk.check_access("odl_data_request_moderate", context, data_dict)
    dataset = None
    if data.get("dataset_id"):
        dataset = model.Package.get(data["dataset_id"])
        if dataset is None or dataset.state != "active" or dataset.private:
            raise tk.ValidationError({"dataset_id": [tk._(
                "Ce jeu de données n'existe pas ou n'est pas public.")]})
    refused = request_states.check_move(request.state, data["state"], data.get("reason", ""),
                                        dataset.id if dataset else None)
    if refused:
        raise tk.ValidationError({refused.field: [tk._(refused.message).format(
            current=tk._(request_states.STATE_LABELS[request.state]),
            wanted=tk._(request_states.STATE_LABELS.get(data["state"], data["state"])))]})
    request.state = data["state"]
    request.reason = data.get("reason", "") if data["state"] == request_states.REFUSED else ""
    if data["state"] == request_states.PUBLISHED:
        request.dataset_id = dataset.id
    request.state_changed = datetime.datetime.utcnow()
    request.state_changed_by = _user_id(context)
    model.Session.commit()
    return _request_dict(request, context, voted=_votes_of(context, [request.id]))


def odl_data_request_delete(context, data_dict):
    """Remove a request (spam, personal data...): the territory's admins and sysadmins."""
    data = validated(context, data_dict, schema.data_request_delete(),
                     auth="odl_data_request_delete")
    request = auth.data_request(data["id"])
    model.Session.delete(request)
    model.Session.commit()
    return {"id": data["id"], "deleted": True}


def odl_data_request_email_erase(context, data_dict):
    """Erase the e-mail an anonymous requester left (RGPD: on their request, or
    whenever the territory no longer needs it). The territory's admins."""
    data = validated(context, data_dict, schema.data_request_email_erase(),
                     auth="odl_data_request_email_erase")
    request = auth.data_request(data["id"])
    request.requester_email = None
    model.Session.commit()
    return _request_dict(request, context, voted=_votes_of(context, [request.id]))


def odl_data_request_emails_expire(context, data_dict):
    """Erase the e-mails of requests closed (publiee, refusee) more than
    ``ckanext.opendatalocale.engagement.email_retention_days`` days ago; run daily
    by the erase-emails job. Returns how many were erased."""
    validated(context, data_dict, schema.data_request_emails_expire(),
              auth="odl_data_request_emails_expire")
    days = int(tk.config.get("ckanext.opendatalocale.engagement.email_retention_days"))
    limit = datetime.datetime.utcnow() - datetime.timedelta(days=days)
    erased = model.Session.query(DataRequest).filter(
        DataRequest.requester_email.isnot(None),
        DataRequest.state.in_(sorted(request_states.CLOSED_STATES)),
        DataRequest.state_changed <= limit,
    ).update({DataRequest.requester_email: None}, synchronize_session=False)
    model.Session.commit()
    return {"erased": erased}


SIMILAR_CANDIDATES = 500


def _visible_requests(context, territory):
    """The territory's requests the caller may see: the public ones, their own, and
    all of them for the territory's team."""
    query = model.Session.query(DataRequest).filter(DataRequest.territory_id == territory.id)
    if auth.may_answer(territory.id, context.get("user")):
        return query
    visible = DataRequest.state.in_(sorted(request_states.PUBLIC_STATES))
    user_id = _user_id(context)
    if user_id:
        visible = visible | (DataRequest.user_id == user_id)
    return query.filter(visible)


@tk.side_effect_free
def odl_data_request_similar(context, data_dict):
    """While a request is typed: the territory's existing requests whose ``title``
    shares enough words with it (Dice ≥ 0.25, five at most) and its public datasets
    that match those words (five at most), so the asker supports or reads instead of
    asking again. Never a private dataset, never a request the caller may not see."""
    data = validated(context, data_dict, schema.data_request_similar(),
                     auth="odl_data_request_similar")
    territory = auth.active_territory(data["territory_id"])
    looked_up = similarity.query_words(data["title"])
    if not looked_up:
        return {"requests": [], "datasets": []}
    # The territory's latest requests (bounded), ranked here: accents and plurals
    # folded in Python, no pg_trgm or unaccent extension needed on the site's database.
    candidates = _visible_requests(context, territory).order_by(
        DataRequest.created.desc()).limit(SIMILAR_CANDIDATES).all()
    by_id = {request.id: request for request in candidates}
    ranked = similarity.rank(data["title"], [(r.id, r.title) for r in candidates])
    # Words are [a-z0-9]+ once folded: nothing in them is Solr syntax.
    found = tk.get_action("package_search")(dict(context), {
        "q": "text:({})".format(" OR ".join(looked_up)),
        "fq": f'owner_org:"{territory.id}"', "include_private": False,
        "rows": similarity.LIMIT})
    return {
        "requests": [dict(_request_dict(by_id[key], context, territory), score=score)
                     for key, score in ranked],
        "datasets": [{"name": d["name"], "title": d.get("title") or d["name"]}
                     for d in found["results"]],
    }


def _recount(request: DataRequest) -> None:
    request.vote_count = model.Session.query(DataRequestVote).filter(
        DataRequestVote.data_request_id == request.id).count()


def _vote_once_per_address(request_id: str) -> None:
    """Without an account, one vote per client address and request: remembered in
    Redis under a keyed hash of the address for the configured days, never in the
    database (the vote row itself holds no voter)."""
    from ckan.lib.redis import connect_to_redis
    key = throttle.address_key(str(tk.config.get("ckan.site_id")), f"vote:{request_id}",
                               client_address() or "", _address_secret())
    days = int(tk.config.get("ckanext.opendatalocale.engagement.vote_memory_days"))
    if not connect_to_redis().set(key, 1, nx=True, ex=days * 86400):
        raise tk.ValidationError({"id": [tk._("Vous soutenez déjà cette demande.")]})


def odl_data_request_vote(context, data_dict):
    """"Moi aussi": one vote per person and request; a second one is refused.
    Without an account: the honeypot ``site_web`` left empty, a few votes per
    address and window (``anonymous_vote_limit``) and one per address and request
    (remembered in Redis, hashed); such a vote cannot be withdrawn."""
    data = validated(context, data_dict, schema.data_request_vote(),
                     auth="odl_data_request_vote")
    request = auth.data_request(data["id"])
    user_id = _user_id(context)
    if user_id is None:
        check_anonymous_limit("vote", "ckanext.opendatalocale.engagement.anonymous_vote_limit")
        _vote_once_per_address(request.id)
    model.Session.add(DataRequestVote(data_request_id=request.id, user_id=user_id,
                                      created=datetime.datetime.utcnow()))
    try:
        model.Session.flush()
    except sa_exc.IntegrityError:
        model.Session.rollback()
        raise tk.ValidationError({"id": [tk._("Vous soutenez déjà cette demande.")]})
    _recount(request)
    model.Session.commit()
    return _request_dict(request, context, voted={request.id})


def odl_data_request_vote_delete(context, data_dict):
    data = validated(context, data_dict, schema.data_request_vote(),
                     auth="odl_data_request_vote_delete")
    request = auth.data_request(data["id"])
    user_id = _user_id(context)
    # Without a user (a call that skips auth), "user_id == None" would be IS NULL: every
    # anonymous vote of the request.
    if user_id is not None:
        model.Session.query(DataRequestVote).filter(
            DataRequestVote.data_request_id == request.id,
            DataRequestVote.user_id == user_id).delete(synchronize_session=False)
    _recount(request)
    model.Session.commit()
    return _request_dict(request, context, voted=set())


def _phase(context, territory) -> Optional[dict]:
    progress_show = _optional_action("odl_territory_progress_show")
    if progress_show is None:
        return None
    try:
        standing = progress_show(dict(context, ignore_auth=False), {"id": territory.id})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None  # the site keeps progress for members: the page does without
    current = standing.get("current_phase") or 0
    titles = {phase["number"]: phase for phase in standing.get("phases", [])}
    reached = titles.get(current)
    following = titles.get(current + 1)
    return {"current": current, "count": standing.get("phase_count"),
            "title": reached["title"] if reached else None,
            "summary": reached.get("summary") if reached else None,
            "next_title": following["title"] if following else None}


def _public_datasets(context, territory) -> dict:
    # include_private false whoever asks: a member's private drafts never reach it.
    found = tk.get_action("package_search")(dict(context), {
        "fq": f'owner_org:"{territory.id}"', "include_private": False,
        "sort": "metadata_modified desc", "rows": LATEST_DATASETS})
    return {"count": found["count"], "latest": [{
        "name": d["name"], "title": d.get("title") or d["name"], "notes": d.get("notes") or "",
        "type": d.get("type"), "modified": d.get("metadata_modified")}
        for d in found["results"]]}


def _canteen_week(context, territory) -> Optional[dict]:
    week_show = _optional_action("odl_menu_week_show")
    if week_show is None:
        return None
    canteens = tk.get_action("package_search")(dict(context), {
        "fq": f'owner_org:"{territory.id}" AND dataset_type:cantine',
        "include_private": False, "sort": "metadata_modified desc", "rows": 1})["results"]
    if not canteens:
        return None
    try:
        week = week_show(dict(context), {"id": canteens[0]["id"],
                                         "week": datetime.date.today().isoformat()})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None
    if not week.get("dish_count"):
        return None
    return week


@tk.side_effect_free
def odl_territory_public_show(context, data_dict):
    """What a territory's public page shows inhabitants: who it is, the phase it
    reached (when the territories plugin is enabled and its progress is public), key
    figures, latest public datasets, this week's canteen menu (when the menus plugin
    is enabled and the week is published), the most supported open data requests,
    the next public events."""
    data = validated(context, data_dict, schema.territory_public_show(),
                     auth="odl_territory_public_show")
    territory = auth.active_territory(data["id"])
    extras = dict(territory.extras or {})
    datasets = _public_datasets(context, territory)
    requests = model.Session.query(DataRequest).filter(
        DataRequest.territory_id == territory.id)
    open_requests = requests.filter(DataRequest.state.in_(sorted(request_states.OPEN_STATES)))
    top = open_requests.order_by(DataRequest.vote_count.desc(),
                                 DataRequest.created.desc()).limit(PAGE_REQUESTS).all()
    return {
        "territory": {"id": territory.id, "name": territory.name, "title": territory.title,
                      "description": territory.description or "",
                      "image_url": territory.image_url or "",
                      "kind": extras.get("kind"), "population": extras.get("population")},
        "phase": _phase(context, territory),
        "figures": {
            "public_datasets": datasets["count"],
            "open_requests": open_requests.count(),
            "published_requests": requests.filter(
                DataRequest.state == request_states.PUBLISHED).count(),
            "reuses": published_reuses(territory.id).count(),
        },
        "latest_datasets": datasets["latest"],
        "canteen_week": _canteen_week(context, territory),
        "open_requests": [_request_dict(r, context, territory,
                                        voted=_votes_of(context, [r.id])) for r in top],
        "reuses": [reuse_dict(r, context, territory) for r in published_reuses(
            territory.id).order_by(Reuse.created.desc()).limit(PAGE_REUSES)],
        "upcoming_events": upcoming_public(context, territory, PAGE_EVENTS),
    }


# Questions on datasets, answered as the territory (issue 15, point 4).
from .question import (odl_question_answer, odl_question_answer_delete,  # noqa: E402
                       odl_question_answer_update, odl_question_close,
                       odl_question_create, odl_question_delete, odl_question_figures,
                       odl_question_list, odl_question_moderate, odl_question_show,
                       odl_question_update)
from .question import __all__ as _question_actions  # noqa: E402

__all__ += _question_actions
