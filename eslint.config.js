// Lint of the site's own JavaScript (the page scripts, the Pyodide build scripts and the tests
// that run under Node): `npm run lint:js`.
import js from "@eslint/js";
import globals from "globals";

// Loaded with a plain <script> tag (no type="module"): they must run before Material's bundle
// or from the page's head, and share nothing through imports.
const CLASSIC_SCRIPTS = [
  "docs/assets/site.js",
  "docs/assets/md-content.js",
  "docs/assets/md-globals.js",
  "docs/assets/search-on-demand.js",
  "docs/assets/calculator/engine.js",
];

export default [
  { ignores: ["node_modules/", "site/", "site.new-*/", "site.old-*/", "build/", "dist/", ".venv/"] },
  js.configs.recommended,
  {
    files: ["docs/assets/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
  },
  {
    files: CLASSIC_SCRIPTS,
    languageOptions: { sourceType: "script" },
  },
  {
    files: ["docs/assets/**/worker.js"],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    files: ["scripts/pyodide/*.mjs", "tests/js/**/*.mjs", "tests/parity/*.mjs", "eslint.config.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
