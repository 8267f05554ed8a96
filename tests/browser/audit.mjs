// The browser audit: serves built sites on 127.0.0.1 and checks every HTML page found in
// them, in Debian's Chromium, at 320 px and 1280 px: zero axe-core violations (WCAG 2.0,
// 2.1 and 2.2 A and AA, and best practice), no horizontal scrolling at 320 px, a working
// skip link as the first Tab stop, every link and control reachable by keyboard with a
// visible focus indicator, tables exposed as tables at both widths, ratings readable in
// forced-colours mode, and valid HTML.
//
// Usage: node audit.mjs NAME=DIR@/base/path/ [NAME=DIR@/base/path/ ...]
// Exits 1 naming page, width, rule and element for every problem found.

import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, extname, relative, sep } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { HtmlValidate, FileSystemConfigLoader } from "html-validate";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];
const WIDTHS = [320, 1280];
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

function parseArgs(argv) {
  if (argv.length === 0) {
    console.error("usage: node audit.mjs NAME=DIR@/base/path/ ...");
    process.exit(2);
  }
  return argv.map((arg) => {
    const m = /^([^=]+)=(.+)@(\/.*)$/.exec(arg);
    if (!m) throw new Error(`cannot read site argument ${arg}`);
    const base = m[3].endsWith("/") ? m[3] : `${m[3]}/`;
    if (!existsSync(m[2])) throw new Error(`${m[1]}: no built site at ${m[2]}`);
    return { name: m[1], dir: m[2], base };
  });
}

function htmlFiles(dir) {
  const found = [];
  const walk = (d) => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith(".html")) found.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return found;
}

// A static server like a web host: the site under its base path, index.html for folders,
// and 404.html with status 404 for anything missing.
function serve(sites) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const site = sites.find((s) => url.pathname.startsWith(s.base));
    const send = (status, path) => {
      res.writeHead(status, { "content-type": TYPES[extname(path)] || "application/octet-stream" });
      res.end(readFileSync(path));
    };
    if (!site) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("no site here");
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(site.base.length));
    if (rel.includes("..")) rel = "";
    let path = join(site.dir, rel);
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
    if (existsSync(path)) send(200, path);
    else send(404, join(site.dir, "404.html"));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// Everything checked in the page itself, at one width.
async function keyboardAndReflow(page, url, width) {
  const problems = [];
  if (width <= 320) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) {
      const wide = await page.evaluate(() => {
        const limit = document.documentElement.clientWidth;
        return [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > limit + 1)
          .slice(0, 3)
          .map((el) => el.outerHTML.slice(0, 120));
      });
      problems.push(`reflow: the page scrolls sideways by ${overflow}px at ${width}px; too wide: ${wide.join(" | ")}`);
    }
  }

  // The first Tab reaches the skip link, visibly, and it moves focus to the main content.
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    return {
      skip: el.classList.contains("skip-link"),
      href: el.getAttribute("href"),
      visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
      html: el.outerHTML.slice(0, 120),
    };
  });
  if (!first.skip) problems.push(`keyboard: the first Tab stop is not the skip link but ${first.html}`);
  else {
    if (!first.visible) problems.push("keyboard: the skip link is not visible when focused");
    await page.keyboard.press("Enter");
    const target = await page.evaluate(() => ({ hash: location.hash, inMain: !!document.activeElement.closest("main") }));
    if (target.hash !== "#main" || !target.inMain) problems.push("keyboard: the skip link does not move focus to the main content");
  }

  // Tab through the whole page from a fresh load: every link and control is reached, each
  // with a visible focus indicator.
  await page.goto(url, { waitUntil: "load" });
  const expected = await page.evaluate(() => {
    const all = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])")];
    all.forEach((el, i) => el.setAttribute("data-audit-id", String(i)));
    return all
      .filter((el) => {
        const s = getComputedStyle(el);
        return s.visibility !== "hidden" && s.display !== "none" && !el.closest("[hidden]");
      })
      .map((el) => ({ id: el.getAttribute("data-audit-id"), html: el.outerHTML.slice(0, 100) }));
  });
  const reached = new Set();
  for (let i = 0; i < expected.length + 5; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const id = el.getAttribute("data-audit-id");
      const focused = getComputedStyle(el);
      const look = (s) => [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine].join("|");
      const withFocus = look(focused);
      el.blur();
      const without = look(getComputedStyle(el));
      el.focus();
      const r = el.getBoundingClientRect();
      return { id, indicator: withFocus !== without, onScreen: r.width > 0 && r.height > 0, html: el.outerHTML.slice(0, 100) };
    });
    if (!info) break;
    if (reached.has(info.id)) break;
    reached.add(info.id);
    if (!info.indicator) problems.push(`focus: no visible focus indicator on ${info.html}`);
    if (!info.onScreen) problems.push(`focus: the focused element has no size on screen: ${info.html}`);
  }
  for (const el of expected) {
    if (!reached.has(el.id)) problems.push(`keyboard: never reached by Tab: ${el.html}`);
  }
  return problems;
}

// In forced-colours mode every rating badge still shows its word and icon, with a border.
async function forcedColours(page) {
  await page.emulateMedia({ forcedColors: "active" });
  const problems = await page.evaluate(() => {
    const out = [];
    const luminance = (rgb) => {
      const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
        c /= 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const bg = getComputedStyle(e).backgroundColor;
        if (bg && !bg.endsWith(", 0)") && bg !== "transparent") return bg;
      }
      return "rgb(255, 255, 255)";
    };
    for (const badge of document.querySelectorAll(".badge")) {
      const text = badge.querySelector(".badge-text");
      const icon = badge.querySelector("svg");
      const word = text ? text.textContent.trim() : "";
      if (!word) out.push(`forced colours: a badge has no visible word: ${badge.outerHTML.slice(0, 100)}`);
      const r = text ? text.getBoundingClientRect() : { width: 0 };
      if (r.width === 0) out.push(`forced colours: the badge word "${word}" is not shown`);
      const fg = getComputedStyle(text).color;
      const bg = background(text);
      const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      if (ratio < 4.5) out.push(`forced colours: the badge word "${word}" has contrast ${ratio.toFixed(2)}:1`);
      if (!icon || icon.getBoundingClientRect().width === 0) out.push(`forced colours: the "${word}" badge lost its icon`);
      if (parseFloat(getComputedStyle(badge).borderTopWidth) === 0) out.push(`forced colours: the "${word}" badge has no border`);
    }
    return out;
  });
  await page.emulateMedia({ forcedColors: "none" });
  return problems;
}

// Every table is still a table to assistive technology at this width, in Chromium's own
// accessibility tree: CSS that restyles a table (the ratings grid becomes cards on phones)
// must not strip its rows, headers and cells.
async function tableSemantics(page) {
  const dom = await page.evaluate(() => ({
    tables: document.querySelectorAll("table").length,
    headers: document.querySelectorAll("th").length,
    cells: document.querySelectorAll("td").length,
  }));
  if (dom.tables === 0) return [];
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  await cdp.detach();
  const count = (...roles) => nodes.filter((n) => !n.ignored && roles.includes(n.role?.value)).length;
  const exposed = { tables: count("table"), headers: count("columnheader", "rowheader"), cells: count("cell", "gridcell") };
  return Object.keys(dom)
    .filter((k) => exposed[k] < dom[k])
    .map((k) => `table semantics: ${dom[k]} ${k} in the HTML, ${exposed[k]} exposed to assistive technology`);
}

async function axe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  }, AXE_TAGS);
  return results.flatMap((v) => v.nodes.map((n) => `axe ${v.id}: ${v.help} at ${n}`));
}

async function validateHtml(site, file) {
  const validator = new HtmlValidate(
    new FileSystemConfigLoader({
      extends: ["html-validate:recommended"],
      rules: {
        // Pulldown-cmark writes footnote ids as numbers and writers' headings may repeat
        // words; neither is invalid HTML.
        "valid-id": ["error", { relaxed: true }],
        // A service's title is the writer's, and long official names are common; `check`
        // is the place to suggest a shorter one, not the HTML validator.
        "long-title": "off",
      },
    }),
  );
  const report = await validator.validateString(readFileSync(join(site.dir, file), "utf8"), file);
  return report.results.flatMap((r) =>
    r.messages.filter((m) => m.severity === 2).map((m) => `html-validate ${m.ruleId}: ${m.message} (line ${m.line}, column ${m.column})`),
  );
}

async function main() {
  const sites = parseArgs(process.argv.slice(2));
  const server = await serve(sites);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  let problems = 0;
  let checked = 0;
  try {
    for (const site of sites) {
      for (const file of htmlFiles(site.dir)) {
        const url = `${origin}${site.base}${file.replace(/index\.html$/, "")}`;
        const found = [];
        for (const message of await validateHtml(site, file)) found.push(`any width: ${message}`);
        for (const width of WIDTHS) {
          const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: true });
          const page = await context.newPage();
          const failed = [];
          // A request cut short by the next navigation is not a failure of the site.
          page.on("requestfailed", (r) => {
            if (!/ERR_ABORTED/.test(r.failure()?.errorText ?? "")) failed.push(r.url());
          });
          page.on("response", (r) => {
            if (r.status() >= 400 && !r.url().endsWith("404.html") && r.url() !== url) failed.push(`${r.status()} ${r.url()}`);
          });
          await page.goto(url, { waitUntil: "load" });
          for (const m of await axe(page)) found.push(`${width}px: ${m}`);
          await page.reload({ waitUntil: "load" });
          for (const m of await keyboardAndReflow(page, url, width)) found.push(`${width}px: ${m}`);
          for (const m of await tableSemantics(page)) found.push(`${width}px: ${m}`);
          for (const m of await forcedColours(page)) found.push(`${width}px: ${m}`);
          for (const f of failed) found.push(`${width}px: a request failed: ${f}`);
          await context.close();
        }
        checked++;
        if (found.length === 0) console.log(`ok   ${site.name} ${site.base}${file}`);
        for (const f of found) {
          console.log(`FAIL ${site.name} ${site.base}${file}: ${f}`);
          problems++;
        }
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`\n${checked} pages audited at ${WIDTHS.join(" and ")} px: ${problems} problems`);
  process.exit(problems === 0 && checked > 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
