// Command scanner is the plain baseline for the parse benchmark: it reads a debug=2 goroutine
// dump (a file argument, or stdin) line by line and groups goroutines by state and stack —
// function names without arguments, file:line without offsets, and the creator — then prints
// the group counts as JSON. No error handling beyond that, no other formats: the least work a
// tool must do to answer "which stacks, how many".
//
//	scanner goroutines.txt
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
)

func main() {
	var in io.Reader = os.Stdin
	if len(os.Args) > 1 && os.Args[1] != "-" {
		f, err := os.Open(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		defer f.Close()
		in = f
	}
	groups := map[string]int{}
	total := 0
	key := make([]byte, 0, 4096)
	inG := false
	flush := func() {
		if inG {
			groups[string(key)]++
		}
		inG = false
		key = key[:0]
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := bytes.TrimSuffix(sc.Bytes(), []byte("\r"))
		switch {
		case len(line) == 0:
			flush()
		case bytes.HasPrefix(line, []byte("goroutine ")):
			flush()
			inG = true
			total++
			// state: inside [...], without ", N minutes" and flags
			if o := bytes.IndexByte(line, '['); o >= 0 {
				s := line[o+1:]
				if c := bytes.IndexAny(s, ",]"); c >= 0 {
					s = s[:c]
				}
				key = append(key, s...)
				key = append(key, '\n')
			}
		case !inG:
		case line[0] == '\t' || line[0] == ' ':
			t := bytes.TrimLeft(line, " \t")
			if o := bytes.Index(t, []byte(" +0x")); o >= 0 {
				t = t[:o]
			}
			key = append(key, t...)
			key = append(key, '\n')
		default:
			if p := bytes.LastIndexByte(line, '('); p > 0 {
				line = line[:p]
			}
			key = append(key, line...)
			key = append(key, '\n')
		}
	}
	flush()
	type group struct {
		Count int    `json:"count"`
		Stack string `json:"stack"`
	}
	out := make([]group, 0, len(groups))
	for k, n := range groups {
		out = append(out, group{n, k})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	json.NewEncoder(os.Stdout).Encode(map[string]any{"total": total, "groups": out})
}
