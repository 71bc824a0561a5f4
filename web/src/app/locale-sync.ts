import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLanguage, forgetLanguageChoice, isLanguage, languageChosenHere } from '../i18n';
import { api, unwrap } from '../lib/api/client';
import type { Me } from './auth-context';

/**
 * Keeps the screen's language and the account's `locale` (GET/PATCH /auth/me) the same, so the
 * language follows the person to every device and into their emails. The latest explicit choice
 * wins: a language picked in this tab (also on the sign-in page) is saved to the account; with no
 * such pick, the account's language is applied.
 */
export function useLocaleSync(me: Me | undefined) {
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  const screen = i18n.language;
  const saved = me?.locale;

  useEffect(() => {
    if (!saved || !isLanguage(screen)) return;
    if (screen === saved) {
      forgetLanguageChoice();
      return;
    }
    if (!languageChosenHere()) {
      void changeLanguage(saved, { chosen: false });
      return;
    }
    let cancelled = false;
    void (async () => {
      const updated = unwrap(await api.PATCH('/api/v1/auth/me', { body: { locale: screen } }));
      if (cancelled) return;
      forgetLanguageChoice();
      queryClient.setQueryData(['auth', 'me'], updated);
    })().catch(() => undefined); // the screen keeps the choice; the next change tries again
    return () => {
      cancelled = true;
    };
  }, [screen, saved, queryClient]);
}
