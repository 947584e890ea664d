from setuptools import find_packages, setup

setup(
    name="ckanext-opendatalocale",
    version="0.1.0",
    description=(
        "CKAN 2.11/2.12 suite for French local governments following the "
        "OpenDataLocale programme: SCDL schemas, territories, canteen menus, "
        "duplicates, engagement, DCAT"
    ),
    license="AGPL-3.0-or-later",
    packages=find_packages(include=["ckanext", "ckanext.*"]),
    namespace_packages=["ckanext"],
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.10",
    # What the suite imports at run time besides CKAN itself (which a site already has),
    # with the ranges it works with; requirements.txt pins the versions checked with
    # CKAN 2.11.6 and 2.12.0. frictionless is only a development requirement: the
    # validator follows its semantics, tests/scdl/test_parity_frictionless.py checks it.
    install_requires=[
        "ckanext-scheming>=3.1,<4",
        "python-stdnum>=1.18,<3",  # 1.18: La Poste's SIRET rule
        "python-dateutil>=2.8,<3",  # Table Schema dates (also pinned by CKAN)
        "PyYAML>=6.0",  # phases and dataset-type files (also pinned by CKAN)
        "urllib3>=2.2,<3",  # fetch.py's guarded connections, HTTPResponse.read1 (CKAN pins it too)
        "rfc3986>=1.4,<3",  # Table Schema `uri` format
        "isodate>=0.6,<1",  # Table Schema `duration`
        "validators>=0.18,<1",  # Table Schema `email` and `uuid` formats
        "python-calamine>=0.9,<1",  # .xlsx, .xls and .ods resources validated like CSV
        "Babel>=2.12,<3",  # display.py: numbers and dates in the page's language (CKAN pins it too)
        "rapidfuzz>=3.9,<4",  # dedup: title and description similarity inside blocks
        "ckanext-dcat>=2.4,<3",  # opendatalocale_dcat builds on its DCAT-AP profiles
        "icalendar>=6.1,<8",  # engagement: the events' iCalendar feeds (RFC 5545)
        "weasyprint>=70,<71",  # publishing: the kit d'accompagnement as a PDF
    ],
    entry_points={
        "ckan.plugins": [
            "opendatalocale = ckanext.opendatalocale.plugin:OpenDataLocalePlugin",
            "opendatalocale_territories = ckanext.opendatalocale.territories.plugin:TerritoriesPlugin",
            "opendatalocale_menus = ckanext.opendatalocale.menus.plugin:MenusPlugin",
            "opendatalocale_engagement = ckanext.opendatalocale.engagement.plugin:EngagementPlugin",
            "opendatalocale_dcat = ckanext.opendatalocale.federation.plugin:FederationPlugin",
            "opendatalocale_harvest = ckanext.opendatalocale.federation.plugin:HarvestPlugin",
            "opendatalocale_ckan_harvester = ckanext.opendatalocale.federation.ckan_harvester:OpenDataLocaleCKANHarvester",
            "opendatalocale_dedup = ckanext.opendatalocale.dedup.plugin:DedupPlugin",
            "opendatalocale_publishing = ckanext.opendatalocale.publishing.plugin:PublishingPlugin",
        ],
        "ckan.rdf.profiles": [
            "opendatalocale_dcat_ap = ckanext.opendatalocale.federation.profile:OpenDataLocaleDCATAPProfile",
            "opendatalocale_dcat_ap_2 = ckanext.opendatalocale.federation.profile:OpenDataLocaleDCATAP2Profile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
