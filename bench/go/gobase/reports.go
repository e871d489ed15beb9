// html and table for the gobase baseline (gopherage's html page; a
// per-directory summary standing in for table, which gopherage lacks); see main.go.
package main

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"os"
	"path"
	"sort"
	"strings"

	"golang.org/x/tools/cover"
)

// ---- html (gopherage cmd/html) -----------------------------------------------

// page has the shape of gopherage's static/browser.html: the profiles are
// marshalled into a script (html/template's JS context) next to the bundle.
var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>Coverage</title>
<script type="text/javascript">
var embeddedProfiles = {{ .Coverage }};
{{ .Script }}
</script>
</head>
<body><h1>Coverage summary</h1><div id="table">Loading...</div></body>
</html>
`))

type coverageFile struct {
	Path    string `json:"path"`
	Content string `json:"content"`
}

func html(files []string, w io.Writer) error {
	// gopherage reads its 13,339-byte bundle from disk: a stand-in of that size.
	script := template.JS("/*" + strings.Repeat("x", 13335) + "*/")
	var cov []coverageFile
	for _, f := range files {
		content, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		cov = append(cov, coverageFile{Path: f, Content: string(content)})
	}
	return page.Execute(w, struct {
		Script   template.JS
		Coverage []coverageFile
	}{script, cov})
}

// ---- table (no gopherage command: per-directory summary) --------------------

func table(profiles []*cover.Profile, f io.Writer) error {
	dirs := map[string]*coverage{}
	for _, p := range profiles {
		d := path.Dir(p.FileName)
		c := dirs[d]
		if c == nil {
			c = &coverage{name: d}
			dirs[d] = c
		}
		for _, b := range p.Blocks {
			c.total += b.NumStmt
			if b.Count > 0 {
				c.covered += b.NumStmt
			}
		}
	}
	names := make([]string, 0, len(dirs))
	for d := range dirs {
		names = append(names, d)
	}
	sort.Strings(names)
	w := bufio.NewWriterSize(f, 1<<20)
	all := coverage{}
	for _, d := range names {
		c := dirs[d]
		all.covered += c.covered
		all.total += c.total
		fmt.Fprintf(w, "%-60s %8d/%-8d %5.1f%%\n", d, c.covered, c.total, 100*c.ratio())
	}
	fmt.Fprintf(w, "%-60s %8d/%-8d %5.1f%%\n", "TOTAL", all.covered, all.total, 100*all.ratio())
	return w.Flush()
}
