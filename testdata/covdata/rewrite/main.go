// Command rewrite re-encodes a Go counter-data file with Go's own encoder
// (internal/coverage/encodecounter, copied next to this file by the test
// from GOROOT/src with import paths rewritten): the Go runtime only writes
// ULEB128 counters in one segment, this writes the same counters as raw
// uint32 or ULEB128, split over several segments, so the reader can be
// checked against `go tool covdata textfmt` on those variants too.
//
// usage: rewrite IN OUT raw|uleb SEGMENTS
package main

import (
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"example.com/rewrite/internal/coverage"
	"example.com/rewrite/internal/coverage/decodecounter"
	"example.com/rewrite/internal/coverage/encodecounter"
)

type payloads []decodecounter.FuncPayload

func (p payloads) VisitFuncs(f encodecounter.CounterVisitorFn) error {
	for _, x := range p {
		if err := f(x.PkgIdx, x.FuncIdx, x.Counters); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	if err := run(os.Args[1], os.Args[2], os.Args[3], os.Args[4]); err != nil {
		fmt.Fprintln(os.Stderr, "rewrite:", err)
		os.Exit(1)
	}
}

func run(in, out, flavor, segs string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	cdr, err := decodecounter.NewCounterDataReader(in, f)
	if err != nil {
		return err
	}
	var all payloads
	for seg := uint32(0); seg < cdr.NumSegments(); seg++ {
		if seg > 0 {
			if ok, err := cdr.BeginNextSegment(); err != nil || !ok {
				return fmt.Errorf("segment %d: %v", seg, err)
			}
		}
		for {
			var p decodecounter.FuncPayload
			ok, err := cdr.NextFunc(&p)
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			p.Counters = append([]uint32(nil), p.Counters...)
			all = append(all, p)
		}
	}
	// covcounters.<hash>.<pid>.<nanotime>
	parts := strings.Split(filepath.Base(in), ".")
	hb, err := hex.DecodeString(parts[1])
	if err != nil || len(hb) != 16 {
		return fmt.Errorf("bad hash in file name %s", in)
	}
	var hash [16]byte
	copy(hash[:], hb)
	n, err := strconv.Atoi(segs)
	if err != nil || n < 1 {
		return fmt.Errorf("bad segment count %q", segs)
	}
	fl := coverage.CtrRaw
	if flavor == "uleb" {
		fl = coverage.CtrULeb128
	}
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	w := encodecounter.NewCoverageDataWriter(o, fl)
	args := map[string]string{"argc": "1", "argv0": "rewritten", "GOOS": "linux", "GOARCH": "amd64"}
	for s := 0; s < n; s++ {
		lo, hi := len(all)*s/n, len(all)*(s+1)/n
		if s == 0 {
			err = w.Write(hash, args, all[lo:hi])
		} else {
			err = w.AppendSegment(args, all[lo:hi])
		}
		if err != nil {
			return err
		}
	}
	return o.Close()
}
