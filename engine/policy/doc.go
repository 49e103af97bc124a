// Package policy is the IAM policy language as AWS reads it: a positioned parser that
// accepts every form AWS accepts (Parse, ParseNode), the validator (Validate, Check; CheckText
// and Checked.Edit, which re-reads only the statements an edit touched) with its
// findings and their code catalogue (Codes), the condition-operator catalogue (Operators),
// the rendering of findings like a compiler (Render), and the data an explanation is made
// of (Explanation, StatementResult, ConditionResult). Every element keeps its line, column,
// byte offset and JSON pointer.
//
// Deciding is package authz's job: it compiles documents once (authz.NewPolicy) into the
// matchers of engine/internal/eval, which are not part of any public API.
package policy
