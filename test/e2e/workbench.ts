/**
 * Drives a real VS Code (code-server in headless Chromium) with the packaged extension installed.
 * Every wait is for a condition in the page (a selector, a text), never for a fixed time.
 */
import { mkdirSync, readFileSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { chromiumPath, ensureTools, root } from '../../scripts/e2e/tools.mjs';
import { packageExtension, vsixIsFresh, vsixPath } from '../../scripts/e2e/package.mjs';
import { startCodeServer, type CodeServer } from '../../scripts/e2e/code-server.mjs';

export const shotsDir = join(root, 'test-results', 'e2e');

/**
 * The .vsix under test: IAM_WORKBENCH_VSIX when the runner already packaged it, the existing one when
 * it is newer than the build output, else packaged now (production build + vsce).
 */
export function theVsix(): string {
  const given = process.env.IAM_WORKBENCH_VSIX;
  if (given && existsSync(given)) return given;
  if (vsixIsFresh()) return vsixPath();
  const { path } = packageExtension({ quiet: true });
  process.env.IAM_WORKBENCH_VSIX = path;
  return path;
}

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export class Workbench {
  private shots = 0;
  /** Console errors of the page or its webview frames that name the extension, or report a CSP violation. */
  readonly extensionErrors: string[] = [];

  private constructor(
    readonly cs: CodeServer,
    readonly browser: Browser,
    readonly page: Page,
  ) {}

  /** Sets up the tools, packages (unless given), starts code-server on a copy of examples/ and opens it. */
  static async launch(folder = join(root, 'examples')): Promise<Workbench> {
    ensureTools();
    const vsix = theVsix();
    rmSync(shotsDir, { recursive: true, force: true });
    mkdirSync(shotsDir, { recursive: true });
    const cs = await startCodeServer({ vsix, folder, siblings: [join(root, 'schemas')] });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.setDefaultTimeout(60_000);
      const wb = new Workbench(cs, browser, page);
      page.on('console', (m) => {
        // Errors naming the extension, and any Content-Security-Policy violation (a webview the CSP blanks).
        if (m.type() === 'error' && /iam-workbench|iamWorkbench|IAM Workbench|Content Security Policy/i.test(m.text())) wb.extensionErrors.push(m.text());
      });
      await page.goto(cs.folderUrl);
      await page.locator('.monaco-workbench').waitFor();
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
      return wb;
    } catch (e) {
      await browser?.close();
      await cs.stop();
      throw e;
    }
  }

  async close(): Promise<void> {
    try {
      await this.browser.close();
    } finally {
      await this.cs.stop();
    }
  }

  /**
   * The logs of the run that concern the extension: its own output channel ("IAM Workbench": the
   * language client and server) and the extension host's lines that name it.
   */
  extensionLogs(): { channel: string; host: string } {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const n of readdirSync(dir)) {
        const f = join(dir, n);
        if (statSync(f).isDirectory()) walk(f);
        else if (n.endsWith('.log')) files.push(f);
      }
    };
    walk(join(this.cs.dataDir, 'user-data', 'logs'));
    const channel = files.filter((f) => f.includes('/iam-workbench.iam-workbench/')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const host = files
      .filter((f) => f.endsWith('exthost.log'))
      .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
      .filter((l) => /iam-workbench/i.test(l))
      .join('\n');
    return { channel, host };
  }

  /** A numbered screenshot under test-results/e2e/. */
  async shot(name: string): Promise<string> {
    const file = join(shotsDir, `${String(++this.shots).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Path of a file of the workspace copy code-server opened. */
  path(name: string): string {
    return join(this.cs.folder!, name);
  }

  read(name: string): string {
    return readFileSync(this.path(name), 'utf8');
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Runs a command from the palette by its title as shown ("IAM Workbench: Show Graph"). Right after
   * the page loads the palette may not list an extension's commands yet: then it closes the palette and
   * asks again, until the command is listed (or a minute has passed).
   */
  async command(title: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      await this.page.keyboard.press('F1');
      const input = this.quickInput().locator('input');
      await input.waitFor();
      await input.fill(`>${title}`);
      const rows = this.quickInput().locator('.monaco-list-row');
      const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
      const row = rows.filter({ has: this.page.locator('.label-name', { hasText: exact }) }).first();
      // The palette has filtered once its first row is there (unmatched, it lists similar commands).
      await rows.first().waitFor();
      if (await row.isVisible()) {
        await row.click();
        await this.quickInput().waitFor({ state: 'hidden' });
        return;
      }
      await this.page.keyboard.press('Escape');
      await this.quickInput().waitFor({ state: 'hidden' });
      if (Date.now() > deadline) throw new Error(`the command palette never listed "${title}"`);
    }
  }

  /** Opens a workspace file with Quick Open and waits for its editor tab to be active. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.quickInput().locator('input');
    await input.waitFor();
    await input.fill(name);
    const row = this.quickInput().locator(`.monaco-list-row[aria-label^="${name}"]`).first();
    await row.waitFor();
    await row.click();
    await this.quickInput().waitFor({ state: 'hidden' });
    await this.activeTab(name).waitFor();
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor();
  }

  /**
   * Opens the Quick Fix menu at the cursor and returns the row titled `title`. The menu is asked for
   * again when it comes up without that row (code actions computed before the server had the latest
   * analysis) or doesn't come up at all (the key press landed while the editor was busy).
   */
  async quickFix(title: string): Promise<Locator> {
    const deadline = Date.now() + 60_000;
    const row = this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    for (;;) {
      await this.page.keyboard.press('Control+.');
      try {
        await row.waitFor({ timeout: 10_000 });
        return row;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Saves every editor and closes them all (webview panels too), so a flow starts from a clean window. */
  async closeAll(): Promise<void> {
    await this.command('File: Save All Files');
    await this.command('View: Close All Editors');
    await this.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
  }

  /** Saves the active editor (File: Save) and waits until its tab is no longer marked dirty. */
  async save(name: string): Promise<void> {
    await this.command('File: Save');
    await this.page.locator(`.tabs-container .tab[aria-label^="${name}"].dirty`).waitFor({ state: 'detached' });
  }

  /** The status bar's cursor position ("Ln 12, Col 5"). */
  cursor(): Locator {
    return this.page.locator('.statusbar-item[id="status.editor.selection"]');
  }

  activeTab(name: string): Locator {
    return this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`);
  }

  /** Moves the cursor of the active editor to a one-based line and column (Go to Line). */
  async goto(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.quickInput().locator('input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' });
    await this.page
      .locator('.statusbar-item[id="status.editor.selection"]')
      .filter({ hasText: `Ln ${line}, Col ${column}` })
      .waitFor();
  }

  /** One-based line and column of the first occurrence of `needle` (after `after`, if given) in a workspace file. */
  position(name: string, needle: string, after?: string): { line: number; column: number } {
    const text = this.read(name);
    const from = after === undefined ? 0 : text.indexOf(after);
    if (from < 0) throw new Error(`${after} not found in ${name}`);
    const at = text.indexOf(needle, from);
    if (at < 0) throw new Error(`${needle} not found in ${name}`);
    const before = text.slice(0, at).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  }

  /** Shows the Problems panel and returns its rows' accessible labels (file rows and marker rows). */
  async problems(): Promise<string[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.command('View: Focus Problems (Errors, Warnings, Infos)');
    await panel.waitFor();
    return panel.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
  }

  /** A row of the Problems panel whose accessible label contains `text`. */
  problem(text: string): Locator {
    return this.page.locator(`.markers-panel .monaco-list-row[aria-label*=${JSON.stringify(text)}]`);
  }

  /**
   * The Problems rows shown with `text` in the panel's filter (a file name, or words of a message),
   * so that rows the virtual list would not render are found too. Rows are labelled
   * "N problems in file NAME of folder …" (a file) or "Error: …" / "Warning: …" / "Info: …" (a marker).
   * Empty when nothing matches.
   */
  async problemsMatching(text: string): Promise<string[]> {
    await this.problems();
    const filter = this.page.locator('.viewpane-filter input[aria-label="Filter Problems"]');
    await filter.fill(text);
    await this.page.waitForFunction((t) => {
      const panel = document.querySelector('.markers-panel');
      const rows = [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((r) => r.getAttribute('aria-label') ?? '');
      if (rows.length === 0) return /No results found/.test(panel?.textContent ?? '');
      return rows.some((r) => r.includes(t));
    }, text);
    const rows = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((r) => r.getAttribute('aria-label') ?? ''));
    await filter.fill('');
    return rows;
  }

  /** Waits until no Problems row mentions `text` (checked through the filter, so hidden rows count too). */
  async waitForNoProblem(text: string): Promise<void> {
    await this.problems();
    const filter = this.page.locator('.viewpane-filter input[aria-label="Filter Problems"]');
    await filter.fill(text);
    await this.page.locator('.markers-panel').filter({ hasText: 'No results found' }).waitFor();
    await filter.fill('');
  }

  /** The Problems rows of one file: its file row first, then its markers (as many as the panel shows). */
  async problemsIn(name: string): Promise<string[]> {
    const rows = await this.problemsMatching(name);
    const start = rows.findIndex((r) => r.includes(`in file ${name} `));
    if (start < 0) return [];
    const end = rows.findIndex((r, i) => i > start && / problems? in file /.test(r));
    return rows.slice(start, end < 0 ? undefined : end);
  }

  /**
   * Switches the colour theme as a person does (Preferences: Color Theme, then the theme's name) and
   * waits for the workbench to wear it: `light` (Light Modern), `dark` (Dark Modern) or `hc` (Dark High
   * Contrast).
   */
  async setTheme(theme: 'light' | 'dark' | 'hc'): Promise<void> {
    const label = { light: 'Light Modern', dark: 'Dark Modern', hc: 'Dark High Contrast' }[theme];
    const css = { light: 'vs', dark: 'vs-dark', hc: 'hc-black' }[theme];
    if (await this.page.locator(`.monaco-workbench.${css}`).count()) return;
    // The palette's command opens the theme picker in the same quick input (it never closes in between).
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input');
    await input.waitFor();
    await input.fill('>Preferences: Color Theme');
    await this.quickInput().locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) }).first().click();
    const themeRow = this.quickInput().locator('.monaco-list-row', { hasText: label }).first();
    // The picker's list is virtual: a theme far down (the high-contrast ones) is not rendered until filtered.
    await this.quickInput().locator('.monaco-list-row', { hasText: /^Light Modern|^Dark Modern/ }).first().waitFor();
    await input.fill(label);
    await themeRow.waitFor();
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden' });
    await this.page.locator(`.monaco-workbench.${css}`).waitFor();
  }

  /** Resizes the browser window's page (VS Code lays itself out again). */
  async setSize(width: number, height: number): Promise<void> {
    await this.page.setViewportSize({ width, height });
    await this.page.waitForFunction(([w, h]) => {
      const r = document.querySelector('.monaco-workbench')?.getBoundingClientRect();
      return !!r && Math.round(r.width) === w && Math.round(r.height) === h;
    }, [width, height] as const);
  }

  /**
   * Moves the mouse over the first occurrence of `text` in the active editor's visible lines (the line
   * must be on screen: go to it first) and returns the hover that comes up, with its text.
   */
  async mouseHover(text: string, waitForText: string | RegExp): Promise<{ hover: Locator; text: string }> {
    const token = this.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line span span', { hasText: text }).first();
    await token.waitFor();
    const box = (await token.boundingBox())!;
    const hover = this.page
      .locator('.monaco-hover:not(.hidden)')
      .filter({ has: this.page.locator('.hover-contents, .rendered-markdown'), hasText: waitForText })
      .first();
    // Away first, so that a hover already there goes and a new one comes for this place; again if the
    // editor was busy and no hover came.
    for (let attempt = 1; ; attempt++) {
      await this.page.mouse.move(box.x + box.width / 2, box.y - 200);
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      try {
        await hover.waitFor({ timeout: 40_000 });
        // Read it at once: a hover can go again (the editor re-renders), then the mouse comes back.
        return { hover, text: await hover.innerText({ timeout: 5_000 }) };
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  }

  /** The visible hover widget. */
  hover(): Locator {
    return this.page.locator('.monaco-hover:not(.hidden)').filter({ has: this.page.locator('.hover-contents, .rendered-markdown') }).first();
  }

  /** The suggest widget's rows. */
  suggestions(): Locator {
    return this.page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
  }

  /** The content frame of the visible webview panel (VS Code hides the others' frames). */
  webview(): FrameLocator {
    return this.page
      .locator('iframe.webview.ready')
      .filter({ visible: true })
      .first()
      .contentFrame()
      .locator('#active-frame')
      .contentFrame();
  }
}
