// The officer app's typed API client: one function per route it calls, returning the route's contract type
// (contracts/ or, until their owners move them there, wire.ts). Every 4xx/5xx throws an ApiError the page shows.
import type { Lang } from '../../contracts/common';
import type { TWave } from '../../contracts/waves';
import type { TQuestionnaireDetail, TQuestionnaireSummary, TVersion, TLintReport } from '../../contracts/questionnaires';
import type { TAuditPage } from '../../contracts/audit';
import type { TTerm } from '../../contracts/glossary';
import type { Indicator, Me, OneIndicatorValues, Programme, ProgrammeValues, ResultNode } from './wire';
import { request, requestText } from './http';

export { ApiError, getCsrf, request, setCsrf, type Method } from './http';
// untyped helpers for the pages not converted yet (see api-untyped.ts)
export { get, list, patch, post, put } from './api-untyped';
/** DELETE (issue 13: logframe editor, members) */
export const del = <T = unknown>(url: string) => request<T>('DELETE', url);

/** `api('POST', url, body)`: a JSON request whose answer the caller ignores or names. */
export const api = <T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) => request<T>(method, url, body);

const enc = encodeURIComponent;
const P = (pid: string) => `/api/programmes/${enc(pid)}`;

export const client = {
  me: () => request<Me>('GET', '/api/auth/me'),
  login: (email: string, password: string) => request<Me>('POST', '/api/auth/login', { email, password }),
  logout: () => request<{ status: string }>('POST', '/api/auth/logout', {}),

  programmes: () => request<Programme[]>('GET', '/api/programmes'),
  programme: (pid: string) => request<Programme>('GET', P(pid)),
  logframe: (pid: string) => request<ResultNode[]>('GET', `${P(pid)}/logframe`),
  indicator: (pid: string, iid: string) => request<Indicator>('GET', `${P(pid)}/indicators/${enc(iid)}`),
  indicatorValues: (pid: string, lang: Lang) => request<ProgrammeValues>('GET', `${P(pid)}/indicator-values?lang=${lang}`),
  oneIndicatorValues: (pid: string, iid: string, lang: Lang) =>
    request<OneIndicatorValues>('GET', `${P(pid)}/indicators/${enc(iid)}/values?lang=${lang}`),

  waves: (pid: string) => request<TWave[]>('GET', `${P(pid)}/waves`),
  questionnaires: (pid: string) => request<TQuestionnaireSummary[]>('GET', `${P(pid)}/questionnaires`),
  questionnaire: (pid: string, qid: string) => request<TQuestionnaireDetail>('GET', `${P(pid)}/questionnaires/${enc(qid)}`),
  questionnaireVersion: (pid: string, qid: string, version: number) =>
    request<TVersion>('GET', `${P(pid)}/questionnaires/${enc(qid)}/versions/${version}`),
  lintDraft: (pid: string, qid: string) => request<TLintReport>('POST', `${P(pid)}/questionnaires/${enc(qid)}/lint`, {}),
  glossary: (pid: string) => request<TTerm[]>('GET', `${P(pid)}/glossary`),
  audit: (pid: string, limit = 50, offset = 0) => request<TAuditPage>('GET', `${P(pid)}/audit?limit=${limit}&offset=${offset}`),

  /** the responses of a wave as CSV with codes for headers and values (what the question explorer counts) */
  responsesCsvCodes: (pid: string, waveId: string) =>
    requestText(`${P(pid)}/exports/responses.csv?waveId=${enc(waveId)}&headers=codes&values=codes`),
};
