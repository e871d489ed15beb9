#!/bin/sh
# Regenerates std.out.gz: the coverage profile of a real `go test -covermode=set`
# run (Go 1.23) over a sample of standard-library packages. test/blocks-std.test.ts
# compares the blocks in it (counts ignored) with the blocks gopherage computes
# from /usr/lib/go-1.23/src. Tests are not run (-run '^$'): the profile lists
# every block of every instrumented file either way. Takes a few minutes.
# `time` is left out: its test binary panics at init without a time zone
# database (America/Los_Angeles) on minimal systems.
set -eu
GO=${GO:-/usr/lib/go-1.23/bin/go}
here=$(cd "$(dirname "$0")" && pwd)
pkgs=$(cat "$here/packages.txt")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# shellcheck disable=SC2086
GOTOOLCHAIN=local GOFLAGS= "$GO" test -covermode=set -coverprofile="$tmp/std.out" -run '^$' $pkgs
gzip -9n <"$tmp/std.out" >"$here/std.out.gz"
echo "wrote $here/std.out.gz ($(wc -l <"$tmp/std.out") lines)"
