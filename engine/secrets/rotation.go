package secrets

import (
	"regexp"

	"github.com/iamplay/iamplay/engine/world"
)

type rotationRules struct {
	AutomaticallyAfterDays *int64  `json:"AutomaticallyAfterDays,omitempty"`
	Duration               *string `json:"Duration,omitempty"`
	ScheduleExpression     *string `json:"ScheduleExpression,omitempty"`
}

func rulesOf(ro world.Rotation) *rotationRules {
	if ro.AutomaticallyAfterDays == 0 && ro.Duration == "" && ro.ScheduleExpression == "" {
		return nil
	}
	r := &rotationRules{}
	if ro.AutomaticallyAfterDays != 0 {
		r.AutomaticallyAfterDays = &ro.AutomaticallyAfterDays
	}
	if ro.Duration != "" {
		r.Duration = &ro.Duration
	}
	if ro.ScheduleExpression != "" {
		r.ScheduleExpression = &ro.ScheduleExpression
	}
	return r
}

type rotateInput struct {
	SecretId           *string        `json:"SecretId"`
	ClientRequestToken *string        `json:"ClientRequestToken"`
	RotationLambdaARN  *string        `json:"RotationLambdaARN"`
	RotationRules      *rotationRules `json:"RotationRules"`
	RotateImmediately  *bool          `json:"RotateImmediately"`
}

// lambdaARN is RotationLambdaARN's pattern (an ARN of a Lambda function).
var lambdaARN = regexp.MustCompile(`^arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$`)

// rotateSecret is RotateSecret as far as this issue goes: the rotation configuration is
// stored and returned (DescribeSecret), authorized with the keys AWS sends. No Lambda
// function runs in a world, so no new version is made; "If you don't specify a rotation
// function ARN and the secret doesn't already have one configured" the call fails as AWS
// fails it.
func rotateSecret(s *Store, c *Call, r *Result) *Error {
	var in rotateInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := checkToken(in.ClientRequestToken); err != nil {
		return err
	}
	if in.RotationLambdaARN != nil && !lambdaARN.MatchString(*in.RotationLambdaARN) {
		return invalid("rotationLambdaARN", "Member must be the ARN of a Lambda function")
	}
	if ru := in.RotationRules; ru != nil {
		if d := ru.AutomaticallyAfterDays; d != nil && (*d < 1 || *d > 1000) {
			return invalid("rotationRules.automaticallyAfterDays", "Member must have value between 1 and 1000")
		}
		if d := ru.Duration; d != nil {
			if err := checkLen("rotationRules.duration", *d, 2, 3); err != nil {
				return err
			}
		}
		if x := ru.ScheduleExpression; x != nil {
			if err := checkLen("rotationRules.scheduleExpression", *x, 1, 256); err != nil {
				return err
			}
		}
	}
	e, err := s.onSecret(c, r, in.SecretId, true,
		kv{"secretsmanager:rotationlambdaarn", optional(in.RotationLambdaARN)},
		kv{"secretsmanager:rotateimmediately", optionalBool(in.RotateImmediately)},
		kv{"secretsmanager:modifyrotationrules", boolVals(in.RotationRules != nil)})
	if err != nil {
		return err
	}
	ro := e.s.Rotation
	if in.RotationLambdaARN != nil {
		ro.LambdaARN = *in.RotationLambdaARN
	}
	if ro.LambdaARN == "" {
		return errorf(InvalidRequest, "No Lambda rotation function ARN is associated with this secret.")
	}
	if ru := in.RotationRules; ru != nil {
		ro.AutomaticallyAfterDays, ro.Duration, ro.ScheduleExpression = 0, "", ""
		if ru.AutomaticallyAfterDays != nil {
			ro.AutomaticallyAfterDays = *ru.AutomaticallyAfterDays
		}
		if ru.Duration != nil {
			ro.Duration = *ru.Duration
		}
		if ru.ScheduleExpression != nil {
			ro.ScheduleExpression = *ru.ScheduleExpression
		}
	}
	ro.Enabled = true
	e.s.Rotation = ro
	return s.changed(r, e)
}

// cancelRotateSecret is CancelRotateSecret: "Turns off automatic rotation"; the version
// labelled AWSPENDING, if any, is named in the output.
func cancelRotateSecret(s *Store, c *Call, r *Result) *Error {
	e, err := s.onSecretID(c, r, true)
	if err != nil {
		return err
	}
	e.s.Rotation.Enabled = false
	e.s.LastChangedDate = s.w.Clock
	out := secretOutput{ARN: e.arn, Name: e.s.Name}
	if v := staged(e.s, pending); v != nil {
		out.VersionId = v.ID
	}
	return marshal(r, out)
}
