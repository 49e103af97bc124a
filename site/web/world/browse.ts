// The world, browsed: accounts, the organization and its SCPs, users, groups, roles, their
// policies and boundaries, KMS keys with key policies, secrets with versions, labels, tags,
// resource policy, rotation and replicas. Every policy has an Edit button that opens it in
// the policy editor (when the world shown is the timeline's last).

import { h } from "../dom";
import type { Account, NamedPolicy, Secret, Unit, WorldFile } from "./types";

/** PolicyRef is a policy of the world: its JSON pointer in the world file, its kind, a label. */
export interface PolicyRef { path: string; kind: string; label: string }

type OnEdit = ((p: PolicyRef) => void) | null;

function editButton(p: PolicyRef, onEdit: OnEdit): HTMLElement | null {
  if (!onEdit) return null;
  const b = h("button", { type: "button", class: "wedit", "data-path": p.path, "aria-label": "Edit " + p.label }, "Edit");
  b.addEventListener("click", () => onEdit(p));
  return b;
}

function policies(list: NamedPolicy[] | undefined, base: string, kind: string, owner: string, onEdit: OnEdit): HTMLElement | null {
  if (!list?.length) return null;
  return h("ul", { class: "wpolicies" }, list.map((p, i) => {
    const ref = { path: `${base}/${i}/policy`, kind, label: `${owner}: ${p.name}` };
    return h("li", {}, h("span", { class: "wkind" }, kind), " ", p.name, " ", editButton(ref, onEdit));
  }));
}

function tags(t: Record<string, string> | undefined): string {
  const e = Object.entries(t ?? {});
  return e.length ? " tags " + e.map(([k, v]) => `${k}=${v}`).join(", ") : "";
}

function list(title: string, items: (HTMLElement | null)[]): HTMLElement | null {
  const shown = items.filter((x): x is HTMLElement => x !== null);
  if (!shown.length) return null;
  return h("div", {}, h("h4", {}, title), h("ul", { class: "witems" }, shown));
}

function unit(u: Unit): HTMLElement {
  return h("li", {}, `${u.name} (${u.id}) SCPs: ${(u.scps ?? ["FullAWSAccess"]).join(", ")}${u.accounts?.length ? "; accounts " + u.accounts.join(", ") : ""}`,
    u.units?.length ? h("ul", {}, u.units.map(unit)) : null);
}

function secret(s: Secret, a: number, i: number, onEdit: OnEdit): HTMLElement {
  const base = `/accounts/${a}/secrets/${i}`;
  const rp: PolicyRef = { path: base + "/resourcePolicy", kind: "resource", label: `resource policy of ${s.name}` };
  return h("li", { "data-secret": s.name },
    h("strong", {}, s.name), ` (${s.region})`, s.description ? ": " + s.description : "",
    h("ul", {},
      h("li", {}, "KMS key: ", s.kmsKeyId || "aws/secretsmanager (AWS managed)"),
      s.deletionDate ? h("li", { class: "wdeleted" }, "Scheduled for deletion on ", s.deletionDate) : null,
      tags(s.tags) ? h("li", {}, tags(s.tags).trim()) : null,
      h("li", {}, "Resource policy: ", s.resourcePolicy ? "yes " : "none ", editButton(rp, onEdit)),
      s.rotation ? h("li", {}, "Rotation: ", JSON.stringify(s.rotation)) : null,
      s.replicas?.length ? h("li", {}, "Replicas: ", s.replicas.map((r) => JSON.stringify(r)).join("; ")) : null,
      h("li", {}, "Versions:", h("ul", {}, (s.versions ?? []).map((v) =>
        h("li", { "data-version": v.id }, `${v.id} [${(v.stages ?? []).join(", ") || "no label"}]${v.created ? " created " + v.created : ""}${v.secretString !== undefined ? " value " + v.secretString : ""}`))))));
}

function account(acct: Account, a: number, onEdit: OnEdit): HTMLElement {
  const base = `/accounts/${a}`;
  const who = (kind: string, name: string) => `${kind} ${name} (${acct.id})`;
  return h("details", { class: "waccount", open: true, "data-account": acct.id },
    h("summary", {}, h("h3", {}, `Account ${acct.id}${acct.alias ? " (" + acct.alias + ")" : ""}`)),
    list("Customer managed policies", (acct.policies ?? []).map((p, i) =>
      h("li", {}, p.name, " ", editButton({ path: `${base}/policies/${i}/policy`, kind: "identity", label: `managed policy ${p.name}` }, onEdit)))),
    list("Groups", (acct.groups ?? []).map((g, i) => h("li", {}, h("strong", {}, g.name),
      g.managedPolicies?.length ? " managed: " + g.managedPolicies.join(", ") : "",
      policies(g.policies, `${base}/groups/${i}/policies`, "identity", who("group", g.name), onEdit)))),
    list("Users", (acct.users ?? []).map((u, i) => h("li", { "data-user": u.name }, h("strong", {}, u.name),
      u.groups?.length ? " in " + u.groups.join(", ") : "", tags(u.tags),
      u.managedPolicies?.length ? "; managed: " + u.managedPolicies.join(", ") : "",
      u.permissionsBoundary ? "; boundary: " + u.permissionsBoundary : "",
      policies(u.policies, `${base}/users/${i}/policies`, "identity", who("user", u.name), onEdit)))),
    list("Roles", (acct.roles ?? []).map((r, i) => h("li", { "data-role": r.name }, h("strong", {}, r.name), tags(r.tags),
      r.managedPolicies?.length ? "; managed: " + r.managedPolicies.join(", ") : "",
      r.permissionsBoundary ? "; boundary: " + r.permissionsBoundary : "",
      " trust policy ", editButton({ path: `${base}/roles/${i}/trustPolicy`, kind: "trust", label: `trust policy of ${r.name}` }, onEdit),
      policies(r.policies, `${base}/roles/${i}/policies`, "identity", who("role", r.name), onEdit)))),
    list("KMS keys", (acct.keys ?? []).map((k, i) => h("li", { "data-key": k.id }, h("strong", {}, (k.aliases ?? [])[0] ?? k.id), ` ${k.id} (${k.region})${k.awsManaged ? " AWS managed" : ""}`,
      k.description ? ": " + k.description : "", " key policy ",
      editButton({ path: `${base}/keys/${i}/policy`, kind: "key", label: `key policy of ${(k.aliases ?? [])[0] ?? k.id}` }, onEdit)))),
    list("Secrets", (acct.secrets ?? []).map((s, i) => secret(s, a, i, onEdit))));
}

/** browse renders a world file; onEdit, when given, opens a policy in the editor. */
export function browse(w: WorldFile, onEdit: OnEdit): HTMLElement {
  const org = w.organization;
  return h("div", { class: "wbrowse" },
    org ? h("details", { class: "worg", open: true }, h("summary", {}, h("h3", {}, `Organization ${org.id}`)),
      policies(org.scps, "/organization/scps", "scp", "SCP", onEdit),
      org.root ? h("ul", { class: "wunits" }, unit(org.root)) : null) : h("p", {}, "The accounts are in no organization."),
    (w.accounts ?? []).map((a, i) => account(a, i, onEdit)));
}
