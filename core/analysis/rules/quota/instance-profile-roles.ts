import { defineRule } from '../types';
import type { Span } from '../../../text/span';

export default defineRule({
  id: 'quota/instance-profile-roles',
  // Reads no description, and tags only through policy evaluation (support/neutral.ts).
  unaffectedBy: ['description', 'tag'],
  severity: 'error',
  message: 'An instance profile holds one role.',
  doc: `An EC2 instance profile can contain only one role (a fixed quota), so two roles cannot name the same
instance profile. **Fix:** give each role its own instance profile.`,
  file({ file, report }) {
    const seen = new Map<string, { role: string; span: Span }>();
    for (const r of file.roles.values()) {
      const ip = r.instanceProfile;
      if (!ip) continue;
      const first = seen.get(ip.name);
      if (!first) seen.set(ip.name, { role: r.name, span: ip.span });
      else {
        report(ip.span, `Instance profile "${ip.name}" already holds role "${first.role}"; an instance profile holds one role.`, {
          related: [{ uri: file.uri, span: first.span, message: `role "${first.role}"` }],
        });
      }
    }
  },
});
