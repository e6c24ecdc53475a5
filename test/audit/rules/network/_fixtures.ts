// Workloads and policies for the network rule tests.
export const deployment = (name: string, namespace: string, labels = `{app: ${name}}`) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/${name}:1
`;

export const DEFAULT_DENY = (namespace: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
