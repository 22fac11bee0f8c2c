// The rule catalogue: every rule, in the order docs/rules.md lists them. One file per rule under <area>/.
// Add a rule: create its file, then import it here and list it below.
import type { Rule } from './types';
import grammarActionFormat from './grammar/action-format';
import grammarArnFormat from './grammar/arn-format';
import grammarConditionOperator from './grammar/condition-operator';
import grammarConditionValue from './grammar/condition-value';
import grammarConflictingElements from './grammar/conflicting-elements';
import grammarDuplicateKey from './grammar/duplicate-key';
import grammarEffect from './grammar/effect';
import grammarMissingAction from './grammar/missing-action';
import grammarMissingPrincipal from './grammar/missing-principal';
import grammarMissingResource from './grammar/missing-resource';
import grammarNotPrincipal from './grammar/not-principal';
import grammarNullIfexists from './grammar/null-ifexists';
import grammarOperatorKeyType from './grammar/operator-key-type';
import grammarPolicyVariable from './grammar/policy-variable';
import grammarPrincipalFormat from './grammar/principal-format';
import grammarPrincipalNotAllowed from './grammar/principal-not-allowed';
import grammarRcp from './grammar/rcp';
import grammarResourceInTrustPolicy from './grammar/resource-in-trust-policy';
import grammarSetOperator from './grammar/set-operator';
import grammarSid from './grammar/sid';
import grammarVariablesOldVersion from './grammar/variables-old-version';
import grammarVersionMissing from './grammar/version-missing';
import grammarVersionValue from './grammar/version-value';
import grammarMissingStatement from './grammar/missing-statement';
import grammarEmptyElement from './grammar/empty-element';
import grammarBoolValues from './grammar/bool-values';
import grammarVariableOperator from './grammar/variable-operator';
import grammarWildcardWithoutLike from './grammar/wildcard-without-like';
import grammarSourceIpPrivate from './grammar/source-ip-private';
import grammarVpcIdFormat from './grammar/vpc-id-format';
import grammarNullSetOperator from './grammar/null-set-operator';
import grammarControlPolicyActions from './grammar/control-policy-actions';
import grammarIpRangeHostBits from './grammar/ip-range-host-bits';
import grammarFederatedPrincipal from './grammar/federated-principal';
import grammarConditionValueTypes from './grammar/condition-value-types';
import grammarKmsValues from './grammar/kms-values';
import catalogConditionKeyNotApplicable from './catalog/condition-key-not-applicable';
import catalogResourceMismatch from './catalog/resource-mismatch';
import catalogUnknownAction from './catalog/unknown-action';
import catalogUnknownConditionKey from './catalog/unknown-condition-key';
import catalogUnknownService from './catalog/unknown-service';
import catalogWildcardMatchesNothing from './catalog/wildcard-matches-nothing';
import catalogConditionKeySomeActions from './catalog/condition-key-some-actions';
import catalogArnFields from './catalog/arn-fields';
import catalogForeignResource from './catalog/foreign-resource';
import catalogUnknownRegion from './catalog/unknown-region';
import catalogUnsupportedAction from './catalog/unsupported-action';
import quotaAccessKeysPerUser from './quota/access-keys-per-user';
import quotaAccountAlias from './quota/account-alias';
import quotaDocumentCharacters from './quota/document-characters';
import quotaEntitiesPerAccount from './quota/entities-per-account';
import quotaGroupsPerUser from './quota/groups-per-user';
import quotaInlinePolicySize from './quota/inline-policy-size';
import quotaInstanceProfileRoles from './quota/instance-profile-roles';
import quotaManagedPoliciesPerEntity from './quota/managed-policies-per-entity';
import quotaManagedPolicySize from './quota/managed-policy-size';
import quotaMfaDevicesPerUser from './quota/mfa-devices-per-user';
import quotaNames from './quota/names';
import quotaOverrides from './quota/overrides';
import quotaPasswordPolicy from './quota/password-policy';
import quotaPaths from './quota/paths';
import quotaPolicyVersions from './quota/policy-versions';
import quotaRoleSwitchName from './quota/role-switch-name';
import quotaSessionDuration from './quota/session-duration';
import quotaTags from './quota/tags';
import quotaTrustPolicySize from './quota/trust-policy-size';
import quotaUniqueNames from './quota/unique-names';
import quotaControlPolicySize from './quota/control-policy-size';
import quotaResourcePolicySize from './quota/resource-policy-size';
import iamGroupAsPrincipal from './iam/group-as-principal';
import iamGroupInGroup from './iam/group-in-group';
import iamLegacyOrganization from './iam/legacy-organization';
import iamRoleWithoutTrustPolicy from './iam/role-without-trust-policy';
import iamServiceLinkedRole from './iam/service-linked-role';
import practiceAccessKeyAge from './practice/access-key-age';
import practiceAdminWithoutMfa from './practice/admin-without-mfa';
import practiceAdminsSpread from './practice/admins-spread';
import practiceAllowWithNot from './practice/allow-with-not';
import practiceConsoleWithoutMfa from './practice/console-without-mfa';
import practiceDenyOverrides from './practice/deny-overrides';
import practiceDuplicateStatement from './practice/duplicate-statement';
import practiceEmptyGroup from './practice/empty-group';
import practiceEmptyPolicy from './practice/empty-policy';
import practiceFullAdmin from './practice/full-admin';
import practiceMfaCondition from './practice/mfa-condition';
import practiceNaming from './practice/naming';
import practicePassroleWildcard from './practice/passrole-wildcard';
import practiceCreateSlrWildcard from './practice/create-slr-wildcard';
import practiceServicePrincipalKeys from './practice/service-principal-keys';
import practiceIrrelevantConditionKey from './practice/irrelevant-condition-key';
import practicePasswordPolicy from './practice/password-policy';
import practicePolicyOnUser from './practice/policy-on-user';
import practicePublicResource from './practice/public-resource';
import practiceRootCredentials from './practice/root-credentials';
import practiceServiceWildcard from './practice/service-wildcard';
import practiceTooManyAdmins from './practice/too-many-admins';
import practiceTwoActiveKeys from './practice/two-active-keys';
import practiceUnattachedPolicy from './practice/unattached-policy';
import practiceUnusedCredentials from './practice/unused-credentials';
import practiceUnusedRole from './practice/unused-role';
import practiceUserWithoutPermissions from './practice/user-without-permissions';
import practiceWriteOnAnyResource from './practice/write-on-any-resource';
import practicePairedConditionKeys from './practice/paired-condition-keys';
import practiceServicePrincipalSource from './practice/service-principal-source';
import practiceCredentialExposure from './practice/credential-exposure';
import practiceDataExfiltration from './practice/data-exfiltration';
import practiceDelegationWithoutBoundary from './practice/delegation-without-boundary';
import practiceRootUsedRecently from './practice/root-used-recently';
import practiceRedundantValues from './practice/redundant-values';
import trustAction from './trust/action';
import trustComputeService from './trust/compute-service';
import trustExternalId from './trust/external-id';
import trustOidcMissingAud from './trust/oidc-missing-aud';
import trustOidcMissingSub from './trust/oidc-missing-sub';
import trustOidcWildcardSub from './trust/oidc-wildcard-sub';
import trustOidcSubPattern from './trust/oidc-sub-pattern';
import trustPrincipalWildcard from './trust/principal-wildcard';
import trustSamlAudience from './trust/saml-audience';
import trustUnknownAccount from './trust/unknown-account';
import trustPrincipalAction from './trust/principal-action';
import trustSessionActions from './trust/session-actions';
import escalationAssumeRole from './escalation/assume-role';
import escalationCredentials from './escalation/credentials';
import escalationPermissions from './escalation/permissions';
import escalationPassRole from './escalation/pass-role';
import escalationExistingResource from './escalation/existing-resource';
import accessExternalAccess from './access/external-access';
import accessNotGranted from './access/not-granted';
import accessNoPublicAccess from './access/no-public-access';
import accessNoExternalAccess from './access/no-external-access';
import trustRedundantPrincipal from './trust/redundant-principal';

export const RULES: readonly Rule[] = [
  grammarActionFormat,
  grammarArnFormat,
  grammarConditionOperator,
  grammarConditionValue,
  grammarConflictingElements,
  grammarDuplicateKey,
  grammarEffect,
  grammarMissingAction,
  grammarMissingPrincipal,
  grammarMissingResource,
  grammarNotPrincipal,
  grammarNullIfexists,
  grammarOperatorKeyType,
  grammarPolicyVariable,
  grammarPrincipalFormat,
  grammarPrincipalNotAllowed,
  grammarRcp,
  grammarResourceInTrustPolicy,
  grammarSetOperator,
  grammarSid,
  grammarVariablesOldVersion,
  grammarVersionMissing,
  grammarVersionValue,
  grammarMissingStatement,
  grammarEmptyElement,
  grammarBoolValues,
  grammarVariableOperator,
  grammarWildcardWithoutLike,
  grammarSourceIpPrivate,
  grammarVpcIdFormat,
  grammarNullSetOperator,
  grammarControlPolicyActions,
  grammarIpRangeHostBits,
  grammarFederatedPrincipal,
  grammarConditionValueTypes,
  grammarKmsValues,
  catalogConditionKeyNotApplicable,
  catalogResourceMismatch,
  catalogUnknownAction,
  catalogUnknownConditionKey,
  catalogUnknownService,
  catalogWildcardMatchesNothing,
  catalogConditionKeySomeActions,
  catalogArnFields,
  catalogForeignResource,
  catalogUnknownRegion,
  catalogUnsupportedAction,
  quotaAccessKeysPerUser,
  quotaAccountAlias,
  quotaDocumentCharacters,
  quotaEntitiesPerAccount,
  quotaGroupsPerUser,
  quotaInlinePolicySize,
  quotaInstanceProfileRoles,
  quotaManagedPoliciesPerEntity,
  quotaManagedPolicySize,
  quotaMfaDevicesPerUser,
  quotaNames,
  quotaOverrides,
  quotaPasswordPolicy,
  quotaPaths,
  quotaPolicyVersions,
  quotaRoleSwitchName,
  quotaSessionDuration,
  quotaTags,
  quotaTrustPolicySize,
  quotaUniqueNames,
  quotaControlPolicySize,
  quotaResourcePolicySize,
  iamGroupAsPrincipal,
  iamGroupInGroup,
  iamLegacyOrganization,
  iamRoleWithoutTrustPolicy,
  iamServiceLinkedRole,
  practiceAccessKeyAge,
  practiceAdminWithoutMfa,
  practiceAdminsSpread,
  practiceAllowWithNot,
  practiceConsoleWithoutMfa,
  practiceDenyOverrides,
  practiceDuplicateStatement,
  practiceEmptyGroup,
  practiceEmptyPolicy,
  practiceFullAdmin,
  practiceMfaCondition,
  practiceNaming,
  practicePassroleWildcard,
  practiceCreateSlrWildcard,
  practiceServicePrincipalKeys,
  practiceIrrelevantConditionKey,
  practicePasswordPolicy,
  practicePolicyOnUser,
  practicePublicResource,
  practiceRootCredentials,
  practiceServiceWildcard,
  practiceTooManyAdmins,
  practiceTwoActiveKeys,
  practiceUnattachedPolicy,
  practiceUnusedCredentials,
  practiceUnusedRole,
  practiceUserWithoutPermissions,
  practiceWriteOnAnyResource,
  practicePairedConditionKeys,
  practiceServicePrincipalSource,
  practiceCredentialExposure,
  practiceDataExfiltration,
  practiceDelegationWithoutBoundary,
  practiceRootUsedRecently,
  practiceRedundantValues,
  trustAction,
  trustComputeService,
  trustExternalId,
  trustOidcMissingAud,
  trustOidcMissingSub,
  trustOidcWildcardSub,
  trustOidcSubPattern,
  trustPrincipalWildcard,
  trustSamlAudience,
  trustUnknownAccount,
  trustPrincipalAction,
  trustSessionActions,
  escalationAssumeRole,
  escalationCredentials,
  escalationPermissions,
  escalationPassRole,
  escalationExistingResource,
  accessExternalAccess,
  accessNotGranted,
  accessNoPublicAccess,
  accessNoExternalAccess,
  trustRedundantPrincipal,
];
