// Respondent API (issue 16): answer keys such as __proto__ reach the validator and are refused like any unknown key
// (400 answers.invalid, `_root: unknown_key`) on autosave and on submit; a -Comment without "other" is refused.
import assert from 'node:assert/strict';
import request from 'supertest';
import { testEnv } from '../setup';
import { resetRateLimits } from '../../server/http/rate-limits';
import { publishWave } from '../e2e/respondent-fixture';

const DEFINITION = { pages: [{ name: 'p', elements: [
  { type: 'radiogroup', name: 'org', title: { default: 'Organisation', ar: 'الجهة' }, showOtherItem: true,
    choices: [{ value: 'mfa', text: { default: 'Ministry', ar: 'وزارة' } }], otherText: { default: 'Other', ar: 'أخرى' } },
] }] };

describe('respondent API: prototype keys and stray comments (issue 16)', () => {
  it('refuses __proto__, constructor and prototype keys with unknown_key, and -Comment without "other"', async () => {
    await resetRateLimits();
    const base = await testEnv().listen();
    const wave = await publishWave(DEFINITION, base);
    const { link } = await wave.invite();
    const agent = request.agent(testEnv().app.app);
    await agent.get(new URL(link).pathname).expect(303);
    for (const k of ['__proto__', 'constructor', 'prototype']) {
      const raw = `{"seq": 1, "currentPage": 0, "language": "ar", "answers": {"org": "mfa", "${k}": {"x": 1}}}`;
      const draft = await agent.put('/api/respond/draft?lang=ar').set('Content-Type', 'application/json').send(raw);
      assert.equal(draft.status, 400, `${k}: ${JSON.stringify(draft.body)}`);
      assert.equal(draft.body.code, 'answers.invalid');
      assert.equal(draft.body.details.errors._root.code, 'unknown_key', k);
      const submit = await agent.post('/api/respond/submit?lang=en').set('Content-Type', 'application/json')
        .send(`{"submissionId": "6f1d3c52-8f3e-4c1b-9a55-3d8b2f0f1a0${['__proto__', 'constructor', 'prototype'].indexOf(k)}", "language": "en", "answers": {"org": "mfa", "${k}": 1}}`);
      assert.equal(submit.status, 400, `${k}: ${JSON.stringify(submit.body)}`);
      assert.equal(submit.body.details.errors._root.code, 'unknown_key');
    }
    const stray = await agent.post('/api/respond/submit?lang=en').set('Content-Type', 'application/json')
      .send({ submissionId: '6f1d3c52-8f3e-4c1b-9a55-3d8b2f0f1a09', language: 'en', answers: { org: 'mfa', 'org-Comment': 'stray' } });
    assert.equal(stray.status, 400);
    assert.equal(stray.body.details.errors.org.code, 'comment_not_allowed');
    const ok = await agent.post('/api/respond/submit?lang=en').set('Content-Type', 'application/json')
      .send({ submissionId: '6f1d3c52-8f3e-4c1b-9a55-3d8b2f0f1a0a', language: 'en', answers: { org: 'other', 'org-Comment': 'An embassy' } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });
});
