import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';

export type Organization = Schemas['OrganizationResponse'];
export type OrganizationStatus = Organization['status'];
export type RegisterOrganizationInput = Schemas['RegisterOrganizationDto'];

export function useRegisterOrganization() {
  return useMutation({
    mutationFn: async (body: RegisterOrganizationInput) =>
      unwrap(await api.POST('/api/v1/organizations/register', { body })),
  });
}

export function useOrganizations(status: OrganizationStatus | '', cursor?: string) {
  return useQuery({
    queryKey: ['organizations', { status, cursor }],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/organizations', {
          params: { query: { status: status || undefined, cursor, limit: 50 } },
        }),
      ),
  });
}

export function useOrganization(id: string) {
  return useQuery({
    queryKey: ['organizations', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/organizations/{id}', { params: { path: { id } } })),
  });
}

export type Decision =
  | { action: 'approve' }
  | { action: 'renew' }
  | { action: 'reject' | 'suspend'; reason: string };

export function useDecideOrganization(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (d: Decision) => {
      const path = { id };
      if (d.action === 'approve')
        return unwrap(await api.POST('/api/v1/organizations/{id}/approve', { params: { path } }));
      if (d.action === 'renew')
        return unwrap(await api.POST('/api/v1/organizations/{id}/renew', { params: { path } }));
      const body = { reason: d.reason };
      return d.action === 'reject'
        ? unwrap(await api.POST('/api/v1/organizations/{id}/reject', { params: { path }, body }))
        : unwrap(await api.POST('/api/v1/organizations/{id}/suspend', { params: { path }, body }));
    },
    onSuccess: (org) => {
      qc.setQueryData(['organizations', id], org);
      void qc.invalidateQueries({ queryKey: ['organizations'] });
    },
  });
}
