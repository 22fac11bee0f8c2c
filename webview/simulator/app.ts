import type { SimAnswer, SimCompletionQuery, SimCompletions, SimExpectation, SimQuestion, SimulatorHostMessage } from '../../protocol';
import { button, el } from './dom';
import { QuestionForm } from './form';
import type { Host } from './host';
import { onHighlight, renderAnswer } from './results';

interface SavedState {
  question?: SimQuestion;
}

/** The suggested expectation for "Save as scenario": what the simulator says now. */
export function expectationOf(answer: SimAnswer | undefined): SimExpectation {
  if (!answer || !answer.chainAllowed || !answer.rows.length) return 'denied';
  if (answer.rows.every((r) => r.decision === 'allowed')) return 'allowed';
  if (answer.rows.every((r) => r.decision === 'explicitDeny')) return 'explicitDeny';
  if (answer.rows.every((r) => r.decision === 'implicitDeny')) return 'implicitDeny';
  return 'denied';
}

/** The simulator page: the question form, the answer, "Save as scenario". */
export class SimulatorApp {
  private readonly form: QuestionForm;
  private readonly results: HTMLElement;
  private readonly status: HTMLElement;
  private readonly saveName: HTMLInputElement;
  private readonly saveExpect: HTMLSelectElement;
  private nextId = 1;
  private readonly pending = new Map<number, (c: SimCompletions) => void>();

  constructor(
    private readonly host: Host,
    root: HTMLElement,
  ) {
    this.form = new QuestionForm((q) => this.complete(q), () => this.simulate());
    this.results = el('section', { class: 'results', id: 'results', 'aria-live': 'polite' });
    this.status = el('div', { class: 'status', id: 'status', role: 'status' });
    this.saveName = el('input', { id: 'save-name', type: 'text', placeholder: 'scenario name', 'aria-label': 'Scenario name' });
    this.saveExpect = el('select', { id: 'save-expect', 'aria-label': 'Expected decision' });
    for (const e of ['allowed', 'denied', 'explicitDeny', 'implicitDeny']) this.saveExpect.append(el('option', { value: e }, e));
    const save = el(
      'div',
      { class: 'save', id: 'save' },
      this.saveName,
      this.saveExpect,
      button('Save as scenario', { id: 'save-scenario', class: 'secondary' }, () => this.save()),
    );
    root.append(el('div', { class: 'layout' }, this.form.root, el('div', { class: 'answer' }, this.status, this.results, save)));

    onHighlight((location) => host.post(location ? { type: 'highlight', location } : { type: 'highlight' }));
    host.onMessage((m) => this.receive(m));
    const state = host.getState() as SavedState | undefined;
    if (state?.question) this.form.setQuestion(state.question);
    host.post({ type: 'ready' });
  }

  private complete(query: SimCompletionQuery): Promise<SimCompletions> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.host.post({ type: 'complete', id, query });
    });
  }

  private simulate(): void {
    const question = this.form.question();
    this.host.setState({ question } satisfies SavedState);
    this.status.textContent = 'Simulating…';
    this.host.post({ type: 'simulate', question });
  }

  private save(): void {
    const name = this.saveName.value.trim();
    if (!name) {
      this.status.textContent = 'Give the scenario a name first.';
      this.saveName.focus();
      return;
    }
    this.host.post({ type: 'saveScenario', name, question: this.form.question(), expect: this.saveExpect.value as SimExpectation });
  }

  private receive(m: SimulatorHostMessage): void {
    switch (m.type) {
      case 'options':
        this.form.setOptions(m.options);
        if (m.question) this.form.setQuestion(m.question);
        return;
      case 'question':
        this.form.setQuestion(m.question);
        this.host.setState({ question: m.question } satisfies SavedState);
        if (m.run) this.simulate();
        return;
      case 'answer':
        this.status.textContent = '';
        renderAnswer(this.results, m.answer, (location) => this.host.post({ type: 'reveal', location }));
        // Beside the editor the form fills the width and the answer lands below the fold: bring it up.
        (this.results.querySelector('#result-summary') ?? this.results).scrollIntoView({ block: 'start', behavior: 'auto' });
        this.form.showFilled(m.answer.context);
        this.saveExpect.value = expectationOf(m.answer);
        return;
      case 'completions': {
        const resolve = this.pending.get(m.id);
        this.pending.delete(m.id);
        resolve?.(m.completions);
        return;
      }
      case 'saved':
        this.status.textContent = `Saved "${m.name}" to ${m.uri.replace(/^.*[/\\]/, '')}.`;
        return;
      case 'error':
        this.status.textContent = m.message;
        return;
    }
  }
}
