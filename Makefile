# Shorthands for the scripts that do the work; each runs on a fresh Debian
# machine with Go and installs what it needs.
.PHONY: demo test bench fuzz deb check-deb ci

demo: ## claimdesk on its built-in sample mailbox
	scripts/demo

test: ## the whole test suite against real Postgres, Dovecot, S3 and Chromium
	scripts/test

bench: ## the benchmark table of bench/RESULTS.md, against mbsync and qpdf
	bench/run

fuzz: ## every fuzz target, 10 s each (FUZZTIME=1m for longer)
	scripts/fuzz

deb: ## the Debian package dist/claimdesk_VERSION_ARCH.deb (nfpm, pinned)
	scripts/deb

check-deb: ## builds the package, checks it with dpkg-deb, installs it and verifies its unit (root)
	scripts/check-deb

ci: ## what CI runs
	.ci/run
