//go:build ignore

// This file is the iamplay adapter for the peer benchmark harness (../shared/peers, a separate
// module that depends on AGPL code and so is never part of this one). scripts/bench-peers
// copies the harness to a temporary directory, drops this file in and runs it side by side.

package peers

import (
	"fmt"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
)

func init() {
	Register(Engine{
		Name:    "iamplay",
		Module:  "github.com/iamplay/iamplay (local replace)",
		License: "project",
		Prepare: func(w *Workload) (Prepared, error) {
			prog := &authz.Input{Identity: []*authz.Policy{authz.NewPolicy(policy.KindIdentity, "", w.PolicyJSON)}}
			if !prog.Valid() {
				return Prepared{}, fmt.Errorf("findings: %v", prog.Findings())
			}
			reqs := make([]*authz.Prepared, len(w.Requests))
			for i, r := range w.Requests {
				ctx := map[string][]string{}
				for k, v := range r.Context() {
					ctx[k] = []string{v}
				}
				reqs[i] = authz.Prepare(authz.Request{Principal: "arn:aws:iam::" + Account + ":user/" + r.Username, Action: r.Action, Resource: r.Secret.ARN, Context: ctx})
			}
			return Prepared{Decide: func(i int) Decision {
				switch prog.Decide(reqs[i]) {
				case authz.Allow:
					return Allow
				case authz.ExplicitDeny:
					return ExplicitDeny
				}
				return ImplicitDeny
			}}, nil
		},
	})
}
