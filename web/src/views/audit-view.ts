// The audit log for auditors (GET /api/v1/audit, /api/v1/audit/verify): filters by user,
// outcome and resource prefix, newest first, and a check of the hash chain. Roles, outcomes and
// chain problems are shown translated; the filters take the server's values (`denied`, ...).
import { get } from '../api';
import { clear, h, table } from '../dom';
import { errorBox } from '../errors';
import { labelFor, t } from '../i18n';
import type { AuditRecord, AuditVerify } from '../types';
import type { View } from './view';

export const renderAudit: View = (container) => {
  const user = h('input', { size: 10, 'data-test': 'audit-user' });
  const outcome = h('input', { size: 8, 'data-test': 'audit-outcome' });
  const resource = h('input', { size: 14, 'data-test': 'audit-resource' });
  const search = h('button', { type: 'button', 'data-test': 'audit-search' }, t('audit.query'));
  const verify = h('button', { type: 'button', 'data-test': 'audit-verify' }, t('audit.verify'));
  const verdict = h('div', { class: 'message', 'data-test': 'audit-verdict' });
  const output = h('div', { 'data-test': 'audit-output' }, t('common.loading'));
  container.append(
    h('div', { class: 'page' },
      h('div', { class: 'filters' },
        h('label', {}, t('audit.user'), user), h('label', {}, t('audit.outcome'), outcome),
        h('label', {}, t('audit.resource'), resource), search, verify),
      verdict, output));

  const query = async () => {
    clear(output);
    try {
      const { items } = await get<{ items: AuditRecord[] }>('/audit', {
        user: user.value.trim() || undefined, outcome: outcome.value.trim() || undefined, resource: resource.value.trim() || undefined, limit: 200,
      });
      output.dataset.rows = String(items.length);
      output.append(table({ 'data-test': 'audit-table' },
        [t('audit.seq'), t('audit.at'), t('audit.user'), t('audit.role'), t('audit.action'), t('audit.resourceColumn'), t('audit.purpose'), t('audit.outcome'), t('audit.address')],
        items.map((r) => [r.seq, r.at, r.user, labelFor('role', r.role), r.action, r.resource, r.purpose, labelFor('audit.outcome', r.outcome), r.source_address])));
    } catch (error) {
      output.append(errorBox(error, t('nav.audit')));
    }
  };
  search.addEventListener('click', () => void query());
  verify.addEventListener('click', async () => {
    try {
      const v = await get<AuditVerify>('/audit/verify');
      verdict.className = v.ok ? 'message ok' : 'message error';
      verdict.textContent = v.ok
        ? t('audit.verifyOk', { records: v.records, seq: v.head.seq })
        : t('audit.verifyBad', { seq: v.first_bad_seq, problem: labelFor('audit.problem', v.problem), message: v.message });
    } catch (error) {
      clear(verdict);
      verdict.append(errorBox(error, t('audit.verify')));
    }
  });
  void query();
  return () => {};
};
