package secrets

import (
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/iamplay/iamplay/engine/authz"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/engine/world"
)

// This file is the KMS side of Secrets Manager. Every secret value is encrypted under a KMS
// key: the account's AWS managed key aws/secretsmanager of the secret's region, or a
// customer managed key of the world with its key policy. Secrets Manager uses the key "on
// behalf of the user who is accessing or updating the secret value" (Secrets Manager User
// Guide, "Secret encryption and decryption", Permissions for the KMS key), so each use is a
// second request decided by the engine for the same caller: kms:Decrypt before a value is
// returned, kms:GenerateDataKey before one is written, with the key policy as the required
// resource policy and the context Secrets Manager sends. Key policies are compiled once, when
// the world is read (or, for a key the world leaves out, the first time it is used).
//
// Not modelled: versions keep no key of their own. When UpdateSecret changes the key, AWS
// keeps older versions decryptable with the previous key as well; here every version is
// decrypted with the secret's current key.

// The KMS actions Secrets Manager asks, and the values it sends.
const (
	kmsDecrypt         = "kms:Decrypt"
	kmsGenerateDataKey = "kms:GenerateDataKey"
	kmsEncrypt         = "kms:Encrypt"
	managedKeyAlias    = "alias/aws/secretsmanager"
	// "In these validation requests, the value of the SecretARN is the actual ARN of the
	// secret, but the SecretVersionId value is RequestToValidateKeyAccess" (User Guide,
	// "Secrets Manager encryption context").
	validateKeyAccess = "RequestToValidateKeyAccess"
)

// defaultKeyAcrossAccounts is AWS's answer to a caller of another account on a secret under
// the AWS managed key: an InvalidRequestException with this message (LocalStack's
// AWS-validated test_cross_account_access in tests/aws/services/secretsmanager, and AWS
// Knowledge Center, "secrets-manager-cross-account-key", which lists the message). The seed
// 004_80a921312c8f277f.txt: "A secret encrypted with the default Secrets Manager CMK for the
// account can be decrypted only by principals in that account."
const defaultKeyAcrossAccounts = "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key."

// kmsDenied is AWS's answer when the key's policies deny Secrets Manager's request on the
// caller's behalf (AWS Knowledge Center, "secrets-manager-cross-account-key": "Access to KMS
// is not allowed").
const kmsDenied = "Access to KMS is not allowed"

// keyInfo is a KMS key as the store uses it.
type keyInfo struct {
	arn     string
	account string // the key's account
	managed bool   // the AWS managed key aws/secretsmanager
	policy  *authz.Policy
}

// keyRef is a key reference as a secret holds it, with the account and region it is read in.
type keyRef struct{ account, region, ref string }

// kmsCache holds the keys the store has resolved and the kms:ViaService values, per region.
// The world's keys do not change while the store runs, so nothing goes stale.
type kmsCache struct {
	keys      map[keyRef]*keyInfo
	via       map[string][]string
	defaults  map[string]*authz.Policy // default key policies by account
	decisions map[kmsHead]*kmsDecision // the last kms:Decrypt decision of each reader of each version (decrypt)
}

// kmsHead is what the kms:Decrypt decision of a read is filed under: the reader, the
// secret's entry (its ARN is the encryption context's SecretARN) and the version (its ID the
// context's SecretVersionId); pointers only, cheap to hash. A decision made under the same
// head for another use (another key, region, network or clock) is replaced, not kept
// beside it.
type kmsHead struct {
	caller *world.Caller
	e      *entry
	v      *world.Version
}

// kmsDecision is a decision about one use of a key, with what explains it (a prepared
// request is immutable) and the rest of what it depends on besides its head: the key's
// reference as the secret held it (the world's keys never change), the endpoint's region,
// the network and the clock. Reading the same version again decides nothing anew.
type kmsDecision struct {
	key    *keyInfo
	action string
	ref    keyRef
	called string
	net    Network
	at     int64
	in     authz.Input
	q      *authz.Prepared
	d      authz.Decision
}

// secretKey is the key a secret of account a in region is encrypted with; nil when its
// reference names no key of the world (a world file cannot say so; the store checks
// KmsKeyId when it is written).
func (s *Store) keyOf(a *world.Account, region, ref string) *keyInfo {
	kr := keyRef{a.ID, region, ref}
	if k := s.kms.keys[kr]; k != nil {
		return k
	}
	k := s.findKey(a, region, ref)
	if k == nil {
		return nil
	}
	if s.kms.keys == nil || len(s.kms.keys) >= maxCached {
		s.kms.keys = map[keyRef]*keyInfo{}
	}
	s.kms.keys[kr] = k
	return k
}

// findKey resolves a KmsKeyId as Secrets Manager takes it: "" or the alias of the AWS
// managed key ("If you don't specify this value, then Secrets Manager uses the key
// aws/secretsmanager"), a key ID or alias of the account in the region, or a key or alias
// ARN of any account of the world.
func (s *Store) findKey(a *world.Account, region, ref string) *keyInfo {
	if strings.HasPrefix(ref, "arn:") {
		parts := strings.SplitN(ref, ":", 6)
		if len(parts) != 6 || parts[2] != "kms" {
			return nil
		}
		if a = s.w.Account(parts[4]); a == nil {
			return nil
		}
		region, ref = parts[3], strings.TrimPrefix(parts[5], "key/")
	}
	if ref == "" || ref == managedKeyAlias {
		if k := a.Key(managedKeyAlias, region); k != nil {
			return s.info(a, k)
		}
		// "If you choose the AWS managed key aws/secretsmanager and it doesn't already
		// exist, Secrets Manager creates it and associates it with the secret."
		return s.info(a, &world.Key{ID: managedKeyID(a.ID, region), Region: region, Aliases: []string{managedKeyAlias}, AWSManaged: true})
	}
	if k := a.Key(ref, region); k != nil {
		return s.info(a, k)
	}
	return nil
}

// info is a world key as the store uses it. A customer managed key without a policy has KMS's
// default key policy; the AWS managed key without one has the policy AWS gives it.
func (s *Store) info(a *world.Account, k *world.Key) *keyInfo {
	ki := &keyInfo{arn: k.ARN(s.w.Partition, a.ID), account: a.ID, managed: k.AWSManaged}
	switch {
	case k.Policy != nil:
		ki.policy = k.Policy.Policy
	case k.AWSManaged:
		ki.policy = authz.NewPolicy(policy.KindKey, "key policy of aws/secretsmanager", managedKeyPolicy(s.w.Partition, a.ID, k.Region))
	default:
		if s.kms.defaults == nil {
			s.kms.defaults = map[string]*authz.Policy{}
		}
		if ki.policy = s.kms.defaults[a.ID]; ki.policy == nil {
			ki.policy = authz.NewPolicy(policy.KindKey, "default key policy", defaultKeyPolicy(s.w.Partition, a.ID))
			s.kms.defaults[a.ID] = ki.policy
		}
	}
	return ki
}

// managedKeyPolicy is the key policy of an account's aws/secretsmanager key in a region, as
// the User Guide prints it ("Key policy of the AWS managed key (aws/secretsmanager)"): "Allow
// users in the account to use the KMS key for cryptographic operations only when the request
// comes from Secrets Manager on their behalf."
func managedKeyPolicy(partition, account, region string) []byte {
	via := "secretsmanager." + region + ".amazonaws.com"
	return []byte(`{"Version": "2012-10-17", "Id": "auto-secretsmanager-2", "Statement": [
  {"Sid": "Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager", "Effect": "Allow", "Principal": {"AWS": "*"},
   "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:CreateGrant", "kms:DescribeKey"], "Resource": "*",
   "Condition": {"StringEquals": {"kms:CallerAccount": "` + account + `", "kms:ViaService": "` + via + `"}}},
  {"Sid": "Allow data keys through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager", "Effect": "Allow", "Principal": {"AWS": "*"},
   "Action": "kms:GenerateDataKey*", "Resource": "*",
   "Condition": {"StringEquals": {"kms:CallerAccount": "` + account + `"}, "StringLike": {"kms:ViaService": "` + via + `"}}},
  {"Sid": "Allow direct access to key metadata to the account", "Effect": "Allow", "Principal": {"AWS": "arn:` + partition + `:iam::` + account + `:root"},
   "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"], "Resource": "*"}]}`)
}

// defaultKeyPolicy is the key policy KMS gives a key created without one (AWS KMS Developer
// Guide, "Default key policy"): it "gives the AWS account that owns the KMS key full access
// to the KMS key", which "allows IAM policies in the account to allow access to the KMS key".
func defaultKeyPolicy(partition, account string) []byte {
	return []byte(`{"Version": "2012-10-17", "Id": "key-default-1", "Statement": [
  {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:` + partition + `:iam::` + account + `:root"}, "Action": "kms:*", "Resource": "*"}]}`)
}

// managedKeyID is a stable key ID for an AWS managed key the world file leaves out.
func managedKeyID(account, region string) string {
	h := fnv.New64a()
	h.Write([]byte(account + "/" + region))
	x := strconv.FormatUint(h.Sum64()|1<<63, 16)
	return x[:8] + "-" + x[8:12] + "-4" + x[13:16] + "-8aaa-aaaa" + x[:8]
}

// encryptionContextKeys are kms:EncryptionContextKeys: "The Secrets Manager encryption
// context consists of two name-value pairs", SecretARN and SecretVersionId.
var encryptionContextKeys = []string{"SecretARN", "SecretVersionId"}

var symmetricDefault = []string{"SYMMETRIC_DEFAULT"}

// viaService is kms:ViaService for a region: secretsmanager.REGION.amazonaws.com.
func (s *Store) viaService(region string) []string {
	if v := s.kms.via[region]; v != nil {
		return v
	}
	if s.kms.via == nil || len(s.kms.via) >= maxCached {
		s.kms.via = map[string][]string{}
	}
	v := []string{"secretsmanager." + region + ".amazonaws.com"}
	s.kms.via[region] = v
	return v
}

// useKey asks the engine whether Secrets Manager may use key k (keyOf: nil when the secret's
// reference names no key) for action on the caller's behalf, for a secret in region whose
// ARN is secretARN, and records the check. The request is the caller's own, as forward
// access sessions make it (IAM User Guide, "Forward access sessions": "The service that
// receives a subsequent FAS request also checks the permissions of the same IAM principal"),
// with the caller's network keys ("the original requester's IP address is preserved"),
// aws:ViaAWSService, kms:ViaService, kms:CallerAccount and the encryption context.
func (s *Store) useKey(c *Call, r *Result, action string, k *keyInfo, region string, secretARN []string, versionID string) *Error {
	if k == nil {
		return errorf(DecryptionFailure, "Secrets Manager can't decrypt the protected secret text using the provided KMS key.")
	}
	return keyAnswer(c, r, s.decideKey(c, k, action, region, secretARN, versionID))
}

// keyAnswer records a decision about a key and answers it as AWS does.
func keyAnswer(c *Call, r *Result, kd *kmsDecision) *Error {
	r.record(Check{Action: kd.action, Resource: kd.key.arn, Decision: kd.d, in: &kd.in, q: kd.q})
	switch {
	case kd.d == authz.Allow:
		return nil
	case kd.key.managed && c.Caller.Account.ID != kd.key.account:
		return errorf(InvalidRequest, defaultKeyAcrossAccounts)
	}
	return errorf(AccessDenied, kmsDenied)
}

// decideKey asks the engine about one use of a key: the caller's policies with the key
// policy as the resource policy, and the request's context.
func (s *Store) decideKey(c *Call, k *keyInfo, action, region string, secretARN []string, versionID string) *kmsDecision {
	p := s.principalOf(c.Caller)
	in := p.in
	in.Resource = k.policy
	ops := [...]kv{
		{"aws:viaawsservice", trueVals},
		{"aws:resourceaccount", s.one(k.account)},
		{"kms:viaservice", s.viaService(region)},
		{"kms:calleraccount", s.one(c.Caller.Account.ID)},
		{"kms:encryptioncontext:secretarn", secretARN},
		{"kms:encryptioncontext:secretversionid", s.one(versionID)},
		{"kms:encryptioncontextkeys", encryptionContextKeys},
		{"kms:encryptionalgorithm", nil},
	}
	if action == kmsDecrypt {
		ops[len(ops)-1].v = symmetricDefault
	}
	q := p.prepare(c.Caller, action, k.arn, s.requestContext(c, p, nil, nil, ops[:]...))
	return &kmsDecision{key: k, action: action, called: c.Region, net: c.Network, at: s.w.Clock.UnixNano(), in: in, q: q, d: in.Decide(q)}
}

// decrypt is the kms:Decrypt Secrets Manager asks before it returns a version's value:
// "Secrets Manager decrypts the secret value before returning it to the caller." The
// decision is the one the caller's last read of the version made when nothing it depends
// on has changed since.
func (s *Store) decrypt(c *Call, r *Result, e *entry, v *world.Version) *Error {
	region, ref := e.keyRef() // a replica's own key, in its region (replication.go)
	kr, head := keyRef{e.acct.ID, region, ref}, kmsHead{c.Caller, e, v}
	kd := s.kms.decisions[head]
	if kd != nil && kd.ref == kr && kd.called == c.Region && kd.net == c.Network && kd.at == s.w.Clock.UnixNano() {
		return keyAnswer(c, r, kd)
	}
	k := s.keyOf(e.acct, region, ref)
	if k == nil {
		return s.useKey(c, r, kmsDecrypt, nil, region, nil, v.ID)
	}
	if e.arnVals == nil {
		e.arnVals = []string{e.arn}
	}
	kd = s.decideKey(c, k, kmsDecrypt, region, e.arnVals, v.ID)
	kd.ref = kr
	if s.kms.decisions == nil || len(s.kms.decisions) >= maxCached {
		s.kms.decisions = map[kmsHead]*kmsDecision{}
	}
	s.kms.decisions[head] = kd
	return keyAnswer(c, r, kd)
}

// encrypt is the kms:GenerateDataKey Secrets Manager asks for a new version's value
// (CreateSecret, PutSecretValue, UpdateSecret: "Secrets Manager requests a new data key to
// encrypt the specified secret value"), under keyRef.
func (s *Store) encrypt(c *Call, r *Result, owner *world.Account, region, secretARN, keyRef, versionID string) *Error {
	return s.useKey(c, r, kmsGenerateDataKey, s.keyOf(owner, region, keyRef), region, []string{secretARN}, versionID)
}

// validateKey is what Secrets Manager does when a KmsKeyId establishes or changes a secret's
// key: "Secrets Manager calls the GenerateDataKey and Decrypt operations with the specified
// KMS key. These calls confirm that the caller has permission to use the KMS key for these
// operation."
func (s *Store) validateKey(c *Call, r *Result, owner *world.Account, region, secretARN, keyRef string) *Error {
	k, arn := s.keyOf(owner, region, keyRef), []string{secretARN}
	if err := s.useKey(c, r, kmsGenerateDataKey, k, region, arn, validateKeyAccess); err != nil {
		return err
	}
	return s.useKey(c, r, kmsDecrypt, k, region, arn, validateKeyAccess)
}

// Denied reports whether one of the call's authorization checks did not allow: the call
// failed because of a policy (its Explanation says which), whatever error AWS gives for it.
func (r *Result) Denied() bool {
	for i := range r.Checks {
		if r.Checks[i].Decision != authz.Allow {
			return true
		}
	}
	return false
}

// sealValue is the KMS use of writing a value as version token of e under keyRef (token nil:
// a new version ID): a new version needs kms:GenerateDataKey; a retry naming an existing
// version needs kms:Decrypt, for "when a PutSecretValue or UpdateSecret request attempts to
// change the secret value in an existing version of a secret, Secrets Manager decrypts the
// existing secret value and compares it to the secret value in the request". It returns the
// version ID to write.
func (s *Store) sealValue(c *Call, r *Result, e *entry, token *string, keyRef string) (*string, *Error) {
	if token == nil {
		id := s.versionID()
		token = &id
	}
	if v := version(e.s, *token); v != nil {
		return token, s.decrypt(c, r, e, v)
	}
	return token, s.encrypt(c, r, e.acct, e.s.Region, e.arn, keyRef, *token)
}
