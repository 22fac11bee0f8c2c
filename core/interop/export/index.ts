/**
 * Export an account file to CloudFormation or Terraform. Pure: takes a resolved account file
 * (from a Workspace) and returns text plus the list of what a template cannot deploy.
 */
import type { AccountFile } from '../../model/types';
import { toCloudFormation, type CloudFormationSyntax } from './cloudformation';
import { planAccount } from './plan';
import { toTerraform } from './terraform';

export type ExportFormat = 'cloudformation' | 'terraform';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['cloudformation', 'terraform'];

export interface ExportResult {
  text: string;
  /** What the file holds that the export leaves out, one line each. */
  notes: string[];
}

export interface ExportOptions {
  /** CloudFormation only: YAML (default) or JSON. */
  syntax?: CloudFormationSyntax;
  /** Terraform only: `import` blocks that adopt the existing entities (see toTerraform). */
  adopt?: boolean;
}

export function exportAccount(file: AccountFile, format: ExportFormat, options: ExportOptions = {}): ExportResult {
  const plan = planAccount(file);
  return format === 'terraform' ? toTerraform(plan, { adopt: options.adopt }) : toCloudFormation(plan, options.syntax ?? 'yaml');
}

export { planAccount, type Plan } from './plan';
export { toCloudFormation, CFN_MAX_RESOURCES, type CloudFormationSyntax } from './cloudformation';
export { toTerraform, type TerraformOptions } from './terraform';
