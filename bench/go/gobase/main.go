// gobase: the in-run Go baselines of `npm run bench` for the single-input
// commands. Each subcommand does what kubernetes/test-infra's gopherage does
// for that command, on golang.org/x/tools/cover (Debian's
// golang-golang-x-tools-dev, GOPATH mode), so our timings have a yardstick
// built on this machine from the same parser gopherage uses:
//
//	junit  -t T -o OUT FILE    gopherage junit: OVERALL, every file, every
//	                           directory (gopherage's prefix subset, in Go map
//	                           order), xml.MarshalIndent with 4 spaces
//	filter -o OUT [-include-path RE]... [-exclude-path RE]... FILE
//	                           gopherage filter: one regexp "(a)|(b)" per flag
//	                           kind, matched against file names
//	diff   -o OUT BEFORE AFTER gopherage diff: files pairwise in order, same
//	                           blocks, count = after - before
//	html   -o OUT FILE...      gopherage html: every input's text embedded in
//	                           one html/template page (JS context: JSON plus
//	                           escaping), with a script of gopherage's bundle size
//	table  -o OUT FILE         gopherage has no table: the closest equivalent,
//	                           a per-directory statement summary (parse, sum per
//	                           path.Dir, sort, print), like `go tool cover -func`
//	                           aggregated per package
//
// Profiles are written through a 1 MiB bufio.Writer (gopherage writes them
// unbuffered, one write per line), so the baseline is never slower than
// gopherage there.
//
// Build: GOPATH=/usr/share/gocode GO111MODULE=off go build -o gobase ./bench/go/gobase
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"golang.org/x/tools/cover"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gobase junit|filter|diff|html|table [flags] FILE...")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	out := fs.String("o", "-", "output file")
	threshold := fs.Float64("t", 0.8, "junit: coverage threshold")
	var include, exclude multi
	fs.Var(&include, "include-path", "filter: keep files matching (repeatable)")
	fs.Var(&exclude, "exclude-path", "filter: drop files matching (repeatable)")
	fs.Parse(os.Args[2:])
	if err := run(os.Args[1], *out, fs.Args(), float32(*threshold), include, exclude); err != nil {
		fmt.Fprintln(os.Stderr, "gobase:", err)
		os.Exit(1)
	}
}

func run(cmd, out string, files []string, threshold float32, include, exclude []string) error {
	if len(files) == 0 {
		return errors.New("no inputs")
	}
	w := os.Stdout
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	switch cmd {
	case "junit":
		p, err := cover.ParseProfiles(files[0])
		if err != nil {
			return err
		}
		text, err := junitXML(p, threshold)
		if err != nil {
			return err
		}
		_, err = w.Write(text) // gopherage writes the whole document at once
		return err
	case "filter":
		p, err := cover.ParseProfiles(files[0])
		if err != nil {
			return err
		}
		if len(include) > 0 {
			if p, err = filterPaths(p, include, true); err != nil {
				return err
			}
		}
		if len(exclude) > 0 {
			if p, err = filterPaths(p, exclude, false); err != nil {
				return err
			}
		}
		return dump(p, w)
	case "diff":
		if len(files) != 2 {
			return errors.New("diff needs two files")
		}
		before, err := cover.ParseProfiles(files[0])
		if err != nil {
			return err
		}
		after, err := cover.ParseProfiles(files[1])
		if err != nil {
			return err
		}
		d, err := diffProfiles(before, after)
		if err != nil {
			return err
		}
		return dump(d, w)
	case "html":
		return html(files, w)
	case "table":
		p, err := cover.ParseProfiles(files[0])
		if err != nil {
			return err
		}
		return table(p, w)
	}
	return fmt.Errorf("unknown command %q", cmd)
}

// ---- filter and diff (gopherage pkg/cov) ------------------------------------

func filterPaths(profiles []*cover.Profile, paths []string, include bool) ([]*cover.Profile, error) {
	parts := make([]string, len(paths))
	for i, p := range paths {
		parts[i] = "(" + p + ")"
	}
	re, err := regexp.Compile(strings.Join(parts, "|"))
	if err != nil {
		return nil, err
	}
	result := make([]*cover.Profile, 0, len(profiles))
	for _, p := range profiles {
		if re.MatchString(p.FileName) == include {
			result = append(result, p)
		}
	}
	return result, nil
}

func diffProfiles(before, after []*cover.Profile) ([]*cover.Profile, error) {
	if len(before) != len(after) {
		return nil, fmt.Errorf("different numbers of files (%d vs %d)", len(before), len(after))
	}
	var diff []*cover.Profile
	for i, b := range before {
		a := after[i]
		if a.FileName != b.FileName || len(a.Blocks) != len(b.Blocks) || a.Mode != b.Mode {
			return nil, fmt.Errorf("file #%d does not match (%s vs %s)", i, b.FileName, a.FileName)
		}
		d := cover.Profile{FileName: b.FileName, Mode: b.Mode}
		for j, bb := range b.Blocks {
			ab := a.Blocks[j]
			if ab.StartLine != bb.StartLine || ab.StartCol != bb.StartCol || ab.EndLine != bb.EndLine || ab.EndCol != bb.EndCol || ab.NumStmt != bb.NumStmt {
				return nil, fmt.Errorf("%s: block #%d does not match", b.FileName, j)
			}
			bb.Count = ab.Count - bb.Count
			d.Blocks = append(d.Blocks, bb)
		}
		diff = append(diff, &d)
	}
	return diff, nil
}

// dump writes the canonical profile text (gopherage's DumpProfile), buffered.
func dump(profiles []*cover.Profile, f io.Writer) error {
	if len(profiles) == 0 {
		return errors.New("can't write an empty profile")
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("mode: " + profiles[0].Mode + "\n")
	for _, p := range profiles {
		for _, b := range p.Blocks {
			if _, err := fmt.Fprintf(w, "%s:%d.%d,%d.%d %d %d\n", p.FileName, b.StartLine, b.StartCol, b.EndLine, b.EndCol, b.NumStmt, b.Count); err != nil {
				return err
			}
		}
	}
	return w.Flush()
}
