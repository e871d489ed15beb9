// Command regexref is the Go side of the path-pattern parity test: it reads
// {"patterns": [...], "names": [hex of each name's bytes]} on stdin and
// prints, for each pattern, one JSON line: whether Go's regexp.MatchString
// finds it in each name, or {"error": ...} when Go rejects the pattern.
package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
)

func main() {
	var in struct {
		Patterns []string `json:"patterns"`
		Names    []string `json:"names"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	names := make([]string, len(in.Names))
	for i, h := range in.Names {
		b, err := hex.DecodeString(h)
		if err != nil {
			panic(err)
		}
		names[i] = string(b)
	}
	for _, p := range in.Patterns {
		var out interface{}
		if re, err := regexp.Compile(p); err != nil {
			out = map[string]string{"error": err.Error()}
		} else {
			m := make([]bool, len(names))
			for i, n := range names {
				m[i] = re.MatchString(n)
			}
			out = m
		}
		b, _ := json.Marshal(out)
		fmt.Println(string(b))
	}
}
