// Draws media/icon.png (128×128): a case note with four coloured annotation chips over a
// timeline. Run `node media/make-icon.mjs` to regenerate; no dependency beyond Node.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4; // supersampling per axis, for smooth edges

const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

// Painter's order: later shapes cover earlier ones. Colours [r, g, b].
const shapes = [
  [roundRect(4, 4, 124, 124, 22), [23, 63, 95]], // background
  [roundRect(24, 16, 104, 112, 8), [246, 248, 250]], // the note
  [roundRect(34, 28, 94, 34, 3), [23, 63, 95]], // ::case title
  [roundRect(34, 44, 62, 52, 4), [214, 92, 72]], // drug chip
  [roundRect(66, 44, 94, 52, 4), [232, 163, 61]], // dose chip
  [roundRect(34, 58, 54, 66, 4), [60, 140, 200]], // day chip
  [roundRect(58, 58, 94, 66, 4), [80, 160, 110]], // lab chip
  [roundRect(34, 92, 94, 94.5, 1), [150, 160, 170]], // timeline axis
  [roundRect(41, 84, 42.5, 100, 0.75), [23, 63, 95]], // day 0 rule
  [circle(52, 93, 4), [214, 92, 72]],
  [circle(70, 93, 4), [232, 163, 61]],
  [circle(86, 93, 4), [80, 160, 110]],
  [roundRect(34, 74, 80, 77, 1.5), [200, 206, 212]], // a line of prose
];

const rows = [];
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
  for (let x = 0; x < SIZE; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const px = x + (sx + 0.5) / SS;
        const py = y + (sy + 0.5) / SS;
        let colour = null;
        for (const [inside, c] of shapes) if (inside(px, py)) colour = c;
        if (colour) {
          r += colour[0]; g += colour[1]; b += colour[2]; a += 1;
        }
      }
    }
    const o = 1 + x * 4;
    if (a) {
      row[o] = Math.round(r / a); row[o + 1] = Math.round(g / a); row[o + 2] = Math.round(b / a);
      row[o + 3] = Math.round((255 * a) / (SS * SS));
    }
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`media/icon.png: ${png.length} bytes`);
