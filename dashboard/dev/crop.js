// Cuts a tall screenshot into viewable pieces: node dev/crop.js file.png [pieceHeight]
import { launch } from "../test/support/browser.js";
import { pathToFileURL } from "node:url";

const [file, piece = "1100"] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto(pathToFileURL(file).href);
const { w, h } = await page.evaluate(() => ({ w: document.images[0].naturalWidth, h: document.images[0].naturalHeight }));
await page.setViewportSize({ width: w, height: Math.min(h, 16000) });
await page.addStyleTag({ content: "body{margin:0} img{display:block}" });
for (let y = 0, i = 0; y < h; y += Number(piece), i++) {
  await page.screenshot({ path: file.replace(/\.png$/, `.part${i}.png`), clip: { x: 0, y, width: w, height: Math.min(Number(piece), h - y) } });
}
await browser.close();
