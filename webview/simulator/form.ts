import type { SimChainHop, SimCompletionQuery, SimCompletions, SimQuestion, SimulatorOptions, SimContextValue } from '../../protocol';
import { ChipInput } from './chips';
import { ContextRows } from './context';
import { button, clear, el } from './dom';

export type Complete = (query: SimCompletionQuery) => Promise<SimCompletions>;

/** "k=v; k2=v2" (a hop's AssumeRole context) ↔ an object. */
export function parsePairs(text: string): Record<string, SimContextValue> | undefined {
  const out: Record<string, SimContextValue> = {};
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return Object.keys(out).length ? out : undefined;
}

function pairs(context: Record<string, SimContextValue> | undefined): string {
  return Object.entries(context ?? {})
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join('; ');
}

class HopRow {
  readonly root: HTMLElement;
  readonly role: HTMLInputElement;
  readonly context: HTMLInputElement;
  readonly sessionName: HTMLInputElement;

  constructor(hop: SimChainHop, onRemove: (row: HopRow) => void) {
    this.role = el('input', { class: 'hop-role', type: 'text', list: 'role-list', placeholder: 'role name or ARN', spellcheck: 'false', 'aria-label': 'Role to assume' });
    this.context = el('input', { class: 'hop-context', type: 'text', placeholder: 'sts:ExternalId=…; token.actions.githubusercontent.com:sub=…', spellcheck: 'false', 'aria-label': 'Context of the AssumeRole call' });
    this.sessionName = el('input', { class: 'hop-session', type: 'text', placeholder: 'session name', spellcheck: 'false', 'aria-label': 'Session name' });
    this.role.value = hop.role;
    this.context.value = pairs(hop.context);
    this.sessionName.value = hop.sessionName ?? '';
    this.root = el('div', { class: 'hop' }, el('span', { class: 'hop-arrow' }, '→ assumes'), this.role, this.context, this.sessionName, button('×', { class: 'hop-remove', 'aria-label': 'Remove step' }, () => onRemove(this)));
  }

  read(): SimChainHop | undefined {
    const role = this.role.value.trim();
    if (!role) return undefined;
    const hop: SimChainHop = { role };
    const context = parsePairs(this.context.value);
    if (context) hop.context = context;
    if (this.sessionName.value.trim()) hop.sessionName = this.sessionName.value.trim();
    return hop;
  }
}

/** The question form: principal, chain, session policy, actions, resources, context. */
export class QuestionForm {
  readonly root: HTMLFormElement;
  readonly principal: HTMLInputElement;
  readonly sourceAccount: HTMLInputElement;
  readonly sessionPolicy: HTMLTextAreaElement;
  readonly actions: ChipInput;
  readonly resources: ChipInput;
  readonly context: ContextRows;
  private readonly service: HTMLSelectElement;
  private readonly level: HTMLSelectElement;
  private readonly principalList: HTMLDataListElement;
  private readonly roleList: HTMLDataListElement;
  private readonly hopsBox: HTMLElement;
  private hops: HopRow[] = [];
  private options?: SimulatorOptions;
  private typed = 0;

  constructor(
    private readonly complete: Complete,
    private readonly onSubmit: () => void,
  ) {
    this.principal = el('input', { id: 'principal', type: 'text', list: 'principal-list', placeholder: 'user, role, provider, service or account', spellcheck: 'false' });
    this.principalList = el('datalist', { id: 'principal-list' });
    this.roleList = el('datalist', { id: 'role-list' });
    this.sourceAccount = el('input', { id: 'source-account', type: 'text', placeholder: '123456789012', inputmode: 'numeric', spellcheck: 'false' });
    this.hopsBox = el('div', { class: 'hops', id: 'hops' });
    this.sessionPolicy = el('textarea', { id: 'session-policy', rows: '3', spellcheck: 'false', placeholder: '{ "Version": "2012-10-17", "Statement": [ … ] }' });
    this.service = el('select', { id: 'action-service', 'aria-label': 'Service' }, el('option', { value: '' }, 'any service'));
    this.level = el('select', { id: 'action-level', 'aria-label': 'Access level' }, el('option', { value: '' }, 'any access level'));
    this.actions = new ChipInput('action-input', 'Actions', 's3:GetObject, iam:*, ec2:Describe*', () => this.actionsChanged(), (t) => this.completeActions(t));
    this.resources = new ChipInput('resource-input', 'Resources', 'arn:aws:s3:::bucket/key (empty: *)', () => undefined, () => this.completeResources(), 'fill');
    this.context = new ContextRows((t) => this.completeKeys(t));
    this.service.addEventListener('change', () => this.completeActions(this.actions.input.value));
    this.principal.addEventListener('change', () => this.previewContext());
    this.level.addEventListener('change', () => this.completeActions(this.actions.input.value));

    this.root = el(
      'form',
      { class: 'question', id: 'question' },
      el('fieldset', {},
        el('legend', {}, 'Who'),
        el('label', { for: 'principal' }, 'Principal'),
        this.principal,
        this.principalList,
        this.roleList,
        this.hopsBox,
        button('Assume a role', { id: 'add-hop', class: 'secondary' }, () => this.addHop({ role: '' }).role.focus()),
        el('label', { for: 'source-account' }, 'Source account (a caller outside the workspace)'),
        this.sourceAccount,
        el('details', { class: 'session' }, el('summary', {}, 'Session policy'), this.sessionPolicy),
      ),
      el('fieldset', {},
        el('legend', {}, 'What'),
        el('div', { class: 'filters' }, this.service, this.level),
        button('Add all matching', { id: 'add-matching', class: 'secondary', title: 'Add every action of the chosen service and access level that matches what is typed' }, () => this.addMatching()),
        this.actions.root,
        this.resources.root,
      ),
      el('fieldset', {}, el('legend', {}, 'Context'), this.context.root, el('div', { class: 'filled', id: 'filled-context' })),
      el('div', { class: 'actions-bar' }, el('button', { type: 'submit', id: 'simulate' }, 'Simulate')),
    );
    this.root.addEventListener('submit', (e) => {
      e.preventDefault();
      if (this.actions.input.value.trim()) this.actions.addTyped();
      if (this.resources.input.value.trim()) this.resources.addTyped();
      this.onSubmit();
    });
  }

  setOptions(options: SimulatorOptions): void {
    this.options = options;
    clear(this.principalList);
    for (const p of options.principals) this.principalList.append(el('option', { value: p.value }, p.label));
    clear(this.roleList);
    for (const r of options.roles) this.roleList.append(el('option', { value: r.value }, r.label));
    const chosenService = this.service.value;
    const chosenLevel = this.level.value;
    clear(this.service);
    this.service.append(el('option', { value: '' }, 'any service'));
    for (const s of options.services) this.service.append(el('option', { value: s.prefix }, `${s.prefix} — ${s.name}`));
    this.service.value = chosenService;
    clear(this.level);
    this.level.append(el('option', { value: '' }, 'any access level'));
    for (const l of options.accessLevels) this.level.append(el('option', { value: l }, l));
    this.level.value = chosenLevel;
  }

  private addHop(hop: SimChainHop): HopRow {
    const row = new HopRow(hop, (r) => {
      this.hops = this.hops.filter((x) => x !== r);
      r.root.remove();
      this.previewContext();
    });
    row.role.addEventListener('change', () => this.previewContext());
    this.hops.push(row);
    this.hopsBox.append(row.root);
    return row;
  }

  question(): SimQuestion {
    const q: SimQuestion = { principal: this.principal.value.trim(), actions: this.actions.get(), resources: this.resources.get() };
    const source = this.sourceAccount.value.trim();
    if (source) q.sourceAccount = source;
    const chain = this.hops.map((h) => h.read()).filter((h): h is SimChainHop => !!h);
    if (chain.length) q.chain = chain;
    if (this.sessionPolicy.value.trim()) q.sessionPolicy = this.sessionPolicy.value;
    const context = this.context.get();
    if (Object.keys(context).length) q.context = context;
    return q;
  }

  setQuestion(q: SimQuestion): void {
    this.principal.value = q.principal ?? '';
    this.sourceAccount.value = q.sourceAccount ?? '';
    for (const h of this.hops) h.root.remove();
    this.hops = [];
    for (const h of q.chain ?? []) this.addHop(h);
    this.sessionPolicy.value = typeof q.sessionPolicy === 'string' ? q.sessionPolicy : q.sessionPolicy ? JSON.stringify(q.sessionPolicy, null, 2) : '';
    this.actions.set(q.actions ?? []);
    this.resources.set((q.resources ?? []).filter((r) => r !== '*'));
    this.context.set(q.context);
  }

  /** Shows the keys AWS fills in (from the last answer), each with a button to override it. */
  showFilled(keys: { key: string; values: string[]; source: string }[]): void {
    const box = this.root.querySelector('#filled-context')!;
    clear(box);
    const filled = keys.filter((k) => k.source === 'aws');
    if (!filled.length) return;
    box.append(el('div', { class: 'filled-title' }, 'Filled in by AWS'));
    for (const k of filled) {
      const value = k.values.join(', ');
      box.append(
        el('div', { class: 'filled-row', 'data-key': k.key },
          el('span', { class: 'filled-key' }, k.key),
          el('span', { class: 'filled-value' }, value),
          button('override', { class: 'link filled-override' }, () => this.context.add(k.key, k.values.length > 1 ? k.values : value))),
      );
    }
  }

  /** Adds every action the filters and the typed text match (at most 300). */
  private addMatching(): void {
    const text = this.actions.input.value.trim();
    if (!text && !this.service.value) return;
    void this.complete({ kind: 'actions', text, service: this.service.value || undefined, accessLevel: this.level.value || undefined, limit: 300 }).then((c) => {
      const ids = (c.actions ?? []).map((a) => a.id);
      if (!ids.length) return;
      this.actions.input.value = '';
      this.actions.suggest([]);
      this.actions.set([...this.actions.get(), ...ids]);
    });
  }

  /** Before any answer: the keys AWS fills in for the chosen caller. */
  previewContext(): void {
    if (!this.principal.value.trim() && !this.sourceAccount.value.trim()) return;
    void this.complete({ kind: 'filledContext', question: this.question() }).then((c) => {
      if (c.filledContext) this.showFilled(c.filledContext);
    });
  }

  private actionsChanged(): void {
    void this.complete({ kind: 'contextKeys', actions: this.actions.get() }).then((c) => this.context.setKeys(c.contextKeys ?? []));
  }

  private completeActions(text: string): void {
    const ticket = ++this.typed;
    void this.complete({ kind: 'actions', text, service: this.service.value || undefined, accessLevel: this.level.value || undefined, limit: 40 }).then((c) => {
      if (ticket !== this.typed) return;
      this.actions.suggest((c.actions ?? []).map((a) => ({ value: a.id, label: a.id, detail: a.accessLevel })));
    });
  }

  private completeResources(): void {
    const account = this.options?.principals.find((p) => p.value === this.principal.value)?.account || undefined;
    void this.complete({ kind: 'resources', actions: this.actions.get(), account }).then((c) => {
      this.resources.suggest((c.resources ?? []).slice(0, 30).map((r) => ({ value: r.arn, label: r.arn, detail: `${r.action} · ${r.resourceType}` })));
    });
  }

  private completeKeys(text: string): void {
    void this.complete({ kind: 'contextKeys', actions: this.actions.get(), text }).then((c) => this.context.setKeys(c.contextKeys ?? []));
  }
}
