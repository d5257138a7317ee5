// Respondent page: renders the wave's SurveyJS questionnaire in English or Arabic, autosaves to the server and to
// this device, resumes where the respondent stopped, and queues the final submit while offline until it is acknowledged.
import { Model, type Question, type SurveyModel } from 'survey-core';
import { renderSurvey, unmountComponentAtNode } from 'survey-js-ui';
import 'survey-core/survey-core.fontless.min.css';
import './survey-fixes.css';
import './styles.css';
import { setUpModel } from './survey-setup';
import { textToHtml } from './html';
import { forgetEverything, keepSession, registerServiceWorker } from './offline';
import { durableAll, durablePut } from './durable';

type Lang = 'en' | 'ar';
interface Session {
  definition: Record<string, unknown>; language: Lang; answers: Record<string, unknown>; currentPage: number;
  status: 'new' | 'draft' | 'complete'; seq: number; storageKey: string;
  wave: { nameEn: string; nameAr: string; closesAt: string; isOpen: boolean };
  receiptCode?: string;
}
interface LocalDraft { answers: Record<string, unknown>; currentPage: number; seq: number }
interface Pending { submissionId: string; answers: Record<string, unknown>; language: Lang; stopped?: boolean }
interface ApiError { code?: string; message?: string; details?: { errors?: Record<string, { en?: string; ar?: string }>; storedSeq?: number } }

const TEXT = {
  en: {
    queued: 'Saved on this device — will send when you are back online',
    sending: 'Sending your answers…',
    thanks: 'Thank you — your answers were received.',
    receipt: 'Your receipt code',
    keep: 'Keep this code: it confirms that your questionnaire was submitted.',
    invalid: 'Some answers need your attention. Please check the questions marked in red.',
    linkInvalid: 'This link is not valid, has expired or was already used. Please contact the person who sent it to you.',
    closed: 'This questionnaire is not open for answers at this time.',
    failed: 'Your answers could not be sent:',
    offlineLoad: 'The questionnaire could not be loaded. Check your connection and reload the page.',
    replaced: 'This link was replaced by a new one. Your answers are kept on this device: open the new link from your latest email on this device to continue.',
  },
  ar: {
    queued: 'محفوظ على هذا الجهاز — سيُرسل عند عودة الاتصال',
    sending: 'جارٍ إرسال إجاباتك…',
    thanks: 'شكرًا لك — تم استلام إجاباتك.',
    receipt: 'رمز الإيصال الخاص بك',
    keep: 'احتفظ بهذا الرمز: فهو يؤكد إرسال استبيانك.',
    invalid: 'بعض الإجابات تحتاج إلى مراجعة. يرجى التحقق من الأسئلة المعلّمة باللون الأحمر.',
    linkInvalid: 'هذا الرابط غير صالح أو منتهي الصلاحية أو سبق استخدامه. يرجى التواصل مع الشخص الذي أرسله إليك.',
    closed: 'هذا الاستبيان غير مفتوح للإجابة في هذا الوقت.',
    failed: 'تعذّر إرسال إجاباتك:',
    offlineLoad: 'تعذّر تحميل الاستبيان. تحقق من اتصالك ثم أعد تحميل الصفحة.',
    replaced: 'تم استبدال هذا الرابط برابط جديد. إجاباتك محفوظة على هذا الجهاز: افتح الرابط الجديد من أحدث رسالة على هذا الجهاز للمتابعة.',
  },
} as const;

const $ = (id: string) => document.getElementById(id)!;
const LANG_KEY = 'marsad.lang';
let lang: Lang = 'en';
let session: Session | undefined;
let survey: SurveyModel | undefined;
let noticeKey: keyof typeof TEXT['en'] | undefined;
let noticeExtra = '';

// ---- storage (scoped to the respondent: the server gives an opaque key derived from the cookie) ----
const key = (what: string) => `marsad.${session!.storageKey}.${what}`;
function load<T>(what: string): T | undefined {
  try { const v = localStorage.getItem(key(what)); return v ? JSON.parse(v) as T : undefined; } catch { return undefined; }
}
function store(what: string, value: unknown): void {
  const json = value === undefined ? undefined : JSON.stringify(value);
  try { if (json === undefined) localStorage.removeItem(key(what)); else localStorage.setItem(key(what), json); } catch { /* storage full or blocked */ }
  void durablePut(key(what), json); // survives a browser closed or killed right after
}
/** Put back what localStorage lost but the durable copy kept (a draft with a higher seq, a queued submit). */
async function restoreDurable(): Promise<void> {
  const prefix = key('');
  for (const [k, json] of await durableAll(prefix)) {
    try {
      const current = localStorage.getItem(k);
      const what = k.slice(prefix.length);
      const newer = what === 'draft' && current ? (JSON.parse(json) as LocalDraft).seq > (JSON.parse(current) as LocalDraft).seq
        : what === 'seq' && current ? Number(json) > Number(current) : current === null;
      if (newer) localStorage.setItem(k, json);
    } catch { /* keep localStorage as it is */ }
  }
}

// ---- HTTP ----
class HttpError extends Error { constructor(readonly status: number, readonly body: ApiError) { super(body.message ?? `HTTP ${status}`); } }
async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method, credentials: 'same-origin', cache: 'no-store',
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new HttpError(res.status, data as ApiError);
  return data as T;
}
const isRetryable = (e: unknown) => !(e instanceof HttpError) || e.status >= 500 || e.status === 429;

// ---- chrome: language and notices ----
function notice(k?: keyof typeof TEXT['en'], kind: '' | 'error' | 'ok' = '', extra = ''): void {
  noticeKey = k; noticeExtra = extra;
  const el = $('notice');
  el.hidden = !k;
  el.className = `notice ${kind}`;
  el.textContent = k ? `${TEXT[lang][k]}${extra ? ` ${extra}` : ''}` : '';
}

function setLanguage(l: Lang, remember: boolean): void {
  lang = l;
  if (remember) try { localStorage.setItem(LANG_KEY, l); } catch { /* ignore */ }
  document.documentElement.lang = l;
  document.documentElement.dir = l === 'ar' ? 'rtl' : 'ltr';
  $('lang-en').setAttribute('aria-pressed', String(l === 'en'));
  $('lang-ar').setAttribute('aria-pressed', String(l === 'ar'));
  if (session) $('wave-name').textContent = l === 'ar' ? session.wave.nameAr || session.wave.nameEn : session.wave.nameEn;
  // a new model in the new locale (SurveyJS caches some texts, e.g. the progress line, per locale)
  if (survey) startSurvey(survey.data, survey.currentPageNo);
  if (noticeKey) notice(noticeKey, $('notice').classList.contains('error') ? 'error' : $('notice').classList.contains('ok') ? 'ok' : '', noticeExtra);
  const receipt = document.querySelector('.receipt');
  if (receipt && session?.receiptCode) showReceipt(session.receiptCode);
}

function showMessage(k: keyof typeof TEXT['en']): void {
  const p = document.createElement('p');
  p.className = 'message';
  p.textContent = TEXT[lang][k];
  $('survey').replaceChildren(p);
}

function showReceipt(code: string): void {
  session!.receiptCode = code;
  if (host) { unmountComponentAtNode(host); host = undefined; }
  survey?.dispose();
  survey = undefined;
  const box = document.createElement('section');
  box.className = 'receipt';
  // the questionnaire's own thank-you (sanitised, in the respondent's language) above the receipt
  const own = completedHtml();
  const h = document.createElement('h1'); h.textContent = TEXT[lang].thanks;
  const l = document.createElement('p'); l.textContent = TEXT[lang].receipt;
  const c = document.createElement('p'); c.className = 'code'; c.id = 'receipt-code'; c.textContent = code;
  const k = document.createElement('p'); k.textContent = TEXT[lang].keep;
  if (own) { const d = document.createElement('div'); d.className = 'completed-html'; d.innerHTML = own; box.append(d); } else box.append(h);
  box.append(l, c, k);
  $('survey').replaceChildren(box);
}

function completedHtml(): string | undefined {
  const v = session?.definition.completedHtml;
  const text = typeof v === 'string' ? v : v && typeof v === 'object'
    ? (v as Record<string, unknown>)[lang === 'ar' ? 'ar' : 'default'] ?? (v as Record<string, unknown>).default : undefined;
  if (typeof text !== 'string' || !text.trim()) return undefined;
  return textToHtml(text) ?? text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** The device and the server hold nothing once the response is complete. */
function completed(code: string): void {
  if (session) void forgetEverything(`marsad.${session.storageKey}.`);
  showReceipt(code);
}

// ---- autosave: local copy on every change, server copy ~3 s after a change and on every page change ----
let seq = 0;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** set when the server says this link was replaced: answers are then kept on the device only */
let replaced = false;
let saving: Promise<void> = Promise.resolve();

function nextSeq(): number { seq += 1; store('seq', seq); return seq; }
/** The local copy carries the seq it will be (or was) saved under: higher than the server's means not yet sent. */
function snapshot(s: number): LocalDraft { return { answers: answersOf(survey!), currentPage: survey!.currentPageNo, seq: s }; }

/** survey.data without a `<name>-Comment` the server would refuse (an "other" text left after another choice was picked). */
function answersOf(m: SurveyModel): Record<string, unknown> {
  const data = m.data as Record<string, unknown>;
  for (const k of Object.keys(data)) {
    if (!k.endsWith('-Comment')) continue;
    const q = m.getQuestionByName(k.slice(0, -8)) as (Question & { isOtherSelected?: boolean; showCommentArea?: boolean }) | null;
    if (q && !q.showCommentArea && !q.isOtherSelected) delete data[k];
  }
  return data;
}

/** What the server was last sent (answers and page), so leaving the page sends only what it lacks. */
let lastSent = '';
const sentKey = (d: LocalDraft) => JSON.stringify([d.answers, d.currentPage]);

/** Leaving the page (closed, switched away, reloaded): send what the server lacks with a request that outlives the page. */
function flushOnLeave(): void {
  if (!survey || !session || session.status === 'complete') return;
  const p = load<Pending>('pending');
  if (p && !p.stopped) return;
  if (saveTimer) { clearTimeout(saveTimer); saveTimer = undefined; }
  const probe = snapshot(seq + 1);
  if (sentKey(probe) === lastSent) return;
  const s = nextSeq();
  const d = { ...probe, seq: s };
  store('draft', d);
  if (replaced) return;
  lastSent = sentKey(d);
  const body = JSON.stringify({ seq: s, currentPage: d.currentPage, language: lang, answers: d.answers });
  // keepalive bodies are limited to 64 KB; a larger draft still goes out as an ordinary request
  void fetch(`/api/respond/draft?lang=${lang}`, { method: 'PUT', credentials: 'same-origin', keepalive: body.length < 60000,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body }).catch(() => { /* the local copy has it */ });
}
function saveLocal(): void { store('draft', snapshot(seq + 1)); }

function saveServer(): Promise<void> {
  if (saveTimer) { clearTimeout(saveTimer); saveTimer = undefined; }
  saving = saving.then(async () => {
    const p = load<Pending>('pending');
    if (!survey || (p && !p.stopped)) return;
    const s = nextSeq();
    const d = snapshot(s);
    store('draft', d);
    if (replaced) return;
    lastSent = sentKey(d);
    try {
      await api('PUT', `/api/respond/draft?lang=${lang}`, { seq: s, currentPage: d.currentPage, language: lang, answers: d.answers });
    } catch (e) {
      if (e instanceof HttpError && e.body.code === 'response.stale_autosave') {
        // another device saved a higher seq: continue above it so this newer edit wins next time
        seq = Math.max(seq, Number(e.body.details?.storedSeq ?? 0));
        lastSent = '';
        store('seq', seq);
        scheduleSave();
      } else if (e instanceof HttpError && e.body.code === 'respondent.link_replaced') {
        linkReplaced(); // the answers stay on this device; the new link picks them up
      } else { lastSent = ''; if (e instanceof HttpError && e.body.code === 'wave.not_open') notice('closed', 'error'); }
      // offline or a server error: the local copy keeps the answers; the next change or page retries
    }
  });
  return saving;
}
function scheduleSave(): void {
  if (replaced) return;
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => { void saveServer(); }, 3000);
}

// ---- final submit: client-made id, queued on this device until a 2xx arrives ----
let retryDelay = 1000;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let sendingNow = false;

async function sendPending(): Promise<void> {
  const p = load<Pending>('pending');
  if (!p || p.stopped || sendingNow) return;
  sendingNow = true;
  if (retryTimer) { clearTimeout(retryTimer); retryTimer = undefined; }
  notice('sending');
  try {
    const r = await api<{ receiptCode: string }>('POST', `/api/respond/submit?lang=${lang}`, p);
    store('pending', undefined); store('draft', undefined);
    retryDelay = 1000;
    notice();
    completed(r.receiptCode);
  } catch (e) {
    if (isRetryable(e)) {
      notice('queued');
      retryTimer = setTimeout(() => { void sendPending(); }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    } else {
      await refused(e as HttpError, p);
    }
  } finally { sendingNow = false; }
}

/** The officer replaced this link (it leaked): keep everything on the device, say so, stop talking to the server. */
function linkReplaced(): void {
  replaced = true;
  if (saveTimer) clearTimeout(saveTimer);
  if (retryTimer) clearTimeout(retryTimer);
  notice('replaced', 'error');
}

async function refused(e: HttpError, p: Pending): Promise<void> {
  store('pending', { ...p, stopped: true });
  if (e.body.code === 'respondent.link_replaced') {
    // keep the answers as a draft on the device (not a stopped submit): the new link resumes from them
    store('pending', undefined);
    store('draft', { answers: p.answers, currentPage: survey?.currentPageNo ?? 0, seq: nextSeq() });
    linkReplaced();
    return;
  }
  if (e.body.code === 'response.already_complete' || e.body.code === 'response.submission_conflict') {
    const s = await api<Session>('GET', '/api/respond/session').catch(() => undefined);
    if (s?.status === 'complete' && s.receiptCode) { store('pending', undefined); notice(); completed(s.receiptCode); return; }
  }
  if (!survey) startSurvey(p.answers, 0);
  const errors = e.body.details?.errors ?? {};
  let firstPage: number | undefined;
  for (const [name, err] of Object.entries(errors)) {
    const q = survey!.getQuestionByName(name);
    if (!q) continue;
    q.addError(err[lang] ?? err.en ?? e.message);
    const pageNo = survey!.visiblePages.indexOf(q.page as never);
    if (pageNo >= 0 && (firstPage === undefined || pageNo < firstPage)) firstPage = pageNo;
  }
  if (firstPage !== undefined) survey!.currentPageNo = firstPage;
  if (Object.keys(errors).length) notice('invalid', 'error');
  else if (e.body.code === 'wave.not_open') notice('closed', 'error');
  else notice('failed', 'error', e.body.message ?? String(e.status));
}

function submit(answers: Record<string, unknown>): void {
  const prev = load<Pending>('pending');
  const pending: Pending = { submissionId: prev?.submissionId ?? crypto.randomUUID(), answers, language: lang };
  store('pending', pending);
  retryDelay = 1000;
  void sendPending();
}

// ---- the form ----
let host: HTMLElement | undefined;

function startSurvey(answers: Record<string, unknown>, page: number): void {
  const m = new Model(session!.definition);
  m.locale = lang;
  setUpModel(m, () => lang);
  m.clearInvisibleValues = 'onHidden';
  m.data = answers;
  if (page > 0 && page < m.visiblePageCount) m.currentPageNo = page;
  m.onValueChanged.add(() => { saveLocal(); scheduleSave(); });
  m.onCurrentPageChanged.add(() => { saveLocal(); void saveServer(); });
  m.onCompleting.add((sender, options) => {
    options.allow = false; // the server decides; the receipt replaces the form once it has acknowledged
    if (saveTimer) clearTimeout(saveTimer);
    submit(answersOf(sender));
  });
  if (host) unmountComponentAtNode(host);
  survey?.dispose();
  survey = m;
  host = document.createElement('div');
  $('survey').replaceChildren(host);
  renderSurvey(m, host);
}

async function main(): Promise<void> {
  $('lang-en').addEventListener('click', () => setLanguage('en', true));
  $('lang-ar').addEventListener('click', () => setLanguage('ar', true));
  let remembered: string | null = null;
  try { remembered = localStorage.getItem(LANG_KEY); } catch { /* ignore */ }
  setLanguage(remembered === 'ar' || remembered === 'en' ? remembered : (navigator.language.startsWith('ar') ? 'ar' : 'en'), false);
  try {
    session = await api<Session>('GET', '/api/respond/session');
  } catch (e) {
    showMessage(e instanceof HttpError && e.body.code === 'respondent.link_replaced' ? 'replaced'
      : e instanceof HttpError && e.status === 404 ? 'linkInvalid' : 'offlineLoad');
    return;
  }
  setLanguage(remembered === 'ar' || remembered === 'en' ? remembered : session.language, false);
  if (session.status === 'complete' && session.receiptCode) {
    store('pending', undefined); store('draft', undefined);
    completed(session.receiptCode);
    return;
  }
  // offline from here on: the worker keeps the page, the Cache Storage this session, localStorage the answers
  void keepSession(session);
  registerServiceWorker();
  await restoreDurable();
  const local = load<LocalDraft>('draft');
  seq = Math.max(session.seq, load<number>('seq') ?? 0, local?.seq ?? 0);
  const useLocal = local && local.seq > session.seq;
  const pending = load<Pending>('pending');
  startSurvey(pending?.answers ?? (useLocal ? local.answers : session.answers), useLocal ? local.currentPage : session.currentPage);
  if (!useLocal && !pending) lastSent = sentKey(snapshot(seq));
  if (pending && !pending.stopped) void sendPending();
  else if (!session.wave.isOpen) notice('closed', 'error');
  else if (useLocal) void saveServer();
  window.addEventListener('online', () => { retryDelay = 1000; void sendPending(); if (survey) void saveServer(); });
  window.addEventListener('pagehide', () => { if (survey) { saveLocal(); flushOnLeave(); } });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden' && survey) { saveLocal(); flushOnLeave(); } });
}

void main();
