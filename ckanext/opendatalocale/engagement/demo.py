"""Demo engagement for `ckan opendatalocale demo`: data requests at each stage and a
reuse for the phase-6 pilot and its métropole, made through the suite's own actions
(moderation included), so the public pages, the dashboard and the home page show them.
Upcoming events too (an atelier, an open-data day, an internal training kept to
members), dated from the day the demo is loaded so that they stay ahead.
Idempotent: a territory's request, reuse or event with the same title is kept."""
from __future__ import annotations

import datetime

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import request_states, reuse_kinds
from .model import DataRequest, Event, Reuse

LABEL = "(Demande de démonstration.)"
# territory, title, description, who asks, states it goes through
REQUESTS = (
    ("saint-etienne", "Horaires et fréquentation des piscines municipales",
     "Connaître l'affluence par créneau pour choisir quand venir nager.", "habitant",
     (request_states.ACCEPTED, request_states.IN_PROGRESS)),
    ("saint-etienne", "Emplacements des composteurs collectifs",
     "Carte des composteurs de quartier et de leurs référents.", "association",
     (request_states.ACCEPTED,)),
    ("saint-etienne", "Subventions versées aux associations",
     "Montants et bénéficiaires des subventions municipales.", "journaliste",
     (request_states.ACCEPTED, request_states.PUBLISHED)),
    ("saint-etienne", "Terrasses de cafés autorisées", "Autorisations d'occupation du domaine "
     "public par les terrasses, avec leur surface.", "entreprise", ()),
    ("saint-etienne-metropole", "Fréquentation des lignes de bus par arrêt",
     "Montées et descentes par arrêt et par heure.", "chercheur",
     (request_states.ACCEPTED,)),
)
REUSES = (
    ("saint-etienne", "Carte des bornes de recharge de Saint-Étienne",
     "Une carte interactive des bornes publiées par la commune "
     "(réutilisation de démonstration).", "https://exemple.invalid/carte-bornes",
     "visualization", "transport_and_mobility", "irve-saint-etienne"),
)

# territory, title, kind, days ahead, Paris hour, hours long, place, online link,
# audience, visibility, description
EVENTS = (
    ("saint-etienne", "Atelier « Explorer le budget de la ville »", "atelier", 12, 18, 2,
     "Médiathèque de Tarentaize, 20-24 rue Jo Gouttebarge, Saint-Étienne", "",
     "Habitants, associations", "publique",
     "Deux heures pour lire le budget primitif avec les données ouvertes de la ville."),
    ("saint-etienne-metropole", "Journée des données ouvertes de la métropole", "journee", 26,
     9, 8, "Cité du design, 3 rue Javelin Pagnon, Saint-Étienne", "",
     "Tout public, entreprises, étudiants", "publique",
     "Présentation des jeux de données, ateliers de réutilisation et défis en équipe."),
    ("saint-etienne", "Formation des agents : publier un jeu de données", "formation", 19, 14,
     3, "", "https://visio.exemple.invalid/formation-donnees", "Agents de la ville",
     "membres", "Publier, décrire et mettre à jour un jeu de données sur le portail."),
)

# Inhabitants who say « moi aussi » (demo accounts, no real address, a random
# password nobody knows): request title, how many of them support it.
VOTERS = ("habitante-demo-1", "habitant-demo-2", "habitante-demo-3")
VOTES = (("Horaires et fréquentation des piscines municipales", 3),
         ("Emplacements des composteurs collectifs", 1))


def _exists(model_class, territory_id: str, title: str) -> bool:
    return model.Session.query(model_class.id).filter(
        model_class.territory_id == territory_id, model_class.title == title).first() is not None


def load(admin: str, echo=print) -> dict:
    created = {"requests": 0, "reuses": 0}
    for name, title, description, kind, moves in REQUESTS:
        territory = model.Group.get(name)
        if territory is None or _exists(DataRequest, territory.id, title):
            continue
        request = tk.get_action("odl_data_request_create")({"user": admin}, {
            "territory_id": territory.id, "title": title, "requester_kind": kind,
            "description": f"{description} {LABEL}"})
        for state in moves:
            update = {"id": request["id"], "state": state}
            if state == request_states.PUBLISHED:
                answer = model.Package.by_name("subventions-associations-saint-etienne")
                if answer is None:
                    break
                update["dataset_id"] = answer.id
            tk.get_action("odl_data_request_update")({"user": admin}, update)
        created["requests"] += 1
    for name, title, description, url, kind, topic, dataset in REUSES:
        territory = model.Group.get(name)
        if territory is None or _exists(Reuse, territory.id, title) or not model.Package.by_name(dataset):
            continue
        reuse = tk.get_action("odl_reuse_create")({"user": admin}, {
            "territory_id": territory.id, "title": title, "description": description,
            "url": url, "reuse_type": kind, "topic": topic, "datasets": [dataset]})
        tk.get_action("odl_reuse_update")({"user": admin},
                                          {"id": reuse["id"], "state": reuse_kinds.PUBLISHED})
        created["reuses"] += 1
    created["votes"] = _load_votes()
    created["events"] = _load_events(admin)
    created["questions"] = _load_questions(admin)
    echo(f"Participation : {created['requests']} demandes de données, "
         f"{created['reuses']} réutilisation, {created['events']} événements créés")
    return created


def _load_events(admin: str) -> int:
    made = 0
    today = datetime.date.today()
    for (name, title, kind, days, hour, hours, place, online, audience, visibility,
         description) in EVENTS:
        territory = model.Group.get(name)
        if territory is None or _exists(Event, territory.id, title):
            continue
        starts = datetime.datetime.combine(today + datetime.timedelta(days=days),
                                           datetime.time(hour))
        tk.get_action("odl_event_create")({"user": admin}, {
            "territory_id": territory.id, "title": title, "kind": kind,
            "starts_at": starts.isoformat(timespec="minutes"),
            "ends_at": (starts + datetime.timedelta(hours=hours)).isoformat(timespec="minutes"),
            "place": place, "online_url": online, "audience": audience,
            "visibility": visibility, "description": f"{description} (Événement de démonstration.)"})
        made += 1
    return made


def _voter(name: str) -> str:
    import secrets
    if model.User.by_name(name) is None:
        tk.get_action("user_create")({"ignore_auth": True}, {
            "name": name, "email": f"{name}@demo.opendatalocale.invalid",
            "password": secrets.token_urlsafe(24), "fullname": "Habitant de la démo"})
    return name


def _load_votes() -> int:
    """« Moi aussi » on the pilot's open requests, so its public page shows them."""
    territory = model.Group.get("saint-etienne")
    if territory is None:
        return 0
    given = 0
    for title, count in VOTES:
        request = model.Session.query(DataRequest).filter(
            DataRequest.territory_id == territory.id, DataRequest.title == title).first()
        if request is None or not request_states.is_public(request.state):
            continue
        for name in VOTERS[:count]:
            try:
                tk.get_action("odl_data_request_vote")({"user": _voter(name)},
                                                       {"id": request.id})
                given += 1
            except tk.ValidationError:
                pass  # already supported: the demo loaded before
    return given


# territory, dataset, question, details, the territory's answer: asked, published and
# answered through the suite's actions, so the dataset page and the public page show
# a discussion answered by the territory (never by a named agent).
QUESTIONS = (
    ("saint-etienne", "subventions-associations-saint-etienne",
     "Les subventions en nature figurent-elles dans ce fichier ?",
     "Je cherche aussi les prêts de salles aux associations. (Question de démonstration.)",
     "Non : le fichier recense les subventions en numéraire de plus de 23 000 €, comme le "
     "prévoit la loi. Les aides en nature figurent dans l'annexe du compte administratif ; "
     "nous étudions leur publication. (Réponse de démonstration.)"),
)


def _load_questions(admin: str) -> int:
    from .question_model import Question
    made = 0
    for name, dataset_name, title, body, answer in QUESTIONS:
        territory, dataset = model.Group.get(name), model.Package.by_name(dataset_name)
        if territory is None or dataset is None or dataset.private or _exists(
                Question, territory.id, title):
            continue
        asked = tk.get_action("odl_question_create")({"user": admin}, {
            "dataset_id": dataset.id, "title": title, "body": body})
        if asked["state"] != "publiee":
            tk.get_action("odl_question_moderate")({"user": admin},
                                                   {"id": asked["id"], "state": "publiee"})
        tk.get_action("odl_question_answer")({"user": admin}, {"id": asked["id"], "body": answer})
        made += 1
    return made
