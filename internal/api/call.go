package api

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/secrets"
	"github.com/iamplay/iamplay/engine/world"
)

// CallRequest is POST /api/v1/call's body: one Secrets Manager call against the world it
// carries. The API keeps no world between requests (the Worker cannot: each request is a
// fresh instance), so a client passes the reply's world to its next call.
type CallRequest struct {
	// World is a world file (engine/world), or the string "default" for the default world.
	// Findings are positioned in the world value as the body writes it.
	World     json.RawMessage `json:"world"`
	Caller    string          `json:"caller"`          // a user, role session or root ARN of the world
	Operation string          `json:"operation"`       // GetSecretValue
	Input     json.RawMessage `json:"input,omitempty"` // the operation's request as the API Reference writes it; {} when absent
	Region    string          `json:"region,omitempty"`
	Network   *CallNetwork    `json:"network,omitempty"`
	// Seed makes the store's random choices (ARN suffixes, version IDs, passwords) repeatable;
	// absent or 0 draws them at random.
	Seed uint64 `json:"seed,omitempty"`
}

// DefaultRegion is the region of a call that names none.
const DefaultRegion = "us-east-1"

// CallNetwork is what the caller's connection tells AWS (secrets.Network); absent, the call
// comes over TLS from secrets.DefaultNetwork's address.
type CallNetwork struct {
	SourceIP    string `json:"sourceIp,omitempty"`    // aws:SourceIp
	VPCEndpoint string `json:"vpcEndpoint,omitempty"` // aws:SourceVpce
	VPC         string `json:"vpc,omitempty"`         // aws:SourceVpc
	TLS         *bool  `json:"tls,omitempty"`         // aws:SecureTransport; true when absent
}

// CallReply is the call's outcome: the operation's response or its AWS error, every
// authorization the call asked for, the explanation of the last one (the one that denied, when
// the call was denied), and the world after the call, secret values included: the world the
// client sent, for its next call.
type CallReply struct {
	Output      json.RawMessage `json:"output,omitempty"`
	Error       *secrets.Error  `json:"error,omitempty"`
	Checks      []CallCheck     `json:"checks"`
	Explanation *authz.Result   `json:"explanation,omitempty"`
	World       json.RawMessage `json:"world"`
}

// CallCheck is one authorization the call asked the engine for.
type CallCheck struct {
	Action   string         `json:"action"`
	Resource string         `json:"resource"`
	Decision authz.Decision `json:"decision"`
}

// call runs one Secrets Manager call, as iamplay call does. An AWS error is an answer (200
// with "error"); a world with errors or a caller it does not know is 422.
func (h *Handler) call(_ *http.Request, body []byte) reply {
	var in CallRequest
	if rep, ok := decode(body, &in); !ok {
		return rep
	}
	switch {
	case in.World == nil:
		return failure(CodeBadArgument, `"world" is required: a world file, or "default"`)
	case in.Caller == "":
		return failure(CodeBadArgument, `"caller" is required: a user, role session or root ARN of the world`)
	case in.Operation == "":
		return failure(CodeBadArgument, `"operation" is required: a Secrets Manager operation (GetSecretValue)`)
	}
	var w *world.World
	switch {
	case bytes.Equal(in.World, []byte(`"default"`)):
		w = world.Default()
	case len(in.World) > 0 && in.World[0] == '{':
		wd, wfs := world.Read(in.World)
		if wfs.HasErrors() {
			rep := failure(CodeInvalidWorld, "the world has errors: "+wfs[0].Message)
			rep.body.(*Error).Findings = wfs
			return rep
		}
		w = wd
	default:
		return failure(CodeBadArgument, `"world" must be a world file (a JSON object) or "default"`)
	}
	who, err := w.Caller(in.Caller)
	if err != nil {
		return failure(CodeUnknownPrincipal, in.Caller+": "+err.Error())
	}
	net := secrets.DefaultNetwork
	if n := in.Network; n != nil {
		net = secrets.Network{SourceIP: n.SourceIP, VPCEndpoint: n.VPCEndpoint, VPC: n.VPC, TLS: n.TLS == nil || *n.TLS}
	}
	region := in.Region
	if region == "" {
		region = DefaultRegion
	}
	st := secrets.New(w, secrets.Options{Seed: in.Seed})
	r := st.Call(secrets.Call{Caller: who, Region: region, Network: net, Operation: in.Operation, Input: in.Input})
	out := CallReply{Error: r.Err, Checks: make([]CallCheck, 0, len(r.Checks)), Explanation: r.Explanation()}
	if r.Err == nil {
		out.Output = r.Output
	}
	for _, c := range r.Checks {
		out.Checks = append(out.Checks, CallCheck{Action: c.Action, Resource: c.Resource, Decision: c.Decision})
	}
	b, err := st.Export(world.ExportOptions{Values: true})
	if err != nil {
		return failure(CodeInternal, "cannot export the world after the call: "+err.Error())
	}
	out.World = b
	return reply{status: http.StatusOK, body: &out}
}
