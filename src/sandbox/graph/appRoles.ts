// Microsoft Graph as a resource in every tenant: its service principal with the application
// roles the scenario uses (ids as Microsoft publishes them), and the app role assignments of a
// service principal, read from the Graph roles it was granted (`graphRoles`, which the token
// endpoint also puts in the `roles` claim).
import * as crypto from 'node:crypto';
import type { AppRole, Directory, ServicePrincipal, Tenant } from '../directory';
import { GRAPH_APP_ID, MICROSOFT_SERVICES_TENANT_ID } from '../ids';

export const GRAPH_APP_ROLES: readonly AppRole[] = [
  { id: '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', value: 'Application.Read.All', displayName: 'Read all applications', allowedMemberTypes: ['Application'] },
  { id: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', value: 'Application.ReadWrite.All', displayName: 'Read and write all applications', allowedMemberTypes: ['Application'] },
  { id: '18a4783c-866b-4cc7-a460-3d5e5662c884', value: 'Application.ReadWrite.OwnedBy', displayName: 'Manage apps that this app creates or owns', allowedMemberTypes: ['Application'] },
  { id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', value: 'Directory.Read.All', displayName: 'Read directory data', allowedMemberTypes: ['Application'] },
];

export function graphRoleByName(name: string): AppRole | undefined {
  return GRAPH_APP_ROLES.find((r) => r.value.toLowerCase() === name.toLowerCase());
}

export function graphRoleById(id: string): AppRole | undefined {
  return GRAPH_APP_ROLES.find((r) => r.id === id.toLowerCase());
}

/** Adds Microsoft Graph's service principal to a tenant (as every real tenant has it). */
export function addGraphServicePrincipal(dir: Directory, tenant: Tenant, id: string): ServicePrincipal {
  return dir.createServicePrincipal(tenant, {
    appId: GRAPH_APP_ID, displayName: 'Microsoft Graph', appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT_ID,
    servicePrincipalNames: [GRAPH_APP_ID, 'https://graph.microsoft.com'], signInAudience: 'AzureADMultipleOrgs',
    appRoles: [...GRAPH_APP_ROLES],
  }, id);
}

/** Graph's appRoleAssignment objects granted to `sp` (application permissions on Microsoft Graph). */
export function appRoleAssignmentsJson(dir: Directory, tenant: Tenant, sp: ServicePrincipal): Array<Record<string, unknown>> {
  const graph = dir.findServicePrincipalByAppId(tenant, GRAPH_APP_ID);
  if (!graph) return [];
  return sp.graphRoles.flatMap((name) => {
    const role = graphRoleByName(name);
    if (!role) return [];
    return [{
      id: assignmentId(sp.id, role.id),
      deletedDateTime: null,
      appRoleId: role.id,
      createdDateTime: sp.createdDateTime,
      principalDisplayName: sp.displayName,
      principalId: sp.id,
      principalType: 'ServicePrincipal',
      resourceDisplayName: graph.displayName,
      resourceId: graph.id,
    }];
  });
}

/** Graph's assignment ids are 43-character base64url strings, stable for a principal and role. */
function assignmentId(principalId: string, roleId: string): string {
  return crypto.createHash('sha256').update(`${principalId}/${roleId}`).digest('base64url').slice(0, 43);
}
