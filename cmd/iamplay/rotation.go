package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/secrets"
)

// parseAdvance reads --advance: a Go duration (90m, 12h) or a number of days (30d).
func parseAdvance(v string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 || days > 100*366 {
			return 0, fmt.Errorf("want a number of days from 0 to 36600, like 30d")
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("want a duration like 90m, 12h or 30d")
	}
	return d, nil
}

// printRotation tells what a rotation did: its steps, and for a step that failed on a denial,
// the authorization's explanation.
func printRotation(w io.Writer, run *secrets.RotationRun) {
	outcome := "done"
	if !run.OK() {
		outcome = "failed: " + run.Err.Error()
	}
	fmt.Fprintf(w, "rotation of %s by %s at %s (version %s): %s\n", run.Secret, run.Function, run.At.UTC().Format(time.RFC3339), run.Token, outcome)
	for _, st := range run.Steps {
		for _, c := range st.Calls {
			if c.Err != nil && c.Err.Type == secrets.AccessDenied {
				if ex := c.Explanation(); ex != nil {
					_ = authz.RenderText(w, "  "+st.Step+" authorization", ex)
				}
			}
		}
	}
}
