// Command csvref is the Go side of the flag-splitting parity test: for each
// argument it prints, as one JSON line, the fields Go's encoding/csv reads as
// the first record (what spf13/pflag's StringSlice does with a flag value),
// or {"error": ...}.
package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

func main() {
	for _, v := range os.Args[1:] {
		var out interface{}
		if v == "" {
			out = []string{}
		} else if fields, err := csv.NewReader(strings.NewReader(v)).Read(); err != nil {
			out = map[string]string{"error": err.Error()}
		} else {
			out = fields
		}
		b, _ := json.Marshal(out)
		fmt.Println(string(b))
	}
}
