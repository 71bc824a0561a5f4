import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';

export function useFeedToken() {
  return useQuery({
    queryKey: ['calendar', 'feed-token'],
    queryFn: async () => unwrap(await api.GET('/api/v1/calendar/feed-token')),
  });
}
