import { JsonInput, toDate, type Notes } from './input';
import type { ImportError, ImportSource } from './types';

/** One row of the credential report, with the values the iam.json format can hold. */
export interface ReportKey {
  active: boolean;
  created?: string;
  lastUsed?: string;
  lastUsedRegion?: string;
  lastUsedService?: string;
}

export interface ReportRow {
  user: string;
  arn: string;
  /** 1-based line of the row in the CSV, for messages. */
  line: number;
  passwordEnabled?: boolean;
  passwordLastUsed?: string;
  passwordLastChanged?: string;
  mfaActive?: boolean;
  /** Undefined when the report has no access-key columns: the keys are unknown, not absent. */
  keys?: ReportKey[];
  /** Active signing certificates (cert_1, cert_2), which the format cannot hold. */
  activeCertificates: number;
}

export interface CredentialReport {
  rows: ReportRow[];
  root?: ReportRow;
  /** When AWS generated the report (YYYY-MM-DD): from `GeneratedTime`, else the latest time in the report. */
  generated?: string;
  generatedFromContent: boolean;
}

export const ROOT_USER = '<root_account>';

export const REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed',
  'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
];

/**
 * Reads `aws iam get-credential-report` output: the JSON the CLI prints (`Content` base64-encoded,
 * `GeneratedTime`), the CSV itself, or the CSV base64-encoded.
 */
export function readCredentialReport(source: ImportSource, errors: ImportError[], notes: Notes): CredentialReport | undefined {
  const text = source.text.replace(/^\uFEFF/, '');
  const trimmed = text.trim();
  const fail = (message: string, line = 1, column = 1) => {
    errors.push({ file: source.name, line, column, message });
    return undefined;
  };
  if (trimmed === '') return fail('the credential report is empty');
  let csv: string;
  let csvName = source.name;
  let generated: string | undefined;
  if (trimmed.startsWith('{')) {
    const input = new JsonInput(source.name, text, errors, notes);
    const f = input.root && input.object(input.root, 'the credential report', ['Content', 'ReportFormat', 'GeneratedTime', 'ResponseMetadata'], 'credential report');
    if (!f || !input.root) return undefined;
    const format = input.string(f.get('ReportFormat'), '"ReportFormat"');
    if (format && format !== 'text/csv') input.error(f.get('ReportFormat')!, `"ReportFormat" is "${format}"; only text/csv reports exist`);
    const content = f.get('Content');
    if (!content) {
      input.error(input.root, 'this is not the output of "aws iam get-credential-report": it has no "Content"');
      return undefined;
    }
    const encoded = input.string(content, '"Content"');
    if (encoded === undefined) return undefined;
    generated = input.date(f.get('GeneratedTime'), '"GeneratedTime"');
    const decoded = decodeBase64(encoded);
    if (decoded === undefined) {
      input.error(content, '"Content" is not base64-encoded CSV');
      return undefined;
    }
    csv = decoded;
    csvName = `${source.name} (decoded "Content")`;
  } else if (/^user,/.test(trimmed) || /^"user",/.test(trimmed)) {
    csv = text;
  } else if (/^[A-Za-z0-9+/=\s]+$/.test(trimmed)) {
    const decoded = decodeBase64(trimmed);
    if (decoded === undefined || !/^"?user"?,/.test(decoded)) {
      return fail('this looks base64-encoded but does not decode to the credential report CSV (its first column is "user")');
    }
    csv = decoded;
    csvName = `${source.name} (decoded base64)`;
  } else {
    return fail('this is not a credential report: expected the JSON of "aws iam get-credential-report", its CSV (starting "user,arn,..."), or the CSV base64-encoded');
  }
  const report = parseReportCsv(csv, csvName, errors, notes);
  if (!report) return undefined;
  if (generated) {
    report.generated = generated;
    report.generatedFromContent = false;
  }
  return report;
}

function decodeBase64(s: string): string | undefined {
  const clean = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return undefined;
  const text = Buffer.from(clean, 'base64').toString('utf8');
  return text.includes('\uFFFD') ? undefined : text;
}

function parseReportCsv(csv: string, name: string, errors: ImportError[], notes: Notes): CredentialReport | undefined {
  const records = parseCsv(csv);
  if ('error' in records) {
    errors.push({ file: name, line: records.line, column: records.column, message: records.error });
    return undefined;
  }
  const [header, ...rows] = records.rows.filter((r) => !(r.cells.length === 1 && r.cells[0] === ''));
  if (!header) {
    errors.push({ file: name, line: 1, column: 1, message: 'the credential report has no header line' });
    return undefined;
  }
  const col = new Map(header.cells.map((c, i) => [c.trim(), i]));
  for (const needed of ['user', 'arn']) {
    if (!col.has(needed)) {
      errors.push({ file: name, line: header.line, column: 1, message: `the credential report has no "${needed}" column` });
      return undefined;
    }
  }
  const unknown = header.cells.filter((c) => !REPORT_COLUMNS.includes(c.trim()));
  for (const c of unknown) notes.add('credential report', `column "${c}" is not one this tool knows; not imported`);
  // A report cut down to fewer columns says nothing about what it lacks: no access-key column, no key list.
  const slots = [1, 2].filter((n) => col.has(`access_key_${n}_active`) || col.has(`access_key_${n}_last_rotated`));
  const keysKnown = slots.length === 2;
  if (slots.length === 0) {
    notes.add('credential report', 'it has no access_key_1_* / access_key_2_* columns: access keys are unknown and "accessKeys" is left out (as without a report), not written as [] (no keys)');
  } else if (!keysKnown) {
    notes.add('credential report', `it has no access_key_${slots[0] === 1 ? 2 : 1}_* columns: "accessKeys" lists the keys the other slot shows, and is left out (unknown) where that slot is empty`);
  }
  for (const c of ['password_enabled', 'mfa_active']) {
    if (!col.has(c)) notes.add('credential report', `it has no "${c}" column: ${c === 'mfa_active' ? '"mfa"' : '"console"'} is left out where the report would have said`);
  }
  const report: CredentialReport = { rows: [], generatedFromContent: true };
  let latest = '';
  for (const row of rows) {
    if (row.cells.length !== header.cells.length) {
      errors.push({
        file: name,
        line: row.line,
        column: 1,
        message: `this row has ${row.cells.length} fields; the header has ${header.cells.length}`,
      });
      continue;
    }
    const cell = (c: string) => {
      const i = col.get(c);
      return i === undefined ? undefined : row.cells[i].trim();
    };
    const bad = (c: string, v: string, expected: string) =>
      errors.push({
        file: name,
        line: row.line,
        column: columnOf(row.cells, col.get(c)!),
        message: `"${c}" of ${cell('user')} should be ${expected}, not "${v}"`,
      });
    const bool = (c: string): boolean | undefined => {
      const v = cell(c);
      if (v === undefined || v === 'N/A' || v === 'not_supported' || v === 'no_information') return undefined;
      if (v === 'true' || v === 'false') return v === 'true';
      bad(c, v, 'true or false');
      return undefined;
    };
    const date = (c: string): string | undefined => {
      const v = cell(c);
      if (v === undefined || v === '' || v === 'N/A' || v === 'not_supported' || v === 'no_information') return undefined;
      const d = toDate(v);
      if (!d) bad(c, v, 'a date-time, N/A or no_information');
      else if (v > latest) latest = v;
      return d;
    };
    const text = (c: string): string | undefined => {
      const v = cell(c);
      return v === undefined || v === '' || v === 'N/A' || v === 'no_information' ? undefined : v;
    };
    const user = cell('user') ?? '';
    const arn = cell('arn') ?? '';
    if (!user || !arn) {
      errors.push({ file: name, line: row.line, column: 1, message: 'this row has no user name or no ARN' });
      continue;
    }
    date('user_creation_time');
    date('password_next_rotation');
    const keys: ReportKey[] = [];
    for (const n of [1, 2]) {
      const active = bool(`access_key_${n}_active`);
      const created = date(`access_key_${n}_last_rotated`);
      const lastUsed = date(`access_key_${n}_last_used_date`);
      // A key exists when it has a creation (rotation) time; "N/A" there means no key in that slot.
      if (created || active) {
        keys.push({
          active: active ?? false,
          created,
          lastUsed,
          lastUsedRegion: text(`access_key_${n}_last_used_region`),
          lastUsedService: text(`access_key_${n}_last_used_service`),
        });
      }
    }
    let certs = 0;
    for (const n of [1, 2]) {
      if (bool(`cert_${n}_active`)) certs++;
      date(`cert_${n}_last_rotated`);
    }
    const parsed: ReportRow = {
      user,
      arn,
      line: row.line,
      passwordEnabled: bool('password_enabled'),
      passwordLastUsed: date('password_last_used'),
      passwordLastChanged: date('password_last_changed'),
      mfaActive: bool('mfa_active'),
      keys,
      activeCertificates: certs,
    };
    // Without every slot's columns, only keys that were seen are known; an empty list would claim "no keys".
    if (!keysKnown && keys.length === 0) delete parsed.keys;
    if (user === ROOT_USER) report.root = parsed;
    else report.rows.push(parsed);
  }
  if (latest) report.generated = toDate(latest);
  return report;
}

interface CsvRow {
  cells: string[];
  line: number;
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks. */
export function parseCsv(text: string): { rows: CsvRow[] } | { error: string; line: number; column: number } {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let column = 0;
  let i = 0;
  let quoted = false;
  let quoteLine = 0;
  let quoteColumn = 0;
  let cellStarted = false;
  while (i < text.length) {
    const c = text[i];
    column++;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          column++;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          return { error: 'a quoted field must end at a comma or the end of the line', line, column: column + 1 };
        }
        continue;
      }
      if (c === '\n') {
        line++;
        column = 0;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
      quoteLine = line;
      quoteColumn = column;
      i++;
      continue;
    }
    if (c === ',') {
      cells.push(cell);
      cell = '';
      cellStarted = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      cells.push(cell);
      rows.push({ cells, line: rowLine });
      cells = [];
      cell = '';
      cellStarted = false;
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      rowLine = line;
      column = 0;
      continue;
    }
    cell += c;
    cellStarted = true;
    i++;
  }
  if (quoted) return { error: 'a quoted field is never closed', line: quoteLine, column: quoteColumn };
  if (cellStarted || cells.length) {
    cells.push(cell);
    rows.push({ cells, line: rowLine });
  }
  return { rows };
}

/** The 1-based column where cell `index` starts (for unquoted cells; close enough for quoted ones). */
function columnOf(cells: string[], index: number): number {
  let col = 1;
  for (let k = 0; k < index; k++) col += cells[k].length + 1;
  return col;
}
