package world

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"time"
)

// ExportOptions say what an export holds beyond the world's shape.
type ExportOptions struct {
	// Values includes secret values. Without it, versions are written without their values,
	// so an export can be shared; a world read back from it has versions with no value.
	Values bool
	// Compact writes the file on one line, for a program that reads it (the playground's
	// view): indenting is a sixth of a world-mode answer's time.
	Compact bool
}

// Export writes the world as a world file: Read of the result gives the same world, and for
// a file written in this form (no field with its default value spelled out) the same
// document. Policies are written as they were read.
func (w *World) Export(o ExportOptions) ([]byte, error) {
	f := fileWorld{Partition: w.Partition, Accounts: []fileAccount{}}
	if w.Partition == "aws" {
		f.Partition = ""
	}
	if !w.Clock.Equal(DefaultClock) {
		f.Clock = stamp(w.Clock)
	}
	if org := w.Organization; org != nil {
		f.Organization = &fileOrg{ID: org.ID, SCPs: filePolicies(org.SCPs), Root: fileUnitOf(org.Root)}
	}
	for _, a := range w.Accounts {
		fa := fileAccount{ID: a.ID, Alias: a.Alias, SCPs: written(a.SCPs)}
		for _, m := range a.Policies {
			fa.Policies = append(fa.Policies, fileManaged{Name: m.Name, Path: defaultPath(m.Path), Policy: m.Policy.Raw})
		}
		for _, g := range a.Groups {
			fa.Groups = append(fa.Groups, fileGroup{Name: g.Name, Path: defaultPath(g.Path), Policies: filePolicies(g.Inline), Managed: g.Managed})
		}
		for _, u := range a.Users {
			fu := fileUser{filePrincipal: filePrincipalOf(&u.Principal), Groups: u.Groups}
			for _, k := range u.AccessKeys {
				fu.AccessKeys = append(fu.AccessKeys, fileKey{ID: k.ID, Secret: k.Secret})
			}
			fa.Users = append(fa.Users, fu)
		}
		for _, r := range a.Roles {
			fa.Roles = append(fa.Roles, fileRole{filePrincipal: filePrincipalOf(&r.Principal), Trust: raw(r.Trust)})
		}
		for _, k := range a.Keys {
			fa.Keys = append(fa.Keys, fileKMSKey{ID: k.ID, Region: k.Region, Description: k.Description, Aliases: k.Aliases, AWSManaged: k.AWSManaged, Policy: raw(k.Policy)})
		}
		for _, s := range a.Secrets {
			fs := fileSecret{Name: s.Name, Region: s.Region, Suffix: s.Suffix, Description: s.Description, KMSKeyID: s.KMSKeyID,
				Tags: fileTags(s.Tags), Policy: raw(s.Policy), Created: stamp(s.Created), LastChanged: stamp(s.LastChangedDate), DeletionDate: stamp(s.DeletionDate)}
			if ro := s.Rotation; ro != (Rotation{}) {
				fs.Rotation = &fileRotation{Enabled: ro.Enabled, LambdaARN: ro.LambdaARN, AfterDays: ro.AutomaticallyAfterDays,
					Duration: ro.Duration, Schedule: ro.ScheduleExpression, LastRotated: stamp(ro.LastRotated), Configured: stamp(ro.Configured)}
			}
			for _, r := range s.Replicas {
				fs.Replicas = append(fs.Replicas, fileReplica{Region: r.Region, KMSKeyID: r.KMSKeyID, Status: r.Status, StatusMessage: r.StatusMessage})
			}
			for _, v := range s.Versions {
				fv := fileVersion{ID: v.ID, Stages: v.Stages, Created: stamp(v.Created)}
				if o.Values {
					fv.String = v.String
					if v.Binary != nil {
						b := base64.StdEncoding.EncodeToString(v.Binary)
						fv.Binary = &b
					}
				}
				fs.Versions = append(fs.Versions, fv)
			}
			fa.Secrets = append(fa.Secrets, fs)
		}
		for _, rf := range a.RotationFunctions {
			fa.Functions = append(fa.Functions, fileFunction{ARN: rf.ARN, Role: rf.Role, PasswordRules: rf.PasswordRules})
		}
		f.Accounts = append(f.Accounts, fa)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if !o.Compact {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// The world file's shape, field by field, in the order an export writes them.
type (
	fileWorld struct {
		Clock        string        `json:"clock,omitempty"`
		Partition    string        `json:"partition,omitempty"`
		Organization *fileOrg      `json:"organization,omitempty"`
		Accounts     []fileAccount `json:"accounts"`
	}
	fileOrg struct {
		ID   string       `json:"id"`
		SCPs []filePolicy `json:"scps,omitempty"`
		Root *fileUnit    `json:"root"`
	}
	fileUnit struct {
		ID       string      `json:"id"`
		Name     string      `json:"name,omitempty"`
		SCPs     *[]string   `json:"scps,omitempty"` // absent: FullAWSAccess; [] none
		Accounts []string    `json:"accounts,omitempty"`
		Units    []*fileUnit `json:"units,omitempty"`
	}
	filePolicy struct {
		Name   string          `json:"name"`
		Policy json.RawMessage `json:"policy"`
	}
	fileAccount struct {
		ID       string        `json:"id"`
		Alias    string        `json:"alias,omitempty"`
		SCPs     *[]string     `json:"scps,omitempty"` // absent: FullAWSAccess; [] none
		Policies []fileManaged `json:"policies,omitempty"`
		Groups   []fileGroup   `json:"groups,omitempty"`
		Users    []fileUser    `json:"users,omitempty"`
		Roles    []fileRole    `json:"roles,omitempty"`
		Keys     []fileKMSKey  `json:"keys,omitempty"`
		Secrets  []fileSecret  `json:"secrets,omitempty"`
		// the rotation functions (rotation.go)
		Functions []fileFunction `json:"rotationFunctions,omitempty"`
	}
	fileFunction struct {
		ARN           string          `json:"arn"`
		Role          string          `json:"role"`
		PasswordRules json.RawMessage `json:"passwordRules,omitempty"`
	}
	fileManaged struct {
		Name   string          `json:"name"`
		Path   string          `json:"path,omitempty"`
		Policy json.RawMessage `json:"policy"`
	}
	fileGroup struct {
		Name     string       `json:"name"`
		Path     string       `json:"path,omitempty"`
		Policies []filePolicy `json:"policies,omitempty"`
		Managed  []string     `json:"managedPolicies,omitempty"`
	}
	filePrincipal struct {
		Name     string       `json:"name"`
		Path     string       `json:"path,omitempty"`
		Policies []filePolicy `json:"policies,omitempty"`
		Managed  []string     `json:"managedPolicies,omitempty"`
		Boundary string       `json:"permissionsBoundary,omitempty"`
		Tags     *orderedTags `json:"tags,omitempty"`
	}
	fileUser struct {
		filePrincipal
		Groups     []string  `json:"groups,omitempty"`
		AccessKeys []fileKey `json:"accessKeys,omitempty"`
	}
	fileKey struct {
		ID     string `json:"id"`
		Secret string `json:"secret"`
	}
	fileRole struct {
		filePrincipal
		Trust json.RawMessage `json:"trustPolicy"`
	}
	fileKMSKey struct {
		ID          string          `json:"id"`
		Region      string          `json:"region"`
		Description string          `json:"description,omitempty"`
		Aliases     []string        `json:"aliases,omitempty"`
		AWSManaged  bool            `json:"awsManaged,omitempty"`
		Policy      json.RawMessage `json:"policy"`
	}
	fileSecret struct {
		Name         string          `json:"name"`
		Region       string          `json:"region"`
		Suffix       string          `json:"suffix"`
		Description  string          `json:"description,omitempty"`
		KMSKeyID     string          `json:"kmsKeyId,omitempty"`
		Tags         *orderedTags    `json:"tags,omitempty"`
		Policy       json.RawMessage `json:"resourcePolicy,omitempty"`
		Created      string          `json:"created,omitempty"`
		LastChanged  string          `json:"lastChanged,omitempty"`
		DeletionDate string          `json:"deletionDate,omitempty"`
		Rotation     *fileRotation   `json:"rotation,omitempty"`
		Replicas     []fileReplica   `json:"replicas,omitempty"`
		Versions     []fileVersion   `json:"versions,omitempty"`
	}
	fileRotation struct {
		Enabled     bool   `json:"enabled,omitempty"`
		LambdaARN   string `json:"lambdaArn,omitempty"`
		AfterDays   int64  `json:"automaticallyAfterDays,omitempty"`
		Duration    string `json:"duration,omitempty"`
		Schedule    string `json:"scheduleExpression,omitempty"`
		LastRotated string `json:"lastRotated,omitempty"`
		Configured  string `json:"configured,omitempty"`
	}
	fileReplica struct {
		Region   string `json:"region"`
		KMSKeyID string `json:"kmsKeyId,omitempty"`
		Status   string `json:"status,omitempty"`
		// why a replica failed
		StatusMessage string `json:"statusMessage,omitempty"`
	}
	fileVersion struct {
		ID      string   `json:"id"`
		Stages  []string `json:"stages,omitempty"`
		Created string   `json:"created,omitempty"`
		String  *string  `json:"secretString,omitempty"`
		Binary  *string  `json:"secretBinary,omitempty"`
	}
)

// orderedTags writes tags as one object, in their order.
type orderedTags []Tag

func (t orderedTags) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, tag := range t {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(tag.Key)
		v, _ := json.Marshal(tag.Value)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func fileTags(ts []Tag) *orderedTags {
	if ts == nil {
		return nil
	}
	o := orderedTags(ts)
	return &o
}

func filePolicies(ps []*NamedPolicy) []filePolicy {
	var out []filePolicy
	for _, p := range ps {
		out = append(out, filePolicy{Name: p.Name, Policy: p.Raw})
	}
	return out
}

func filePrincipalOf(p *Principal) filePrincipal {
	return filePrincipal{Name: p.Name, Path: defaultPath(p.Path), Policies: filePolicies(p.Inline), Managed: p.Managed, Boundary: p.Boundary, Tags: fileTags(p.Tags)}
}

func fileUnitOf(u *Unit) *fileUnit {
	if u == nil {
		return nil
	}
	f := &fileUnit{ID: u.ID, Name: u.Name, SCPs: written(u.SCPs), Accounts: u.Accounts}
	for _, c := range u.Units {
		f.Units = append(f.Units, fileUnitOf(c))
	}
	return f
}

func raw(p *NamedPolicy) json.RawMessage {
	if p == nil {
		return nil
	}
	return p.Raw
}

// written keeps a list that was written, even empty, apart from one that was not (nil).
func written(l []string) *[]string {
	if l == nil {
		return nil
	}
	return &l
}

// defaultPath leaves out the default IAM path "/".
func defaultPath(p string) string {
	if p == "/" {
		return ""
	}
	return p
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
