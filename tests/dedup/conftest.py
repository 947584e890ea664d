"""Fixtures of the duplicate tests: a small catalogue and the users of the auth matrix."""
import pytest

PASSWORD = "Mot-de-passe-de-test-2024"
ROLES = ["anonymous", "member", "editor", "admin", "other_admin", "sysadmin"]


@pytest.fixture
def territories(odl_db, clean_index):
    from ckan.tests import factories, helpers

    firminy = factories.Organization(kind="commune", name="firminy", title="Commune de Firminy")
    roanne = factories.Organization(kind="commune", name="roanne", title="Commune de Roanne")
    users = {"anonymous": None, "sysadmin": factories.SysadminWithToken(password=PASSWORD)}
    for role in ("member", "editor", "admin"):
        users[role] = factories.UserWithToken(password=PASSWORD)
        helpers.call_action("organization_member_create", id=firminy["id"],
                            username=users[role]["name"], role=role)
    users["other_admin"] = factories.UserWithToken()
    helpers.call_action("organization_member_create", id=roanne["id"],
                        username=users["other_admin"]["name"], role="admin")
    return firminy, roanne, users


@pytest.fixture
def run_scan():
    """What `odl_duplicate_scan` queues, run here as the jobs worker would run it."""
    def run():
        from ckan.tests import helpers
        from ckanext.opendatalocale.dedup import scan

        started = helpers.call_action("odl_duplicate_scan", {"ignore_auth": False,
                                                             "user": _sysadmin_name()})
        assert started["state"] == "queued"
        scan.run(started["id"])
        return helpers.call_action("odl_duplicate_scan_show", {"user": _sysadmin_name()})
    return run


def _sysadmin_name():
    import ckan.model as model

    return model.Session.query(model.User).filter(model.User.sysadmin.is_(True),
                                                  model.User.state == "active").first().name
