package secrets

import (
	"encoding/base64"
)

type batchInput struct {
	SecretIdList []string `json:"SecretIdList"`
	Filters      []filter `json:"Filters"`
	MaxResults   *int     `json:"MaxResults"`
	NextToken    *string  `json:"NextToken"`
}

type batchValue struct {
	ARN           string   `json:"ARN"`
	Name          string   `json:"Name"`
	VersionId     string   `json:"VersionId"`
	SecretString  *string  `json:"SecretString,omitempty"`
	SecretBinary  *string  `json:"SecretBinary,omitempty"`
	VersionStages []string `json:"VersionStages"`
	CreatedDate   *epoch   `json:"CreatedDate,omitempty"`
}

type batchError struct {
	SecretId     string `json:"SecretId"`
	ErrorCode    string `json:"ErrorCode"`
	ErrorMessage string `json:"ErrorMessage"`
}

// batchGetSecretValue is BatchGetSecretValue: "the secret values for up to 20 secrets",
// named in SecretIdList or chosen by Filters ("Either SecretIdList or Filters must be
// provided, but not both"). The caller needs secretsmanager:BatchGetSecretValue, and
// GetSecretValue on each secret: "Secrets Manager generates a CloudTrail GetSecretValue
// event for each secret" and a secret it may not read is in Errors, not a failed call.
func batchGetSecretValue(s *Store, c *Call, r *Result) *Error {
	var in batchInput
	if err := decode(c, &in); err != nil {
		return err
	}
	if (in.SecretIdList == nil) == (in.Filters == nil) {
		return errorf(InvalidParameter, "Either SecretIdList or Filters must be provided, but not both.")
	}
	if in.SecretIdList != nil && (in.MaxResults != nil || in.NextToken != nil) {
		return errorf(InvalidParameter, "MaxResults and NextToken can be used only with Filters.")
	}
	max := maxResults(in.MaxResults, maxList)
	m, err := compileFilters(in.Filters)
	if err != nil {
		return err
	}
	if err := s.authorize(c, r, r.action, anyResource, nil); err != nil {
		return err
	}
	ids := in.SecretIdList
	var next *string
	if in.Filters != nil {
		all := s.selected(c, m, false, "created-date", "asc")
		list, nt, err := page(all, in.NextToken, max)
		if err != nil {
			return err
		}
		next = nt
		for _, e := range list {
			ids = append(ids, e.arn)
		}
	}
	out := struct {
		SecretValues []batchValue `json:"SecretValues"`
		Errors       []batchError `json:"Errors"`
		NextToken    *string      `json:"NextToken,omitempty"`
	}{SecretValues: []batchValue{}, Errors: []batchError{}, NextToken: next}
	get := "secretsmanager:GetSecretValue"
	for _, id := range ids {
		t := s.resolve(c, id)
		err := s.authorize(c, r, get, t, s.one(id), kv{"secretsmanager:versionstage", currentStages})
		switch {
		case err != nil:
		case t.e == nil:
			err = notFound()
		case !t.e.s.DeletionDate.IsZero():
			err = markedDeleted()
		}
		var v = (*batchValue)(nil)
		if err == nil {
			ver, perr := pick(t.e.s, nil, nil)
			if perr == nil {
				perr = s.decrypt(c, r, t.e, ver)
			}
			if perr != nil {
				err = perr
			} else {
				v = &batchValue{ARN: t.e.arn, Name: t.e.s.Name, VersionId: ver.ID, SecretString: ver.String, VersionStages: ver.Stages, CreatedDate: stamp(ver.Created)}
				if ver.Binary != nil {
					b := base64.StdEncoding.EncodeToString(ver.Binary)
					v.SecretBinary = &b
				}
			}
		}
		if err != nil {
			out.Errors = append(out.Errors, batchError{SecretId: id, ErrorCode: err.Type, ErrorMessage: err.Message})
			continue
		}
		out.SecretValues = append(out.SecretValues, *v)
	}
	return marshal(r, out)
}
