// Signs in, filters the tree so every request is a row, and measures frame intervals idle and while scrolling.
// Usage: node tree_scroll.mjs API_URL EMAIL PASSWORD WORKSPACE_ID   (prints one JSON line)
// playwright-core is a dependency of the web app (frontend/); this script lives outside it.
const { chromium } = await import(new URL("../../frontend/node_modules/playwright-core/index.mjs", import.meta.url).href);

const [api, email, password, ws] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(`${api}/login`);
await page.getByLabel("Email", { exact: true }).fill(email);
await page.getByLabel("Password", { exact: true }).fill(password);
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL(/\/w\//);
await page.goto(`${api}/w/${ws}`);
await page.getByLabel("Filter requests").fill("request");
const tree = page.getByRole("tree");
await tree.getByRole("treeitem").first().waitFor();
await page.waitForTimeout(500);

const result = await page.evaluate(async () => {
  const treeEl = document.querySelector('[role="tree"]');
  let scroller = treeEl;
  while (scroller && scroller.scrollHeight <= scroller.clientHeight + 1) scroller = scroller.parentElement;
  if (!scroller) throw new Error("no scrolling container around the tree");
  const frames = (ms, step) =>
    new Promise((resolve) => {
      const out = [];
      let last = performance.now();
      const start = last;
      const tick = (now) => {
        out.push(now - last);
        last = now;
        if (step) step(now - start);
        if (now - start < ms) requestAnimationFrame(tick);
        else resolve(out.slice(1));
      };
      requestAnimationFrame(tick);
    });
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
    return { n: s.length, p50: q(0.5), p95: q(0.95), max: s[s.length - 1], slow_pct: (100 * s.filter((x) => x > 33.4).length) / s.length };
  };
  const idle = await frames(1000);
  const height = scroller.scrollHeight - scroller.clientHeight;
  const scroll = await frames(4000, (t) => (scroller.scrollTop = Math.min(height, (t / 4000) * height)));
  const rowHeight = treeEl.querySelector('[role="treeitem"]').getBoundingClientRect().height || 28;
  return {
    idle: stats(idle),
    scroll: stats(scroll),
    dom_rows: treeEl.querySelectorAll('[role="treeitem"]').length,
    total_rows: Math.round(scroller.scrollHeight / rowHeight),
  };
});
console.log(JSON.stringify(result));
await browser.close();
