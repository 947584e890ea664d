"""A visitor logged in through the real login form, as the fault tests browse."""
import re

TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
PASSWORD = "Mot-de-passe-des-pannes-2025"


def logged_in(app, user):
    client = app.test_client()
    page = client.get("/user/login")
    client.post("/user/login", data={"login": user["name"], "password": PASSWORD,
                                     "_csrf_token": TOKEN.search(page.body).group(1)})
    return client
