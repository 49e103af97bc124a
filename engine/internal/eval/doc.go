// Package eval compiles a parsed policy into matchers and decides one policy for one
// prepared request: Compile indexes statements by catalogued action and by the literal
// prefix of their resource patterns; Evaluate stops at the first answer and allocates
// nothing; Explain records every statement, element and condition in the public data types
// of engine/policy. Conditions evaluate through the operator catalogue of
// engine/internal/operators. Combining policies into a decision is engine/authz's fold.
package eval
