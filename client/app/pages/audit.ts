// Audit trail of a programme (programme administrators): who did what to which record, newest first.
import { t } from '../../i18n';
import { client } from '../api';
import { fmtDate, h, table } from '../dom';
import type { PageCtx } from '../state';

export async function auditPage(ctx: PageCtx): Promise<void> {
  ctx.main.append(h('h1', null, t('audit.title')));
  const data = await client.audit(ctx.programme.id, 200);
  if (ctx.stale()) return;
  ctx.main.append(table([t('audit.when'), t('audit.who'), t('audit.action'), t('audit.target')],
    data.items.map((e) => [fmtDate(e.occurredAt, true), e.actorEmail ?? e.actorKind, h('code', { dir: 'ltr' }, e.action), `${e.targetType ?? ''} ${e.targetId ? e.targetId.slice(0, 8) : ''}`])));
}
