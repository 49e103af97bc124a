// Package policy is the IAM policy language as AWS reads it: a positioned parser that
// accepts every form AWS accepts (Parse, ParseNode), the validator (Validate, Check) with its
// findings and their code catalogue (Codes), the condition-operator catalogue (Operators,
// one file per family), and the rendering of findings like a compiler (Render). Every
// element keeps its line, column, byte offset and JSON pointer.
//
// Compile turns a parsed document into matchers indexed by action and resource prefix;
// Evaluate and Explain decide one policy for a prepared Request. Combining policies into a
// decision is package authz's job.
package policy
