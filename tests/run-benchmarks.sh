#!/usr/bin/env bash
# Runs every benchmark (tests/**/*Benchmark.java and the JMH benchmarks, if any) against the same real Keycloak,
# PostgreSQL and jars the integration tests use, then writes docs/benchmarks.md from their reports.
# Not part of the test run. Takes ~15 minutes on 2 cores; run it on an otherwise idle machine.
#   tests/run-benchmarks.sh                 # all
#   tests/run-benchmarks.sh LoginBenchmark  # one (the other generated sections keep their last reports from tests/target)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-'*Benchmark'}
if [ "$which" = '*Benchmark' ]; then rm -rf tests/target/benchmarks; fi
./mvnw -B verify -pl tests -am -Pbenchmark -Dit.test="$which" -Dtest=skip -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false
# Replace the generated block of docs/benchmarks.md (between the markers) with the fresh reports; the
# hand-written sections around it (JMH, DSR export) stay.
python3 - <<'PY'
import glob, re
doc = open("docs/benchmarks.md").read()
reports = "\n".join(open(f).read().rstrip() + "\n" for f in sorted(glob.glob("tests/target/benchmarks/*.md")))
block = "<!-- generated:start -->\n" + reports + "<!-- generated:end -->"
doc = re.sub(r"<!-- generated:start -->.*?<!-- generated:end -->", lambda m: block, doc, flags=re.S)
open("docs/benchmarks.md", "w").write(doc)
PY
echo "wrote docs/benchmarks.md from $(ls tests/target/benchmarks | wc -l) reports"
