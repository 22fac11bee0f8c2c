import type { SimCompletions, SimContextValue, SimInputKind } from '../../protocol';
import { button, clear, el } from './dom';

export type KeyInfo = NonNullable<SimCompletions['contextKeys']>[number];

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}(\/\d{1,2})?$/;
const IPV6 = /^[0-9a-f:]+(\/\d{1,3})?$/i;

/** Whether a typed value fits the key's type (the panel marks it; the evaluator decides anyway). */
export function valid(input: SimInputKind, value: string): boolean {
  if (!value) return true;
  switch (input) {
    case 'ip':
      return IPV4.test(value) || (value.includes(':') && IPV6.test(value));
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(value);
    case 'date':
      return !Number.isNaN(Date.parse(value)) || /^\d+$/.test(value);
    case 'arn':
      return value.startsWith('arn:') || value.includes('*');
    default:
      return true;
  }
}

/** One context key: a key input with completion and a value control typed by the key. */
class ContextRow {
  readonly root: HTMLElement;
  readonly keyInput: HTMLInputElement;
  private valueBox: HTMLElement;
  private control: HTMLInputElement | HTMLSelectElement;
  private info?: KeyInfo;

  constructor(
    private readonly rows: ContextRows,
    key: string,
    value: SimContextValue | undefined,
  ) {
    this.keyInput = el('input', { class: 'ctx-key', type: 'text', list: 'context-key-list', placeholder: 'aws:SourceIp', spellcheck: 'false', 'aria-label': 'Context key' });
    this.keyInput.value = key;
    this.valueBox = el('span', { class: 'ctx-value-box' });
    this.control = el('input');
    this.root = el('div', { class: 'ctx-row' }, this.keyInput, this.valueBox, button('×', { class: 'ctx-remove', 'aria-label': 'Remove key' }, () => rows.remove(this)));
    this.keyInput.addEventListener('input', () => {
      rows.keyTyped(this.keyInput.value);
      this.retype();
    });
    this.keyInput.addEventListener('change', () => this.retype());
    this.retype(value);
  }

  /** Rebuilds the value control for the key's type, keeping the value where it still fits. */
  retype(value?: SimContextValue): void {
    const info = this.rows.info(this.keyInput.value);
    const old = value ?? (this.control ? this.readRaw() : undefined);
    if (this.info && info && this.info.input === info.input && this.info.multi === info.multi && value === undefined) return;
    this.info = info;
    const input = info?.input ?? 'string';
    const multi = info?.multi ?? Array.isArray(old);
    clear(this.valueBox);
    if (input === 'bool' && !multi) {
      const select = el('select', { class: 'ctx-value', 'data-input': 'bool', 'aria-label': 'Value' }, el('option', { value: 'true' }, 'true'), el('option', { value: 'false' }, 'false'));
      select.value = String(old) === 'false' ? 'false' : 'true';
      this.control = select;
    } else {
      const attrs: Record<string, string> = { class: 'ctx-value', 'data-input': multi ? 'multi' : input, 'aria-label': 'Value', spellcheck: 'false' };
      if (input === 'number' && !multi) attrs.type = 'number';
      else if (input === 'date' && !multi) attrs.type = 'datetime-local';
      else attrs.type = 'text';
      attrs.placeholder = multi ? 'values, separated by commas' : input === 'ip' ? '203.0.113.7 or 10.0.0.0/8' : input === 'arn' ? 'arn:aws:…' : info?.type ?? 'value';
      const box = el('input', attrs);
      const text = Array.isArray(old) ? old.join(', ') : old === undefined ? '' : String(old);
      box.value = attrs.type === 'datetime-local' ? toLocalInput(text) : text;
      box.addEventListener('input', () => box.classList.toggle('invalid', !multi && !valid(input, box.value)));
      this.control = box;
    }
    this.valueBox.append(this.control);
    if (info?.description) this.valueBox.title = info.description;
  }

  private readRaw(): SimContextValue {
    const v = this.control.value;
    if (this.control instanceof HTMLInputElement && this.control.type === 'datetime-local') return fromLocalInput(v);
    return v;
  }

  /** The key and its typed value, or undefined when the key is empty. */
  read(): [string, SimContextValue] | undefined {
    const key = this.keyInput.value.trim();
    if (!key) return undefined;
    const kind = this.control.getAttribute('data-input');
    const raw = this.readRaw();
    if (kind === 'bool') return [key, raw === 'true'];
    if (kind === 'multi') return [key, String(raw).split(',').map((s) => s.trim()).filter(Boolean)];
    if (kind === 'number' && /^-?\d+(\.\d+)?$/.test(String(raw))) return [key, Number(raw)];
    return [key, raw];
  }
}

function toLocalInput(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]}T${m[2]}` : '';
}

function fromLocalInput(v: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00Z` : v;
}

/** The context keys of the question, plus the datalist of keys the chosen actions read. */
export class ContextRows {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly datalist: HTMLDataListElement;
  private rows: ContextRow[] = [];
  private known = new Map<string, KeyInfo>();

  constructor(private readonly onKeyTyped: (text: string) => void) {
    this.list = el('div', { class: 'ctx-rows', id: 'context-rows' });
    this.datalist = el('datalist', { id: 'context-key-list' });
    this.root = el(
      'div',
      { class: 'context' },
      this.list,
      this.datalist,
      button('Add context key', { id: 'add-context', class: 'secondary' }, () => this.add('', undefined).keyInput.focus()),
    );
  }

  info(key: string): KeyInfo | undefined {
    return this.known.get(key.trim().toLowerCase());
  }

  keyTyped(text: string): void {
    this.onKeyTyped(text);
  }

  /** New key information (from a completion): the datalist and the value controls follow. */
  setKeys(keys: KeyInfo[]): void {
    for (const k of keys) this.known.set(k.key.toLowerCase(), k);
    clear(this.datalist);
    for (const k of keys) this.datalist.append(el('option', { value: k.key }, `${k.type}${k.global ? ' · global' : ''}`));
    for (const r of this.rows) r.retype();
  }

  add(key: string, value: SimContextValue | undefined): ContextRow {
    const row = new ContextRow(this, key, value);
    this.rows.push(row);
    this.list.append(row.root);
    return row;
  }

  remove(row: ContextRow): void {
    this.rows = this.rows.filter((r) => r !== row);
    row.root.remove();
  }

  get(): Record<string, SimContextValue> {
    const out: Record<string, SimContextValue> = {};
    for (const r of this.rows) {
      const kv = r.read();
      if (kv) out[kv[0]] = kv[1];
    }
    return out;
  }

  set(context: Record<string, SimContextValue> | undefined): void {
    for (const r of this.rows) r.root.remove();
    this.rows = [];
    for (const [k, v] of Object.entries(context ?? {})) this.add(k, v);
  }
}
