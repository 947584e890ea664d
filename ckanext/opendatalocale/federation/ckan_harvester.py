"""The suite's CKAN harvester (plugin ``opendatalocale_ckan_harvester``, source type
``odl_ckan``): another CKAN's API harvested into a territory.

ckanext-harvest's own ``ckan`` harvester reads with ``requests`` (any address, no
deadline, no size cap), creates the copy under the remote dataset's id (a remote site
could then overwrite any local dataset by giving its id), bypasses the site's dataset
schema, and never removes what the remote site removed. This subclass keeps its
paging (``_search_for_datasets``: package_search by 100, sorted by id) and replaces the
rest:

* ``_get_content`` reads through fetch.py (public addresses only unless
  ``ckanext.opendatalocale.fetch.allowed_networks``, deadline, size cap, redirects
  checked at each hop); any fault stops the job with a French gather error before a
  dataset is touched;
* every run lists the whole remote catalogue (never "modified since"), so that a
  dataset gone from the source is deleted here too;
* each dataset goes through ``ckan_terms.local_dataset`` then ``harvesting.prepare``
  (territory, identifier, schema fit, SCDL schema), and is created under a local id,
  found again on the next run by the remote id (the harvest object's guid) within
  this source only.
"""
from __future__ import annotations

import io
import json
import logging
import uuid
from typing import List, Optional

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import model
from ckanext.harvest.harvesters.ckanharvester import (
    CKANHarvester, ContentFetchError, SearchError,
)
from ckanext.harvest.model import HarvestObject, HarvestObjectError, HarvestObjectExtra

from .. import fetch, remote_copy
from ..scdl.i18n import translate as _
from ..scdl.site_catalogue import catalogue
from . import ckan_terms, harvest_terms, harvesting

log = logging.getLogger(__name__)

_MAX_PAGE_MB = 20


class OpenDataLocaleCKANHarvester(CKANHarvester):
    _refusal: Optional[str] = None

    def info(self):
        return {
            "name": "odl_ckan",
            "title": "CKAN (API d'un autre portail CKAN)",
            "description": _("Moissonne le catalogue d'un autre site CKAN (son API) dans "
                             "le territoire de la source, en passant par le lecteur "
                             "sécurisé de la plateforme."),
            "form_config_interface": "Text",
        }

    def validate_config(self, config):
        config = super().validate_config(config)
        if config and json.loads(config).get("api_key"):
            # Said on the form rather than silently dropped at the first harvest.
            raise ValueError(_("La clé d'API (api_key) n'est pas prise en charge : la "
                               "plateforme ne lit que les jeux de données publics de la "
                               "source, sans identifiants."))
        return config

    def _set_config(self, config_str):
        super()._set_config(config_str)
        # The whole catalogue each time: removals are only seen on a full listing.
        self.config["force_all"] = True

    def _get_content(self, url):
        # No api_key nor User-Agent from the source's config: fetch.py sends no
        # credentials (a key would follow a redirect to any host), so only public
        # remote datasets are harvested.
        self._refusal = None
        body = io.BytesIO()
        try:
            fetch.fetch(url, body, remote_copy.policy(max_bytes=_MAX_PAGE_MB * 1024 * 1024),
                        accept="application/json")
        except fetch.FetchRefused as error:
            self._refusal = str(error)
            raise ContentFetchError(str(error))
        try:
            return body.getvalue().decode("utf-8")
        except UnicodeDecodeError:
            self._refusal = _("sa réponse n'est pas du texte UTF-8.")
            raise ContentFetchError(self._refusal)

    @staticmethod
    def _get_object_extra(harvest_object, key):
        for extra in harvest_object.extras:
            if extra.key == key:
                return extra.value
        return None

    def gather_stage(self, harvest_job):
        self._set_config(harvest_job.source.config)
        source = harvest_job.source
        if harvesting.source_territory(source.id) is None:
            self._save_gather_error(harvest_terms.no_territory(source.title or source.id), harvest_job)
            return None
        base_url = (source.url or "").strip().rstrip("/")
        search_url = base_url + self._get_search_api_offset()
        try:
            fetch.check_url(search_url)
        except fetch.FetchRefused as error:
            self._save_gather_error(harvest_terms.unreadable_source(base_url, str(error)), harvest_job)
            return None

        fq_terms = []
        include = self.config.get("organizations_filter_include", [])
        exclude = self.config.get("organizations_filter_exclude", [])
        if include:
            fq_terms.append(" OR ".join("organization:%s" % name for name in include))
        elif exclude:
            fq_terms.extend("-organization:%s" % name for name in exclude)
        try:
            remote_datasets = self._search_for_datasets(base_url, fq_terms)
        except SearchError as error:
            reason = self._refusal or _(
                "sa réponse n'est pas celle de l'API de CKAN (package_search) : {detail}."
            ).format(detail=str(error)[:200])
            self._save_gather_error(harvest_terms.unreadable_source(base_url, reason), harvest_job)
            return None
        if not remote_datasets:
            # An empty answer is more often a broken portal than an emptied catalogue:
            # nothing is deleted on its word.
            self._save_gather_error(harvest_terms.unreadable_source(
                base_url, _("son API ne liste aucun jeu de données public.")), harvest_job)
            return None

        object_ids, seen = [], set()
        for remote in remote_datasets:
            guid = remote.get("id")
            if not guid or guid in seen or remote.get("type") == "harvest":
                continue
            seen.add(guid)
            obj = HarvestObject(guid=guid, job=harvest_job, content=json.dumps(remote),
                                extras=[HarvestObjectExtra(key="base_url", value=base_url)])
            obj.save()
            object_ids.append(obj.id)
        return object_ids + self._removed(harvest_job, seen)

    def _current_objects(self, source_id: str, guid: Optional[str] = None):
        query = model.Session.query(HarvestObject).filter(
            HarvestObject.current == True,  # noqa: E712
            HarvestObject.harvest_source_id == source_id)
        if guid is not None:
            query = query.filter(HarvestObject.guid == guid)
        return query

    def _removed(self, harvest_job, seen) -> List[str]:
        """Harvest objects marking for deletion what this source gave before and no
        longer lists."""
        ids = []
        for previous in self._current_objects(harvest_job.source.id).all():
            if previous.guid in seen or not previous.package_id:
                continue
            obj = HarvestObject(guid=previous.guid, job=harvest_job, package_id=previous.package_id,
                                extras=[HarvestObjectExtra(key="status", value="delete")])
            previous.current = False
            obj.save()
            ids.append(obj.id)
        return ids

    def modify_package_dict(self, package_dict, harvest_object):
        base_url = self._get_object_extra(harvest_object, "base_url") or harvest_object.source.url
        dataset = ckan_terms.local_dataset(package_dict, base_url, catalogue())
        harvesting.prepare(harvest_object, dataset)
        return dataset

    def import_stage(self, harvest_object):
        context = {"model": model, "session": model.Session,
                   "user": self._get_user_name(), "ignore_auth": True}
        if self._get_object_extra(harvest_object, "status") == "delete":
            try:
                tk.get_action("package_delete")(dict(context), {"id": harvest_object.package_id})
            except tk.ObjectNotFound:
                pass
            return True
        self._set_config(harvest_object.job.source.config)
        try:
            remote = json.loads(harvest_object.content or "")
        except ValueError:
            self._save_object_error(_("Le contenu moissonné ({guid}) n'est pas du JSON lisible.")
                                    .format(guid=harvest_object.guid), harvest_object, "Import")
            return False
        dataset = self.modify_package_dict(remote, harvest_object)
        if not dataset:
            # Emptied by prepare: refused (it recorded why: an error), or held for a
            # sysadmin to place (not an error of this harvest).
            refused = model.Session.query(HarvestObjectError).filter_by(
                harvest_object_id=harvest_object.id).count()
            return False if refused else "unchanged"

        previous = self._current_objects(harvest_object.source.id, harvest_object.guid).first()
        existing = model.Package.get(previous.package_id) if previous and previous.package_id else None
        try:
            if existing is not None and existing.state != "deleted":
                dataset["id"] = existing.id
                dataset["name"] = existing.name
                tk.get_action("package_update")(dict(context), dataset)
                self._current_objects(harvest_object.source.id, harvest_object.guid).update(
                    {"current": False}, synchronize_session=False)
                harvest_object.package_id = existing.id
                harvest_object.current = True
                harvest_object.save()
            else:
                dataset["id"] = str(uuid.uuid4())
                dataset["name"] = self._gen_new_name(dataset.get("name") or dataset.get("title"))
                self._current_objects(harvest_object.source.id, harvest_object.guid).update(
                    {"current": False}, synchronize_session=False)
                harvest_object.package_id = dataset["id"]
                harvest_object.current = True
                harvest_object.add()
                # ckanext-harvest's index hook looks the dataset's harvest object up.
                model.Session.execute(sa.text("SET CONSTRAINTS harvest_object_package_id_fkey DEFERRED"))
                model.Session.flush()
                tk.get_action("package_create")(dict(context), dataset)
            model.Session.commit()
            # The suite's after-save step (SCDL validation of new or changed files), as
            # the DCAT harvester's hook calls it.
            harvesting.after_import(harvest_object, dataset)
        except tk.ValidationError as error:
            model.Session.rollback()
            fields = "; ".join(f"{key} : {', '.join(map(str, value)) if isinstance(value, list) else value}"
                               for key, value in (error.error_dict or {}).items())
            self._save_object_error(
                _("Le jeu de données « {title} » n'a pas été moissonné : {fields}.")
                .format(title=dataset.get("title") or harvest_object.guid, fields=fields),
                harvest_object, "Import")
            return False
        return True
