// Reads "A<TAB>B" lines on stdin; prints golang.org/x/mod/semver's verdict: -1, 0, 1, or E
// when either side is not a valid Go module version. Built against the copy of x/mod that the
// Go toolchain vendors (see OracleTests), so no network is needed.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/semver"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		line := in.Text()
		if line == "" {
			continue
		}
		a, b, _ := strings.Cut(line, "\t")
		if !semver.IsValid(a) || !semver.IsValid(b) {
			fmt.Fprintln(out, "E")
			continue
		}
		fmt.Fprintln(out, semver.Compare(a, b))
	}
}
