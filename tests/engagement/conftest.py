"""Fixtures of the engagement tests through CKAN: a territory with one user per role,
a public and a private dataset, another territory and its admin."""
import pytest

PASSWORD = "Mot-de-passe-de-test-2024"
ROLES = ["anonymous", "member", "editor", "admin", "other_admin", "sysadmin"]


@pytest.fixture
def territory(with_plugins, odl_db, clean_index):
    from ckan.tests import factories, helpers

    place = factories.Organization(kind="commune", name="firminy", title="Commune de Firminy",
                                   description="La commune de **Firminy**, dans la Loire.")
    other = factories.Organization(kind="commune", name="roanne", title="Commune de Roanne")
    users = {"anonymous": None,
             "sysadmin": factories.SysadminWithToken(password=PASSWORD,
                                                     email="sysadmin@example.org")}
    for role in ("member", "editor", "admin"):
        users[role] = factories.UserWithToken(password=PASSWORD, email=f"{role}@example.org")
        helpers.call_action("organization_member_create", id=place["id"],
                            username=users[role]["name"], role=role)
    users["other_admin"] = factories.UserWithToken(password=PASSWORD,
                                                   email="other_admin@example.org")
    helpers.call_action("organization_member_create", id=other["id"],
                        username=users["other_admin"]["name"], role="admin")
    users["inhabitant"] = factories.UserWithToken(password=PASSWORD,
                                                  email="habitante.secrete@example.org")
    public = factories.Dataset(owner_org=place["id"], name="budget-2025",
                               title="Budget primitif 2025")
    private = factories.Dataset(owner_org=place["id"], private=True, name="brouillon",
                                title="Brouillon privé")
    return {"territory": place, "other": other, "users": users, "public": public,
            "private": private}


def headers(user):
    return {"Authorization": user["token"]} if user else {}
