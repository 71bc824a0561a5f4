import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../lib/api/client';

export type Participant = Schemas['ParticipantResponse'];
export type ParticipantInput = Schemas['CreateParticipantDto'];
export type ImportResult = Schemas['ImportResultResponse'];

export function useParticipants(q: string, cursor?: string) {
  return useQuery({
    queryKey: ['participants', 'list', { q, cursor }],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/participants', {
          params: { query: { q: q || undefined, cursor, limit: 25 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useParticipant(id: string | undefined) {
  return useQuery({
    queryKey: ['participants', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/participants/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

export function useSaveParticipant(id: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: ParticipantInput & { version?: number }) =>
      id
        ? unwrap(await api.PATCH('/api/v1/participants/{id}', { params: { path: { id } }, body }))
        : unwrap(await api.POST('/api/v1/participants', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['participants'] }),
  });
}

export function useImportParticipants() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) =>
      unwrap(
        await api.POST('/api/v1/participants/import', {
          body: { file: file as unknown as string },
          bodySerializer: (body) => {
            const form = new FormData();
            form.append('file', body.file as unknown as File);
            return form;
          },
        }),
      ) as ImportResult,
    onSuccess: () => qc.invalidateQueries({ queryKey: ['participants'] }),
  });
}
