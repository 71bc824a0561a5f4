import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';

/** `POST /auth/password-reset`: 202 whether or not the address has an account. */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: async (email: string) =>
      unwrap(await api.POST('/api/v1/auth/password-reset', { body: { email } })),
  });
}

/** `POST /auth/password-reset/confirm`: 204; a used, expired or unknown token is 400 INVALID_TOKEN. */
export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: async (body: { token: string; newPassword: string }) => {
      const result = await api.POST('/api/v1/auth/password-reset/confirm', { body });
      if (!result.response.ok) unwrap(result);
    },
  });
}
