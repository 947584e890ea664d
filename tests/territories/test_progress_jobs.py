"""Dataset changes queue at most one progress job per territory, on a queue served
after the default one (where validations wait), through CKAN on the real Redis."""
import pytest
import ckan.model as model
from ckan.lib import jobs as ckan_jobs
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories, helpers

from ckanext.opendatalocale.territories import jobs
from ckanext.opendatalocale.territories.model import TerritoryProgressRecord


def progress_jobs(territory_id):
    queue = ckan_jobs.get_queue(jobs.BACKGROUND_QUEUE)
    return [job for job in queue.jobs if job.args == [territory_id]]


@pytest.fixture
def pending_cleared():
    redis = connect_to_redis()
    for key in redis.scan_iter(jobs._pending_key("*")):
        redis.delete(key)


@pytest.mark.usefixtures("with_plugins", "territories_db", "clean_index", "clean_queues",
                         "pending_cleared", "with_test_worker")
class TestProgressJobs:
    def test_many_changes_queue_one_job_per_territory_behind_the_default_queue(self):
        territory = factories.Organization(kind="commune")
        other = factories.Organization(kind="commune")
        for number in range(12):
            factories.Dataset(owner_org=territory["id"], title=f"Jeu {number}")
        factories.Dataset(owner_org=other["id"])

        assert len(progress_jobs(territory["id"])) == 1
        assert len(progress_jobs(other["id"])) == 1
        default = ckan_jobs.get_queue()
        assert not [job for job in default.jobs if "avancement" in (job.meta.get("title") or "")]

    def test_only_territories_are_recorded_not_the_datasets_saved(self):
        # IPackageController and IOrganizationController share the `edit` hook name
        territory = factories.Organization(kind="commune")
        datasets = [factories.Dataset(owner_org=territory["id"]) for _ in range(3)]
        for dataset in datasets:
            helpers.call_action("package_patch", id=dataset["id"], notes="Mis à jour")
        queue = ckan_jobs.get_queue(jobs.BACKGROUND_QUEUE)
        recorded = [job.args for job in queue.jobs if job.func_name.endswith("record_territory_progress")]
        assert recorded == [[territory["id"]]]
        assert not [job for job in queue.jobs
                    if job.args[0] in {dataset["id"] for dataset in datasets}
                    and not job.func_name.startswith("ckanext.opendatalocale.dedup")]

    def test_a_change_after_the_job_started_queues_the_next_one(self):
        territory = factories.Organization(kind="commune")
        factories.Dataset(owner_org=territory["id"])
        [waiting] = progress_jobs(territory["id"])

        ckan_jobs.Worker([jobs.BACKGROUND_QUEUE]).work(burst=True)
        assert progress_jobs(territory["id"]) == []
        recorded = model.Session.query(TerritoryProgressRecord).filter_by(
            territory_id=territory["id"]).count()
        assert recorded >= 1

        factories.Dataset(owner_org=territory["id"])
        assert len(progress_jobs(territory["id"])) == 1
        assert waiting.id not in {job.id for job in progress_jobs(territory["id"])}
