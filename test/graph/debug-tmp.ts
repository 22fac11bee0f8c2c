import { buildWebview, launch, openGraphPage, sendGraph, serve } from './browser';
import { smallGraph } from './fixtures';
async function main() {
const served = await serve(await buildWebview());
const browser = await launch();
const { page, problems } = await openGraphPage(browser, served.url);
await sendGraph(page, smallGraph());
await new Promise((r) => setTimeout(r, 3000));
console.log(problems);
console.log(await page.evaluate("(() => { const c = document.querySelector('canvas'); return c ? [...c.attributes].map(a => a.name + '=' + a.value).join(' ') : document.body.innerHTML.slice(0, 500); })()"));
await page.screenshot({ path: '/tmp/graph-shot.png' });
await browser.close(); await served.close();
}
main();
