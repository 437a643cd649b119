#!/usr/bin/env bash
# Runs every benchmark (tests/**/*Benchmark.java and the JMH benchmarks, if any) against the same real Keycloak,
# PostgreSQL and jars the integration tests use, then writes docs/benchmarks.md from their reports.
# Not part of the test run. Takes ~15 minutes on 2 cores; run it on an otherwise idle machine.
#   tests/run-benchmarks.sh                 # all
#   tests/run-benchmarks.sh LoginBenchmark  # one
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-'*Benchmark'}
rm -rf tests/target/benchmarks
./mvnw -B verify -pl tests -am -Pbenchmark -Dit.test="$which" -Dtest=skip -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false
{
  cat docs/benchmarks-intro.md
  for f in tests/target/benchmarks/*.md; do
    echo
    cat "$f"
  done
} > docs/benchmarks.md.new
mv docs/benchmarks.md.new docs/benchmarks.md
echo "wrote docs/benchmarks.md from $(ls tests/target/benchmarks | wc -l) reports"
