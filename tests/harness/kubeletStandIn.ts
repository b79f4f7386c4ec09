// A stand-in for the kubelet, and only for its status reports: the test cluster has no scheduler,
// kubelet or container runtime, so pods would stay Pending and every Deployment rollout would wait
// until it times out. This loop does the one thing a kubelet would be seen doing from the API:
// it writes the status of each new pod through the pods' `status` subresource, Running and Ready
// (or, for pods the test says fail, Running with a container in CrashLoopBackOff, as a service
// that cannot start would be). Nothing runs. The API server, the controllers that turn Deployments
// into ReplicaSets and pods, and every client (Pulumi's Kubernetes provider, kubectl) stay real.
import type { KubeApiServer, KubeObject } from './kubeApiServer';

interface Pod extends KubeObject {
  spec: { containers: { name: string; image: string }[] };
}

/** Says why a pod fails (its container's CrashLoopBackOff message), or undefined when it starts. */
export type PodFailure = (pod: Pod) => string | undefined;

export class KubeletStandIn {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private failure: PodFailure = () => undefined;
  private readonly seen = new Set<string>();
  /** Pods reported failing, by uid: they become Ready once the failure rule lets them. */
  private readonly failing = new Map<string, Pod>();
  private lastError?: unknown;

  constructor(
    private readonly api: KubeApiServer,
    private readonly intervalMs = 500,
  ) {}

  /** Starts watching for Pending pods in every namespace. */
  start(): this {
    const tick = () => {
      this.running = this.markPending()
        .catch((err: unknown) => {
          // The API server may be busy on a loaded machine; the next tick tries again.
          this.lastError = err;
        })
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
    return this;
  }

  /** Pods for which `failure` returns a message never become Ready (until the rule changes). */
  failPods(failure: PodFailure): void {
    this.failure = failure;
  }

  /** Back to: every new pod becomes Ready. */
  startAllPods(): void {
    this.failure = () => undefined;
  }

  /** The last error of a status write, for a test's failure message. */
  get error(): unknown {
    return this.lastError;
  }

  async stop(): Promise<void> {
    const timer = this.timer;
    this.timer = undefined;
    if (timer) clearTimeout(timer);
    await this.running;
  }

  private async markPending(): Promise<void> {
    const list = await this.api.request<{ items: Pod[] }>(
      'GET',
      '/api/v1/pods?fieldSelector=status.phase%3DPending',
    );
    for (const pod of list.items) {
      const uid = pod.metadata.uid!;
      if (this.seen.has(uid) || pod.metadata.deletionTimestamp) continue;
      const failure = this.failure(pod);
      await this.writeStatus(pod, failure);
      this.seen.add(uid);
      if (failure) this.failing.set(uid, pod);
    }
    // A crash-looping container starts once its cause is fixed: the rule no longer fails the pod.
    for (const [uid, pod] of this.failing) {
      if (this.failure(pod)) continue;
      this.failing.delete(uid);
      await this.writeStatus(pod, undefined).catch((err: unknown) => {
        if (!String(err).includes('HTTP 404')) throw err; // 404: deleted meanwhile (scaled down)
      });
    }
  }

  private writeStatus(pod: Pod, failure: string | undefined): Promise<unknown> {
    return this.api.request(
      'PATCH',
      `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`,
      { status: podStatus(pod, failure) },
      'application/merge-patch+json',
    );
  }
}

/** The status a kubelet reports for a started pod, or for one whose container keeps crashing. */
function podStatus(pod: Pod, failure: string | undefined) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const ready = failure ? 'False' : 'True';
  const unready = failure
    ? {
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${pod.spec.containers.map((c) => c.name).join(' ')}]`,
      }
    : {};
  return {
    phase: 'Running',
    startTime: now,
    conditions: [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
      { type: 'Initialized', status: 'True', lastTransitionTime: now },
      { type: 'ContainersReady', status: ready, lastTransitionTime: now, ...unready },
      { type: 'Ready', status: ready, lastTransitionTime: now, ...unready },
    ],
    containerStatuses: pod.spec.containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: !failure,
      started: !failure,
      restartCount: failure ? 3 : 0,
      state: failure
        ? { waiting: { reason: 'CrashLoopBackOff', message: failure } }
        : { running: { startedAt: now } },
    })),
  };
}
