#!/usr/bin/env bash
# Checks the shipped Prometheus configuration with promtool (Debian package prometheus):
# the scrape config, the alert rules and the rules' unit tests (alerts_test.yml).
set -euo pipefail
cd "$(dirname "$0")"
promtool check config prometheus.yml
promtool check rules alerts.yml
promtool test rules alerts_test.yml
