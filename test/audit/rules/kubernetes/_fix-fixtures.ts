// Realistic manifests for the fix tests, in the styles real repositories use: block and flow,
// 2- and 4-space indentation, comments inside security contexts, several documents per file,
// init containers, a CronJob's jobTemplate nesting, a kustomize base, anchors and merge keys.

/** A Service and a Deployment with an init container, block style, comments where people put them. */
export const BLOCK_DEPLOYMENT = `# The shop's web tier.
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web # must match the Service
    spec:
      serviceAccountName: web
      securityContext:
        # fsGroup so the volume is writable
        fsGroup: 2000
      initContainers:
        - name: migrate
          image: ghcr.io/acme/web-migrate:1.4.2
          command: ["./migrate", "up"]
      containers:
        - name: web
          image: ghcr.io/acme/web:1.4.2
          ports:
            - name: http
              containerPort: 8080
          securityContext:
            # TODO tighten this
            runAsNonRoot: false
            allowPrivilegeEscalation: true
            capabilities:
              drop:
                - NET_RAW
          volumeMounts:
            - name: data
              mountPath: /var/lib/web
      volumes:
        - name: data
          emptyDir: {}
`;

/** Flow-style security contexts, a privileged sidecar, a hostPort and hostNetwork. */
export const FLOW_DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      hostNetwork: true
      hostPID: true
      securityContext: {}
      containers:
        - name: agent
          image: ghcr.io/acme/agent:2.0.1
          ports: [{containerPort: 9100, hostPort: 9100}]
          securityContext: {privileged: true, runAsUser: 0}
          resources: {limits: {memory: 64Mi}}
`;

/** 4-space indentation, as some teams write it. */
export const FOUR_SPACE_STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
    name: db
    namespace: data
spec:
    serviceName: db
    selector:
        matchLabels:
            app: db
    template:
        metadata:
            labels:
                app: db
        spec:
            automountServiceAccountToken: true
            containers:
                -   name: postgres
                    image: postgres:16.4
                    resources:
                        requests:
                            memory: 512Mi
                    securityContext:
                        seccompProfile:
                            type: Unconfined
`;

/** A CronJob: the pod spec sits under spec.jobTemplate.spec.template.spec. */
export const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: shop
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: ghcr.io/acme/report:3.1.0
              args: [--since, 24h]
`;

/** A kustomize base: the namespace comes from the kustomization. */
export const KUSTOMIZE_BASE = {
  'deploy/base/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: payments
resources:
  - deployment.yaml
  - service.yaml
`,
  'deploy/base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
spec:
  selector:
    matchLabels:
      app: payments
  template:
    metadata:
      labels:
        app: payments
    spec:
      containers:
        - name: payments
          image: ghcr.io/acme/payments:0.9.0
          ports:
            - containerPort: 8443
`,
  'deploy/base/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: payments
spec:
  type: LoadBalancer
  selector:
    app: payments
  ports:
    - port: 443
      targetPort: 8443
`,
} as const;

/** Shared settings through an anchor and a merge key: a fix must not edit through them. */
export const ANCHORED = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: a, namespace: shop}
    spec:
      template:
        spec:
          securityContext: &pod
            fsGroup: 1000
          containers:
            - name: a
              image: ghcr.io/acme/a:1.0.0
              securityContext:
                <<: {allowPrivilegeEscalation: true}
                privileged: true
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: b, namespace: shop}
    spec:
      template:
        spec:
          securityContext: *pod
          containers:
            - name: b
              image: ghcr.io/acme/b:1.0.0
`;
