import { button, clear, el } from './dom';

export interface Suggestion {
  value: string;
  label: string;
  detail?: string;
}

/**
 * A list of values typed or picked from suggestions: an input, a suggestion list under it, and the
 * chosen values as removable chips. Enter (or a comma) adds what is typed; a click adds a suggestion.
 */
export class ChipInput {
  readonly root: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly suggestionsList: HTMLUListElement;
  private readonly chips: HTMLElement;
  private values: string[] = [];

  constructor(
    id: string,
    label: string,
    placeholder: string,
    private readonly onChange: () => void,
    private readonly onType: (text: string) => void,
    /** `fill`: a picked suggestion goes into the input for editing (ARN skeletons) instead of becoming a chip. */
    private readonly pick: 'add' | 'fill' = 'add',
  ) {
    this.input = el('input', { id, type: 'text', placeholder, autocomplete: 'off', spellcheck: 'false', 'aria-label': label });
    this.suggestionsList = el('ul', { class: 'suggestions', id: `${id}-suggestions`, role: 'listbox' });
    this.chips = el('div', { class: 'chips', id: `${id}-chips` });
    this.root = el('div', { class: 'chip-input' }, el('label', { for: id }, label), this.input, this.suggestionsList, this.chips);
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ',') {
        e.preventDefault();
        this.addTyped();
      } else if (e.key === 'Escape') this.suggest([]);
      else if (e.key === 'ArrowDown') {
        e.preventDefault();
        this.suggestionsList.querySelector<HTMLButtonElement>('button')?.focus();
      }
    });
    // Arrow keys move through the suggestions; Escape goes back to the input.
    this.suggestionsList.addEventListener('keydown', (e) => {
      const buttons = [...this.suggestionsList.querySelectorAll<HTMLButtonElement>('button')];
      const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = i + (e.key === 'ArrowDown' ? 1 : -1);
        if (next < 0) this.input.focus();
        else buttons[Math.min(next, buttons.length - 1)]?.focus();
      } else if (e.key === 'Escape') {
        this.suggest([]);
        this.input.focus();
      }
    });
    this.input.addEventListener('input', () => this.onType(this.input.value));
    this.input.addEventListener('focus', () => this.onType(this.input.value));
  }

  /** Adds whatever is typed (several values separated by spaces or commas). */
  addTyped(): void {
    const parts = this.input.value.split(/[\s,]+/).filter(Boolean);
    this.input.value = '';
    this.suggest([]);
    if (parts.length) this.set([...this.values, ...parts]);
  }

  get(): string[] {
    return [...this.values];
  }

  set(values: string[]): void {
    const seen = new Set<string>();
    this.values = values.map((v) => v.trim()).filter((v) => v && !seen.has(v) && (seen.add(v), true));
    clear(this.chips);
    for (const v of this.values) {
      const chip = el('span', { class: 'chip', 'data-value': v }, el('span', { class: 'chip-text' }, v));
      chip.append(button('×', { class: 'chip-remove', 'aria-label': `Remove ${v}`, title: `Remove ${v}` }, () => this.set(this.values.filter((x) => x !== v))));
      this.chips.append(chip);
    }
    this.onChange();
  }

  suggest(items: Suggestion[]): void {
    clear(this.suggestionsList);
    for (const s of items) {
      const b = button(s.label, { class: 'suggestion', 'data-value': s.value, role: 'option' }, () => {
        this.suggest([]);
        if (this.pick === 'fill') {
          this.input.value = s.value;
          const hole = s.value.indexOf('${');
          this.input.focus();
          if (hole >= 0) this.input.setSelectionRange(hole, s.value.indexOf('}', hole) + 1);
          return;
        }
        this.input.value = '';
        this.set([...this.values, s.value]);
        this.input.focus();
      });
      if (s.detail) b.append(el('span', { class: 'suggestion-detail' }, s.detail));
      this.suggestionsList.append(el('li', {}, b));
    }
  }
}
