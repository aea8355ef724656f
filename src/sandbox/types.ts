// Types shared by the sandbox's parts: the API server core, authentication, authorization and printers.
// The sandbox imports nothing from kcurl's client side except these and src/kube/selectors.ts.

/** Any stored Kubernetes object (JSON). */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
};

/** Who is making a request, after authentication. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** What a request asks to do, as the authorizer sees it (k8s.io/apiserver authorizer.Attributes). */
export interface RequestAttributes {
  user: UserInfo;
  /** get list watch create update patch delete deletecollection — or for non-resource URLs the lower-cased HTTP method (get, post, …). */
  verb: string;
  isResourceRequest: boolean;
  /** Request path (for non-resource URLs). */
  path: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

export interface AuthorizationDecision {
  allowed: boolean;
  /** Why it was allowed (e.g. `RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"`) or empty. */
  reason: string;
}

/** Read access to the RBAC objects in the store. */
export interface RbacSource {
  roles(namespace: string): KubeObject[];
  roleBindings(namespace: string): KubeObject[];
  clusterRoles(): KubeObject[];
  clusterRoleBindings(): KubeObject[];
}

/** A metav1.Table as the server returns it. */
export interface MetaTable {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: { name: string; type: string; format: string; description: string; priority: number }[];
  rows: { cells: unknown[]; object?: unknown }[];
}
