"""Reuse actions (registered through action.py): proposed by anyone, published by
the territory's admins, shown on the territory's public page and on each dataset
used. A reuse names public datasets only, at least one of its territory's; its
link is checked as text and never fetched."""
from __future__ import annotations

import datetime
from typing import Optional

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy import exc as sa_exc

from .. import reuse_kinds
from ..model import Reuse, ReuseDataset
from ...logic.navl import validated
from . import auth, schema


def _iso(value):
    return value.isoformat() if value else None


def _public_datasets_of(reuse_id: str) -> list:
    rows = model.Session.query(model.Package).join(
        ReuseDataset, ReuseDataset.package_id == model.Package.id).filter(
        ReuseDataset.reuse_id == reuse_id, model.Package.state == "active",
        model.Package.private.is_(False)).order_by(model.Package.title)
    return [{"id": p.id, "name": p.name, "title": p.title or p.name} for p in rows]


def reuse_dict(found: Reuse, context, territory: Optional[model.Group] = None) -> dict:
    territory = territory or model.Group.get(found.territory_id)
    user_id = auth._user_id(context)
    shown = {
        "id": found.id,
        "territory": {"id": territory.id, "name": territory.name, "title": territory.title},
        "title": found.title, "description": found.description, "url": found.url,
        "image_url": found.image_url,
        "reuse_type": found.reuse_type,
        "reuse_type_label": tk._(reuse_kinds.TYPES.get(found.reuse_type, found.reuse_type)),
        "topic": found.topic,
        "topic_label": tk._(reuse_kinds.TOPICS.get(found.topic, found.topic)),
        "author": found.author, "state": found.state,
        "state_label": tk._(reuse_kinds.STATE_LABELS.get(found.state, found.state)),
        "reason": found.reason,
        # A dataset made private later disappears from every reuse that names it.
        "datasets": _public_datasets_of(found.id),
        "created": _iso(found.created), "state_changed": _iso(found.state_changed),
        "is_mine": user_id is not None and found.user_id == user_id,
    }
    if auth.may_moderate(found.territory_id, context.get("user")):
        proposer = model.User.get(found.user_id) if found.user_id else None
        shown["proposer"] = proposer.name if proposer else None
    return shown


def _datasets(references, territory) -> list:
    found, refused = [], []
    for reference in references:
        dataset = model.Package.get(reference)
        if dataset is None or dataset.state != "active" or dataset.private:
            refused.append(reference)
        else:
            found.append(dataset)
    if refused:
        # The same sentence for a private and a missing dataset: nothing leaks.
        raise tk.ValidationError({"datasets": [tk._(
            "Ces jeux de données n'existent pas ou ne sont pas publics : {names}.").format(
            names=", ".join(refused))]})
    if not any(dataset.owner_org == territory.id for dataset in found):
        raise tk.ValidationError({"datasets": [tk._(
            "Au moins un des jeux de données doit être publié par {title}.").format(
            title=territory.title)]})
    return found


def odl_reuse_create(context, data_dict):
    """Propose a reuse of a territory's data: ``title``, ``description``, ``url``
    (http or https, unique once normalised), ``image_url`` (optional, https),
    ``reuse_type`` (api, application, idea, news_article, paper, post,
    visualization, hardware), ``topic`` (udata's fifteen), ``author``, ``datasets``
    (names or ids, public, at least one of the territory's). Without an account:
    the honeypot ``site_web`` empty and a few proposals per address and hour. It
    waits for the territory's admins before the public sees it."""
    from .action import check_anonymous_limit
    from .moderation import premoderated
    data = validated(context, data_dict, schema.reuse_create(), auth="odl_reuse_create")
    territory = auth.active_territory(data["territory_id"])
    datasets = _datasets(data["datasets"], territory)
    key = reuse_kinds.link_key(data["url"])
    if model.Session.query(Reuse.id).filter(Reuse.link_key == key).first():
        raise tk.ValidationError({"url": [tk._("Cette réutilisation a déjà été proposée.")]})
    user_id = auth._user_id(context)
    if user_id is None:
        check_anonymous_limit("reuse")
    found = Reuse(territory_id=territory.id, title=data["title"],
                  description=data["description"], url=data["url"], link_key=key,
                  image_url=data.get("image_url", ""), reuse_type=data["reuse_type"],
                  topic=data["topic"], author=data.get("author", ""), user_id=user_id,
                  state=reuse_kinds.PROPOSED, created=datetime.datetime.utcnow())
    # A territory that turned pre-moderation off lets the public see it at once.
    if not premoderated(territory.id):
        found.state, found.state_changed = reuse_kinds.PUBLISHED, found.created
    model.Session.add(found)
    try:
        model.Session.flush()
    except sa_exc.IntegrityError:  # the same link proposed twice at once
        model.Session.rollback()
        raise tk.ValidationError({"url": [tk._("Cette réutilisation a déjà été proposée.")]})
    for dataset in datasets:
        model.Session.add(ReuseDataset(reuse_id=found.id, package_id=dataset.id))
    model.Session.commit()
    return reuse_dict(found, context, territory)


@tk.side_effect_free
def odl_reuse_show(context, data_dict):
    data = validated(context, data_dict, schema.reuse_show(), auth="odl_reuse_show")
    return reuse_dict(auth.reuse(data["id"]), context)


def published_reuses(territory_id: Optional[str] = None, dataset_id: Optional[str] = None):
    query = model.Session.query(Reuse).filter(Reuse.state == reuse_kinds.PUBLISHED)
    if territory_id:
        query = query.filter(Reuse.territory_id == territory_id)
    if dataset_id:
        query = query.join(ReuseDataset, ReuseDataset.reuse_id == Reuse.id).filter(
            ReuseDataset.package_id == dataset_id)
    return query


@tk.side_effect_free
def odl_reuse_list(context, data_dict):
    """Reuses, newest first, a page at a time (``limit`` ≤ 100, ``offset``).
    Filters: ``territory_id``, ``dataset_id`` (a public dataset's name or id),
    ``state``. The public sees published ones; the territory's team every state."""
    data = validated(context, data_dict, schema.reuse_list(), auth="odl_reuse_list")
    limit = min(data.get("limit", schema.DEFAULT_LIMIT), schema.MAX_LIMIT)
    offset = data.get("offset", 0)
    query = model.Session.query(Reuse)
    territory = None
    if data.get("territory_id"):
        territory = auth.active_territory(data["territory_id"])
        query = query.filter(Reuse.territory_id == territory.id)
    if data.get("dataset_id"):
        dataset = model.Package.get(data["dataset_id"])
        if dataset is None or dataset.state != "active" or dataset.private:
            raise tk.ObjectNotFound(tk._("Jeu de données introuvable."))
        query = query.join(ReuseDataset, ReuseDataset.reuse_id == Reuse.id).filter(
            ReuseDataset.package_id == dataset.id)
    if data.get("state"):
        query = query.filter(Reuse.state == data["state"])
    user = context.get("user")
    if not (territory is not None and auth.may_answer(territory.id, user)) and not (
            user and authz.is_sysadmin(user)):
        visible = Reuse.state == reuse_kinds.PUBLISHED
        user_id = auth._user_id(context)
        if user_id:
            visible = visible | (Reuse.user_id == user_id)
        query = query.filter(visible)
    count = query.count()
    found = query.order_by(Reuse.created.desc(), Reuse.id).offset(offset).limit(limit).all()
    return {"count": count, "offset": offset, "limit": limit,
            "results": [reuse_dict(r, context) for r in found]}


def odl_reuse_update(context, data_dict):
    """Moderate a reuse (``state``: publiee, or refusee with a ``reason``): the
    territory's admins."""
    data = validated(context, data_dict, schema.reuse_update(), auth="odl_reuse_update")
    found = auth.reuse(data["id"])
    refused = reuse_kinds.check_move(found.state, data["state"], data.get("reason", ""))
    if refused:
        raise tk.ValidationError({"state" if "raison" not in refused else "reason": [
            tk._(refused).format(
                current=tk._(reuse_kinds.STATE_LABELS[found.state]),
                wanted=tk._(reuse_kinds.STATE_LABELS.get(data["state"], data["state"])))]})
    found.state = data["state"]
    found.reason = data.get("reason", "") if data["state"] == reuse_kinds.REFUSED else ""
    found.state_changed = datetime.datetime.utcnow()
    found.state_changed_by = auth._user_id(context)
    model.Session.commit()
    return reuse_dict(found, context)


def odl_reuse_delete(context, data_dict):
    data = validated(context, data_dict, schema.reuse_delete(), auth="odl_reuse_delete")
    model.Session.delete(auth.reuse(data["id"]))
    model.Session.commit()
    return {"id": data["id"], "deleted": True}
