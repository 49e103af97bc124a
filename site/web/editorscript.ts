// editor.js: the policy editor (editor.ts, with CodeMirror) as a script that <iamplay-scenario>
// adds to the page when the reader starts editing; it hands the editor over as
// window.iamplayEditor.

import * as editor from "./editor";
import type { EditorModule } from "./statictext";

declare global {
  interface Window {
    /** the policy editor, once editor.js has run */
    iamplayEditor?: EditorModule;
  }
}

window.iamplayEditor = editor;
