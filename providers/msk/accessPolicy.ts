import { accessIntent, AccessIntent } from '../../kafka/access';
import { Service } from '../../topics/catalog';
import { MskIdentity } from './settings';

/** An IAM policy document as plain data (JSON-serialisable, stable key order). */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource?: string[];
  Principal?: Record<string, string>;
  Condition?: Record<string, Record<string, string>>;
}

/**
 * ARNs of the Kafka resources inside a cluster, derived from the cluster ARN
 * (`arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`), as MSK IAM access control names them.
 */
export function kafkaArns(clusterArn: string): {
  cluster: string;
  topic: (name: string) => string;
  group: (name: string) => string;
} {
  const marker = ':cluster/';
  const i = clusterArn.indexOf(marker);
  if (i < 0) throw new Error(`not an MSK cluster ARN: ${clusterArn}`);
  const prefix = clusterArn.slice(0, i);
  const rest = clusterArn.slice(i + marker.length); // <name>/<uuid>
  return {
    cluster: clusterArn,
    topic: (name) => `${prefix}:topic/${rest}/${name}`,
    group: (name) => `${prefix}:group/${rest}/${name}`,
  };
}

/**
 * The least-privilege MSK IAM policy of one service, from its access intent: connect to the
 * cluster; describe and write the topics it writes; describe and read the topics it reads; describe
 * and alter (commit offsets of) its own consumer groups. Nothing else: no topic creation, no other
 * groups, no admin actions.
 */
export function servicePolicy(service: Service, clusterArn: string): PolicyDocument {
  const arns = kafkaArns(clusterArn);
  const { write, read, groups } = accessIntent(service);
  const statements: PolicyStatement[] = [
    { Sid: 'Connect', Effect: 'Allow', Action: ['kafka-cluster:Connect'], Resource: [arns.cluster] },
  ];
  if (write.length > 0) {
    statements.push(
      // Java clients >= 3.0 produce idempotently by default (KIP-679), and the service library sets
      // kafkajs' `idempotent: true` (its default is false); MSK authorises that on the cluster.
      {
        Sid: 'IdempotentProduce',
        Effect: 'Allow',
        Action: ['kafka-cluster:WriteDataIdempotently'],
        Resource: [arns.cluster],
      },
      {
        Sid: 'Produce',
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
        Resource: write.map(arns.topic),
      },
    );
  }
  if (read.length > 0) {
    statements.push(
      {
        Sid: 'Consume',
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
        Resource: read.map(arns.topic),
      },
      {
        Sid: 'ConsumerGroups',
        Effect: 'Allow',
        Action: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
        Resource: groups.map(arns.group),
      },
    );
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** Actions every client needs whatever its intent: they grant no data access on their own. */
const BASELINE_ACTIONS = [
  'kafka-cluster:Connect',
  'kafka-cluster:WriteDataIdempotently',
  'kafka-cluster:DescribeTopic',
  'kafka-cluster:DescribeGroup',
];

/**
 * The access intent a service policy grants, read back for the conformance suite: WriteData and
 * ReadData per topic, AlterGroup per group. Wildcards and any other action are more than an intent
 * and throw.
 */
export function intentOfPolicy(doc: PolicyDocument): AccessIntent {
  const intent: AccessIntent = { write: [], read: [], groups: [] };
  const nameIn = (arn: string, kind: 'topic' | 'group') => {
    const m = new RegExp(`:${kind}/[^/]+/[^/]+/([^/*]+)$`).exec(arn);
    if (!m) throw new Error(`${arn} is not one ${kind} of the cluster`);
    return m[1]!;
  };
  for (const statement of doc.Statement) {
    for (const action of statement.Action) {
      const resources = statement.Resource ?? [];
      if (action === 'kafka-cluster:WriteData')
        intent.write.push(...resources.map((r) => nameIn(r, 'topic')));
      else if (action === 'kafka-cluster:ReadData')
        intent.read.push(...resources.map((r) => nameIn(r, 'topic')));
      else if (action === 'kafka-cluster:AlterGroup')
        intent.groups.push(...resources.map((r) => nameIn(r, 'group')));
      else if (!BASELINE_ACTIONS.includes(action))
        throw new Error(`${action} is more than any service needs`);
    }
  }
  const sorted = (values: string[]) => [...new Set(values)].sort();
  return { write: sorted(intent.write), read: sorted(intent.read), groups: sorted(intent.groups) };
}

/** The Kubernetes ServiceAccount a service runs as (catalog default: the service name, as in k8s/serviceIdentity.ts). */
export function serviceAccountOf(service: Service): string {
  return service.serviceAccount ?? service.name;
}

/**
 * Who may assume a service's role: only its own Kubernetes ServiceAccount, through EKS IRSA (the
 * cluster's OIDC provider, pinned to `system:serviceaccount:<ns>:<sa>` and the STS audience) or
 * EKS Pod Identity (the pods.eks.amazonaws.com service, pinned to the cluster, namespace and
 * ServiceAccount by the session tags it passes).
 */
export function trustPolicy(identity: MskIdentity, service: Service): PolicyDocument {
  if (identity.type === 'irsa') {
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ServiceAccountWebIdentity',
          Effect: 'Allow',
          Principal: { Federated: identity.oidcProviderArn },
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Condition: {
            StringEquals: {
              [`${identity.issuer}:aud`]: 'sts.amazonaws.com',
              [`${identity.issuer}:sub`]: `system:serviceaccount:${service.namespace}:${serviceAccountOf(service)}`,
            },
          },
        },
      ],
    };
  }
  // Without a condition any Pod Identity association in the account could hand this role to any
  // pod. EKS Pod Identity passes the association's cluster, namespace and ServiceAccount as session
  // tags; the trust policy pins all three, as in AWS's example ("Setting Conditions"):
  // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
  // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html (the session tags)
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EksPodIdentity',
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:RequestTag/eks-cluster-name': identity.eksClusterName,
            'aws:RequestTag/kubernetes-namespace': service.namespace,
            'aws:RequestTag/kubernetes-service-account': serviceAccountOf(service),
          },
        },
      },
    ],
  };
}
