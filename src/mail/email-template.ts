import mjml2html from 'mjml';
import { INTL_LOCALE, isRightToLeft, Locale, translate } from '../common/i18n';

/** What one email says; every string already in the recipient's language. */
export interface EmailContent {
  locale: Locale;
  subject: string;
  /** Greeted by name in the first line. */
  recipientName: string;
  /** Whole paragraphs (each a sentence or more), never fragments to be joined. */
  paragraphs: string[];
  /** Why the recipient gets this (a catalogue text: reminder, notification). */
  reason: string;
  /** A link the email is for (a password reset), as a button after the paragraphs. */
  action?: { label: string; url: string };
  /** Paragraphs after the button. */
  after?: string[];
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Font stacks people's mail clients have: Urdu prefers Nastaliq (as printed Urdu is) and falls
 * back to Naskh; Chinese the usual Simplified Chinese system fonts.
 */
const FONT_STACKS: Record<Locale, string> = {
  en: "'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  zh: "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans SC', 'Source Han Sans SC', sans-serif",
  ur: "'Noto Nastaliq Urdu', 'Jameel Noori Nastaleeq', 'Urdu Typesetting', 'Noto Naskh Arabic', Tahoma, sans-serif",
};

/** Nastaliq's descending joins need a taller line than Latin or Chinese. */
const LINE_HEIGHT: Record<Locale, string> = { en: '1.6', zh: '1.7', ur: '2.2' };

/** The layout in MJML; `[[name]]` slots are filled (HTML-escaped) after MJML compiled it. */
function layout(locale: Locale): string {
  const rtl = isRightToLeft(locale);
  const align = rtl ? 'right' : 'left';
  // MJML's own wrappers set no direction; each block says its own, or mail clients lay Urdu
  // sentences out left to right (Latin words and numbers then split them apart).
  const dir = rtl ? 'rtl' : 'ltr';
  const block = (slot: string) => `<div dir="${dir}">${slot}</div>`;
  return `<mjml lang="${INTL_LOCALE[locale]}" dir="${rtl ? 'rtl' : 'ltr'}">
  <mj-head>
    <mj-title>[[subject]]</mj-title>
    <mj-attributes>
      <mj-all font-family="${FONT_STACKS[locale]}" />
      <mj-text font-size="15px" line-height="${LINE_HEIGHT[locale]}" color="#1f2933" align="${align}" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f6f8" width="600px">
    <mj-section background-color="#0b3d63" padding="16px 24px">
      <mj-column>
        <mj-text color="#ffffff" font-size="20px" font-weight="700" padding-bottom="0">${block('[[brand]]')}</mj-text>
        <mj-text color="#cfe0ef" font-size="13px">${block('[[tagline]]')}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text font-size="18px" font-weight="700" color="#0b3d63">${block('[[subject]]')}</mj-text>
        <mj-text>${block('[[greeting]]')}</mj-text>
        <mj-text>${block('[[paragraphs]]')}</mj-text>
        <mj-text>${block('[[action]]')}</mj-text>
        <mj-text>${block('[[after]]')}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 24px">
      <mj-column>
        <mj-text font-size="12px" color="#6b7280">${block('[[signature]]<br />[[reason]]')}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

/** Each language's layout is compiled once per process (MJML takes tens of milliseconds). */
const compiled = new Map<Locale, Promise<string>>();

async function compiledLayout(locale: Locale): Promise<string> {
  let html = compiled.get(locale);
  if (!html) {
    html = mjml2html(layout(locale), { validationLevel: 'strict' }).then((r) => r.html);
    compiled.set(locale, html);
    html.catch(() => compiled.delete(locale));
  }
  return html;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A link styled as a button (inline styles: mail clients drop style sheets). */
function actionButton(action: { label: string; url: string }): string {
  const href = escapeHtml(action.url);
  return (
    `<a href="${href}" style="display:inline-block;background:#0b3d63;color:#ffffff;` +
    `text-decoration:none;font-weight:700;padding:10px 20px;border-radius:6px">` +
    `${escapeHtml(action.label)}</a><br /><span style="font-size:12px;color:#6b7280;` +
    `word-break:break-all" dir="ltr">${href}</span>`
  );
}

/**
 * A multipart email (plain text and HTML) from the shared layout: the brand, a heading, the
 * greeting, the paragraphs and the footer, right to left for Urdu.
 */
export async function renderEmail(content: EmailContent): Promise<RenderedEmail> {
  const t = (key: string, params?: Record<string, string>) =>
    translate(content.locale, key, params);
  const greeting = t('email.greeting', { name: content.recipientName });
  const signature = t('email.signature');
  const body = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
    ...(content.after ?? []),
  ];
  const text = `${greeting}\n\n${body.join('\n\n')}\n\n-- \n${signature}\n${content.reason}\n`;
  const slots: Record<string, string> = {
    subject: escapeHtml(content.subject),
    brand: escapeHtml(t('report.brand')),
    tagline: escapeHtml(t('report.tagline')),
    greeting: escapeHtml(greeting),
    paragraphs: content.paragraphs.map(escapeHtml).join('<br /><br />'),
    action: content.action ? actionButton(content.action) : '',
    after: (content.after ?? []).map(escapeHtml).join('<br /><br />'),
    signature: escapeHtml(signature),
    reason: escapeHtml(content.reason),
  };
  const html = (await compiledLayout(content.locale)).replace(
    /\[\[(\w+)\]\]/g,
    (slot, name: string) => slots[name] ?? slot,
  );
  return { subject: content.subject, text, html };
}
