package secrets

import (
	"regexp"
	"slices"

	"github.com/iamplay/iamplay/engine/world"
)

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

var regionPattern = regexp.MustCompile(`^([a-z]+-)+\d+$`)

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
		rep := world.Replica{Region: *r.Region, Status: "InSync"}
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
		out = append(out, replicaStatus{Region: r.Region, KmsKeyId: r.KMSKeyID, Status: r.Status})
	}
	return out
}

type replicateInput struct {
	SecretId                    *string   `json:"SecretId"`
	AddReplicaRegions           []replica `json:"AddReplicaRegions"`
	ForceOverwriteReplicaSecret *bool     `json:"ForceOverwriteReplicaSecret"`
	RemoveReplicaRegions        []string  `json:"RemoveReplicaRegions"`
}

// replicateSecretToRegions is ReplicateSecretToRegions as far as this issue goes: the
// replicas are recorded (InSync) and shown in the secret's ReplicationStatus.
func replicateSecretToRegions(s *Store, c *Call, r *Result) *Error {
	var in replicateInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if len(in.AddReplicaRegions) == 0 {
		return invalid("addReplicaRegions", "Member must have length greater than or equal to 1")
	}
	reps, err := checkReplicas(c, in.AddReplicaRegions)
	if err != nil {
		return err
	}
	e, err := s.onSecret(c, r, in.SecretId, true,
		kv{"secretsmanager:addreplicaregions", replicaRegions(reps)},
		kv{"secretsmanager:forceoverwritereplicasecret", optionalBool(in.ForceOverwriteReplicaSecret)})
	if err != nil {
		return err
	}
	all := slices.Clone(e.s.Replicas)
	for _, rep := range reps {
		if !slices.ContainsFunc(all, func(x world.Replica) bool { return x.Region == rep.Region }) {
			all = append(all, rep)
		}
	}
	e.s.Replicas = all
	e.s.LastChangedDate = s.w.Clock
	return marshal(r, struct {
		ARN               string          `json:"ARN"`
		ReplicationStatus []replicaStatus `json:"ReplicationStatus"`
	}{e.arn, replicationStatus(all)})
}

// removeRegionsFromReplication is RemoveRegionsFromReplication: the replicas named go.
func removeRegionsFromReplication(s *Store, c *Call, r *Result) *Error {
	var in replicateInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if len(in.RemoveReplicaRegions) == 0 {
		return invalid("removeReplicaRegions", "Member must have length greater than or equal to 1")
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
	e.s.LastChangedDate = s.w.Clock
	status := replicationStatus(kept)
	if status == nil {
		status = []replicaStatus{}
	}
	return marshal(r, struct {
		ARN               string          `json:"ARN"`
		ReplicationStatus []replicaStatus `json:"ReplicationStatus"`
	}{e.arn, status})
}

// stopReplicationToReplica is StopReplicationToReplica, called in the replica's region on
// the replica: the replica becomes a standalone secret there, with the primary's name,
// ARN suffix, versions and tags, and the primary no longer lists it.
func stopReplicationToReplica(s *Store, c *Call, r *Result) *Error {
	var in idInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := checkSecretID(in.SecretId); err != nil {
		return err
	}
	// the replica of a secret of the caller's account whose primary lists this region
	var primary *entry
	for _, sec := range c.Caller.Account.Secrets {
		if sec.Region == c.Region || !slices.ContainsFunc(sec.Replicas, func(x world.Replica) bool { return x.Region == c.Region }) {
			continue
		}
		arn := "arn:" + s.w.Partition + ":secretsmanager:" + c.Region + ":" + c.Caller.Account.ID + ":secret:" + sec.Name + "-" + sec.Suffix
		if *in.SecretId == sec.Name || *in.SecretId == arn {
			primary = s.index[secretKey{c.Caller.Account.ID, sec.Region, sec.Name}]
			break
		}
	}
	t := s.resolve(c, *in.SecretId)
	if primary != nil {
		t.arn = "arn:" + s.w.Partition + ":secretsmanager:" + c.Region + ":" + c.Caller.Account.ID + ":secret:" + primary.s.Name + "-" + primary.s.Suffix
	}
	if err := s.authorize(c, r, action(c.Operation), t, []string{*in.SecretId}); err != nil {
		return err
	}
	if primary == nil || t.e != nil {
		return notFound()
	}
	p := primary.s
	now := s.w.Clock
	copyOf := &world.Secret{Name: p.Name, Region: c.Region, Suffix: p.Suffix, Description: p.Description, Tags: slices.Clone(p.Tags),
		Created: now, LastChangedDate: now}
	for _, v := range p.Versions {
		cv := *v
		cv.Stages = slices.Clone(v.Stages)
		copyOf.Versions = append(copyOf.Versions, &cv)
	}
	p.Replicas = slices.DeleteFunc(slices.Clone(p.Replicas), func(x world.Replica) bool { return x.Region == c.Region })
	if len(p.Replicas) == 0 {
		p.Replicas = nil
	}
	e := s.add(c.Caller.Account, copyOf)
	return marshal(r, struct {
		ARN string `json:"ARN"`
	}{e.arn})
}
