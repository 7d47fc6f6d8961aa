// Entry the extension host calls (`extensionTestsPath`): runs every *.suite.js bundled next to
// it with mocha, then prints a plain `N passed, N failed` line (mocha's own closing lines are
// not one CI tools read). Bundled to CommonJS by test/editor/build.ts.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, slow: 5_000 });
  const grep = process.env.CASEMARK_EDITOR_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.suite.js')).sort()) {
    mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      console.log(`${stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} editor test(s) failed`));
      else resolve();
    });
  });
}
