import * as fs from 'fs';
import * as path from 'path';
import bidiFactory from 'bidi-js';
import type { Locale } from '../../common/i18n';

/** Letters of the Arabic script (Urdu included) and its presentation forms. */
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
const NEUTRAL = /[\s\p{P}\p{S}]/u;
/** Neutral characters Noto Naskh Arabic has a glyph for; other punctuation prints in the Latin font. */
const NASKH_NEUTRAL = /[ !,.:\u060c\u061b\u061f\u06d4]/;

let bidi: ReturnType<typeof bidiFactory> | undefined;

/**
 * Without `features`, pdfkit shapes a string word by word (for its cache) and concatenates the
 * words in logical order: right-to-left words then come out in the wrong order, the spaces at
 * the wrong ends. With `features` it hands fontkit the whole run, which shapes and orders it.
 */
const WHOLE_RUN = { features: [] as PDFKit.Mixins.OpenTypeFeatures[] };

export interface TextOptions {
  width?: number;
  height?: number;
  align?: 'left' | 'right' | 'center';
  lineBreak?: boolean;
  ellipsis?: boolean;
}

/**
 * How a PDF prints text in one language. `regular`/`bold` are the registered font names the
 * renderer selects with `doc.font()`; `text` and `width` print and measure one line in whichever
 * font was selected last.
 */
export interface PdfTypeface {
  regular: string;
  bold: string;
  rtl: boolean;
  /** Makes a string printable with the chosen font. */
  clean: (s: string) => string;
  text: (
    doc: PDFKit.PDFDocument,
    s: string,
    x?: number,
    y?: number,
    options?: TextOptions,
  ) => PDFKit.PDFDocument;
  width: (doc: PDFKit.PDFDocument, s: string) => number;
}

/**
 * Fonts that carry Chinese and Urdu, shipped as npm packages (no download at run time):
 * Noto Sans SC (as "Noto Sans Hans", GB 2312 coverage, which includes Latin) and Noto Naskh
 * Arabic (Urdu letters, no Latin). Naskh rather than Nastaliq: fontkit shapes Naskh's joining
 * and marks reliably; Nastaliq's cascading baseline it does not.
 */
export const BUNDLED_FONTS = {
  cjkRegular: packagedFont('@embedpdf/fonts-sc', 'NotoSansHans-Regular.otf'),
  cjkBold: packagedFont('@embedpdf/fonts-sc', 'NotoSansHans-Bold.otf'),
  arabicRegular: packagedFont('@embedpdf/fonts-arabic', 'NotoNaskhArabic-Regular.ttf'),
  arabicBold: packagedFont('@embedpdf/fonts-arabic', 'NotoNaskhArabic-Bold.ttf'),
};

/** A font file of a font package: the packages export only their list, the files sit in fonts/. */
function packagedFont(pkg: string, file: string): string {
  // <package>/dist/index.cjs → <package>/fonts/<file>
  return path.join(path.dirname(require.resolve(pkg)), '..', 'fonts', file);
}

/** Font files are read once per process (the Chinese ones are 8 MB each). */
const fontCache = new Map<string, Buffer>();
const fontBytes = (file: string) => {
  let bytes = fontCache.get(file);
  if (!bytes) fontCache.set(file, (bytes = fs.readFileSync(file)));
  return bytes;
};

/** The logical runs of one line: same bidi level and same script (Arabic or not). */
interface Run {
  text: string;
  level: number;
  arabic: boolean;
}

/**
 * A line in visual order, left to right (Unicode bidi algorithm, paragraph direction `rtl`):
 * Urdu words right to left, Latin words and numbers left to right inside them. Runs at an odd
 * level read right to left: fontkit reverses and joins Arabic ones as it shapes them; others
 * (neutrals between two scripts) are reversed and mirrored here.
 */
export function visualRuns(line: string, rtl: boolean): Run[] {
  bidi ??= bidiFactory();
  const { levels } = bidi.getEmbeddingLevels(line, rtl ? 'rtl' : 'ltr');
  const chars = [...line];
  // Code-unit offsets of each code point, as bidi-js levels are per UTF-16 unit.
  const runs: Run[] = [];
  let unit = 0;
  let previousArabic: boolean | undefined;
  chars.forEach((ch) => {
    const level = levels[unit];
    unit += ch.length;
    const arabic = ARABIC.test(ch) || (NASKH_NEUTRAL.test(ch) && previousArabic === true);
    previousArabic = NEUTRAL.test(ch) ? previousArabic : arabic;
    const last = runs[runs.length - 1];
    if (last && last.level === level && last.arabic === arabic) last.text += ch;
    else runs.push({ text: ch, level, arabic });
  });
  // Rule L2: from the highest level down to the lowest odd one, reverse each sequence of runs
  // at that level or higher.
  const max = Math.max(0, ...runs.map((r) => r.level));
  const lowestOdd = Math.min(...runs.map((r) => r.level).filter((l) => l % 2 === 1), max + 1);
  for (let level = max; level >= lowestOdd; level--) {
    for (let i = 0; i < runs.length;) {
      if (runs[i].level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j].level >= level) j++;
      const reversed = runs.slice(i, j).reverse();
      runs.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  return runs.map((r) =>
    r.level % 2 === 1 && !r.arabic
      ? {
          ...r,
          text: [...r.text]
            .reverse()
            .map((c) => bidi!.getMirroredCharacter(c) ?? c)
            .join(''),
        }
      : r,
  );
}

/** Left-to-right text in one font per weight (English, Chinese). */
export function plainTypeface(
  regular: string,
  bold: string,
  clean: (s: string) => string,
): PdfTypeface {
  return {
    regular,
    bold,
    rtl: false,
    clean,
    text: (doc, s, x, y, options) => doc.text(clean(s), x, y, options),
    width: (doc, s) => doc.widthOfString(clean(s)),
  };
}

/**
 * The typeface of a report in `locale`, its fonts registered on `doc`. Chinese prints with Noto
 * Sans SC throughout; Urdu prints Arabic-script runs with Noto Naskh Arabic and everything else
 * (Latin names, digits) with Noto Sans SC, right-aligned, in bidi order.
 */
export function bundledTypeface(
  doc: PDFKit.PDFDocument,
  locale: Exclude<Locale, 'en'>,
): PdfTypeface {
  doc.registerFont('sb-regular', fontBytes(BUNDLED_FONTS.cjkRegular));
  doc.registerFont('sb-bold', fontBytes(BUNDLED_FONTS.cjkBold));
  if (locale === 'zh') return plainTypeface('sb-regular', 'sb-bold', (s) => s);

  doc.registerFont('sb-arabic-regular', fontBytes(BUNDLED_FONTS.arabicRegular));
  doc.registerFont('sb-arabic-bold', fontBytes(BUNDLED_FONTS.arabicBold));
  // Which weight the renderer selected last, so each run gets the same weight in its script.
  let bold = false;
  const select = doc.font.bind(doc);
  doc.font = ((src: string, ...rest: unknown[]) => {
    if (src === 'sb-bold' || src === 'sb-regular') bold = src === 'sb-bold';
    return (select as (...a: unknown[]) => PDFKit.PDFDocument)(src, ...rest);
  }) as typeof doc.font;
  const fontOf = (arabic: boolean) => `sb-${arabic ? 'arabic-' : ''}${bold ? 'bold' : 'regular'}`;
  const lineWidth = (runs: Run[]) => {
    const weight = bold;
    let total = 0;
    for (const r of runs) total += select(fontOf(r.arabic)).widthOfString(r.text, WHOLE_RUN);
    select(fontOf(false));
    bold = weight;
    return total;
  };
  const width = (doc_: PDFKit.PDFDocument, s: string) => lineWidth(visualRuns(s, true));

  const text: PdfTypeface['text'] = (d, s, x, y, options = {}) => {
    const x0 = x ?? d.x;
    const y0 = y ?? d.y;
    const box = options.width ?? d.page.width - d.page.margins.right - x0;
    const weight = bold;
    let line = s.replace(/\s*\n\s*/g, ' ');
    let runs = visualRuns(line, true);
    let total = lineWidth(runs);
    // One line per call (cells, headings): shorten with an ellipsis rather than wrap.
    while (total > box && line.length > 1) {
      line = line.slice(0, -2).trimEnd() + '…';
      runs = visualRuns(line, true);
      total = lineWidth(runs);
    }
    const align = options.align ?? 'right';
    let cx = align === 'left' ? x0 : align === 'center' ? x0 + (box - total) / 2 : x0 + box - total;
    const lineHeight = d.currentLineHeight(true);
    for (const r of runs) {
      select(fontOf(r.arabic));
      d.text(r.text, cx, y0, { lineBreak: false, ...WHOLE_RUN });
      cx += d.widthOfString(r.text, WHOLE_RUN);
    }
    bold = weight;
    select(fontOf(false));
    d.x = x0;
    d.y = y0 + lineHeight;
    return d;
  };
  return { regular: 'sb-regular', bold: 'sb-bold', rtl: true, clean: (s) => s, text, width };
}

const CJK_CHAR = '\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
/** Opening brackets and quotes stay with the character after them, closing ones (and commas) with the one before. */
const OPENING = '（《「『【〈“‘(';
const CLOSING = '）》」』】〉”’，。、：；！？)';

/**
 * Where a line may break: a word with its trailing spaces, a short bracketed note such as
 * "（上期）" kept whole, or one CJK character (ideographs, kana, fullwidth forms: Chinese breaks
 * between any two) with its brackets and trailing spaces.
 */
const TOKENS = new RegExp(
  `（[^（）\\s]{1,4}）[${CLOSING}]*\\s*|[${OPENING}]*[${CJK_CHAR}][${CLOSING}]*\\s*|[^\\s${CJK_CHAR}]+\\s*|\\s+`,
  'g',
);

/**
 * Splits `s` into lines no wider than `width` (as `measure` says, in the font selected): at
 * spaces, between Chinese characters, and inside a word only when the word alone is too wide.
 * Lines stay in logical order; a right-to-left typeface reorders each one as it prints it.
 */
export function wrapLines(s: string, width: number, measure: (s: string) => number): string[] {
  const tokens = s.match(TOKENS) ?? [];
  const lines: string[] = [];
  let line = '';
  const push = () => {
    if (line.trim()) lines.push(line.trim());
    line = '';
  };
  for (const token of tokens) {
    if (measure((line + token).trim()) <= width) {
      line += token;
      continue;
    }
    push();
    if (measure(token.trim()) <= width) {
      line = token;
      continue;
    }
    // A single word wider than the column: break it between characters.
    for (const ch of token) {
      if (line && measure((line + ch).trim()) > width) push();
      line += ch;
    }
  }
  push();
  return lines.length ? lines : [''];
}

/** Width of the widest piece of `s` that {@link wrapLines} keeps on one line. */
export const widestWord = (s: string, measure: (s: string) => number): number =>
  Math.max(0, ...(s.match(TOKENS) ?? []).map((w) => measure(w.trim())));
