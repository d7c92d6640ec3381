# Shorthands for the scripts that do the work; each runs on a fresh Debian
# machine with Go and installs what it needs.
.PHONY: demo test bench fuzz ci

demo: ## claimdesk on its built-in sample mailbox
	scripts/demo

test: ## the whole test suite against real Postgres, Dovecot, S3 and Chromium
	scripts/test

bench: ## the benchmark table of bench/RESULTS.md, against mbsync and qpdf
	bench/run

fuzz: ## every fuzz target, 10 s each (FUZZTIME=1m for longer)
	scripts/fuzz

ci: ## what CI runs
	.ci/run
