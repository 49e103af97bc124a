// Package scenario reads scenario documents (scenarios/*.md): markdown a person reads, whose
// fenced blocks and tables state policies, requests and the decisions they must get, or a
// world and a transcript of Secrets Manager calls with their answers. The test suite
// (Test), `iamplay scenarios test` and the static site read them through one goldmark
// extension (Extension), so what the site shows is what the tests checked.
//
// # Syntax
//
// Front matter (YAML between --- lines, first line of the file):
//
//	---
//	title: Explicit deny beats allow       # required
//	summary: One sentence for the index.  # required
//	tags: [basics, evaluation]
//	order: 3                               # the place in the course (whole number)
//	---
//
// A fenced block is part of the scenario when its info string names a kind, as the first
// word or after a language (GitHub highlights by the first word and hides the rest):
// "json policy kind=identity name=AliceReadsTestEnv". Attributes are key=value or
// key="value with spaces". A second word that is neither a kind nor an attribute is an
// error, so a misspelt kind never silently drops a check. The kinds:
//
//   - policy: a policy as JSON, kind=identity|resource|boundary|scp|session|key|trust
//     (default identity), name= (unique; needed to refer to it), level=N for an SCP
//     (0 = the organization root), off (written but switched off by default). Every request
//     is evaluated against every policy that is on, unless it lists its own (policies=).
//   - request: a request as the evaluation document writes it (docs/contract.md: principal,
//     action, resource, context, time, derive, sessionIssuer); name=, policies=A,B (the
//     names of the policies in force for it, the others switched off).
//   - expect: the decision the request just above must get: Allow, ExplicitDeny,
//     ImplicitDeny or Refused.
//   - findings: finding codes (one per line, anything after the code is a comment) that
//     policy=NAME must have (validation, as `iamplay validate` reports them).
//   - world: a world file (engine/world) as JSON, or src=PATH (relative to the scenario,
//     inside its directory; src=default is the default world) with an empty body.
//   - calls: a transcript of `iamplay call` commands against the world, each line "$ iamplay
//     call --as ARN [--region R] [--source-ip IP] [--vpce ID] [--no-tls] OPERATION
//     ['INPUT_JSON']" followed by its expected answer: a JSON object the response must
//     contain (fields not written are not checked; arrays must have the same length), or the
//     AWS CLI's error line "An error occurred (TYPE) when calling the OPERATION operation:
//     MESSAGE" (a MESSAGE ending in "..." is a prefix), or nothing (the call must succeed).
//     Calls run in order against one in-memory Secrets Manager over the world.
//
// A table whose header has a "decision" column is a table of requests, one per row; its
// other columns are principal, action, resource, context (key=value; key2=v1,v2;
// key3=null), time, policies, and note (ignored). An empty cell, or a column not
// written, takes the value of the last request block above the table. Cells may be code
// spans (`Allow`).
//
// A malformed scenario is an Errors, each naming the file, the line, the column (0 when
// the whole line is meant) and what is wrong. A wrong expectation is an Error of Test (or of
// Run's Report.Failures) at the line of the expectation, saying what was wanted and what
// came. A scenario holds at most 1 MiB, 32 policies, 256 requests and 256 calls. Load reads
// every *.md of a directory but README.md.
//
// # JSON for the site (Export, `iamplay scenarios export`)
//
// Each scenario is published as one JSON object; the embed (<iamplay-scenario src=...json>)
// and the scenario pages read it:
//
//	{
//	  "slug": "explicit-deny",                 // the file name without .md
//	  "file": "scenarios/explicit-deny.md",
//	  "title": "...", "summary": "...", "tags": ["basics"], "order": 3,
//	  "policies": [                            // every policy block, in document order:
//	    {"kind": "identity", "name": "AliceReadsTestEnv", "enabled": true,
//	     "text": "{ ... as written ... }", "line": 12}  // a playground.Tab; "level" for an SCP
//	  ],
//	  "checks": [                              // every request, blocks and table rows in order
//	    {"name": "alice reads TestEnv/db", "line": 30,
//	     "request": { ... the evaluation document's request ... },
//	     "enabled": [true, false],             // per policy: on for this request
//	     "want": "ExplicitDeny",               // the expected decision
//	     "got": "ExplicitDeny",                // the decision of a real run at export
//	     "reason": "... one sentence ..."}
//	  ],
//	  "findings": [{"policy": "AliceReadsTestEnv", "code": "policy.unknown_condition_key", "line": 40}],
//	  "world": {"src": "default", "line": 44, "text": "{ ... world file ... }"},  // or null
//	  "transcript": [                          // world scenarios: the calls of a real run
//	    {"line": 52, "command": "iamplay call --as arn:... GetSecretValue '{...}'",
//	     "caller": "arn:...", "operation": "GetSecretValue", "region": "us-east-1",
//	     "input": { ... },
//	     "output": { ... } ,                   // the response on success, else absent
//	     "error": {"__type": "AccessDeniedException", "message": "..."}, // else absent
//	     "expected": "... the answer as the scenario writes it ..."}
//	  ],
//	  "pass": true                             // every expectation held in the export's run
//	}
//
// A check's playground state (engine/playground.State, docs/contract.md's list form) is
// {"policies": policies with "enabled" set from the check's enabled, "request": request}.
package scenario
