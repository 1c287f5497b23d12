// Preloaded into the end-to-end test server (`node --require tests/e2e/parent-watch.cjs server.js`):
// when the test runner that started it is gone without its teardown (killed, or its output pipe
// closed), the server removes its temp directory and exits instead of running on as an orphan.
const fs = require("node:fs");

const parent = Number(process.env.ULG_E2E_PARENT_PID);
const tempDir = process.env.ULG_E2E_TEMP_DIR;

if (parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
      process.exit(0);
    }
  }, 1000).unref();
}
