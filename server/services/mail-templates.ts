// Bilingual invitation and reminder mails: the stakeholder's preferred language first, the other one below,
// the personal link in both; the HTML version escapes every value (names, titles and links come from users).

export type Lang = 'en' | 'ar';

export interface TemplateInput {
  lang: Lang;
  nameEn: string;
  nameAr: string;
  programmeEn: string;
  programmeAr: string;
  waveEn: string;
  waveAr: string;
  link: string;
  closesAt: Date;
  /** reminders only */
  round?: number;
}

export interface RenderedMail { subject: string; text: string; html: string }

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const date = (d: Date, lang: Lang) => d.toISOString().slice(0, 10) + (lang === 'ar' ? '' : ' (UTC)');

interface Block { subject: string; paragraphs: string[] }

function block(kind: 'invitation' | 'reminder', lang: Lang, t: TemplateInput): Block {
  const en = lang === 'en';
  const name = (en ? t.nameEn || t.nameAr : t.nameAr || t.nameEn);
  const programme = (en ? t.programmeEn : t.programmeAr || t.programmeEn);
  const wave = (en ? t.waveEn : t.waveAr || t.waveEn);
  const until = date(t.closesAt, lang);
  if (kind === 'invitation') {
    return en ? {
      subject: `Invitation: ${wave} — ${programme}`,
      paragraphs: [`Dear ${name},`,
        `You are invited to answer the questionnaire "${wave}" of ${programme}. You can answer in English or Arabic, stop at any time and continue later from the same link.`,
        `Your personal link (please do not share it):`, t.link, `The questionnaire is open until ${until}. Thank you.`],
    } : {
      subject: `دعوة: ${wave} — ${programme}`,
      paragraphs: [`السيد/السيدة ${name} المحترم/ة،`,
        `ندعوكم إلى الإجابة على استبيان "${wave}" الخاص بـ${programme}. يمكنكم الإجابة بالعربية أو الإنجليزية، والتوقف في أي وقت ثم المتابعة لاحقًا من الرابط نفسه.`,
        `رابطكم الشخصي (يرجى عدم مشاركته):`, t.link, `يبقى الاستبيان مفتوحًا حتى ${until}. شكرًا لكم.`],
    };
  }
  return en ? {
    subject: `Reminder: ${wave} — ${programme}`,
    paragraphs: [`Dear ${name},`,
      `This is a friendly reminder about the questionnaire "${wave}" of ${programme}. If you have started, your answers are saved and you can continue where you stopped.`,
      `Your personal link (the same one as before):`, t.link, `The questionnaire is open until ${until}. Thank you.`],
  } : {
    subject: `تذكير: ${wave} — ${programme}`,
    paragraphs: [`السيد/السيدة ${name} المحترم/ة،`,
      `نذكّركم بلطف باستبيان "${wave}" الخاص بـ${programme}. إذا كنتم قد بدأتم، فإجاباتكم محفوظة ويمكنكم المتابعة من حيث توقفتم.`,
      `رابطكم الشخصي (هو الرابط نفسه المرسل سابقًا):`, t.link, `يبقى الاستبيان مفتوحًا حتى ${until}. شكرًا لكم.`],
  };
}

function render(kind: 'invitation' | 'reminder', t: TemplateInput): RenderedMail {
  const other: Lang = t.lang === 'en' ? 'ar' : 'en';
  const first = block(kind, t.lang, t), second = block(kind, other, t);
  const text = `${first.paragraphs.join('\n\n')}\n\n----------\n\n${second.paragraphs.join('\n\n')}\n`;
  const section = (b: Block, lang: Lang) => `<div lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">${b.paragraphs.map((p) =>
    (p === t.link ? `<p><a href="${escapeHtml(t.link)}">${escapeHtml(t.link)}</a></p>` : `<p>${escapeHtml(p)}</p>`)).join('')}</div>`;
  const html = `<!doctype html><html><body>${section(first, t.lang)}<hr>${section(second, other)}</body></html>`;
  return { subject: `${first.subject} / ${second.subject}`, text, html };
}

export const invitationMail = (t: TemplateInput): RenderedMail => render('invitation', t);
export const reminderMail = (t: TemplateInput): RenderedMail => render('reminder', t);

export type TemplateKind = 'invitation' | 'reminder';

/** One language of a template only (for the officer's preview in both languages before sending). */
export function previewBlock(kind: TemplateKind, lang: Lang, t: TemplateInput): { subject: string; text: string } {
  const b = block(kind, lang, t);
  return { subject: b.subject, text: b.paragraphs.join('\n\n') };
}
