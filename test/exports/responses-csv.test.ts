// Responses CSV: read back with csv-parse — BOM, neutralised formula cells and headers, numbers stay numbers, Arabic
// labels, codebook completeness, no personal data, access and audit, and an aborted transfer when the DB dies mid-way.
import assert from 'node:assert/strict';
import http from 'node:http';
import { parse } from 'csv-parse/sync';
import { testEnv } from '../setup';
import { loginAs, createUser, login } from '../helpers';
import { binary, makeFixture, type Fixture } from './fixtures';
import { exportColumns } from '../../server/exports/codebook';
import { hasExcludedColumn } from '../../server/exports/responses-csv';
import { DEFINITION } from './fixtures';
import { createSession, SESSION_COOKIE } from '../../server/auth/session';

const url = (f: Fixture, q: string) => `/api/programmes/${f.programmeId}/exports/responses.csv?waveId=${f.waveId}&${q}`;

describe('exports: responses CSV', () => {
  let f: Fixture;
  let viewer: Awaited<ReturnType<typeof loginAs>>;
  before(async () => {
    f = await makeFixture();
    viewer = await loginAs('viewer', f.programmeId);
  });

  it('streams codes with a BOM, neutralised text, numbers as numbers, and no personal data', async () => {
    const res = await binary(viewer.get(url(f, 'headers=codes&values=codes')));
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers['content-type'], /text\/csv; charset=utf-8/);
    assert.equal(res.headers['content-length'], undefined);
    const body = res.body as Buffer;
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8');
    assert.ok(!text.includes('Secret Person') && !text.includes('secret@example.org'));
    const rows: string[][] = parse(text.slice(1), { relax_column_count: false });
    const header = rows[0];
    const cols = exportColumns(DEFINITION);
    assert.deepEqual(header, ['_response.id', '_response.wave', '_response.questionnaire_version', '_response.language', '_response.status',
      '_response.started_at', '_response.submitted_at', '_respondent.institution', '_respondent.sex', ...cols.map((c) => c.key)]);
    assert.equal(new Set(header).size, header.length, 'every column name is unique (the roster sex and the question sex apart)');
    assert.equal(rows.length, 4, 'three complete responses, no drafts');
    const at = (r: string[], k: string) => r[header.indexOf(k)];
    const [r1, r2, r3] = rows.slice(1);
    assert.equal(at(r1, '_response.id'), f.responseIds[0]);
    assert.equal(at(r1, 'score'), '-3');
    assert.match(text, /,-3,/, 'a negative number is written unquoted');
    assert.equal(at(r1, 'note'), "'-3+A1");
    assert.equal(at(r2, 'note'), `'=HYPERLINK("http://x")`);
    assert.equal(at(r3, 'note'), 'ملاحظة بالعربية, "quoted"');
    assert.equal(at(r2, 'score'), '7.5');
    assert.equal(at(r1, 'topics/a'), '1');
    assert.equal(at(r1, 'topics/b'), '0');
    assert.equal(at(r1, 'grid/r1'), '2');
    assert.equal(at(r1, '_respondent.institution'), 'MFA');
    assert.equal(at(r1, '_respondent.sex'), 'female');
    assert.equal(at(r1, 'sex'), 'female');
    assert.equal(at(r1, '_response.submitted_at'), '2024-01-06T10:00:00.000Z');
  });

  it('writes Arabic headers and labels, neutralises headers, and includes drafts on request', async () => {
    const res = await binary(viewer.get(url(f, 'headers=ar&values=ar&drafts=true')));
    assert.equal(res.status, 200);
    const rows: string[][] = parse((res.body as Buffer).toString('utf8').slice(1));
    const header = rows[0];
    assert.ok(header.includes('الجنس') && header.includes('الدرجة') && header.includes('الشبكة — الصف الأول'));
    assert.equal(rows.length, 5, 'three complete and one draft');
    const sexCol = header.lastIndexOf('الجنس');
    assert.deepEqual(rows.slice(1).map((r) => r[sexCol]), ['أنثى', 'ذكر', 'أنثى', 'ذكر']);
    assert.equal(rows[1][header.indexOf('الشبكة — الصف الأول')], 'مرتفع');
    assert.equal(rows[1][header.indexOf('الحالة')], 'مكتملة');
    const en = parse((await binary(viewer.get(url(f, 'headers=en&values=en')))).body.toString('utf8').slice(1)) as string[][];
    assert.ok(en[0].includes("'=Note"), 'a header starting with = is neutralised');
  });

  it('writes labels in the chosen language with stable code headers, institutions by their registry name', async () => {
    await testEnv().ctx.db.query(`INSERT INTO institutions (programme_id, code, name_en, name_ar) VALUES ($1, 'MFA', 'Ministry of Foreign Affairs', 'وزارة الخارجية')
      ON CONFLICT DO NOTHING`, [f.programmeId]);
    const res = await binary(viewer.get(url(f, 'labels=labels&lang=ar&from=2024-01-01&to=2024-03-31')));
    assert.equal(res.status, 200, String(res.body));
    const rows: string[][] = parse((res.body as Buffer).toString('utf8').slice(1));
    const header = rows[0];
    assert.equal(header[7], '_respondent.institution');
    assert.equal(rows[1][7], 'وزارة الخارجية');
    assert.equal(rows[1][header.indexOf('sex')], 'أنثى');
    assert.equal(rows[1][header.indexOf('score')], '-3', 'numbers stay numbers');
  });

  it('leaves out responses excluded from analysis (once responses.excluded_at exists)', async function () {
    const db = testEnv().ctx.db;
    if (!(await hasExcludedColumn(db.manager))) this.skip();
    const g = await makeFixture();
    const v = await loginAs('viewer', g.programmeId);
    await db.query(`UPDATE responses SET excluded_at = now(), excluded_reason = 'test' WHERE id = $1`, [g.responseIds[1]]);
    const rows: string[][] = parse((await binary(v.get(url(g, '')))).body.toString('utf8').slice(1));
    assert.deepEqual(rows.slice(1).map((r) => r[0]), [g.responseIds[0], g.responseIds[2]]);
  });

  it('checks access, validates input and audits the export', async () => {
    const outsider = await login((await createUser()).email);
    assert.equal((await outsider.get(url(f, ''))).status, 404);
    assert.equal((await viewer.get(`/api/programmes/${f.programmeId}/exports/responses.csv?waveId=nope`)).status, 400);
    const other = await makeFixture();
    const foreign = await viewer.get(`/api/programmes/${f.programmeId}/exports/responses.csv?waveId=${other.waveId}`);
    assert.deepEqual([foreign.status, foreign.body.code], [400, 'report.unknown_wave'], 'another programme\'s wave is unknown here');
    const outside = await viewer.get(`/api/programmes/${f.programmeId}/exports/responses.csv?waveId=${f.waveId}&from=2023-01-01&to=2023-03-31`);
    assert.deepEqual([outside.status, outside.body.code], [400, 'report.wave_outside_period']);
    const audits = await testEnv().ctx.db.query(
      `SELECT details FROM audit_events WHERE action = 'export.responses_csv' AND programme_id = $1 AND actor_user_id = $2`, [f.programmeId, viewer.userId]);
    assert.ok(audits.length >= 3);
    assert.equal(audits[0].details.waveId, f.waveId);
  });

  it('aborts the transfer when the database connection dies half-way', async function () {
    this.timeout(20000);
    const big = await makeFixture(25000);
    const base = await testEnv().listen();
    const { sid } = await createSession(testEnv().ctx.db.manager, viewer.userId);
    const cookie = `${SESSION_COOKIE}=${sid}`;
    await testEnv().ctx.db.query(`INSERT INTO programme_memberships (user_id, programme_id, role) VALUES ($1, $2, 'viewer')`, [viewer.userId, big.programmeId]);
    const outcome = await new Promise<{ status: number; bytes: number; aborted: boolean; complete: boolean; terminated: number }>((resolve) => {
      const req = http.get(`${base}${url(big, 'values=ar')}`, { headers: { cookie } }, (res) => {
        let bytes = 0, killed = false, aborted = false, terminated = 0;
        if (process.env.DEBUG_EXPORT) console.log('status', res.statusCode, res.headers);
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (!killed) {
            killed = true;
            res.pause();
            void testEnv().ctx.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'marsad-export:responses_csv'`)
              .then((r) => { terminated = r.length; if (process.env.DEBUG_EXPORT) console.log('terminated', r, bytes); setTimeout(() => res.resume(), 100); });
          }
        });
        res.on('aborted', () => { aborted = true; });
        res.on('error', () => { aborted = true; });
        res.on('close', () => resolve({ status: res.statusCode!, bytes, aborted, complete: res.complete, terminated }));
      });
      req.on('error', () => undefined);
    });
    assert.equal(outcome.terminated, 1, 'the export backend was found by its application_name');
    assert.equal(outcome.status, 200);
    assert.ok(outcome.bytes > 0);
    assert.equal(outcome.complete, false, 'the chunked body never ends cleanly');
    assert.ok(outcome.aborted);
    // the pool recovered: the next export works
    const again = await binary(viewer.get(url(f, '')));
    assert.equal(again.status, 200);
  });
});
