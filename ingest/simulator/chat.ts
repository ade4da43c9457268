// Chat text: fills the grammar's templates for a viewer in their own style, crowd replies to the
// host, and the near-duplicate edits a bot campaign makes to a few base texts.
import {
  CITIES_EN, CITIES_ZH, COLORS_EN, COLORS_ZH, DETAIL_EN, DETAIL_ZH, EMOJI, EN, EXCLAIM_END, INTENT_WEIGHTS, LAUGH_EN, LAUGH_ZH, PRODUCT_NOUNS_EN,
  QUESTION_END, SIZES, SIZES_EN, SKIN_EN, SKIN_ZH, WAVE_WORDS, ZH, type Intent,
} from './chat-grammar.js';
import type { Rng } from './random.js';
import type { Product } from './sim-types.js';

export interface ChatStyle {
  lang: 'zh' | 'en';
  /** Chance that an emoji slot gets an emoji. */
  emoji: number;
  favourites: readonly string[];
  /** Chance of a personal touch on a message: trailing emoji or punctuation, a filler, an @. */
  flourish: number;
}

export interface Situation {
  /** Product pinned at the time, if any. */
  pinned?: number;
  /** A pin happened in the last minute and a half. */
  freshPin: boolean;
  /** The viewer just bought this product. */
  bought?: number;
  /** A flash sale just ended. */
  afterFlash: boolean;
}

const INTENTS = Object.keys(INTENT_WEIGHTS) as Intent[];
const TRAILING_DECOR = /(?:\p{Extended_Pictographic}|\uFE0F|\[[^\]\s]{1,4}\]|[!！~～?？。.])+$/u;

export class Chat {
  readonly #products: readonly Product[];
  readonly #host: string;

  constructor(products: readonly Product[], host: string) {
    this.#products = products;
    this.#host = host;
  }

  style(rng: Rng, zhShare: number): ChatStyle {
    const favourites = [rng.pick(EMOJI), rng.pick(EMOJI), rng.pick(EMOJI)];
    return { lang: rng.chance(zhShare) ? 'zh' : 'en', emoji: rng.chance(0.3) ? rng.uniform(0.3, 0.8) : rng.uniform(0, 0.2), favourites, flourish: rng.uniform(0, 0.5) };
  }

  intent(rng: Rng, s: Situation): Intent {
    if (s.bought !== undefined && rng.chance(0.5)) return 'bought';
    if (s.afterFlash && rng.chance(0.3)) return 'missed';
    if (s.freshPin && rng.chance(0.45)) return rng.chance(0.5) ? 'askPrice' : 'askDetail';
    return rng.weighted(INTENTS, INTENTS.map((i) => INTENT_WEIGHTS[i]));
  }

  /** One message of `intent` about `product` (or the pinned one, or any). */
  say(rng: Rng, style: ChatStyle, intent: Intent, product: number | undefined): string {
    const productIndex = product ?? rng.int(0, this.#products.length - 1);
    let templates = (style.lang === 'zh' ? ZH : EN)[intent];
    const category = this.#products[productIndex]?.category;
    if (intent === 'askDetail' && category && rng.chance(0.7)) templates = (style.lang === 'zh' ? DETAIL_ZH : DETAIL_EN)[category];
    return this.#flourish(rng, style, this.#render(rng, style, rng.pick(templates), productIndex));
  }

  #flourish(rng: Rng, style: ChatStyle, text: string): string {
    if (!rng.chance(style.flourish)) return text;
    switch (rng.int(0, 4)) {
      case 0: return text + emojis(rng, style);
      case 1: return text.replace(TRAILING_DECOR, '') + rng.pick(EXCLAIM_END.slice(2));
      case 2: return style.lang === 'zh' ? rng.pick(['诶 ', '哇 ', '啊啊 ', '家人们 ', '姐妹们 ']) + text : rng.pick(['omg ', 'wow ', 'guys ', 'ok ']) + text;
      case 3: return `@${this.#host} ${text}`;
      default: return style.lang === 'zh' ? text + rng.pick(['呀', '啊', '哈', '嘛', '呢']) : text + rng.pick([' pls', ' haha', ' :)', ' ❤']);
    }
  }

  /** A crowd reply to the host's prompt: the same few words typed by many viewers. */
  waveReply(rng: Rng, style: ChatStyle, kind: 'one' | 'want'): string {
    const w = WAVE_WORDS[kind];
    const text = style.lang === 'zh' ? rng.weighted(w.zh, w.zhWeights) : rng.weighted(w.en, w.enWeights);
    return this.#render(rng, style, text, 0);
  }

  /** Base texts of a bot campaign: generic praise and hype, products named are off the show. */
  campaign(rng: Rng, offProducts: readonly number[], zhShare: number): string[] {
    const count = rng.int(2, 5);
    const bases: string[] = [];
    const englishToo = rng.chance(0.5);
    for (let i = 0; i < count; i++) {
      const lang = (i === count - 1 && englishToo) || !rng.chance(zhShare) ? 'en' : 'zh';
      const style: ChatStyle = { lang, emoji: 0.7, favourites: [rng.pick(EMOJI), rng.pick(EMOJI)], flourish: 0.3 };
      const intent = rng.weighted<Intent>(['hype', 'praise', 'greet', 'chat'], [40, 35, 10, 15]);
      const product = offProducts.length > 0 ? rng.pick(offProducts) : undefined;
      bases.push(this.say(rng, style, intent, product));
    }
    return bases;
  }

  /** A near-duplicate of `base`: emoji, punctuation, numbers, a filler word, a doubled or stray character. */
  mutate(rng: Rng, base: string): string {
    const cjk = /\p{Script=Han}/u.test(base);
    let text = base;
    const ops = rng.int(1, 3);
    for (let i = 0; i < ops; i++) {
      switch (rng.int(0, 6)) {
        case 0: text = text.replace(TRAILING_DECOR, '') + decoration(rng); break;
        case 1: text = text.replace(/\d+/g, () => String(rng.int(1, 9))); break;
        case 2: text = (cjk ? rng.pick(['真的', '家人们', '姐妹们', '哇', '啊啊']) : rng.pick(['so ', 'omg ', 'wow ', 'really '])) + text; break;
        case 3: text = doubleLast(text); break;
        case 4: text = rng.chance(0.5) ? `@${this.#host} ${text}` : text.replace(/\s+/, '  '); break;
        case 5: text += rng.pick(cjk ? ['。', '.', 'a', 'q', '1', '～～', '呀', '哦'] : ['.', 'a', 'x', '1', ' !!', ' ~']); break;
        default: text = text.replace(TRAILING_DECOR, '') + rng.pick(EXCLAIM_END); break;
      }
    }
    return text.trim() || base;
  }

  #render(rng: Rng, style: ChatStyle, template: string, productIndex: number): string {
    const product = this.#products[productIndex];
    const otherIndex = (productIndex + rng.int(1, Math.max(1, this.#products.length - 1))) % this.#products.length;
    const other = this.#products[otherIndex];
    return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
      switch (slot) {
        case 'p': return productZh(rng, product, productIndex);
        case 'p2': return productZh(rng, other, otherIndex);
        case 'pe': return product?.titleEn && rng.chance(0.7) ? product.titleEn : rng.pick(PRODUCT_NOUNS_EN);
        case 'pe2': return other?.titleEn ?? 'the other one';
        case 'c': return rng.pick(COLORS_ZH);
        case 'ce': return rng.pick(COLORS_EN);
        case 's': return rng.pick(SIZES);
        case 'sEn': return rng.pick(SIZES_EN);
        case 'skin': return rng.pick(SKIN_ZH);
        case 'skinEn': return rng.pick(SKIN_EN);
        case 'city': return rng.pick(CITIES_ZH);
        case 'cityEn': return rng.pick(CITIES_EN);
        case 'n': return String(rng.chance(0.9) ? rng.zipf(6, 1.2) : rng.int(7, 12));
        case 'h': return String(rng.int(150, 186));
        case 'w': return rng.chance(0.6) ? `${rng.int(85, 165)}斤` : `${rng.int(42, 82)}kg`;
        case 'q': return rng.pick(QUESTION_END);
        case 'x': return rng.pick(EXCLAIM_END);
        case 'ha': return rng.pick(LAUGH_ZH);
        case 'haEn': return rng.pick(LAUGH_EN);
        case 'host': return this.#host;
        case 'e': return rng.chance(style.emoji) ? emojis(rng, style) : '';
        default: return '';
      }
    });
  }
}

function productZh(rng: Rng, product: Product | undefined, index: number): string {
  const r = rng.next();
  if (!product || r < 0.15) return '这个';
  if (r < 0.3) return `${index + 1}号链接`;
  if (r < 0.38) return `${index + 1}号`;
  const short = product.title.split(/\s+/)[0] ?? product.title;
  return short.length > 6 && rng.chance(0.5) ? short.slice(-Math.min(4, short.length)) : short;
}

function emojis(rng: Rng, style: ChatStyle): string {
  const e = rng.chance(0.7) ? rng.pick(style.favourites) : rng.pick(EMOJI);
  return e.repeat(rng.chance(0.75) ? 1 : rng.int(2, 3));
}

function decoration(rng: Rng): string {
  const n = rng.int(0, 3);
  let out = rng.chance(0.4) ? rng.pick(EXCLAIM_END) : '';
  for (let i = 0; i < n; i++) out += rng.pick(EMOJI);
  return out;
}

/** Doubles the last letter before any trailing emoji or punctuation ("好看" → "好看看"). */
function doubleLast(text: string): string {
  const decor = TRAILING_DECOR.exec(text)?.[0] ?? '';
  const chars = Array.from(text.slice(0, text.length - decor.length));
  const last = chars[chars.length - 1];
  return last === undefined || last === ' ' ? text : chars.join('') + last + decor;
}
