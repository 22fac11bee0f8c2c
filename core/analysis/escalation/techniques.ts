/**
 * The catalogue of ways one principal can come to act as another ("can become" edges), each with the
 * actions it needs and where it was documented. Sources (public write-ups, read for the idea only):
 * - Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (21 methods),
 *   https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
 * - pathfinding.cloud (Datadog), a catalogue of AWS IAM privilege-escalation paths, https://pathfinding.cloud/
 * - Cloudsplaining's documented privilege-escalation list (Salesforce),
 *   https://cloudsplaining.readthedocs.io/en/latest/glossary/privilege-escalation/
 * Which IAM action needs which resource and context key: AWS Service Authorization Reference (the catalogue
 * in core/data), and the IAM User Guide ("Granting a user permissions to pass a role to an AWS service").
 */

/** The rule families: one `escalation/<family>` rule each. */
export type TechniqueFamily = 'assume-role' | 'credentials' | 'permissions' | 'pass-role' | 'existing-resource';

/**
 * How sure an edge is: `certain` when the evaluator allowed every step with what the files say; `possible` when
 * it also needs something the files don't describe (an existing function or instance running as the role, a
 * stored policy version) or condition keys the request doesn't carry.
 */
export type Confidence = 'certain' | 'possible';

export interface Technique {
  /** Stable id, shown in paths and JSON (`Technique`). */
  id: string;
  family: TechniqueFamily;
  /** Words for messages: "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction". */
  title: string;
  /** One sentence for docs and hovers. */
  description: string;
  /** Where the technique is documented publicly. */
  sources: string[];
}

const RHINO = 'Rhino Security Labs, AWS IAM privilege escalation methods';
const PATHFINDING = 'pathfinding.cloud';
const CLOUDSPLAINING = 'Cloudsplaining privilege-escalation list';
const IAM_GUIDE = 'IAM User Guide';

/**
 * A service that runs code the caller controls with a role passed to it (iam:PassRole + the service's create
 * and run actions). `alternatives`: any one list of extra actions completes the technique. The role must trust
 * `service`.
 */
export interface PassRoleService {
  id: string;
  service: string;
  /** Actions always needed besides iam:PassRole. */
  actions: string[];
  /** One of these lists completes it (e.g. invoke the function, or give it an event source). */
  alternatives?: { actions: string[]; possible?: string }[];
  /** The role must be in an instance profile (EC2), or the caller must be able to make one. */
  instanceProfile?: boolean;
  sources: string[];
}

export const PASS_ROLE_SERVICES: PassRoleService[] = [
  { id: 'pass-role/ec2', service: 'ec2.amazonaws.com', actions: ['ec2:RunInstances'], instanceProfile: true, sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'pass-role/ec2-spot', service: 'ec2.amazonaws.com', actions: ['ec2:RequestSpotInstances'], instanceProfile: true, sources: [PATHFINDING] },
  {
    id: 'pass-role/autoscaling',
    service: 'ec2.amazonaws.com',
    actions: ['autoscaling:CreateAutoScalingGroup'],
    alternatives: [{ actions: ['autoscaling:CreateLaunchConfiguration'] }, { actions: ['ec2:CreateLaunchTemplate'] }],
    instanceProfile: true,
    sources: [PATHFINDING],
  },
  {
    id: 'pass-role/lambda',
    service: 'lambda.amazonaws.com',
    actions: ['lambda:CreateFunction'],
    alternatives: [
      { actions: ['lambda:InvokeFunction'] },
      { actions: ['lambda:AddPermission'] },
      { actions: ['lambda:CreateFunctionUrlConfig', 'lambda:InvokeFunctionUrl'] },
      { actions: ['lambda:CreateEventSourceMapping'], possible: 'an event source (a DynamoDB or Kinesis stream, an SQS queue) the caller can write to' },
    ],
    sources: [RHINO, PATHFINDING, CLOUDSPLAINING],
  },
  { id: 'pass-role/cloudformation', service: 'cloudformation.amazonaws.com', actions: ['cloudformation:CreateStack'], sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'pass-role/glue-dev-endpoint', service: 'glue.amazonaws.com', actions: ['glue:CreateDevEndpoint'], sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'pass-role/glue-job', service: 'glue.amazonaws.com', actions: ['glue:CreateJob'], alternatives: [{ actions: ['glue:StartJobRun'] }, { actions: ['glue:CreateTrigger'] }], sources: [PATHFINDING] },
  {
    id: 'pass-role/sagemaker-notebook',
    service: 'sagemaker.amazonaws.com',
    actions: ['sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'],
    sources: [PATHFINDING, CLOUDSPLAINING],
  },
  { id: 'pass-role/sagemaker-training', service: 'sagemaker.amazonaws.com', actions: ['sagemaker:CreateTrainingJob'], sources: [PATHFINDING] },
  { id: 'pass-role/sagemaker-processing', service: 'sagemaker.amazonaws.com', actions: ['sagemaker:CreateProcessingJob'], sources: [PATHFINDING] },
  { id: 'pass-role/codebuild', service: 'codebuild.amazonaws.com', actions: ['codebuild:CreateProject'], alternatives: [{ actions: ['codebuild:StartBuild'] }, { actions: ['codebuild:StartBuildBatch'] }], sources: [PATHFINDING, CLOUDSPLAINING] },
  {
    id: 'pass-role/ecs',
    service: 'ecs-tasks.amazonaws.com',
    actions: ['ecs:RegisterTaskDefinition'],
    alternatives: [{ actions: ['ecs:RunTask'] }, { actions: ['ecs:StartTask'] }, { actions: ['ecs:CreateService'] }],
    sources: [PATHFINDING, CLOUDSPLAINING],
  },
  {
    id: 'pass-role/datapipeline',
    service: 'datapipeline.amazonaws.com',
    actions: ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline'],
    sources: [RHINO, CLOUDSPLAINING],
  },
  { id: 'pass-role/step-functions', service: 'states.amazonaws.com', actions: ['states:CreateStateMachine', 'states:StartExecution'], sources: [PATHFINDING] },
  { id: 'pass-role/apprunner', service: 'tasks.apprunner.amazonaws.com', actions: ['apprunner:CreateService'], sources: [PATHFINDING] },
];

/**
 * Techniques that need a resource the files don't describe (an existing function, instance, project, stack or
 * notebook running as the role): "possible if such a resource exists". No iam:PassRole is needed: the role is
 * already attached. `instanceProfile`: only roles in an instance profile.
 */
export interface ExistingResourceTechnique {
  id: string;
  service: string;
  /** Any one list completes it. */
  alternatives: string[][];
  /** A resource ARN skeleton in the role's account: `{partition}`, `{account}`. */
  resource: string;
  /** What must exist. */
  needs: string;
  instanceProfile?: boolean;
  sources: string[];
}

export const EXISTING_RESOURCE_TECHNIQUES: ExistingResourceTechnique[] = [
  {
    id: 'existing/lambda-code',
    service: 'lambda.amazonaws.com',
    alternatives: [['lambda:UpdateFunctionCode'], ['lambda:UpdateFunctionConfiguration']],
    resource: 'arn:{partition}:lambda:us-east-1:{account}:function:existing-function',
    needs: 'a Lambda function that runs as the role',
    sources: [RHINO, PATHFINDING, CLOUDSPLAINING],
  },
  {
    id: 'existing/ec2-command',
    service: 'ec2.amazonaws.com',
    alternatives: [['ssm:SendCommand'], ['ssm:StartSession'], ['ec2-instance-connect:SendSSHPublicKey']],
    resource: 'arn:{partition}:ec2:us-east-1:{account}:instance/i-existing',
    needs: 'an EC2 instance running with the role\'s instance profile',
    instanceProfile: true,
    sources: [PATHFINDING],
  },
  {
    id: 'existing/glue-dev-endpoint',
    service: 'glue.amazonaws.com',
    alternatives: [['glue:UpdateDevEndpoint']],
    resource: 'arn:{partition}:glue:us-east-1:{account}:devEndpoint/existing-endpoint',
    needs: 'a Glue development endpoint that runs as the role',
    sources: [RHINO, CLOUDSPLAINING],
  },
  {
    id: 'existing/codebuild-project',
    service: 'codebuild.amazonaws.com',
    alternatives: [['codebuild:StartBuild'], ['codebuild:UpdateProject', 'codebuild:StartBuild']],
    resource: 'arn:{partition}:codebuild:us-east-1:{account}:project/existing-project',
    needs: 'a CodeBuild project that runs as the role (a build can override its buildspec)',
    sources: [PATHFINDING],
  },
  {
    id: 'existing/ecs-exec',
    service: 'ecs-tasks.amazonaws.com',
    alternatives: [['ecs:ExecuteCommand']],
    resource: 'arn:{partition}:ecs:us-east-1:{account}:task/existing-cluster/existing-task',
    needs: 'a running ECS task with the role as its task role and ECS Exec enabled',
    sources: [PATHFINDING],
  },
  {
    id: 'existing/cloudformation-stack',
    service: 'cloudformation.amazonaws.com',
    alternatives: [['cloudformation:UpdateStack'], ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet']],
    resource: 'arn:{partition}:cloudformation:us-east-1:{account}:stack/existing-stack/id',
    needs: 'a CloudFormation stack whose service role is the role',
    sources: [PATHFINDING],
  },
  {
    id: 'existing/sagemaker-notebook',
    service: 'sagemaker.amazonaws.com',
    alternatives: [['sagemaker:CreatePresignedNotebookInstanceUrl']],
    resource: 'arn:{partition}:sagemaker:us-east-1:{account}:notebook-instance/existing-notebook',
    needs: 'a SageMaker notebook instance that runs as the role',
    sources: [PATHFINDING],
  },
];

/** Techniques that are not about a service: their ids, families and words. */
export const TECHNIQUES: Technique[] = [
  { id: 'assume-role', family: 'assume-role', title: 'sts:AssumeRole', description: 'The caller\'s policies allow sts:AssumeRole on the role and its trust policy lets the caller in (cross-account: both sides must allow).', sources: [IAM_GUIDE] },
  { id: 'update-assume-role-policy', family: 'assume-role', title: 'iam:UpdateAssumeRolePolicy + sts:AssumeRole', description: 'The caller can rewrite the role\'s trust policy to let itself in, and its own policies allow sts:AssumeRole on the role.', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'create-access-key', family: 'credentials', title: 'iam:CreateAccessKey', description: 'The caller can create an access key for the user and sign in as it.', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'create-login-profile', family: 'credentials', title: 'iam:CreateLoginProfile', description: 'The caller can give the user a console password (the user has none).', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'update-login-profile', family: 'credentials', title: 'iam:UpdateLoginProfile', description: 'The caller can change the user\'s console password.', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'put-user-policy', family: 'permissions', title: 'iam:PutUserPolicy', description: 'The caller can write an inline policy on the user allowing everything.', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'attach-user-policy', family: 'permissions', title: 'iam:AttachUserPolicy', description: 'The caller can attach AdministratorAccess to the user.', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'put-group-policy', family: 'permissions', title: 'iam:PutGroupPolicy', description: 'The caller can write an inline policy on a group the user belongs to.', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'attach-group-policy', family: 'permissions', title: 'iam:AttachGroupPolicy', description: 'The caller can attach AdministratorAccess to a group the user belongs to.', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'put-role-policy', family: 'permissions', title: 'iam:PutRolePolicy', description: 'The caller can write an inline policy on the role.', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'attach-role-policy', family: 'permissions', title: 'iam:AttachRolePolicy', description: 'The caller can attach AdministratorAccess to the role.', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'create-policy-version', family: 'permissions', title: 'iam:CreatePolicyVersion', description: 'The caller can publish a new default version of a customer managed policy attached to the principal (directly or through a group).', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'set-default-policy-version', family: 'permissions', title: 'iam:SetDefaultPolicyVersion', description: 'The caller can make an older stored version of an attached policy the default; possible only: the files don\'t hold the older versions\' text.', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'add-user-to-group', family: 'permissions', title: 'iam:AddUserToGroup', description: 'The caller can add the user to a group and so gain the group\'s policies.', sources: [RHINO, PATHFINDING, CLOUDSPLAINING] },
  { id: 'delete-permissions-boundary', family: 'permissions', title: 'iam:Delete{User,Role}PermissionsBoundary', description: 'The caller can remove the principal\'s permissions boundary.', sources: [PATHFINDING] },
  { id: 'put-permissions-boundary', family: 'permissions', title: 'iam:Put{User,Role}PermissionsBoundary', description: 'The caller can replace the principal\'s permissions boundary with AdministratorAccess.', sources: [PATHFINDING] },
  ...PASS_ROLE_SERVICES.map((s): Technique => ({
    id: s.id,
    family: 'pass-role',
    title: ['iam:PassRole', ...s.actions].join(' + ') + (s.alternatives ? ` + ${s.alternatives.map((a) => a.actions.join(' + ')).join(' | ')}` : ''),
    description: `The caller can pass the role to ${s.service} and have it run code the caller writes${s.instanceProfile ? ' (the role must be in an instance profile, or the caller able to make one)' : ''}.`,
    sources: s.sources,
  })),
  ...EXISTING_RESOURCE_TECHNIQUES.map((t): Technique => ({
    id: t.id,
    family: 'existing-resource',
    title: t.alternatives.map((a) => a.join(' + ')).join(' | '),
    description: `Possible if ${t.needs} exists: the caller can change what it runs. The files don't describe such resources.`,
    sources: t.sources,
  })),
];

const byId = new Map(TECHNIQUES.map((t) => [t.id, t]));

export function techniqueById(id: string): Technique | undefined {
  return byId.get(id);
}

/** The family's words for messages and docs. */
export const FAMILY_TITLES: Record<TechniqueFamily, string> = {
  'assume-role': 'assuming roles',
  credentials: 'taking another user\'s credentials',
  permissions: 'rewriting permissions',
  'pass-role': 'passing a role to a service that runs the caller\'s code',
  'existing-resource': 'changing an existing resource that runs as a role',
};

/** Every action some technique needs: the prefilter's vocabulary. */
export function techniqueActions(): string[] {
  const out = new Set<string>([
    'sts:AssumeRole',
    'iam:UpdateAssumeRolePolicy',
    'iam:CreateAccessKey',
    'iam:CreateLoginProfile',
    'iam:UpdateLoginProfile',
    'iam:PutUserPolicy',
    'iam:AttachUserPolicy',
    'iam:PutGroupPolicy',
    'iam:AttachGroupPolicy',
    'iam:PutRolePolicy',
    'iam:AttachRolePolicy',
    'iam:CreatePolicyVersion',
    'iam:SetDefaultPolicyVersion',
    'iam:AddUserToGroup',
    'iam:DeleteUserPermissionsBoundary',
    'iam:DeleteRolePermissionsBoundary',
    'iam:PutUserPermissionsBoundary',
    'iam:PutRolePermissionsBoundary',
    'iam:PassRole',
  ]);
  for (const t of EXISTING_RESOURCE_TECHNIQUES) { for (const a of t.alternatives) { for (const x of a) { out.add(x); } } }
  return [...out];
}
