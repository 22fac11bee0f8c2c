import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { extname, join, resolve } from 'node:path';
import { buildGraph } from '../../core/analysis/graph';
import { collectFindings, loadConfig } from './check';
import { graphToDot, graphToSvg } from '../../core/analysis/graph/export';
import { indexGraph, neighbourhood } from '../../core/analysis/graph/query';
import { buildWorkspace } from '../../core/model';
import type { GraphData, GraphHostMessage } from '../../protocol';
import { pageHtml } from '../../protocol/webview-page';
import { oneOf, parseArgs, single } from '../args';
import { findAccountFiles, readSources, reportSkipped, type Skipped } from '../files';
import { UsageError, type CliIO } from '../io';
import { unreadableFiles } from '../unreadable';
import { cliWorkspaceOptions } from '../workspace';
import { showHidden, xmlText } from '../../core/text/escape';

const HELP = `usage: iam-workbench graph [PATH ...] [--out FILE] [--format html|dot|svg] [--focus NODE] [--depth N]

Writes the graph of the iam.json files (users, groups, roles, policies, identity providers, and who
can assume what) for sharing in reviews. PATHs are files or folders (default: the current folder).

  --out FILE      where to write; the format follows the extension (.html, .dot/.gv, .svg).
                  Without --out the graph goes to standard output. An existing FILE is
                  never replaced without --force.
  --force         overwrite the --out file
  --format F      html  a standalone page: the same interactive graph as in VS Code (default)
                  dot   Graphviz DOT
                  svg   a picture, laid out here
  --focus NODE    a node id (user:123456789012:alice) or a unique name: the page opens on its
                  neighbourhood; DOT and SVG hold only the neighbourhood
  --depth N       neighbourhood depth for --focus (default 2)
  --layout L      svg only: layered (who → groups and roles → policies, one band per account;
                  the default up to 150 nodes) or force (the default above)

Each account is drawn as a group (an outline with its name in SVG, a cluster in DOT), and each
user, group, role or policy with findings (what \`check\` reports) carries a badge: the count, in
the colour of the worst severity, with the findings in its tooltip.

Exit status: 0 written, 2 usage or I/O error.
`;

export const GRAPH_FORMATS = ['html', 'dot', 'svg'] as const;
type Format = (typeof GRAPH_FORMATS)[number];

const BY_EXTENSION: Record<string, Format> = { '.html': 'html', '.htm': 'html', '.dot': 'dot', '.gv': 'dot', '.svg': 'svg' };

/** The graph page bundle (dist/webview/graph.js and graph.css) beside the CLI bundle, or in the repo. */
function findBundle(): { js: string; css: string } {
  const override = process.env.IAM_WORKBENCH_GRAPH_BUNDLE;
  for (const dir of [...(override ? [override] : []), join(__dirname, 'webview'), join(__dirname, '..', '..', 'dist', 'webview'), join(__dirname, '..', 'dist', 'webview')]) {
    const js = join(dir, 'graph.js');
    const css = join(dir, 'graph.css');
    if (existsSync(js) && existsSync(css)) return { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
  }
  throw new UsageError('the graph page bundle (dist/webview/graph.js) is missing; run `npm run build` first');
}

/**
 * The standalone page: the webview bundle and stylesheet inlined under a nonce CSP, the data in a
 * JSON script element that is never executed. `<` is escaped in the data so that no name can close
 * the element; the bundle's own `</script` / `</style` sequences are escaped too.
 */
export function standaloneHtml(message: GraphHostMessage, bundle: { js: string; css: string }, title = 'IAM graph'): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; worker-src blob:`;
  // Hidden characters (bidi controls, separators) become JSON escapes: the same data, no raw control in the page.
  const json = showHidden(JSON.stringify(message)).replace(/</g, '\\u003c');
  const js = bundle.js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  const css = bundle.css.replace(/<\/(style)/gi, '<\\/$1');
  const text = xmlText(title);
  return pageHtml(
    csp,
    `<title>${text}</title>\n<style nonce="${nonce}">\n${css}\n</style>`,
    `<script type="application/json" id="iam-graph-data">${json}</script>\n<script nonce="${nonce}">\n${js}\n</script>`,
  );
}

/** Resolves --focus: a node id, or a name that names exactly one node. */
function resolveFocus(data: GraphData, focus: string): string {
  if (data.nodes.some((n) => n.id === focus)) return focus;
  const named = data.nodes.filter((n) => n.label === focus);
  if (named.length === 1) return named[0].id;
  if (named.length > 1) throw new UsageError(`--focus '${focus}' names several nodes; use one of: ${named.map((n) => n.id).join(', ')}`);
  throw new UsageError(`--focus '${focus}': no such node`);
}

function restrict(data: GraphData, ids: Set<string>): GraphData {
  const nodes = data.nodes.filter((n) => ids.has(n.id));
  const accounts = new Set(nodes.map((n) => n.account));
  return {
    nodes,
    edges: data.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    accounts: data.accounts?.filter((a) => accounts.has(a.id)),
  };
}

export async function graph(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(args, { out: { value: true }, format: { value: true }, focus: { value: true }, depth: { value: true }, force: {}, layout: { value: true } });
  if (parsed.help) {
    io.out(HELP);
    return 0;
  }
  const out = single(parsed, 'out');
  const fromExtension = out ? BY_EXTENSION[extname(out).toLowerCase()] : undefined;
  const explicit = single(parsed, 'format');
  // Never overwrite without --force, as import and export (checked before any work is done).
  if (out && existsSync(resolve(io.cwd, out)) && !parsed.options.has('force')) throw new UsageError(`'${out}' exists; pass --force to overwrite it`);
  if (out && !explicit && !fromExtension) {
    throw new UsageError(`cannot tell the format from '${out}': use .html, .dot, .svg or --format`);
  }
  const format = oneOf(explicit, GRAPH_FORMATS, 'format', fromExtension ?? 'html');
  const layoutText = single(parsed, 'layout');
  const layout = layoutText === undefined ? undefined : oneOf(layoutText, ['layered', 'force'] as const, 'layout', 'layered');
  if (layout && format !== 'svg') throw new UsageError(`--layout applies to SVG output only (the page has its own Layered / Force choice)`);
  const depthText = single(parsed, 'depth');
  const depth = depthText === undefined ? 2 : Number(depthText);
  if (!Number.isInteger(depth) || depth < 1 || depth > 20) throw new UsageError(`--depth must be a whole number from 1 to 20, not '${depthText}'`);

  const skipped: Skipped[] = [];
  const files = findAccountFiles(parsed.positional, io.cwd, undefined, skipped);
  reportSkipped(io, 'graph', skipped);
  if (files.length === 0) {
    io.err('iam-workbench graph: no iam.json or *.iam.json files found\n');
    return 2;
  }
  const ws = buildWorkspace(readSources(files, io.cwd), cliWorkspaceOptions());
  for (const line of unreadableFiles(ws)) {
    io.err(`iam-workbench graph: note: ${line}; the graph leaves out what could not be read (run iam-workbench check)\n`);
  }
  // Badges: what `check` reports (iam-workbench.json's severities applied), put on the entities' nodes.
  let data = buildGraph(ws, { findings: collectFindings(ws, loadConfig(io.cwd, parsed.positional).config) });
  const focusArg = single(parsed, 'focus');
  const focusId = focusArg === undefined ? undefined : resolveFocus(data, focusArg);
  if (focusId && format !== 'html') data = restrict(data, neighbourhood(indexGraph(data), focusId, depth));

  let text: string;
  if (format === 'dot') text = graphToDot(data);
  else if (format === 'svg') text = graphToSvg(data, { layout });
  else text = standaloneHtml({ type: 'graphData', data, ...(focusId ? { focusId } : {}) }, findBundle());

  if (!out) {
    io.out(text);
    return 0;
  }
  const target = resolve(io.cwd, out);
  try {
    writeFileSync(target, text);
  } catch (e) {
    throw new UsageError(`cannot write '${out}': ${(e as Error).message}`);
  }
  io.err(`iam-workbench graph: wrote ${data.nodes.length} nodes and ${data.edges.length} edges to ${out}\n`);
  return 0;
}
