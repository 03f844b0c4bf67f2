# Convenience wrappers; the scripts are the source of truth (they need only bash).
.PHONY: setup run test
setup:
	scripts/setup.sh
run:
	scripts/run.sh
test:
	scripts/test.sh
