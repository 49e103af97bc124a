// The reader's progress through the course, kept in this browser only (localStorage): a
// scenario page has "Mark as done"; the course index shows what is done.

const key = "iamplay.course.done";

/** done is the set of scenario slugs the reader marked done. */
export function done(): Set<string> {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? "[]");
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  } catch {
    return new Set();
  }
}

function save(s: Set<string>): void {
  try {
    localStorage.setItem(key, JSON.stringify([...s].sort()));
  } catch {
    // storage full or disabled: progress is a convenience
  }
}

/** setupProgress wires the page's "Mark as done" button and marks done scenarios in lists. */
export function setupProgress(): void {
  const d = done();
  const button = document.querySelector<HTMLButtonElement>("button.mark-done");
  if (button) {
    const slug = button.dataset.slug ?? "";
    const show = () => {
      const on = d.has(slug);
      button.setAttribute("aria-pressed", String(on));
      button.textContent = on ? "Done ✓ (click to undo)" : "Mark as done";
    };
    show();
    button.closest<HTMLElement>(".done-box")?.removeAttribute("hidden");
    button.addEventListener("click", () => {
      if (d.has(slug)) d.delete(slug); else d.add(slug);
      save(d);
      show();
    });
  }
  const items = document.querySelectorAll<HTMLElement>("li[data-slug]");
  for (const li of items) {
    const on = d.has(li.dataset.slug ?? "");
    li.classList.toggle("done", on);
    li.querySelector<HTMLElement>(".done-mark")?.toggleAttribute("hidden", !on);
  }
  const progress = document.getElementById("progress");
  if (progress) {
    const total = document.querySelectorAll(".course-list:first-of-type > li[data-slug]").length;
    const n = [...new Set([...items].map((li) => li.dataset.slug))].filter((s) => s && d.has(s)).length;
    progress.textContent = `You have done ${n} of ${total} scenarios (kept in this browser only).`;
    progress.hidden = false;
  }
}
