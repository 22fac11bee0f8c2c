import type { CommandInfo } from '../io';
import { check } from './check';
import { graph } from './graph';
import { exportCommand } from './export';
import { importCommand } from './import';
import { simulateCustomPolicy } from './simulate-custom-policy';
import { simulatePrincipalPolicy } from './simulate-principal-policy';
import { test } from './test';
import { diff } from './diff';
import { whoCanCommand } from './who-can';

/** Every CLI command, in the order `--help` lists them. Each lives in its own file beside this one. */
export const commands: CommandInfo[] = [
  { name: 'check', summary: 'Report problems in iam.json files (parse, schema, references, rules).', run: check },
  { name: 'simulate-custom-policy', summary: 'Simulate IAM policies against actions and resources, as `aws iam simulate-custom-policy`.', run: simulateCustomPolicy },
  { name: 'simulate-principal-policy', summary: "Simulate a workspace user's, group's or role's policies, as `aws iam simulate-principal-policy`.", run: simulatePrincipalPolicy },
  { name: 'import', summary: 'Build an iam.json from AWS CLI output (authorization details, credential report, password policy).', run: importCommand },
  { name: 'export', summary: 'Write an account as a CloudFormation template or Terraform configuration.', run: exportCommand },
  { name: 'test', summary: 'Run the scenarios of *.iam-tests.json files against the iam.json files (CI).', run: test },
  { name: 'graph', summary: 'Write the graph of users, groups, roles, policies and who can assume what (HTML, DOT, SVG).', run: graph },
  { name: 'diff', summary: 'What a change grants: access gained and lost per principal, new role assumers, external and public resources.', run: diff },
  { name: 'who-can', summary: 'List the users and roles that can perform actions on resources, directly or by privilege escalation, with the path.', run: whoCanCommand },
];
