package api_test

import (
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/iamplay/iamplay/internal/api"
)

// The handler decides an evaluation document posted to /api/v1/evaluate.
func Example() {
	h := api.New(api.Options{})
	doc := `{
	  "identityPolicies": [{"Version": "2012-10-17", "Statement": [
	    {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:TestEnv/*"}]}],
	  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "secretsmanager:GetSecretValue",
	              "resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:Prod/db-AbCdEf"}}`
	r := httptest.NewRequest("POST", "/api/v1/evaluate", strings.NewReader(doc))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body.String())

	r = httptest.NewRequest("POST", "/api/v1/evaluate", strings.NewReader(`{"request": `))
	r.Header.Set("Content-Type", "application/json")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body.String())
	// Output:
	// 200 {"decision":"ImplicitDeny","reason":"User: arn:aws:iam::111122223333:user/alice is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:Prod/db-AbCdEf because no identity-based policy allows the secretsmanager:GetSecretValue action"}
	//
	// 400 {"code":"malformed_json","message":"the body is not JSON: unexpected end of JSON input","position":{"line":1,"column":13,"offset":12}}
}
