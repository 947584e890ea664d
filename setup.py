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
    install_requires=[],  # pinned in requirements.txt, installed next to CKAN
    entry_points={
        "ckan.plugins": [
            "opendatalocale = ckanext.opendatalocale.plugin:OpenDataLocalePlugin",
            "opendatalocale_territories = ckanext.opendatalocale.plugin:TerritoriesPlugin",
            "opendatalocale_menus = ckanext.opendatalocale.plugin:MenusPlugin",
            "opendatalocale_dedup = ckanext.opendatalocale.plugin:DedupPlugin",
            "opendatalocale_engagement = ckanext.opendatalocale.plugin:EngagementPlugin",
            "opendatalocale_dcat = ckanext.opendatalocale.plugin:DcatPlugin",
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
