// The site's pages (home, course, scenarios, reference): search over the index the build
// wrote, the reader's progress through the course kept in localStorage, the theme, and the
// loader of live widgets: iamplay.js (the playground component, without the policy editor) and
// the engine's worker start only when a widget is about to scroll into view. Everything else on
// the pages works without this script.

import "./site.css";
import { setupSearch } from "./search";
import { setupProgress } from "./progress";
import { savedTheme } from "./theme";

document.documentElement.dataset.theme ||= savedTheme();

/** widgetScript is the embed's script; the playground component comes with it. */
const widgetScript = "/playground/iamplay.js";
/** engineWorker is the engine's Web Worker, which fetches and starts the WebAssembly. */
const engineWorker = "/playground/worker.js";

/** near is how close to the viewport a widget starts the engine: about to scroll into view. */
const near = 400;

/** loadWidgets adds the embed's script once the first widget is near the viewport. */
function loadWidgets(): void {
  const widgets = document.querySelectorAll("iamplay-scenario");
  if (widgets.length === 0) return;
  let added = false;
  const add = () => {
    if (added) return;
    added = true;
    // The engine's worker starts now, beside the widget's script, so the WebAssembly is fetched
    // and compiled while the script loads; the widgets' engine adopts it (engine.ts).
    window.iamplayBootWorker ??= new Worker(engineWorker);
    const s = document.createElement("script");
    s.src = widgetScript;
    document.head.append(s);
  };
  // A widget near the viewport already starts the engine now, a frame before the observer
  // would say so.
  const nearNow = [...widgets].some((w) => {
    const r = w.getBoundingClientRect();
    return w.getClientRects().length > 0 && r.top < innerHeight + near && r.bottom > -near;
  });
  if (nearNow || !("IntersectionObserver" in window)) {
    add();
    return;
  }
  const io = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) {
      io.disconnect();
      add();
    }
  }, { rootMargin: `${near}px 0px` });
  for (const w of widgets) io.observe(w);
}

setupSearch();
setupProgress();
loadWidgets();
