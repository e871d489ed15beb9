// Command junitref is the Go side of the JUnit parity test: it computes
// gopherage's JUnit XML for a profile with the same algorithm and the same
// libraries gopherage uses (golang.org/x/tools/cover to parse, float32 ratios,
// fmt %.1f/%.0f, encoding/xml MarshalIndent with 4 spaces).
//
// Usage (GOPATH mode, x/tools from Debian's golang-golang-x-tools-dev):
//
//	GOPATH=$PWD/test/go/junit:/usr/share/gocode GO111MODULE=off go run junitref -dirs=prefix|exact -t 0.8 PROFILE
//
// -dirs=prefix is gopherage's directory rule (path.Dir of each file, then every
// file whose name has that string prefix), rows sorted here for determinism
// (gopherage emits them in map order). -dirs=exact is this project's rule:
// a directory row holds the files directly in that directory.
package main

import (
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/cover"
)

type property struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type properties struct {
	List []property `xml:"property"`
}

type testCase struct {
	ClassName  string     `xml:"class_name,attr"`
	Name       string     `xml:"name,attr"`
	Time       string     `xml:"time,attr"`
	Failure    string     `xml:"failure,omitempty"`
	Properties properties `xml:"properties"`
}

type testSuite struct {
	XMLName string     `xml:"testsuite"`
	Cases   []testCase `xml:"testcase"`
}

type totals struct {
	name           string
	covered, total int
}

func (t totals) ratio() float32 {
	if t.total == 0 {
		return 1
	}
	return float32(t.covered) / float32(t.total)
}

func (s *testSuite) add(name string, ratio, threshold float32) {
	c := testCase{ClassName: "go_coverage", Name: name, Time: "0",
		Properties: properties{List: []property{{Name: "coverage", Value: fmt.Sprintf("%.1f", ratio*100)}}}}
	if ratio < threshold {
		c.Failure = fmt.Sprintf("code coverage of %.0f%% is below threshold of %.0f%%", 100*ratio, 100*threshold)
	}
	s.Cases = append(s.Cases, c)
}

func main() {
	dirs := flag.String("dirs", "exact", "directory rule: prefix (gopherage) or exact")
	thText := flag.String("t", "0.8", "threshold (parsed as float32, as pflag's Float32 does)")
	flag.Parse()
	th64, err := strconv.ParseFloat(*thText, 32)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	th := float32(th64)
	profiles, err := cover.ParseProfiles(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var files []totals
	overall := totals{name: "OVERALL"}
	for _, p := range profiles {
		t := totals{name: p.FileName}
		for _, b := range p.Blocks {
			t.total += b.NumStmt
			if b.Count > 0 {
				t.covered += b.NumStmt
			}
		}
		files = append(files, t)
		overall.covered += t.covered
		overall.total += t.total
	}
	var ts testSuite
	ts.add(overall.name, overall.ratio(), th)
	for _, f := range files {
		ts.add(f.name, f.ratio(), th)
	}
	dirSet := map[string]bool{}
	for _, f := range files {
		dirSet[path.Dir(f.name)] = true
	}
	var dirNames []string
	for d := range dirSet {
		dirNames = append(dirNames, d)
	}
	sort.Strings(dirNames)
	for _, d := range dirNames {
		t := totals{name: d}
		for _, f := range files {
			in := strings.HasPrefix(f.name, d)
			if *dirs == "exact" {
				in = path.Dir(f.name) == d
			}
			if in {
				t.covered += f.covered
				t.total += f.total
			}
		}
		ts.add(d, t.ratio(), th)
	}
	out, err := xml.MarshalIndent(ts, "", "    ")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(out)
}
