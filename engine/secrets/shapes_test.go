package secrets

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestShapesCoverOperations holds the shapes to the operations the store runs, and each
// shape's members to the JSON names the operation's handler reads.
func TestShapesCoverOperations(t *testing.T) {
	var ops []string
	for _, s := range Shapes() {
		ops = append(ops, s.Operation)
	}
	slices.Sort(ops)
	if want := slices.Sorted(slices.Values(Operations())); !slices.Equal(ops, want) {
		t.Fatalf("shapes %v\nwant the operations %v", ops, want)
	}
	inputs := map[string]any{
		"CreateSecret": createInput{}, "BatchGetSecretValue": batchInput{}, "UpdateSecret": updateInput{},
		"DescribeSecret": idInput{}, "ListSecrets": listInput{}, "ListSecretVersionIds": versionsInput{},
		"DeleteSecret": deleteInput{}, "RestoreSecret": idInput{}, "TagResource": tagInput{}, "UntagResource": tagInput{},
		"GetRandomPassword": passwordInput{}, "PutResourcePolicy": policyInput{}, "GetResourcePolicy": idInput{},
		"DeleteResourcePolicy": idInput{}, "ValidateResourcePolicy": policyInput{}, "RotateSecret": rotateInput{},
		"CancelRotateSecret": idInput{}, "ReplicateSecretToRegions": replicateInput{}, "RemoveRegionsFromReplication": replicateInput{},
		"StopReplicationToReplica": idInput{}, "GetSecretValue": getValueInput{}, "PutSecretValue": putValueInput{},
		"UpdateSecretVersionStage": stageInput{},
	}
	for _, s := range Shapes() {
		in, ok := inputs[s.Operation]
		if !ok {
			t.Errorf("%s: no input type in the test", s.Operation)
			continue
		}
		names := jsonNames(reflect.TypeOf(in))
		for _, f := range s.Fields {
			if !names[f.Name] {
				t.Errorf("%s: the shape's %s is not a member the handler reads (%v)", s.Operation, f.Name, names)
			}
		}
	}
}

// TestSharedMembers holds every request's SecretId, ClientRequestToken, Tags, Filters and
// AddReplicaRegions to the one declaration of each (apishapes.go): a member written out again
// with other constraints is a second declaration. ValidateResourcePolicy's SecretId alone is
// optional ("SecretId ... Required: No", API Reference); TagResource alone requires Tags.
func TestSharedMembers(t *testing.T) {
	t.Parallel()
	optionalID := fieldSecretID
	optionalID.Required = false
	counts := map[string]int{}
	for _, s := range Shapes() {
		for _, f := range s.Fields {
			var want Field
			switch f.Name {
			case "SecretId":
				want = fieldSecretID
				if s.Operation == "ValidateResourcePolicy" {
					want = optionalID
				}
			case "ClientRequestToken":
				want = fieldClientRequestToken
			case "Tags":
				want = Field{Name: "Tags", Type: tList, Required: s.Operation == "TagResource", Member: &memberTag}
			case "Filters":
				want = Field{Name: "Filters", Type: tList, Max: 10, Member: &memberFilter}
			case "AddReplicaRegions":
				if f.Member != &memberReplicaRegion {
					t.Errorf("%s: AddReplicaRegions' members are not memberReplicaRegion", s.Operation)
				}
				counts[f.Name]++
				continue
			default:
				continue
			}
			counts[f.Name]++
			if !reflect.DeepEqual(f, want) || (f.Member != nil && f.Member != want.Member) {
				t.Errorf("%s: %s is %+v, want %+v", s.Operation, f.Name, f, want)
			}
		}
	}
	want := map[string]int{"SecretId": 19, "ClientRequestToken": 4, "Tags": 2, "Filters": 2, "AddReplicaRegions": 2}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("shared members %v, want %v", counts, want)
	}
}

func jsonNames(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			for k := range jsonNames(f.Type) {
				out[k] = true
			}
			continue
		}
		out[strings.Split(f.Tag.Get("json"), ",")[0]] = true
	}
	return out
}

func TestCheckInputValid(t *testing.T) {
	for _, c := range []struct{ op, in string }{
		{"GetSecretValue", `{"SecretId":"TestEnv/db","VersionStage":"AWSCURRENT"}`},
		{"ListSecrets", ``},
		{"RotateSecret", `{"SecretId":"x","RotationRules":{"AutomaticallyAfterDays":30}}`},
		{"TagResource", `{"SecretId":"x","Tags":[{"Key":"team","Value":""}]}`},
	} {
		if errs := CheckInput(c.op, []byte(c.in)); len(errs) != 0 {
			t.Errorf("%s %s: %v", c.op, c.in, errs)
		}
	}
	for _, c := range []struct{ op, in, want string }{
		{"GetSecretValue", `[1]`, SerializationException},
		{"GetSecretValue", `{"SecretId":7}`, SerializationException},
		{"NoSuchOperation", `{}`, InvalidRequest},
	} {
		if errs := CheckInput(c.op, []byte(c.in)); len(errs) != 1 || errs[0].Type != c.want {
			t.Errorf("%s %s: %v, want %s", c.op, c.in, errs, c.want)
		}
	}
}
