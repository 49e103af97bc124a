// Package exposure is the public-access check of a resource policy: for each statement it
// decides whether an Allow can match a principal outside a fixed, named set of accounts, says
// why, and proposes the condition that would make the statement private as a fix a person (or
// the playground, in one click) can apply.
//
// Secrets Manager answers the same question with a PASS or FAIL and no reason:
// PutResourcePolicy with BlockPublicPolicy "block[s] resource-based policies that allow broad
// access to the secret, for example those that use a wildcard for the principal"
// (Secrets Manager API Reference, PutResourcePolicy), and ValidateResourcePolicy "Sends a call
// to Zelkova, an automated reasoning engine, to ensure your resource policy does not allow
// broad access to your secret" (API Reference, ValidateResourcePolicy). The condition key
// secretsmanager:BlockPublicPolicy "Filters access by whether the resource policy blocks broad
// AWS account access" (Permissions reference for Secrets Manager). IAM Access Analyzer
// analyzes a secret's policy "including condition statements in a policy, that allow an
// external entity to access a secret" (IAM User Guide, IAM Access Analyzer supported resource
// types, AWS Secrets Manager secrets). AWS publishes no list of the conditions Zelkova credits
// for secrets; the one it publishes, for Amazon S3 (S3 API Reference,
// PublicAccessBlockConfiguration: a policy is not public when it grants access only to "A
// fixed AWS principal, user, role, or service principal", "A fixed aws:SourceArn", "A fixed
// aws:SourceVpc", "A fixed aws:SourceVpce", "A fixed aws:SourceOwner", "A fixed
// aws:SourceAccount", "A fixed value of aws:userid outside the pattern AROLEID:*"), with
// "fixed" meaning values "that don't contain a wildcard or an AWS Identity and Access
// Management Policy Variable" (S3 User Guide, Blocking public access, The meaning of
// "public"), is the model of the rules below.
//
// The rules, applied to each statement on its own:
//
//  1. deny: a Deny statement grants nothing; it is never public.
//  2. named: an Allow whose Principal names only accounts (an account ID or its root ARN),
//     users, roles, role sessions, federated users, services, identity providers or
//     canonical users grants a fixed set: it is private.
//  3. wildcard_principal: Principal "*" or {"AWS": "*"} (also inside a list) matches every
//     principal of every account and anonymous callers: open.
//  4. account_wildcard: a principal ARN with a wildcard ("arn:aws:iam::*:root") names no fixed
//     account: open (AWS also refuses such a principal; see policy.principal_format).
//  5. not_principal: Allow with NotPrincipal matches everyone it does not name, anonymous
//     callers included (IAM User Guide, NotPrincipal): open.
//  6. pinned: an open statement is private when one of its conditions pins the caller to
//     named accounts, an organization or a network: an operator that requires the key to be
//     present and match (StringEquals, StringEqualsIgnoreCase, StringLike, ArnEquals,
//     ArnLike, alone or with ForAnyValue:) on one of the keys below, every value fixed. The
//     keys and what "fixed" means for each:
//     - accounts: aws:PrincipalAccount, aws:SourceAccount, aws:SourceOwner, aws:VpceAccount,
//     kms:CallerAccount: no wildcard;
//     - organizations: aws:PrincipalOrgID, aws:SourceOrgID, aws:VpceOrgID: no wildcard;
//     aws:PrincipalOrgPaths, aws:SourceOrgPaths, aws:VpceOrgPaths: the organization ID
//     (before the first "/") has no wildcard;
//     - principals and sources by ARN: aws:PrincipalArn, aws:SourceArn: no wildcard, or a
//     12-digit account field without one ("arn:aws:iam::111122223333:role/*" names one
//     account);
//     - networks: aws:SourceVpc, aws:SourceVpce, aws:SourceVpcArn: no wildcard;
//     - aws:userid: the unique ID before ":" has no wildcard ("AROAEXAMPLEID:*" is one role).
//     No value may hold a policy variable ("${...}") or be empty.
//  7. Not pinning, so the statement stays open: a negated operator (StringNotEquals, ...),
//     an ...IfExists operator (a caller without the key, an anonymous one, passes), a
//     ForAllValues: operator (a caller without the key passes), Null, and every other key:
//     aws:SourceIp (an address range names no account: callers of every account behind it
//     pass; S3 credits CIDRs, this check follows the BlockPublicPolicy key's "broad AWS
//     account access"), aws:username (any account can have a user of that name: "you can't
//     really say that you trust everybody whose first name is 'Andrew'", AWS Storage Blog,
//     Understanding Amazon S3 Block Public Access), aws:ResourceAccount and the other keys
//     about the resource or the request.
//
// A statement is public when it is an Allow, rule 3, 4 or 5 opens it, and no condition pins
// it; the policy is public when one of its statements is. The check never credits a Deny
// statement elsewhere in the policy that would close an open Allow (Zelkova reasons about the
// whole policy): it may call such a policy public where AWS does not, never the reverse.
// Adding a condition to a statement never makes it public (conditions only narrow).
//
// The fix adds StringEquals on aws:PrincipalOrgID (the owner's organization) or on
// aws:PrincipalAccount (the owner's account; from the policy's own ARNs when the owner is not
// known; 111122223333 as a placeholder when nothing names one). It is a replacement of one
// range of the source, as every finding's Suggestion is, and it is checked: a fix that would
// not make the statement private is not offered.
package exposure
