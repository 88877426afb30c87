// Draws images/icon.png (128x128): a page of text with one highlighted citation.
// Uses only Node built-ins so the icon can be regenerated anywhere: `node scripts/make-icon.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
// Each output pixel averages SS x SS samples, which smooths the rounded edges.
const SS = 4;

const NAVY_TOP = [27, 47, 75];
const NAVY_BOTTOM = [38, 70, 110];
const PAGE = [250, 248, 242];
const INK = [46, 52, 64];
const LINE = [176, 182, 192];
const ACCENT = [242, 169, 0];

/** True when (x, y) lies in the rectangle [x0, x1) x [y0, y1) with corners rounded by r. */
function inRoundRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x >= x1 || y < y0 || y >= y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The colour at a sample point, or undefined outside the icon. Later shapes paint over earlier ones. */
function sample(x, y) {
  if (!inRoundRect(x, y, 4, 4, 124, 124, 22)) return undefined;
  const t = (y - 4) / 120;
  let c = NAVY_TOP.map((v, i) => v + (NAVY_BOTTOM[i] - v) * t);
  if (inRoundRect(x, y, 26, 18, 102, 110, 6)) c = PAGE;
  // Headline.
  if (inRoundRect(x, y, 36, 29, 92, 39, 3)) c = INK;
  // Body lines of different lengths, like a ragged paragraph.
  const lines = [
    [36, 50, 92],
    [36, 60, 86],
    [36, 70, 60],
    [36, 80, 90],
    [36, 90, 74],
  ];
  for (const [x0, y0, x1] of lines) if (inRoundRect(x, y, x0, y0, x1, y0 + 5, 2.5)) c = LINE;
  // The highlighted citation at the end of the third line.
  if (inRoundRect(x, y, 64, 66, 94, 79, 6.5)) c = ACCENT;
  if (inRoundRect(x, y, 70, 70.5, 88, 74.5, 2)) c = PAGE;
  return c;
}

function render() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = sample(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a++;
        }
      }
      const o = (py * SIZE + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round((a / (SS * SS)) * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function encodePng(rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  // Every scanline starts with filter type 0 (none).
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'images', 'icon.png');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, encodePng(render()));
console.log(`wrote ${out}`);
