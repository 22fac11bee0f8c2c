/**
 * Edits the edit-path benchmarks make (bench/edit-path.ts in-process, bench/lsp.ts through the server), found in
 * the account text by what they are, not by position: a character typed into a tag value, into a policy's
 * action, a group renamed (every reference to it breaks), a user deleted, and a syntax error. Each `apply`
 * returns the edited text; its undo is the original text.
 */

export interface EditKind {
  name: 'description' | 'tag' | 'action' | 'rename' | 'delete' | 'syntax';
  label: string;
  apply(text: string): string;
  /** Where the edit starts and ends in the original text, and what replaces it (for an LSP change). */
  range(text: string): { start: number; end: number; insert: string };
}

/** The text's section `"name": {` at the top level (two-space indent, as the generator writes it). */
function sectionStart(text: string, name: string): number {
  const at = text.indexOf(`\n  "${name}": {`);
  if (at < 0) throw new Error(`no "${name}" section`);
  return at;
}

/** The entity keys of a section with the offsets of their names (inside the quotes). */
export function entityKeys(text: string, section: string): { name: string; at: number }[] {
  const from = sectionStart(text, section);
  const to = text.indexOf('\n  }', from);
  return [...text.slice(from, to).matchAll(/\n {4}"([^"]+)": \{/g)].map((m) => ({ name: m[1], at: from + m.index! + 6 }));
}

/** The group most users name in their `groups` (the rename breaks that many references). */
export function mostReferencedGroup(text: string): string {
  const counts = new Map<string, number>();
  const users = text.slice(sectionStart(text, 'users'));
  for (const m of users.matchAll(/"groups": \[([^\]]*)\]/g)) {
    for (const g of m[1].matchAll(/"([^"]+)"/g)) counts.set(g[1], (counts.get(g[1]) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

function edit(range: (text: string) => { start: number; end: number; insert: string }): Pick<EditKind, 'apply' | 'range'> {
  return {
    range,
    apply(text) {
      const r = range(text);
      return text.slice(0, r.start) + r.insert + text.slice(r.end);
    },
  };
}

export function editKinds(text: string): EditKind[] {
  return [
    {
      name: 'description',
      label: 'one character in a description (no diagnostic moves)',
      ...edit((t) => {
        const at = t.indexOf('"description": "') + '"description": "'.length;
        return { start: at, end: at, insert: 'x' };
      }),
    },
    {
      name: 'tag',
      label: "one character in a user's tag value",
      ...edit((t) => {
        const users = sectionStart(t, 'users');
        const tags = t.indexOf('"tags": {', users);
        const value = t.indexOf(': "', t.indexOf('\n', tags) + 1) + 3;
        return { start: value, end: value, insert: 'x' };
      }),
    },
    {
      name: 'action',
      label: 'one character in an action name (adds / removes a diagnostic)',
      ...edit((t) => {
        const at = t.indexOf('"s3:GetObject"') + '"s3:GetObject'.length;
        return { start: at, end: at, insert: 'x' };
      }),
    },
    {
      name: 'rename',
      label: 'renaming the most referenced group (every reference breaks)',
      ...edit((t) => {
        const name = mostReferencedGroup(t);
        const key = entityKeys(t, 'groups').find((k) => k.name === name)!;
        const at = key.at + name.length;
        return { start: at, end: at, insert: 'x' };
      }),
    },
    {
      name: 'delete',
      label: 'deleting a user (and its undo)',
      ...edit((t) => {
        const keys = entityKeys(t, 'users');
        const k = keys[Math.floor(keys.length / 2)];
        const start = t.lastIndexOf('\n', k.at);
        const end = t.lastIndexOf('\n', keys[Math.floor(keys.length / 2) + 1].at);
        return { start, end, insert: '' };
      }),
    },
    {
      name: 'syntax',
      label: 'a syntax error (a comma deleted between two users) and its recovery',
      ...edit((t) => {
        const keys = entityKeys(t, 'users');
        const next = keys[Math.floor(keys.length / 2) + 1];
        const comma = t.lastIndexOf(',', next.at);
        return { start: comma, end: comma + 1, insert: '' };
      }),
    },
  ];
}

/**
 * The max-quota account with one more group, `Everyone`, that every user is a member of (its own small policy):
 * renaming it breaks as many references as there are users (5,000), the "edit that breaks thousands of
 * references". The generated account's busiest group has ~70 members.
 */
export function withEveryoneGroup(text: string): string {
  const groups = sectionStart(text, 'groups');
  const open = text.indexOf('{', groups + 3) + 1;
  const group =
    '\n    "Everyone": {\n      "path": "/",\n      "inlinePolicies": {\n        "self-service": {\n          "Version": "2012-10-17",\n' +
    '          "Statement": [\n            {\n              "Effect": "Allow",\n              "Action": [\n                "iam:GetUser",\n' +
    '                "iam:ChangePassword"\n              ],\n              "Resource": "arn:aws:iam::*:user/${aws:username}"\n            }\n          ]\n' +
    '        }\n      }\n    },';
  const out = text.slice(0, open) + group + text.slice(open);
  const users = sectionStart(out, 'users');
  const end = out.indexOf('\n  }', users);
  const head = out.slice(0, users);
  // Users with a groups list (wherever it sits in the user) get Everyone first in it; users without one get a list
  // (a second "groups" key would be a duplicate, the first one used: the user would lose its other groups).
  const tail = out
    .slice(users, end)
    .split(/(?=\n {4}"[^"]+": \{\n)/)
    .map((user) => {
      if (!/^\n {4}"/.test(user)) return user;
      if (/\n {6}"groups": \[\n/.test(user)) return user.replace(/\n {6}"groups": \[\n/, (list) => `${list}        "Everyone",\n`);
      if (/\n {6}"groups": \[\]/.test(user)) return user.replace(/\n {6}"groups": \[\]/, '\n      "groups": ["Everyone"]');
      return user.replace(/^(\n {4}"[^"]+": \{\n)/, '$1      "groups": [\n        "Everyone"\n      ],\n');
    })
    .join('');
  return head + tail + out.slice(end);
}
