// junit: gopherage's junit (pkg/cov/junit) for the gobase baseline; see main.go.
package main

import (
	"encoding/xml"
	"fmt"
	"path"
	"strings"

	"golang.org/x/tools/cover"
)

// ---- junit (gopherage pkg/cov/junit) -------------------------------------

type coverage struct {
	name           string
	covered, total int
}

func (c coverage) ratio() float32 {
	if c.total == 0 {
		return 1
	}
	return float32(c.covered) / float32(c.total)
}

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

type testsuite struct {
	XMLName   string     `xml:"testsuite"`
	Testcases []testCase `xml:"testcase"`
}

func (ts *testsuite) add(name string, ratio, threshold float32) {
	tc := testCase{ClassName: "go_coverage", Name: name, Time: "0",
		Properties: properties{List: []property{{Name: "coverage", Value: fmt.Sprintf("%.1f", ratio*100)}}}}
	if ratio < threshold {
		tc.Failure = fmt.Sprintf("code coverage of %.0f%% is below threshold of %.0f%%", 100*ratio, 100*threshold)
	}
	ts.Testcases = append(ts.Testcases, tc)
}

// sum totals a list (gopherage's CoverageList.summarize).
func sum(name string, group []coverage) coverage {
	c := coverage{name: name}
	for _, g := range group {
		c.covered += g.covered
		c.total += g.total
	}
	return c
}

func junitXML(profiles []*cover.Profile, threshold float32) ([]byte, error) {
	group := make([]coverage, 0, len(profiles))
	for _, p := range profiles {
		c := coverage{name: p.FileName}
		for _, b := range p.Blocks {
			c.total += b.NumStmt
			if b.Count > 0 {
				c.covered += b.NumStmt
			}
		}
		group = append(group, c)
	}
	ts := testsuite{}
	ts.add("OVERALL", sum("summary", group).ratio(), threshold)
	for _, c := range group {
		ts.add(c.name, c.ratio(), threshold)
	}
	dirs := map[string]bool{}
	for _, c := range group {
		dirs[path.Dir(c.name)] = true
	}
	for dir := range dirs { // Go map order, as gopherage
		var sub []coverage // gopherage's Subset: every file whose name has the prefix
		for _, c := range group {
			if strings.HasPrefix(c.name, dir) {
				sub = append(sub, c)
			}
		}
		ts.add(dir, sum(dir, sub).ratio(), threshold)
	}
	return xml.MarshalIndent(ts, "", "    ")
}
