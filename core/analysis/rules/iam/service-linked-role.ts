import { defineRule } from '../types';

export default defineRule({
  id: 'iam/service-linked-role',
  scope: 'entity',
  severity: 'error',
  message: 'Service-linked roles are managed by their service: you cannot attach or edit their policies.',
  doc: `A service-linked role's permissions and trust policy are defined by the AWS service that owns it. IAM
refuses to attach managed policies, put inline policies or set a permissions boundary on it. **Fix:** remove
them; if you need other permissions, create an ordinary role.`,
  file({ file, report }) {
    for (const r of file.roles.values()) {
      if (!r.serviceLinked) continue;
      // The service attaches its own AWS managed policy (path /aws-service-role/); anything else is yours.
      for (const p of r.policies) {
        if (!/^arn:[\w-]+:iam::aws:policy\/aws-service-role\//.test(p.ref)) report(p.span, `Role "${r.name}" is service-linked: you cannot attach ${p.ref.startsWith('arn:') ? p.ref.slice(p.ref.lastIndexOf('/') + 1) : `"${p.ref}"`} to it.`);
      }
      if (r.inlinePolicies.length) report(r.inlinePoliciesSpan ?? r.nameSpan, `Role "${r.name}" is service-linked: you cannot add inline policies.`);
      if (r.permissionsBoundary) report(r.permissionsBoundary.span, `Role "${r.name}" is service-linked: it takes no permissions boundary.`);
    }
  },
});
