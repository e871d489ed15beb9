#!/usr/bin/env bash
# Regenerate the committed GOCOVERDIR fixture under testdata/covdata/:
#   gocoverdir/      real covmeta/covcounters files of prog/ (count mode,
#                    -coverpkg=./...), run four times with different arguments
#   gocoverdir.txt   `go tool covdata textfmt -i=gocoverdir` of it
# Golden outputs of convert (lcov/cobertura/json) are refreshed by running the
# tests with UPDATE_GOLDEN=1. Needs Go 1.23 (Debian: golang-1.23-go); no network.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GO="${GO:-/usr/lib/go-1.23/bin/go}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export GOTOOLCHAIN=local GOFLAGS= GOPROXY=off GOCACHE="$WORK/gocache" CGO_ENABLED=0 LC_ALL=C

(cd "$HERE/prog" && "$GO" build -cover -covermode=count -coverpkg=./... -o "$WORK/prog" .)
rm -rf "$HERE/gocoverdir"
mkdir "$HERE/gocoverdir"
for args in "" "x" "x y" "x y z"; do
  # shellcheck disable=SC2086
  GOCOVERDIR="$HERE/gocoverdir" "$WORK/prog" $args >/dev/null
done
"$GO" tool covdata textfmt -i="$HERE/gocoverdir" -o="$HERE/gocoverdir.txt"
echo "regenerated $HERE/gocoverdir and gocoverdir.txt"
