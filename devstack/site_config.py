"""Prints, one per line, what the backup and restore scripts need of a CKAN config file
(its `use = config:` chain resolved as CKAN resolves it): the database URL, its name and
user, and the storage folder."""
import sys
from urllib.parse import urlparse

from ckan.cli import CKANConfigLoader

config = CKANConfigLoader(sys.argv[1]).get_config()
url = config["sqlalchemy.url"]
parsed = urlparse(url)
print(url)
print(parsed.path.lstrip("/"))
print(parsed.username or "")
print(config.get("ckan.storage_path") or "")
