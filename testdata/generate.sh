#!/usr/bin/env bash
# Regenerate the committed coverage fixtures under testdata/ from Go's own
# standard-library tests (and two tiny packages under testdata/gosrc/).
#
# Needs Go 1.23 (Debian: golang-1.23-go); no network. Usage:
#   testdata/generate.sh            # uses /usr/lib/go-1.23/bin/go
#   GO=/path/to/go testdata/generate.sh
#
# Go's output is deterministic for these packages and -run selections (the
# tests seed their own random sources), so running this twice gives identical
# files; `git diff --stat testdata` after a run shows whether anything moved.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GO="${GO:-/usr/lib/go-1.23/bin/go}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

export GOTOOLCHAIN=local GOFLAGS= GOPROXY=off GONOSUMDB= GOSUMDB=off
export GOCACHE="$WORK/gocache" GOPATH="$WORK/gopath" GO111MODULE=on
export CGO_ENABLED=0 LC_ALL=C

version="$("$GO" env GOVERSION)"
case "$version" in
  go1.23*) ;;
  *) echo "generate.sh: want Go 1.23, got $version ($GO)" >&2; exit 1 ;;
esac

# gotest OUT ARGS... : run `go test ARGS -coverprofile=OUT` from a neutral dir.
gotest() {
  local out="$1"; shift
  mkdir -p "$(dirname "$out")"
  if ! (cd "$WORK" && "$GO" test -short -count=1 -coverprofile="$out.tmp" "$@" >"$WORK/log" 2>&1); then
    cat "$WORK/log" >&2
    echo "generate.sh: go test $* failed" >&2
    exit 1
  fi
  mv "$out.tmp" "$out"
}

# runfilter PKG: the -run pattern for PKG. sort's randomized tests seed from
# the clock, so only its deterministic tests run.
runfilter() {
  case "$1" in
    sort) echo '^(TestSortIntSlice|TestSortFloat64Slice|TestSortStringSlice|TestInts|TestFloat64s|TestStrings|TestSlice|TestReverseSortIntSlice|TestBreakPatterns|TestReverseRange|TestNonDeterministicComparison|TestAdversary|TestStableInts|TestSearch.*|TestFind.*)$' ;;
    *) echo '.' ;;
  esac
}

rm -rf "$HERE/std" "$HERE/coverpkg" "$HERE/multi" "$HERE/beforeafter" \
  "$HERE/example" "$HERE/incoherent" "$HERE/modemismatch"

# 1. std/<mode>/<pkg>.cov: single-package profiles in each mode.
for mode in set count atomic; do
  for pkg in container/list path sort unicode/utf8 text/tabwriter encoding/csv; do
    gotest "$HERE/std/$mode/$(basename "$pkg").cov" -covermode="$mode" -run "$(runfilter "$pkg")" "$pkg"
  done
done

# 2. coverpkg/<testpkg>.cov: one -coverpkg list profiled by different test
#    packages: identical block lists (cmd/go links every -coverpkg package
#    into each test binary), different counts (stand-ins for
#    branches/releases). set-mode copies in coverpkg/set/.
for tp in strings unicode/utf8 encoding/csv text/tabwriter; do
  gotest "$HERE/coverpkg/$(basename "$tp").cov" -covermode=count -coverpkg=strings,unicode/utf8 "$tp"
  gotest "$HERE/coverpkg/set/$(basename "$tp").cov" -covermode=set -coverpkg=strings,unicode/utf8 "$tp"
done

# 3. multi/multi.cov: one real multi-package run; cmd/go concatenates the
#    per-package profiles, so every block appears once per test package.
gotest "$HERE/multi/multi.cov" -covermode=count -coverpkg=container/list,path \
  container/list path

# 4. beforeafter/{before,after}/<pkg>.cov: a subset of the tests, then a
#    superset, so after >= before for every block (count and set mode).
ba() { # ba MODE DIRSUFFIX
  local mode="$1" sfx="$2"
  gotest "$HERE/beforeafter/before$sfx/list.cov" -covermode="$mode" -run '^TestList$' container/list
  gotest "$HERE/beforeafter/after$sfx/list.cov" -covermode="$mode" -run '^(TestList|TestExtending|TestRemove|TestMove.*)$' container/list
  gotest "$HERE/beforeafter/before$sfx/path.cov" -covermode="$mode" -run '^TestClean$' path
  gotest "$HERE/beforeafter/after$sfx/path.cov" -covermode="$mode" -run '^(TestClean|TestJoin|TestSplit|TestMatch)$' path
}
ba count ""
ba set "-set"

# 5. example/: the README example, three small coherent count profiles of
#    container/list made by different tests.
gotest "$HERE/example/list-basic.cov" -covermode=count -run '^TestList$' container/list
gotest "$HERE/example/list-extending.cov" -covermode=count -run '^TestExtending$' container/list
gotest "$HERE/example/list-move.cov" -covermode=count -run '^TestMove.*$' container/list

# 6. incoherent/{v1,v2}.cov: two versions of one tiny package (same file
#    name, different blocks), as from two different builds.
for v in v1 v2; do
  rm -rf "$WORK/tiny" && cp -r "$HERE/gosrc/tiny-$v" "$WORK/tiny"
  mkdir -p "$HERE/incoherent"
  (cd "$WORK/tiny" && "$GO" test -count=1 -covermode=count -coverprofile="$HERE/incoherent/$v.cov" . >/dev/null)
done

# 7. modemismatch/: the same package in set and count mode.
mkdir -p "$HERE/modemismatch"
cp "$HERE/std/set/list.cov" "$HERE/modemismatch/set.cov"
cp "$HERE/std/count/list.cov" "$HERE/modemismatch/count.cov"

# 8. markers/cover.out: the generated-code and ignore-marker fixture module.
(cd "$HERE/markers" && "$GO" test -count=1 -coverprofile="$WORK/markers.cov" ./... >/dev/null)
mv "$WORK/markers.cov" "$HERE/markers/cover.out"

echo "generated with $version into $HERE"
