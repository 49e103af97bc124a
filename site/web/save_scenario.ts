// "Save as scenario": the playground's state as a scenario document (scenarios/*.md) that a
// documentation author commits. The engine writes it (engine/playground.SaveScenario); this
// module only asks for it and hands it over as a download.

import { engine, failed, Reply, SavedScenario } from "./engine";
import { h } from "./dom";
import { State, engineArgs } from "./state";

/** setupSaveScenario makes button download the state getState gives as a scenario; say tells the reader what happened. */
export function setupSaveScenario(button: HTMLElement, getState: () => State, say: (msg: string) => void): void {
  button.addEventListener("click", async () => {
    const { result } = await engine().raw("saveScenario", ...engineArgs(getState()));
    let r: Reply<SavedScenario>;
    try {
      r = JSON.parse(result) as Reply<SavedScenario>;
    } catch (e) {
      r = { error: "the engine answered with invalid JSON: " + String(e), code: "internal" };
    }
    if (failed(r)) {
      say("Could not save as a scenario: " + r.error);
      return;
    }
    const a = h("a", { href: URL.createObjectURL(new Blob([r.markdown], { type: "text/markdown" })), download: r.file });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    say(`Saved ${r.file}: the request expects ${r.decision}. Put it in scenarios/ and write its exercise and sources.`);
  });
}
