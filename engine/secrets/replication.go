package secrets

import (
	"slices"

	"github.com/iamplay/iamplay/engine/world"
)

// Replication keeps a secret's replicas in other regions of its account. A replica is an
// entry of the store in its own region, with its own ARN (the primary's with the region
// changed) and the primary's secret itself, so that it always has "the same secret value and
// metadata as the primary" (Promote a replica secret to a standalone secret, Secrets Manager
// User Guide); it is read-only there: "A replica secret can't be updated independently from
// its primary secret". AWS replicates asynchronously (InProgress, then InSync); a world's
// replicas are InSync at once.

type replica struct {
	Region   *string `json:"Region"`
	KmsKeyId *string `json:"KmsKeyId"`
}

type replicaStatus struct {
	Region        string `json:"Region"`
	KmsKeyId      string `json:"KmsKeyId,omitempty"`
	Status        string `json:"Status"`
	StatusMessage string `json:"StatusMessage,omitempty"`
}

// regionPattern is a Region's pattern in the API Reference: "^([a-z]+-)+\d+$".
var regionPattern = funcPattern(regionName)

// The replica statuses of ReplicationStatusType.
const (
	inSync = "InSync"
	failed = "Failed"
)

// kmsReplicationFailed is the StatusMessage of a replica Secrets Manager could not encrypt
// because the caller may not use a key; the words are the heading of AWS's troubleshooting
// entry for it (User Guide, "Troubleshoot AWS Secrets Manager replication").
const kmsReplicationFailed = "Replication failed: No permissions available on the KMS key to complete the replication."

// nameTaken is the StatusMessage of a replica whose region already has a secret of the name
// and ForceOverwriteReplicaSecret was not set ("Specifies whether to overwrite a secret with
// the same name in the destination Region. By default, secrets aren't overwritten",
// ReplicateSecretToRegions).
const nameTaken = "Replication failed: Secret name already exists in Region."

// checkReplicas reads AddReplicaRegions: regions other than the primary's, each once.
func checkReplicas(c *Call, rs []replica) ([]world.Replica, *Error) {
	var out []world.Replica
	for _, r := range rs {
		if r.Region == nil || !regionPattern.MatchString(*r.Region) || len(*r.Region) > 128 {
			return nil, invalid("addReplicaRegions.member.region", "Member must satisfy regular expression pattern: ^([a-z]+-)+\\d+$")
		}
		if *r.Region == c.Region {
			return nil, errorf(InvalidParameter, "The replica Region %s is the secret's primary Region.", *r.Region)
		}
		if slices.ContainsFunc(out, func(x world.Replica) bool { return x.Region == *r.Region }) {
			return nil, errorf(InvalidParameter, "The Region %s appears twice in AddReplicaRegions.", *r.Region)
		}
		rep := world.Replica{Region: *r.Region, Status: inSync}
		if r.KmsKeyId != nil {
			rep.KMSKeyID = *r.KmsKeyId
		}
		out = append(out, rep)
	}
	return out, nil
}

func replicaRegions(rs []world.Replica) []string {
	if len(rs) == 0 {
		return nil
	}
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Region
	}
	return out
}

func replicationStatus(rs []world.Replica) []replicaStatus {
	var out []replicaStatus
	for _, r := range rs {
		out = append(out, replicaStatus{Region: r.Region, KmsKeyId: r.KMSKeyID, Status: r.Status, StatusMessage: r.StatusMessage})
	}
	return out
}

// syncReplicas makes the entries of a primary's replicas what its secret's Replicas say: one
// entry in each region whose replica did not fail.
func (s *Store) syncReplicas(e *entry) {
	if e.primary != nil {
		return
	}
	s.dropReplicas(e)
	for _, rep := range e.s.Replicas {
		if rep.Status == failed || s.index[secretKey{e.acct.ID, rep.Region, e.s.Name}] != nil {
			continue
		}
		r := &entry{acct: e.acct, s: e.s, region: rep.Region, primary: e,
			arn: "arn:" + s.w.Partition + ":secretsmanager:" + rep.Region + ":" + e.acct.ID + ":secret:" + e.s.Name + "-" + e.s.Suffix}
		s.enter(r)
		e.replicas = append(e.replicas, r)
	}
}

// dropReplicas takes a primary's replica entries out of the indexes.
func (s *Store) dropReplicas(e *entry) {
	for _, r := range e.replicas {
		s.remove(r)
	}
	e.replicas = nil
}

// replicaOf is the world's record of a replica entry.
func (e *entry) replicaOf() *world.Replica {
	if e.primary == nil {
		return nil
	}
	for i := range e.s.Replicas {
		if e.s.Replicas[i].Region == e.region {
			return &e.s.Replicas[i]
		}
	}
	return nil
}

// keyRef is the region and key a value is decrypted with where the entry lives: a replica
// has its own key in its region ("it can be encrypted with a different KMS key", Promote a
// replica secret to a standalone secret).
func (e *entry) keyRef() (region, ref string) {
	if rep := e.replicaOf(); rep != nil {
		return e.region, rep.KMSKeyID
	}
	return e.s.Region, e.s.KMSKeyID
}

// replicaKeys checks each replica's KmsKeyId against the account's keys in the replica's
// region, as CreateSecret checks its KmsKeyId.
func (s *Store) replicaKeys(a *world.Account, reps []world.Replica) *Error {
	for _, rep := range reps {
		if rep.KMSKeyID != "" {
			if _, err := s.kmsKey(a, rep.Region, rep.KMSKeyID); err != nil {
				return err
			}
		}
	}
	return nil
}

// tagContext is the keys the secret's tags give: a replica has its primary's.
func (e *entry) tagContext() tagContext {
	if e.primary != nil {
		return e.primary.tags
	}
	return e.tags
}

// changesSecret are the operations that change a secret, which fail on a replica:
// "A replica secret can't be updated independently from its primary secret" (Promote a
// replica secret to a standalone secret). The catalogue's access level says which change
// something; ValidateResourcePolicy changes nothing, and StopReplicationToReplica is called
// on the replica.
var changesSecret = func() map[string]bool {
	m := map[string]bool{}
	for _, a := range secretsManager.Actions {
		switch {
		case a.AccessLevel == "Read" || a.AccessLevel == "List":
		case a.Name == "ValidateResourcePolicy" || a.Name == "StopReplicationToReplica":
		default:
			m[a.Name] = true
		}
	}
	return m
}()

// readOnlyReplica is the answer to a change on a replica. The API Reference names no error
// for it; AWS answers InvalidParameterException with this message, which clients check for
// ("Code == 'InvalidParameterException' and 'replica' in Message").
func readOnlyReplica() *Error {
	return errorf(InvalidParameter, "Operation not permitted on a replica secret. Call must be made in primary secret's region.")
}

// replicated is DeleteSecret's refusal of a primary with replicas: "For a secret that is
// replicated to other Regions, you must first delete the replicas using
// RemoveRegionsFromReplication, and then delete the primary secret" (DeleteSecret).
func replicated(e *entry) *Error {
	if e.primary == nil && len(e.s.Replicas) > 0 {
		return errorf(InvalidRequest, "The secret %s is replicated to other Regions: remove its replicas with RemoveRegionsFromReplication before you delete it.", e.s.Name)
	}
	return nil
}

// replicate adds replicas to a primary. A region where the account already has a secret of
// the name gets a Failed replica, unless force overwrites that secret.
func (s *Store) replicate(c *Call, r *Result, e *entry, reps []world.Replica, force bool) {
	all := slices.Clone(e.s.Replicas)
	for _, rep := range reps {
		if slices.ContainsFunc(all, func(x world.Replica) bool { return x.Region == rep.Region && x.Status != failed }) {
			continue
		}
		all = slices.DeleteFunc(all, func(x world.Replica) bool { return x.Region == rep.Region })
		other := s.index[secretKey{e.acct.ID, rep.Region, e.s.Name}]
		switch {
		case other != nil && (!force || other.primary != nil):
			rep.Status, rep.StatusMessage = failed, nameTaken
		case !s.replicaKMS(c, r, e, rep):
			rep.Status, rep.StatusMessage = failed, kmsReplicationFailed
		case other != nil:
			s.remove(other)
		}
		all = append(all, rep)
	}
	e.s.Replicas = all
	s.syncReplicas(e)
}

type replicateInput struct {
	SecretId                    *string   `json:"SecretId"`
	AddReplicaRegions           []replica `json:"AddReplicaRegions"`
	ForceOverwriteReplicaSecret *bool     `json:"ForceOverwriteReplicaSecret"`
	RemoveReplicaRegions        []string  `json:"RemoveReplicaRegions"`
}

type replicationOutput struct {
	ARN               string          `json:"ARN"`
	ReplicationStatus []replicaStatus `json:"ReplicationStatus"`
}

// replicateSecretToRegions is ReplicateSecretToRegions: "Replicates the secret to a new
// Regions"; each replica is InSync at once, or Failed when its region has a secret of the
// name and ForceOverwriteReplicaSecret is not true.
func replicateSecretToRegions(s *Store, c *Call, r *Result) *Error {
	var in replicateInput
	if err := decode(c, &in); err != nil {
		return err
	}
	reps, err := checkReplicas(c, in.AddReplicaRegions)
	if err != nil {
		return err
	}
	if err := s.replicaKeys(c.Caller.Account, reps); err != nil {
		return err
	}
	e, err := s.onSecret(c, r, in.SecretId, true,
		kv{"secretsmanager:addreplicaregions", replicaRegions(reps)},
		kv{"secretsmanager:forceoverwritereplicasecret", optionalBool(in.ForceOverwriteReplicaSecret)})
	if err != nil {
		return err
	}
	s.replicate(c, r, e, reps, in.ForceOverwriteReplicaSecret != nil && *in.ForceOverwriteReplicaSecret)
	e.s.LastChangedDate = s.w.Clock
	return marshal(r, replicationOutput{e.arn, replicationStatus(e.s.Replicas)})
}

// removeRegionsFromReplication is RemoveRegionsFromReplication: "For a secret that is
// replicated to other Regions, deletes the secret replicas from the Regions you specify."
func removeRegionsFromReplication(s *Store, c *Call, r *Result) *Error {
	var in replicateInput
	if err := decode(c, &in); err != nil {
		return err
	}
	for _, region := range in.RemoveReplicaRegions {
		if !regionPattern.MatchString(region) || len(region) > 128 {
			return invalid("removeReplicaRegions.member", "Member must satisfy regular expression pattern: ^([a-z]+-)+\\d+$")
		}
	}
	e, err := s.onSecret(c, r, in.SecretId, true)
	if err != nil {
		return err
	}
	kept := slices.DeleteFunc(slices.Clone(e.s.Replicas), func(x world.Replica) bool { return slices.Contains(in.RemoveReplicaRegions, x.Region) })
	if len(kept) == 0 {
		kept = nil
	}
	e.s.Replicas = kept
	s.syncReplicas(e)
	e.s.LastChangedDate = s.w.Clock
	status := replicationStatus(kept)
	if status == nil {
		status = []replicaStatus{}
	}
	return marshal(r, replicationOutput{e.arn, status})
}

// stopReplicationToReplica is StopReplicationToReplica, called in the replica's region on
// the replica: "Removes the link between the replica secret and the primary secret and
// promotes the replica to a primary secret in the replica Region"; the promoted secret
// keeps the ARN (the primary's "except the Region is changed"), versions, description and
// tags, and the primary no longer lists it. On a secret that is no replica it finds none.
func stopReplicationToReplica(s *Store, c *Call, r *Result) *Error {
	var in idInput
	if err := decode(c, &in); err != nil {
		return err
	}
	e, err := s.onSecret(c, r, in.SecretId, true)
	if err != nil {
		return err
	}
	if e.primary == nil {
		return notFound()
	}
	p, rep := e.s, e.replicaOf()
	now := s.w.Clock
	standalone := &world.Secret{Name: p.Name, Region: e.region, Suffix: p.Suffix, Description: p.Description, Tags: slices.Clone(p.Tags),
		Policy: p.Policy, Created: now, LastChangedDate: now}
	if rep != nil {
		standalone.KMSKeyID = rep.KMSKeyID
	}
	for _, v := range p.Versions {
		cv := *v
		cv.Stages = slices.Clone(v.Stages)
		cv.Binary = slices.Clone(v.Binary)
		standalone.Versions = append(standalone.Versions, &cv)
	}
	primary := e.primary
	p.Replicas = slices.DeleteFunc(slices.Clone(p.Replicas), func(x world.Replica) bool { return x.Region == e.region })
	if len(p.Replicas) == 0 {
		p.Replicas = nil
	}
	s.syncReplicas(primary)
	promoted := s.add(e.acct, standalone)
	return marshal(r, struct {
		ARN string `json:"ARN"`
	}{promoted.arn})
}

// replicaKMS is the KMS use of replicating e's value to rep, on the caller's behalf, as the
// API Reference lists it for ReplicateSecretToRegions: "If the primary secret is encrypted
// with a KMS key other than aws/secretsmanager, you also need kms:Decrypt permission to the
// key. To encrypt the replicated secret with a KMS key other than aws/secretsmanager, you
// need kms:GenerateDataKey and kms:Encrypt to the key." Replication runs after the call
// answers, so a refusal does not fail the call: the replica fails ("Secrets Manager first
// decrypts the secret before re-encrypting with the new KMS key in the replica Region. If
// you don't have kms:Decrypt permission ... you will encounter this error", User Guide,
// Troubleshoot replication), and the checks stay in the call's explanation.
func (s *Store) replicaKMS(c *Call, r *Result, e *entry, rep world.Replica) bool {
	v := staged(e.s, current)
	if v == nil {
		return true // no value to move: no key is used
	}
	if k := s.keyOf(e.acct, e.s.Region, e.s.KMSKeyID); k != nil && !k.managed && s.decrypt(c, r, e, v) != nil {
		return false
	}
	if rep.KMSKeyID == "" {
		return true // aws/secretsmanager in the replica's region
	}
	if k := s.keyOf(e.acct, rep.Region, rep.KMSKeyID); k == nil || k.managed {
		return true
	}
	arn := []string{"arn:" + s.w.Partition + ":secretsmanager:" + rep.Region + ":" + e.acct.ID + ":secret:" + e.s.Name + "-" + e.s.Suffix}
	for _, action := range [...]string{kmsGenerateDataKey, kmsEncrypt} {
		if s.useKey(c, r, action, s.keyOf(e.acct, rep.Region, rep.KMSKeyID), rep.Region, arn, v.ID) != nil {
			return false
		}
	}
	return true
}
