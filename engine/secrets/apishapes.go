package secrets

// The request shapes of the operations the store runs, as data. This file's name sorts before
// every file of the package whose variables are initialized by a call: the compiler lays out
// a literal that copies other variables (fieldSecretID into each shape) as data only while
// no such initializer has run before it, else it copies them at start-up (cmd/compile's
// staticinit). internal/layout's TestTablesAreData holds that.

// The members several requests share, declared once. A member holding a pointer is shared
// through the pointer (Member: &memberTag): a literal that copies a pointer from another
// variable is copied at start-up.
var (
	// fieldSecretID is the SecretId of every request about one secret: "The ARN or name of the
	// secret", 1 to 2,048 characters.
	fieldSecretID = Field{Name: "SecretId", Type: tString, Required: true, Min: 1, Max: maxSecretID}
	// fieldClientRequestToken is the idempotency token of the requests that write a version: 32 to
	// 64 characters.
	fieldClientRequestToken = Field{Name: "ClientRequestToken", Type: tString, Min: 32, Max: 64}
	// memberTag is one member of a list of tags: a key and a value.
	memberTag = Field{Type: tStructure, Fields: []Field{{Name: "Key", Type: tString, Required: true, Min: 1, Max: maxTagKey}, {Name: "Value", Type: tString, Max: maxTagValue}}}
	// memberFilter is one member of the Filters of ListSecrets and BatchGetSecretValue.
	memberFilter = Field{Type: tStructure, Fields: []Field{{Name: "Key", Type: tString, Enum: []string{"description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all"}}, {Name: "Values", Type: tList, Min: 1, Max: 10, Member: &Field{Type: tString}}}}
	// memberReplicaRegion is one member of AddReplicaRegions (CreateSecret, ReplicateSecretToRegions).
	memberReplicaRegion = Field{Type: tStructure, Fields: []Field{{Name: "Region", Type: tString}, {Name: "KmsKeyId", Type: tString, Max: maxKMSKeyID}}}
)

// shapes are the requests of the operations the store runs, with the API Reference's
// constraints. They are literals so the browser's .wasm holds them as data, not code.
var shapes = []Shape{
	{"CreateSecret", []Field{
		{Name: "Name", Type: tString, Required: true, Min: 1, Max: maxName},
		fieldClientRequestToken,
		{Name: "Description", Type: tString, Max: maxDescription},
		{Name: "KmsKeyId", Type: tString, Max: maxKMSKeyID},
		{Name: "SecretBinary", Type: tBlob},
		{Name: "SecretString", Type: tString, Max: maxValue},
		{Name: "Tags", Type: tList, Member: &memberTag},
		{Name: "AddReplicaRegions", Type: tList, Member: &memberReplicaRegion},
		{Name: "ForceOverwriteReplicaSecret", Type: tBoolean},
	}},
	{"GetSecretValue", []Field{
		fieldSecretID,
		{Name: "VersionId", Type: tString, Min: 32, Max: 64},
		{Name: "VersionStage", Type: tString, Min: 1, Max: maxStage},
	}},
	{"BatchGetSecretValue", []Field{
		{Name: "SecretIdList", Type: tList, Min: 1, Max: maxList, Member: &Field{Type: tString, Min: 1, Max: maxSecretID}},
		{Name: "Filters", Type: tList, Max: 10, Member: &memberFilter},
		{Name: "MaxResults", Type: tInteger, Min: 1, Max: maxList},
		{Name: "NextToken", Type: tString},
	}},
	{"PutSecretValue", []Field{
		fieldSecretID,
		fieldClientRequestToken,
		{Name: "SecretBinary", Type: tBlob},
		{Name: "SecretString", Type: tString, Max: maxValue},
		{Name: "VersionStages", Type: tList, Min: 1, Max: maxStages, Member: &Field{Type: tString, Min: 1, Max: maxStage}},
		{Name: "RotationToken", Type: tString},
	}},
	{"UpdateSecret", []Field{
		fieldSecretID,
		fieldClientRequestToken,
		{Name: "Description", Type: tString, Max: maxDescription},
		{Name: "KmsKeyId", Type: tString, Max: maxKMSKeyID},
		{Name: "SecretBinary", Type: tBlob},
		{Name: "SecretString", Type: tString, Max: maxValue},
	}},
	{"UpdateSecretVersionStage", []Field{
		fieldSecretID,
		{Name: "VersionStage", Type: tString, Required: true, Min: 1, Max: maxStage},
		{Name: "RemoveFromVersionId", Type: tString, Min: 32, Max: 64},
		{Name: "MoveToVersionId", Type: tString, Min: 32, Max: 64},
	}},
	{"DescribeSecret", []Field{
		fieldSecretID,
	}},
	{"ListSecrets", []Field{
		{Name: "IncludePlannedDeletion", Type: tBoolean},
		{Name: "MaxResults", Type: tInteger, Min: 1, Max: 100},
		{Name: "NextToken", Type: tString},
		{Name: "Filters", Type: tList, Max: 10, Member: &memberFilter},
		{Name: "SortOrder", Type: tString, Enum: []string{"asc", "desc"}},
		{Name: "SortBy", Type: tString, Enum: []string{"created-date", "last-accessed-date", "last-changed-date", "name"}},
	}},
	{"ListSecretVersionIds", []Field{
		fieldSecretID,
		{Name: "MaxResults", Type: tInteger, Min: 1, Max: 100},
		{Name: "NextToken", Type: tString},
		{Name: "IncludeDeprecated", Type: tBoolean},
	}},
	{"DeleteSecret", []Field{
		fieldSecretID,
		{Name: "RecoveryWindowInDays", Type: tInteger},
		{Name: "ForceDeleteWithoutRecovery", Type: tBoolean},
	}},
	{"RestoreSecret", []Field{
		fieldSecretID,
	}},
	{"TagResource", []Field{
		fieldSecretID,
		{Name: "Tags", Type: tList, Required: true, Member: &memberTag},
	}},
	{"UntagResource", []Field{
		fieldSecretID,
		{Name: "TagKeys", Type: tList, Required: true, Member: &Field{Type: tString, Min: 1, Max: maxTagKey}},
	}},
	{"GetRandomPassword", []Field{
		{Name: "PasswordLength", Type: tInteger, Min: 1, Max: 4096},
		{Name: "ExcludeCharacters", Type: tString, Max: 4096},
		{Name: "ExcludeNumbers", Type: tBoolean},
		{Name: "ExcludePunctuation", Type: tBoolean},
		{Name: "ExcludeUppercase", Type: tBoolean},
		{Name: "ExcludeLowercase", Type: tBoolean},
		{Name: "IncludeSpace", Type: tBoolean},
		{Name: "RequireEachIncludedType", Type: tBoolean},
	}},
	{"PutResourcePolicy", []Field{
		fieldSecretID,
		{Name: "ResourcePolicy", Type: tString, Required: true, Min: 1, Max: maxPolicy},
		{Name: "BlockPublicPolicy", Type: tBoolean},
	}},
	{"GetResourcePolicy", []Field{
		fieldSecretID,
	}},
	{"DeleteResourcePolicy", []Field{
		fieldSecretID,
	}},
	{"ValidateResourcePolicy", []Field{
		{Name: "SecretId", Type: tString, Min: 1, Max: maxSecretID},
		{Name: "ResourcePolicy", Type: tString, Required: true, Min: 1, Max: maxPolicy},
	}},
	{"RotateSecret", []Field{
		fieldSecretID,
		fieldClientRequestToken,
		{Name: "RotationLambdaARN", Type: tString, Max: 2048},
		{Name: "RotationRules", Type: tStructure, Fields: []Field{{Name: "AutomaticallyAfterDays", Type: tInteger, Min: 1, Max: 1000}, {Name: "Duration", Type: tString, Min: 2, Max: 3}, {Name: "ScheduleExpression", Type: tString, Min: 1, Max: 256}}},
		{Name: "RotateImmediately", Type: tBoolean},
	}},
	{"CancelRotateSecret", []Field{
		fieldSecretID,
	}},
	{"ReplicateSecretToRegions", []Field{
		fieldSecretID,
		{Name: "AddReplicaRegions", Type: tList, Required: true, Min: 1, Member: &memberReplicaRegion},
		{Name: "ForceOverwriteReplicaSecret", Type: tBoolean},
	}},
	{"RemoveRegionsFromReplication", []Field{
		fieldSecretID,
		{Name: "RemoveReplicaRegions", Type: tList, Required: true, Min: 1, Member: &Field{Type: tString}},
	}},
	{"StopReplicationToReplica", []Field{
		fieldSecretID,
	}},
}
