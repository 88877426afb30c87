// Preloaded into the server (`node --require`) by tests: logs every path the process opens, reads
// or lists, one per line, to the file named by DATELINE_TRACE_READS. Stats are not reads.
'use strict';
const fs = require('node:fs');
const log = process.env.DATELINE_TRACE_READS;
if (log) {
  const fd = fs.openSync(log, 'a');
  const write = fs.writeSync;
  const note = (p) => {
    if (typeof p === 'string' || p instanceof URL || Buffer.isBuffer(p)) write(fd, `${String(p instanceof URL ? p.pathname : p)}\n`);
  };
  const wrap = (target, name) => {
    const original = target[name];
    if (typeof original !== 'function') return;
    target[name] = function (p, ...rest) {
      note(p);
      return original.call(this, p, ...rest);
    };
  };
  for (const name of ['openSync', 'readFileSync', 'readdirSync', 'opendirSync', 'open', 'readFile', 'readdir', 'opendir', 'createReadStream']) wrap(fs, name);
  for (const name of ['open', 'readFile', 'readdir', 'opendir']) wrap(fs.promises, name);
}
