# The two commands of the README. Each installs what it needs first.
.PHONY: evaluate test bench setup

setup:
	@bash scripts/setup.sh

evaluate: setup
	node packages/cli/bin/frontier.js evaluate

test: setup
	@bash scripts/test.sh

bench: setup
	npm run bench
