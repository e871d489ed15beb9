// gomerge: the in-run Go baseline for `npm run bench`. It does what
// kubernetes/test-infra's `gopherage merge` does: load every input fully with
// golang.org/x/tools/cover.ParseProfiles, then fold them pairwise
// (MergeMultipleProfiles: deep copy, coherence check, sum per block — also in
// set mode, as gopherage does), then write the canonical profile
// (DumpProfile's format). Output goes through a 1 MiB bufio.Writer, which
// makes the baseline faster than gopherage's unbuffered writes, never slower.
//
// Built in GOPATH mode against Debian's golang-golang-x-tools-dev:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o gomerge ./bench/go/gomerge
//
// With -aggregate it does what `gopherage aggregate` does instead: the same
// load-everything fold, over counts turned into 0/1 first (how many inputs
// hit each block); the output mode is the inputs', or count for set.
//
// Usage: gomerge [-aggregate] -o OUT FILE...
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"

	"golang.org/x/tools/cover"
)

func main() {
	out := flag.String("o", "-", "output file")
	aggregate := flag.Bool("aggregate", false, "count the inputs that hit each block instead of summing counts")
	flag.Parse()
	if err := run(*out, flag.Args(), *aggregate); err != nil {
		fmt.Fprintln(os.Stderr, "gomerge:", err)
		os.Exit(1)
	}
}

func run(out string, files []string, aggregate bool) error {
	if len(files) == 0 {
		return errors.New("no inputs")
	}
	// Like gopherage: every input is loaded before anything is merged.
	profiles := make([][]*cover.Profile, 0, len(files))
	for _, f := range files {
		p, err := cover.ParseProfiles(f)
		if err != nil {
			return fmt.Errorf("%s: %v", f, err)
		}
		if aggregate {
			for _, fp := range p {
				for i := range fp.Blocks {
					if fp.Blocks[i].Count > 0 {
						fp.Blocks[i].Count = 1
					}
				}
			}
		}
		profiles = append(profiles, p)
	}
	merged := profiles[0]
	for _, p := range profiles[1:] {
		var err error
		if merged, err = mergeProfiles(merged, p); err != nil {
			return err
		}
	}
	if aggregate && merged[0].Mode == "set" {
		for _, p := range merged {
			p.Mode = "count"
		}
	}
	w := os.Stdout
	if out != "-" {
		var err error
		if w, err = os.Create(out); err != nil {
			return err
		}
		defer w.Close()
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := dumpProfile(merged, bw); err != nil {
		return err
	}
	return bw.Flush()
}

// mergeProfiles is gopherage's cov.MergeProfiles.
func mergeProfiles(a []*cover.Profile, b []*cover.Profile) ([]*cover.Profile, error) {
	var result []*cover.Profile
	files := make(map[string]*cover.Profile, len(a))
	for _, profile := range a {
		np := deepCopyProfile(*profile)
		result = append(result, &np)
		files[np.FileName] = &np
	}
	needsSort := false
	for _, profile := range b {
		dest, ok := files[profile.FileName]
		if ok {
			if err := ensureProfilesMatch(profile, dest); err != nil {
				return nil, fmt.Errorf("error merging %s: %v", profile.FileName, err)
			}
			for i, block := range profile.Blocks {
				db := &dest.Blocks[i]
				db.Count += block.Count
			}
		} else {
			np := deepCopyProfile(*profile)
			files[np.FileName] = &np
			result = append(result, &np)
			needsSort = true
		}
	}
	if needsSort {
		sort.Slice(result, func(i, j int) bool { return result[i].FileName < result[j].FileName })
	}
	return result, nil
}

func deepCopyProfile(p cover.Profile) cover.Profile {
	p.Blocks = append([]cover.ProfileBlock(nil), p.Blocks...)
	return p
}

func ensureProfilesMatch(a, b *cover.Profile) error {
	if a.FileName != b.FileName {
		return fmt.Errorf("coverage filename mismatch (%s vs %s)", a.FileName, b.FileName)
	}
	if len(a.Blocks) != len(b.Blocks) {
		return fmt.Errorf("file %s has %d blocks in one profile but %d in another", a.FileName, len(a.Blocks), len(b.Blocks))
	}
	if a.Mode != b.Mode {
		return fmt.Errorf("mode %s does not match mode %s", a.Mode, b.Mode)
	}
	for i, ba := range a.Blocks {
		bb := b.Blocks[i]
		if ba.StartLine != bb.StartLine || ba.StartCol != bb.StartCol || ba.EndLine != bb.EndLine || ba.EndCol != bb.EndCol || ba.NumStmt != bb.NumStmt {
			return fmt.Errorf("%s: block #%d does not match", a.FileName, i)
		}
	}
	return nil
}

// dumpProfile is gopherage's cov.DumpProfile.
func dumpProfile(profiles []*cover.Profile, w *bufio.Writer) error {
	if len(profiles) == 0 {
		return errors.New("can't write an empty profile")
	}
	if _, err := w.WriteString("mode: " + profiles[0].Mode + "\n"); err != nil {
		return err
	}
	for _, p := range profiles {
		for _, b := range p.Blocks {
			if _, err := fmt.Fprintf(w, "%s:%d.%d,%d.%d %d %d\n", p.FileName, b.StartLine, b.StartCol, b.EndLine, b.EndCol, b.NumStmt, b.Count); err != nil {
				return err
			}
		}
	}
	return nil
}
