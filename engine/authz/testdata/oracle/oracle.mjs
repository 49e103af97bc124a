// oracle.mjs: a test-only differential oracle. It reads iamplay evaluation documents, runs each
// through @cloud-copilot/iam-simulate (AGPL-3.0, a separate process, never bundled), and prints
// one JSON line per document: {"decision": "Allow|ExplicitDeny|ImplicitDeny|Error", ...}.
//
// Usage:
//   node oracle.mjs < docs.json          a JSON array of evaluation documents on stdin
//   node oracle.mjs a.json b.json ...    one evaluation document per file
//   node oracle.mjs --lines < docs.jsonl one evaluation document per line on stdin
import { readFileSync } from 'node:fs'
import { runSimulation } from '@cloud-copilot/iam-simulate'

// accountOf returns the account field (the fifth colon-separated part) of an ARN, or "".
function accountOf(arn) {
  if (typeof arn !== 'string') return ''
  const parts = arn.split(':')
  return parts.length >= 6 && parts[0] === 'arn' ? parts[4] : ''
}

// named turns a list of policy documents into iam-simulate's [{name, policy}] form.
function named(prefix, list) {
  if (!Array.isArray(list)) return []
  return list.map((policy, i) => ({ name: `${prefix}${i}`, policy }))
}

// contextOf keeps string and list-of-string values; booleans and numbers become strings.
// A null value marks the key absent (docs/contract.md): it is left out.
function contextOf(ctx) {
  const out = {}
  if (!ctx || typeof ctx !== 'object') return out
  for (const [k, v] of Object.entries(ctx)) {
    if (v === null) continue
    out[k] = Array.isArray(v) ? v.map(String) : String(v)
  }
  return out
}

// toSimulation maps one evaluation document to iam-simulate's Simulation input.
function toSimulation(doc) {
  const req = doc.request ?? {}
  const sim = {
    request: {
      principal: req.principal,
      action: req.action,
      // A resource without an account (e.g. "*" for ListSecrets) is in the caller's account.
      resource: { resource: req.resource, accountId: accountOf(req.resource) || accountOf(req.principal) },
      contextVariables: contextOf(req.context)
    },
    identityPolicies: named('identity', doc.identityPolicies),
    serviceControlPolicies: Array.isArray(doc.scps)
      ? doc.scps.map((level, i) => ({
          orgIdentifier: i === 0 ? 'r-root' : `ou-level${i}`,
          policies: named(`scp${i}_`, level)
        }))
      : [],
    resourceControlPolicies: []
  }
  if (doc.resourcePolicy) sim.resourcePolicy = doc.resourcePolicy
  if (Array.isArray(doc.permissionBoundaries)) {
    sim.permissionBoundaryPolicies = named('boundary', doc.permissionBoundaries)
  }
  if (doc.sessionPolicy) sim.sessionPolicy = doc.sessionPolicy
  return sim
}

const decisions = {
  Allowed: 'Allow',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny'
}

// decide runs one document and returns the line to print.
async function decide(doc) {
  try {
    const res = await runSimulation(toSimulation(doc), { simulationMode: 'Strict' })
    if (res.resultType === 'error') {
      return { decision: 'Error', error: res.errors?.message ?? 'error', errors: res.errors }
    }
    const out = { decision: decisions[res.overallResult] ?? `Unknown:${res.overallResult}` }
    const ignored =
      res.resultType === 'single'
        ? res.result?.ignoredContextKeys
        : res.results?.flatMap((r) => r.ignoredContextKeys ?? [])
    if (ignored && ignored.length > 0) out.ignoredContextKeys = ignored
    if (res.resultType !== 'single') out.resultType = res.resultType
    return out
  } catch (e) {
    return { decision: 'Error', error: String(e?.message ?? e) }
  }
}

function readStdin() {
  return readFileSync(0, 'utf8')
}

async function main() {
  const args = process.argv.slice(2)
  let docs
  if (args[0] === '--lines') {
    docs = readStdin()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l))
  } else if (args.length > 0) {
    docs = args.map((f) => JSON.parse(readFileSync(f, 'utf8')))
  } else {
    docs = JSON.parse(readStdin())
    if (!Array.isArray(docs)) docs = [docs]
  }
  const lines = []
  for (const doc of docs) lines.push(JSON.stringify(await decide(doc)))
  process.stdout.write(lines.join('\n') + (lines.length ? '\n' : ''))
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n')
  process.exit(1)
})
