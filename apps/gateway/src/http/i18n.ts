import type { Bilingual } from '@app/kernel';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';

export type Lang = 'fr' | 'en';

/** `?lang=` wins, then Accept-Language (first of fr/en by order); English by default. */
export function negotiateLang(acceptLanguage: string | undefined, query?: unknown): Lang {
  if (query === 'fr' || query === 'en') return query;
  const tags = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag, q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((t) => t.tag && !Number.isNaN(t.q))
    .sort((a, b) => b.q - a.q);
  for (const t of tags) {
    if (t.tag.startsWith('fr')) return 'fr';
    if (t.tag.startsWith('en')) return 'en';
  }
  return 'en';
}

export const pick = (text: Bilingual, lang: Lang): string => text[lang];

/** The request's language as a parameter: `?lang=` first, then Accept-Language. */
export const RequestLang = createParamDecorator((_: unknown, ctx: ExecutionContext): Lang => {
  const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; query?: Record<string, unknown> }>();
  return negotiateLang(req.headers['accept-language'], req.query?.lang);
});
