package secrets

import (
	"slices"

	"github.com/iamplay/iamplay/engine/world"
)

// description is a secret's metadata as DescribeSecret writes it (and, with
// SecretVersionsToStages for VersionIdsToStages, an entry of ListSecrets' SecretList).
type description struct {
	ARN                    string              `json:"ARN"`
	Name                   string              `json:"Name"`
	Description            string              `json:"Description,omitempty"`
	KmsKeyId               string              `json:"KmsKeyId,omitempty"`
	RotationEnabled        *bool               `json:"RotationEnabled,omitempty"` // "If the secret has never been configured for rotation, Secrets Manager returns null."
	RotationLambdaARN      string              `json:"RotationLambdaARN,omitempty"`
	RotationRules          *rotationRules      `json:"RotationRules,omitempty"`
	LastRotatedDate        *epoch              `json:"LastRotatedDate,omitempty"`
	LastChangedDate        *epoch              `json:"LastChangedDate,omitempty"`
	DeletedDate            *epoch              `json:"DeletedDate,omitempty"`
	NextRotationDate       *epoch              `json:"NextRotationDate,omitempty"`
	Tags                   *[]apiTag           `json:"Tags,omitempty"` // [] once the last tag is removed, as AWS answers
	VersionIdsToStages     map[string][]string `json:"VersionIdsToStages,omitempty"`
	SecretVersionsToStages map[string][]string `json:"SecretVersionsToStages,omitempty"`
	CreatedDate            *epoch              `json:"CreatedDate,omitempty"`
	PrimaryRegion          string              `json:"PrimaryRegion,omitempty"`
	ReplicationStatus      []replicaStatus     `json:"ReplicationStatus,omitempty"`
}

// rotationEnabled is DescribeSecret's RotationEnabled: "Specifies whether automatic rotation
// is turned on for this secret. If the secret has never been configured for rotation,
// Secrets Manager returns null."
func rotationEnabled(r world.Rotation) *bool {
	if !r.Enabled && r.LambdaARN == "" && r.LastRotated.IsZero() {
		return nil
	}
	return &r.Enabled
}

type apiTag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// apiTags are a secret's tags as DescribeSecret and ListSecrets write them: absent for a
// secret never tagged, [] once the last tag is removed.
func apiTags(ts []world.Tag) *[]apiTag {
	if ts == nil {
		return nil
	}
	out := make([]apiTag, 0, len(ts))
	for _, t := range ts {
		out = append(out, apiTag{t.Key, t.Value})
	}
	return &out
}

// describe is a secret's description. DeletedDate is "The date the secret is scheduled for
// deletion" (DescribeSecret).
func describe(e *entry) description {
	s := e.s
	d := description{ARN: e.arn, Name: s.Name, Description: s.Description, KmsKeyId: s.KMSKeyID,
		RotationEnabled: rotationEnabled(s.Rotation), RotationLambdaARN: s.Rotation.LambdaARN, RotationRules: rulesOf(s.Rotation),
		LastRotatedDate: stamp(s.Rotation.LastRotated), LastChangedDate: stamp(s.LastChangedDate), DeletedDate: stamp(s.DeletionDate),
		Tags: apiTags(s.Tags), VersionIdsToStages: stagesOf(s), CreatedDate: stamp(s.Created), PrimaryRegion: s.Region,
		ReplicationStatus: replicationStatus(s.Replicas)}
	if rep := e.replicaOf(); rep != nil { // a replica: its own key; the primary lists the replicas
		d.KmsKeyId, d.ReplicationStatus = rep.KMSKeyID, nil
	}
	d.NextRotationDate = stamp(nextRotation(s))
	d.RotationRules = reportedRules(s, d.RotationRules)
	return d
}

type idInput struct {
	SecretId *string `json:"SecretId"`
}

// describeSecret is DescribeSecret: it works on a secret scheduled for deletion, whose
// DeletedDate it shows.
func describeSecret(s *Store, c *Call, r *Result) *Error {
	e, err := s.onSecretID(c, r, false)
	if err != nil {
		return err
	}
	return marshal(r, describe(e))
}

type versionsInput struct {
	SecretId          *string `json:"SecretId"`
	MaxResults        *int    `json:"MaxResults"`
	NextToken         *string `json:"NextToken"`
	IncludeDeprecated *bool   `json:"IncludeDeprecated"`
}

type versionEntry struct {
	VersionId        string   `json:"VersionId"`
	VersionStages    []string `json:"VersionStages,omitempty"`
	CreatedDate      *epoch   `json:"CreatedDate,omitempty"`
	KmsKeyIds        []string `json:"KmsKeyIds,omitempty"`
	LastAccessedDate *epoch   `json:"LastAccessedDate,omitempty"`
}

// listSecretVersionIds is ListSecretVersionIds: the versions with a staging label, and with
// IncludeDeprecated the deprecated ones too ("Specifies whether to include versions of
// secrets that don't have any staging labels attached to them. Versions without staging
// labels are considered deprecated and are subject to deletion by Secrets Manager").
func listSecretVersionIds(s *Store, c *Call, r *Result) *Error {
	var in versionsInput
	if err := decode(c, &in); err != nil {
		return err
	}
	max := maxResults(in.MaxResults, 100)
	e, err := s.onSecret(c, r, in.SecretId, false)
	if err != nil {
		return err
	}
	var all []versionEntry
	for _, v := range slices.Backward(e.s.Versions) {
		if len(v.Stages) == 0 && (in.IncludeDeprecated == nil || !*in.IncludeDeprecated) {
			continue
		}
		all = append(all, versionEntry{VersionId: v.ID, VersionStages: v.Stages, CreatedDate: stamp(v.Created)})
	}
	list, next, err := page(all, in.NextToken, max)
	if err != nil {
		return err
	}
	if list == nil {
		list = []versionEntry{}
	}
	return marshal(r, struct {
		ARN       string         `json:"ARN"`
		Name      string         `json:"Name"`
		Versions  []versionEntry `json:"Versions"`
		NextToken *string        `json:"NextToken,omitempty"`
	}{e.arn, e.s.Name, list, next})
}
