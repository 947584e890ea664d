"""A canteen service's dataset page leads to its menus."""
from .conftest import headers


def test_dataset_page_links_the_week_and_indicators(canteen, app):
    public = app.get("/cantine/cantines-saint-chamond")
    assert public.status_code == 200
    assert 'href="/cantine/cantines-saint-chamond/menus"' in public.body
    assert 'href="/cantine/cantines-saint-chamond/indicateurs"' in public.body
    assert "/menus/saisie" not in public.body  # only editors are offered the entry form

    editor_view = app.get("/cantine/cantines-saint-chamond", headers=headers(canteen["editor"]))
    assert 'href="/cantine/cantines-saint-chamond/menus/saisie"' in editor_view.body
