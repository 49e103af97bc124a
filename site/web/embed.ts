// The embed: playgrounds inside any page of the site. Every element with a data-iamplay
// attribute gets one, configured by the JSON block inside it:
//
//	<div data-iamplay><script type="application/json">{"state": {...}, "compact": true,
//	  "editable": false, "features": {"matrix": false}, "label": "...", "link": "/playground/"}</script></div>
//
// (a JSON block is data, not script, so the site's CSP allows it). window.iamplay offers
// mountPlayground to pages that build their own. Every playground shares one worker.

import "./style.css";
import { mountPlayground as mount, Options, Playground } from "./playground";
import * as editing from "./editor";
import { isState } from "./state";
import { h } from "./dom";
import { savedTheme } from "./theme";

declare global {
  interface Window {
    iamplay: { mountPlayground: typeof mountPlayground; playgrounds: Playground[] };
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** options reads an element's JSON block; a message says what is wrong with it. */
function options(el: Element): Options | string {
  const block = el.querySelector('script[type="application/json"]');
  if (!block) return {};
  let v: unknown;
  try {
    v = JSON.parse(block.textContent ?? "");
  } catch (e) {
    return "the playground's settings are not JSON: " + String(e);
  }
  if (!isObject(v)) return "the playground's settings must be a JSON object";
  const o: Options = {};
  if (v.state !== undefined) {
    if (!isState(v.state)) return "the playground's state needs policies (kind, text) and a request";
    o.state = v.state;
  }
  if (isObject(v.features)) {
    o.features = Object.fromEntries(Object.entries(v.features).filter(([, on]) => typeof on === "boolean"));
  }
  if (typeof v.editable === "boolean") o.editable = v.editable;
  if (typeof v.compact === "boolean") o.compact = v.compact;
  if (typeof v.label === "string") o.label = v.label;
  if (typeof v.link === "string") o.link = v.link;
  if (v.heading === 2 || v.heading === 3 || v.heading === 4 || v.heading === 5) o.heading = v.heading;
  return o;
}

/** mountPlayground mounts a playground with the policy editor, unless o says another. */
function mountPlayground(element: HTMLElement, o: Options = {}): Playground {
  return mount(element, { editor: editing, ...o });
}

// The playgrounds follow the theme the reader chose on the playground page, unless the page set one.
document.documentElement.dataset.theme ||= savedTheme();
window.iamplay = { mountPlayground, playgrounds: [] };
for (const el of document.querySelectorAll<HTMLElement>("[data-iamplay]")) {
  const o = options(el);
  if (typeof o === "string") {
    el.append(h("p", { class: "embed-error", role: "alert" }, o));
    continue;
  }
  window.iamplay.playgrounds.push(mountPlayground(el, o));
}
