#!/usr/bin/env node
// Draws the two Teams app icons of TeamsKiCoach:
//   color.png   192×192  a teal tile with rounded corners (transparent outside), a white speech bubble and in
//                        it three rising steps with an amber goal dot: the coach in the chat, step by step.
//   outline.png  32×32   the same bubble in white on transparent, steps and dot cut out (Teams wants only white
//                        and transparent pixels in the outline icon).
// Every shape is described on a 0..1 canvas and sampled 8×8 times per pixel, so both sizes come from one motif
// and edges are smooth. pngjs is loaded from tests/e2e/node_modules (run `npm ci` in tests/e2e first).
//
// Usage: node appPackage/make-icons.mjs   (rewrites appPackage/color.png and appPackage/outline.png)

import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { PNG } = require('pngjs');

export const TEAL = [0x0f, 0x76, 0x6e];
const WHITE = [0xff, 0xff, 0xff];
const AMBER = [0xf5, 0x9e, 0x0b];

const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
};
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const triangle = (a, b, c) => (x, y) => {
  const side = (p, q) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const [s1, s2, s3] = [side(a, b), side(b, c), side(c, a)];
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
};
const union = (...shapes) => (x, y) => shapes.some(s => s(x, y));

const tile = roundedRect(0, 0, 1, 1, 0.2);
const bubble = union(
  roundedRect(0.14, 0.16, 0.86, 0.7, 0.13),
  triangle([0.26, 0.62], [0.46, 0.62], [0.22, 0.88]),
);
const steps = union(
  rect(0.27, 0.49, 0.41, 0.59),
  rect(0.41, 0.4, 0.55, 0.59),
  rect(0.55, 0.31, 0.69, 0.59),
);
const goal = circle(0.62, 0.235, 0.045);

// Layers are painted bottom to top; a pixel's colour is the top layer's colour at each sample, averaged.
function draw(size, layers) {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const n = 8;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          const top = layers.findLast(l => l.shape(x, y));
          if (top?.color) {
            r += top.color[0]; g += top.color[1]; b += top.color[2]; a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      // Colour averaged over the covered samples only, coverage as alpha: edges fade, never darken.
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

export function colorIcon() {
  return draw(192, [
    { shape: tile, color: TEAL },
    { shape: bubble, color: WHITE },
    { shape: steps, color: TEAL },
    { shape: goal, color: AMBER },
  ]);
}

// In the outline a cut-out is a layer without colour: it makes the sample transparent again.
export function outlineIcon() {
  return draw(32, [
    { shape: bubble, color: WHITE },
    { shape: steps, color: null },
    { shape: goal, color: null },
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('./color.png', import.meta.url), colorIcon());
  writeFileSync(new URL('./outline.png', import.meta.url), outlineIcon());
  console.log('icons: appPackage/color.png (192×192), appPackage/outline.png (32×32)');
}
