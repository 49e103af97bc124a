// Search over the course and the reference, in the page: the index (search-index.json) is
// written at build time and fetched the first time the reader uses the search box.

import { h } from "./dom";

/** Entry is one thing search finds (site/search.go writes them). */
interface Entry { u: string; t: string; k: string; x?: string }

const maxResults = 12;

let index: Promise<Entry[]> | null = null;

function loadIndex(): Promise<Entry[]> {
  index ??= fetch("/search-index.json").then((r) => r.json() as Promise<Entry[]>).catch(() => []);
  return index;
}

/** words splits text into lower-case words of letters, digits and the characters IAM names use. */
function words(s: string): string[] {
  return s.toLowerCase().split(/[^a-z0-9:._/*$-]+/).filter(Boolean);
}

/** score ranks an entry for the query's words: every word must appear; title hits count most. */
export function score(e: Entry, q: string[]): number {
  const title = e.t.toLowerCase(), rest = (e.k + " " + (e.x ?? "")).toLowerCase();
  let s = 0;
  for (const w of q) {
    if (title === w) s += 20;
    else if (title.startsWith(w)) s += 8;
    else if (title.includes(w)) s += 5;
    else if (rest.includes(w)) s += 1;
    else return 0;
  }
  return s - title.length / 1000;
}

export function setupSearch(): void {
  const form = document.querySelector<HTMLFormElement>("form.search");
  const input = document.getElementById("search-q") as HTMLInputElement | null;
  const list = document.getElementById("search-results");
  const count = document.getElementById("search-count");
  if (!form || !input || !list || !count) return;
  form.removeAttribute("data-pending");
  const run = async () => {
    const q = words(input.value);
    if (q.length === 0) {
      list.hidden = true;
      list.replaceChildren();
      count.textContent = "";
      return;
    }
    const entries = await loadIndex();
    const found = entries.map((e) => ({ e, s: score(e, q) })).filter((x) => x.s > 0).sort((a, b) => b.s - a.s);
    list.replaceChildren(...found.slice(0, maxResults).map(({ e }) =>
      h("li", {}, h("a", { href: e.u }, e.t), " ", h("span", { class: "kind" }, e.k))));
    if (found.length === 0) list.replaceChildren(h("li", { class: "none" }, "Nothing found."));
    list.hidden = false;
    count.textContent = `${found.length} found`;
  };
  input.addEventListener("focus", () => void loadIndex(), { once: true });
  input.addEventListener("input", () => void run());
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const first = list.querySelector<HTMLAnchorElement>("a");
    if (first) location.href = first.href;
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      input.value = "";
      void run();
    }
    if (ev.key === "ArrowDown") {
      ev.preventDefault();
      list.querySelector<HTMLAnchorElement>("a")?.focus();
    }
  });
  list.addEventListener("keydown", (ev) => {
    const links = [...list.querySelectorAll<HTMLAnchorElement>("a")];
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (ev.key === "ArrowDown" && i >= 0) { ev.preventDefault(); links[Math.min(i + 1, links.length - 1)]?.focus(); }
    if (ev.key === "ArrowUp" && i >= 0) { ev.preventDefault(); (i === 0 ? input : links[i - 1])?.focus(); }
  });
}
