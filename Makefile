# Two commands do everything on a fresh Debian 12 machine, as root:
#   make run    set up, load the demo, serve http://127.0.0.1:5000
#   make test   set up and run the whole suite (CKAN 2.11.6 and 2.12.0)
#   make test-pure  the pure tests only, in a virtualenv without CKAN (no services)
# CKAN_VERSION picks one release: make run CKAN_VERSION=2.12.0 / make test CKAN_VERSION=2.12.0

SUPPORTED_CKAN_VERSIONS := 2.11.6 2.12.0
ifeq ($(origin CKAN_VERSION),undefined)
CKAN_VERSION := 2.11.6
TEST_CKAN_VERSIONS := $(SUPPORTED_CKAN_VERSIONS)
else
TEST_CKAN_VERSIONS := $(CKAN_VERSION)
endif
PYTEST_ARGS ?=

.PHONY: run test test-pure stop setup i18n referential backup restore

run:
	CKAN_VERSION=$(CKAN_VERSION) bash devstack/run.sh

setup:
	CKAN_VERSION=$(CKAN_VERSION) bash devstack/setup.sh

# Every version runs even when one fails, so a red run says which versions are red.
# Set-ups run one after the other (apt, Solr, Redis are shared); the test runs then go
# side by side, one per core: each uses about one (the first is shown live, the others'
# output follows when they end).
test:
	@for version in $(TEST_CKAN_VERSIONS); do \
	  CKAN_VERSION=$$version bash devstack/setup.sh || exit 1; \
	done; \
	mkdir -p .devstack; first=""; others=""; \
	for version in $(TEST_CKAN_VERSIONS); do \
	  if [ -z "$$first" ]; then first=$$version; continue; fi; \
	  (ODL_SKIP_SETUP=1 CKAN_VERSION=$$version bash devstack/test.sh $(PYTEST_ARGS) \
	    > .devstack/test-$$version.log 2>&1; echo $$? > .devstack/test-$$version.status) & \
	  others="$$others $$version"; \
	done; \
	failed=""; \
	ODL_SKIP_SETUP=1 CKAN_VERSION=$$first bash devstack/test.sh $(PYTEST_ARGS) || failed="$$first"; \
	wait; \
	for version in $$others; do \
	  cat .devstack/test-$$version.log; \
	  [ "$$(cat .devstack/test-$$version.status)" = 0 ] || failed="$$failed $$version"; \
	done; \
	if [ -n "$$failed" ]; then echo "[devstack] suite en échec sur CKAN $$failed"; exit 1; fi; \
	echo "[devstack] suite réussie sur CKAN $(TEST_CKAN_VERSIONS)"

# Domain code only (tests marked ckan are left out): no CKAN, no database, in seconds.
test-pure:
	bash devstack/test-pure.sh $(PYTEST_ARGS)

stop:
	CKAN_VERSION=$(CKAN_VERSION) bash devstack/stop.sh

# make backup [BACKUP=file] / make restore BACKUP=file (the demo site of CKAN_VERSION).
backup:
	CKAN_VERSION=$(CKAN_VERSION) bash devstack/backup.sh $(BACKUP)

restore:
	CKAN_VERSION=$(CKAN_VERSION) bash devstack/restore.sh $(BACKUP)

i18n:
	CKAN_VERSION=$(CKAN_VERSION) bash devstack/i18n.sh

referential:
	bash devstack/referential.sh

# Pictures of the README (docs/screenshots/) from the running demo (`make run` first):
# headless Chromium, the pages found through the site's API. SITE_URL picks another site.
.PHONY: screenshots
screenshots:
	.devstack/venv-$(CKAN_VERSION)/bin/python devstack/screenshots.py --site $${SITE_URL:-http://127.0.0.1:5000} --out docs/screenshots
