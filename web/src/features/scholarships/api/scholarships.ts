import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';

export type Scholarship = Schemas['ScholarshipResponse'];
export type Application = Schemas['ApplicationResponse'];

export function useScholarships(q: string, cursor?: string) {
  return useQuery({
    queryKey: ['scholarships', 'list', { q, cursor }],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/scholarships', {
          params: { query: { q: q || undefined, cursor, limit: 25 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useScholarship(id: string) {
  return useQuery({
    queryKey: ['scholarships', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/scholarships/{id}', { params: { path: { id } } })),
  });
}

export function useApplications(scholarshipId: string) {
  return useQuery({
    queryKey: ['scholarships', scholarshipId, 'applications'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/applications', {
          params: { query: { scholarshipId, limit: 100 } },
        }),
      ),
  });
}

export function useStartApplication(scholarshipId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { participantId: string; statement: string }) =>
      unwrap(
        await api.POST('/api/v1/scholarships/{id}/applications', {
          params: { path: { id: scholarshipId } },
          body,
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['scholarships', scholarshipId] }),
  });
}

export function useSubmitApplication(scholarshipId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (applicationId: string) =>
      unwrap(
        await api.POST('/api/v1/applications/{id}/submit', {
          params: { path: { id: applicationId } },
        }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: ['scholarships', scholarshipId] }),
  });
}
