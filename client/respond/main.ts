// Respondent page: renders the wave's SurveyJS questionnaire in English or Arabic, autosaves to the server and to
// this device, resumes where the respondent stopped, and queues the final submit while offline until it is acknowledged.
import { Model, surveyLocalization, type SurveyModel } from 'survey-core';
import { renderSurvey, unmountComponentAtNode } from 'survey-js-ui';
import 'survey-core/i18n/arabic';
import 'survey-core/survey-core.fontless.min.css';
import './styles.css';

// the shipped Arabic progress text is machine-made and reads wrongly
surveyLocalization.locales.ar.progressText = 'الصفحة {0} من {1}';

type Lang = 'en' | 'ar';
interface Session {
  definition: Record<string, unknown>; language: Lang; answers: Record<string, unknown>; currentPage: number;
  status: 'new' | 'draft' | 'complete'; seq: number; storageKey: string;
  wave: { nameEn: string; nameAr: string; closesAt: string; isOpen: boolean };
  receiptCode?: string;
}
interface LocalDraft { answers: Record<string, unknown>; currentPage: number; seq: number }
interface Pending { submissionId: string; answers: Record<string, unknown>; language: Lang; stopped?: boolean }
interface ApiError { code?: string; message?: string; details?: any }

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
  try { if (value === undefined) localStorage.removeItem(key(what)); else localStorage.setItem(key(what), JSON.stringify(value)); } catch { /* storage full or blocked */ }
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
  const h = document.createElement('h1'); h.textContent = TEXT[lang].thanks;
  const l = document.createElement('p'); l.textContent = TEXT[lang].receipt;
  const c = document.createElement('p'); c.className = 'code'; c.id = 'receipt-code'; c.textContent = code;
  const k = document.createElement('p'); k.textContent = TEXT[lang].keep;
  box.append(h, l, c, k);
  $('survey').replaceChildren(box);
}

// ---- autosave: local copy on every change, server copy ~3 s after a change and on every page change ----
let seq = 0;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
let saving: Promise<void> = Promise.resolve();

function nextSeq(): number { seq += 1; store('seq', seq); return seq; }
/** The local copy carries the seq it will be (or was) saved under: higher than the server's means not yet sent. */
function snapshot(s: number): LocalDraft { return { answers: survey!.data, currentPage: survey!.currentPageNo, seq: s }; }
function saveLocal(): void { store('draft', snapshot(seq + 1)); }

function saveServer(): Promise<void> {
  if (saveTimer) { clearTimeout(saveTimer); saveTimer = undefined; }
  saving = saving.then(async () => {
    const p = load<Pending>('pending');
    if (!survey || (p && !p.stopped)) return;
    const s = nextSeq();
    const d = snapshot(s);
    store('draft', d);
    try {
      await api('PUT', `/api/respond/draft?lang=${lang}`, { seq: s, currentPage: d.currentPage, language: lang, answers: d.answers });
    } catch (e) {
      if (e instanceof HttpError && e.body.code === 'response.stale_autosave') {
        // another device saved a higher seq: continue above it so this newer edit wins next time
        seq = Math.max(seq, Number(e.body.details?.storedSeq ?? 0));
        store('seq', seq);
        scheduleSave();
      } else if (e instanceof HttpError && e.body.code === 'wave.not_open') notice('closed', 'error');
      // offline or a server error: the local copy keeps the answers; the next change or page retries
    }
  });
  return saving;
}
function scheduleSave(): void {
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
    showReceipt(r.receiptCode);
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

async function refused(e: HttpError, p: Pending): Promise<void> {
  store('pending', { ...p, stopped: true });
  if (e.body.code === 'response.already_complete' || e.body.code === 'response.submission_conflict') {
    const s = await api<Session>('GET', '/api/respond/session').catch(() => undefined);
    if (s?.status === 'complete' && s.receiptCode) { store('pending', undefined); notice(); showReceipt(s.receiptCode); return; }
  }
  if (!survey) startSurvey(p.answers, 0);
  const errors: Record<string, { en?: string; ar?: string }> = e.body.details?.errors ?? {};
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
  m.clearInvisibleValues = 'onHidden';
  m.data = answers;
  if (page > 0 && page < m.visiblePageCount) m.currentPageNo = page;
  m.onValueChanged.add(() => { saveLocal(); scheduleSave(); });
  m.onCurrentPageChanged.add(() => { saveLocal(); void saveServer(); });
  m.onCompleting.add((sender, options) => {
    options.allow = false; // the server decides; the receipt replaces the form once it has acknowledged
    if (saveTimer) clearTimeout(saveTimer);
    submit(sender.data);
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
    showMessage(e instanceof HttpError && e.status === 404 ? 'linkInvalid' : 'offlineLoad');
    return;
  }
  setLanguage(remembered === 'ar' || remembered === 'en' ? remembered : session.language, false);
  if (session.status === 'complete' && session.receiptCode) {
    store('pending', undefined); store('draft', undefined);
    showReceipt(session.receiptCode);
    return;
  }
  const local = load<LocalDraft>('draft');
  seq = Math.max(session.seq, load<number>('seq') ?? 0, local?.seq ?? 0);
  const useLocal = local && local.seq > session.seq;
  const pending = load<Pending>('pending');
  startSurvey(pending?.answers ?? (useLocal ? local.answers : session.answers), useLocal ? local.currentPage : session.currentPage);
  if (pending && !pending.stopped) void sendPending();
  else if (!session.wave.isOpen) notice('closed', 'error');
  else if (useLocal) void saveServer();
  window.addEventListener('online', () => { retryDelay = 1000; void sendPending(); if (survey) void saveServer(); });
  window.addEventListener('pagehide', () => { if (survey) saveLocal(); });
}

void main();
