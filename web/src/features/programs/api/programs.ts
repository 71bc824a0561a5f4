import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';

export type Program = Schemas['ProgramResponse'];
export type Registration = Schemas['RegistrationResponse'];

export function usePrograms(q: string, cursor?: string) {
  return useQuery({
    queryKey: ['programs', 'list', { q, cursor }],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/programs', {
          params: { query: { q: q || undefined, cursor, limit: 25 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useProgram(id: string) {
  return useQuery({
    queryKey: ['programs', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/programs/{id}', { params: { path: { id } } })),
  });
}

export function useRegistrations(programId: string) {
  return useQuery({
    queryKey: ['programs', programId, 'registrations'],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/programs/{id}/registrations', {
          params: { path: { id: programId }, query: { limit: 100 } },
        }),
      ),
  });
}

export function useRegister(programId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (participantId: string) =>
      unwrap(
        await api.POST('/api/v1/programs/{id}/registrations', {
          params: { path: { id: programId } },
          body: { participantId },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['programs', programId] }),
  });
}

export function useCancelRegistration(programId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (registrationId: string) =>
      unwrap(
        await api.POST('/api/v1/registrations/{id}/cancel', {
          params: { path: { id: registrationId } },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['programs', programId] }),
  });
}
