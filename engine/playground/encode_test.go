package playground

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/internal/workload"
)

// The hand-written encodings of an answer's policies and of an explanation are encoding/json's
// byte for byte, and
// the whole answer reads back as json.Marshal's: for every curated example, the workload
// policy and a state whose names, Sids and values need every kind of escape.
func TestAnswerEncoding(t *testing.T) {
	list, err := ExampleList()
	if err != nil {
		t.Fatal(err)
	}
	var states []State
	for _, ex := range list {
		states = append(states, ex.State)
	}
	text, err := workload.Repeated(4)
	if err != nil {
		t.Fatal(err)
	}
	req := StateRequest{Principal: "arn:aws:iam::123456789012:user/u1", Action: "secretsmanager:GetSecretValue",
		Resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:team-3/db-AbCdEf"}
	states = append(states, State{Policies: []Tab{{Kind: policy.KindIdentity, Name: "workload", Enabled: true, Text: string(text)}}, Request: req})
	odd := `{"Version":"2012-10-17","Statement":[{"Sid":"a<b>&\"\\\u2028\u2029\u0001\u007f\té","Effect":"Allow","Action":"secretsmanager:*",
	  "Resource":"*","Condition":{"StringEquals":{"aws:username":["<x>","\u0008\u000c\n\r"]},"Null":{"aws:TokenIssueTime":"true"}}},
	  {"Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:s3:::x","Principal":{"AWS":"*"}}]}`
	states = append(states, State{Policies: []Tab{{Kind: policy.KindIdentity, Name: "<&>\xff", Enabled: true, Text: odd},
		{Kind: policy.KindSCP, Name: "scp", Enabled: true, Level: 1, Text: odd}}, Request: req})
	for i, st := range states {
		src, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		doc, fs := read(src)
		if doc == nil {
			t.Fatalf("state %d does not read: %v", i, fs)
		}
		a := evaluate(doc, fs)
		want, err := json.Marshal(a.Policies)
		if err != nil {
			t.Fatal(err)
		}
		w := &jsonWriter{}
		w.policies(a.Policies)
		if got := bytes.TrimPrefix(w.b, []byte(`"policies":`)); !bytes.Equal(got, want) {
			t.Errorf("state %d: policies encode as\n%s\nnot as encoding/json does:\n%s", i, got, want)
		}
		wantF, err := json.Marshal(a.Findings)
		if err != nil {
			t.Fatal(err)
		}
		w = &jsonWriter{}
		w.findings(a.Findings)
		if got := bytes.TrimSuffix(bytes.TrimPrefix(w.b, []byte(`"findings":`)), []byte(",")); !bytes.Equal(got, wantF) {
			t.Errorf("state %d: findings encode as\n%s\nnot as encoding/json does:\n%s", i, got, wantF)
		}
		if want, err = json.Marshal(a.Result); err != nil {
			t.Fatal(err)
		}
		w = &jsonWriter{}
		if w.result(a.Result); !bytes.Equal(w.b, want) {
			t.Errorf("state %d: the explanation encodes as\n%s\nnot as encoding/json does:\n%s", i, w.b, want)
		}
		var got, all any
		if err := json.Unmarshal(encodeAnswer(a), &got); err != nil {
			t.Fatalf("state %d: %v", i, err)
		}
		if err := json.Unmarshal(marshal(a), &all); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, all) {
			t.Errorf("state %d: the answer reads back differently from json.Marshal's", i)
		}
	}
	w := &jsonWriter{}
	if w.policies(nil); string(w.b) != `"policies":null` {
		t.Errorf("no policies encode as %s", w.b)
	}
	w = &jsonWriter{}
	if w.result(nil); string(w.b) != "null" {
		t.Errorf("no explanation encodes as %s", w.b)
	}
}

// appendString escapes as encoding/json does, invalid UTF-8 included.
func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain", "<a & b>", "\"\\/", "\x00\x01\x1f\x7f", "\b\f\n\r\t", "é\u2028\u2029😀", "\xff", "a\xc3", "\xed\xa0\x80"} {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("%q encodes as %s, want %s", s, got, want)
		}
	}
}
