// The light and dark themes: the reader's choice, kept in localStorage, else the system's.

const key = "iamplay.theme";

/** savedTheme is the reader's theme: the one chosen on the playground page, else the system's. */
export function savedTheme(): string {
  let saved = "";
  try {
    saved = localStorage.getItem(key) ?? "";
  } catch {
    // no storage
  }
  return saved || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
}

/** setupTheme applies the saved theme and makes button switch it. */
export function setupTheme(button: HTMLElement): void {
  const apply = (t: string) => {
    document.documentElement.dataset.theme = t;
    button.setAttribute("aria-pressed", String(t === "dark"));
  };
  apply(savedTheme());
  button.addEventListener("click", () => {
    const t = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    apply(t);
    try {
      localStorage.setItem(key, t);
    } catch {
      // no storage
    }
  });
}
