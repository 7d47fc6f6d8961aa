// A progress bar on standard error, only when it is a terminal and the run is long enough
// to need one (CI logs and pipes stay clean).
const MIN_FILES = 200;

export function progressBar(total: number): { update: (done: number, total: number) => void; done: () => void } {
  const stream = process.stderr;
  if (!stream.isTTY || total < MIN_FILES) return { update: () => {}, done: () => {} };
  let last = -1;
  const width = 30;
  return {
    update(done) {
      const pct = Math.floor((done / total) * 100);
      if (pct === last) return;
      last = pct;
      const filled = Math.round((done / total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} notes`);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
