import { Service, topicsOf } from '../../topics/catalog';
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
 * The least-privilege MSK IAM policy of one service: connect to the cluster; describe and write the
 * topics it produces; describe and read the topics it consumes; describe and alter (commit offsets
 * of) its own consumer groups. Nothing else: no topic creation, no other groups, no admin actions.
 */
export function servicePolicy(service: Service, clusterArn: string): PolicyDocument {
  const arns = kafkaArns(clusterArn);
  const { produces, consumes, groups } = topicsOf(service);
  const statements: PolicyStatement[] = [
    { Sid: 'Connect', Effect: 'Allow', Action: ['kafka-cluster:Connect'], Resource: [arns.cluster] },
  ];
  if (produces.length > 0) {
    statements.push(
      // Kafka >= 3 clients produce idempotently by default, which MSK authorises on the cluster.
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
        Resource: [...produces].sort().map(arns.topic),
      },
    );
  }
  if (consumes.length > 0) {
    statements.push(
      {
        Sid: 'Consume',
        Effect: 'Allow',
        Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
        Resource: [...consumes].sort().map(arns.topic),
      },
      {
        Sid: 'ConsumerGroups',
        Effect: 'Allow',
        Action: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
        Resource: [...groups].sort().map(arns.group),
      },
    );
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The Kubernetes ServiceAccount a service runs as (catalog default: the service name, as in k8s/serviceIdentity.ts). */
export function serviceAccountOf(service: Service): string {
  return service.serviceAccount ?? service.name;
}

/**
 * Who may assume a service's role: only its own Kubernetes ServiceAccount, through EKS IRSA (the
 * cluster's OIDC provider, pinned to `system:serviceaccount:<ns>:<sa>` and the STS audience) or
 * EKS Pod Identity (the pods.eks.amazonaws.com service; the association pins the ServiceAccount).
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
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EksPodIdentity',
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ],
  };
}
