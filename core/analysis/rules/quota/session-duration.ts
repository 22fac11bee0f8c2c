import { defineRule } from '../types';

export default defineRule({
  id: 'quota/session-duration',
  scope: 'entity',
  severity: 'error',
  message: 'maxSessionDuration is 3,600 to 43,200 seconds (1 to 12 hours).',
  doc: `A role's maximum session duration is between one hour (3600) and twelve hours (43200), in seconds.
**Fix:** write a value in that range.`,
  file({ file, report }) {
    for (const r of file.roles.values()) {
      const d = r.maxSessionDuration;
      if (d && (d.value < 3600 || d.value > 43200 || !Number.isInteger(d.value))) {
        report(d.span, `maxSessionDuration of role "${r.name}" is ${d.value}; it must be from 3600 to 43200 seconds.`);
      }
    }
  },
});
