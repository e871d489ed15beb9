// Command coverref is the Go side of the parser/merge parity tests: it parses
// profiles with golang.org/x/tools/cover (Go's reference parser, the one
// gopherage uses) and prints them the way gopherage's DumpProfile does.
//
// Usage (GOPATH mode, x/tools from Debian's golang-golang-x-tools-dev):
//
//	GOPATH=$PWD/test/go/coverref:/usr/share/gocode GO111MODULE=off go run coverref PROFILE...
//
// One PROFILE: its canonical form (ParseProfiles sorts files and blocks and
// merges identical blocks). Several: gopherage's merge algorithm — the inputs
// must cover the same blocks for each shared file, and counts are summed (in
// every mode, as gopherage does; callers compare count/atomic inputs only).
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"

	"golang.org/x/tools/cover"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: coverref PROFILE...")
		os.Exit(2)
	}
	var merged []*cover.Profile
	for i, path := range os.Args[1:] {
		profiles, err := cover.ParseProfiles(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "coverref: %s: %v\n", path, err)
			os.Exit(1)
		}
		if i == 0 {
			merged = profiles
			continue
		}
		merged, err = mergeTwo(merged, profiles)
		if err != nil {
			fmt.Fprintf(os.Stderr, "coverref: %s: %v\n", path, err)
			os.Exit(1)
		}
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	mode := "set"
	if len(merged) > 0 {
		mode = merged[0].Mode
	}
	fmt.Fprintf(w, "mode: %s\n", mode)
	for _, p := range merged {
		for _, b := range p.Blocks {
			fmt.Fprintf(w, "%s:%d.%d,%d.%d %d %d\n", p.FileName, b.StartLine, b.StartCol, b.EndLine, b.EndCol, b.NumStmt, b.Count)
		}
	}
}

// mergeTwo follows gopherage's cov.MergeProfiles: same file => same blocks,
// counts summed; files present in only one input are kept.
func mergeTwo(a, b []*cover.Profile) ([]*cover.Profile, error) {
	byName := map[string]*cover.Profile{}
	for _, p := range a {
		byName[p.FileName] = p
	}
	for _, q := range b {
		p, ok := byName[q.FileName]
		if !ok {
			byName[q.FileName] = q
			continue
		}
		if p.Mode != q.Mode {
			return nil, fmt.Errorf("mode mismatch: %s vs %s", p.Mode, q.Mode)
		}
		if len(p.Blocks) != len(q.Blocks) {
			return nil, fmt.Errorf("%s: different block counts", q.FileName)
		}
		for i := range p.Blocks {
			x, y := &p.Blocks[i], q.Blocks[i]
			if x.StartLine != y.StartLine || x.StartCol != y.StartCol || x.EndLine != y.EndLine || x.EndCol != y.EndCol || x.NumStmt != y.NumStmt {
				return nil, fmt.Errorf("%s: block %d differs", q.FileName, i)
			}
			x.Count += y.Count
		}
	}
	out := make([]*cover.Profile, 0, len(byName))
	for _, p := range byName {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FileName < out[j].FileName })
	return out, nil
}
