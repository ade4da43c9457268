// A brand-agnostic product catalogue for presets: beauty, fashion, food, home and gadgets, with
// Chinese titles, short English names and realistic list prices in CNY.
import type { Rng } from './random.js';
import type { Product } from './sim-types.js';

export const CATALOG: readonly Product[] = [
  { id: 'sku-serum-30', title: '玻尿酸补水精华 30ml', titleEn: 'hydrating serum', price: '199.00', category: 'beauty' },
  { id: 'sku-cream-50', title: '修护面霜 50g', titleEn: 'repair cream', price: '259.00', category: 'beauty' },
  { id: 'sku-cleanser', title: '氨基酸洗面奶 120g', titleEn: 'cleanser', price: '69.90', category: 'beauty' },
  { id: 'sku-sunscreen', title: '清透防晒乳 SPF50', titleEn: 'sunscreen', price: '129.00', category: 'beauty' },
  { id: 'sku-lipstick', title: '丝绒哑光口红', titleEn: 'matte lipstick', price: '89.00', category: 'beauty' },
  { id: 'sku-mask-10', title: '补水面膜 10片装', titleEn: 'sheet masks', price: '59.90', category: 'beauty' },
  { id: 'sku-scarf', title: '羊绒围巾 秋冬款', titleEn: 'cashmere scarf', price: '359.00', category: 'fashion' },
  { id: 'sku-coat', title: '双面呢大衣 中长款', titleEn: 'wool coat', price: '899.00', category: 'fashion' },
  { id: 'sku-jeans', title: '高腰直筒牛仔裤', titleEn: 'straight jeans', price: '169.00', category: 'fashion' },
  { id: 'sku-sneaker', title: '厚底老爹鞋', titleEn: 'chunky sneakers', price: '239.00', category: 'fashion' },
  { id: 'sku-tee', title: '纯棉短袖T恤 三件装', titleEn: 'cotton tees', price: '99.00', category: 'fashion' },
  { id: 'sku-bag', title: '真皮托特包', titleEn: 'leather tote', price: '529.00', category: 'fashion' },
  { id: 'sku-nuts', title: '每日坚果 30袋', titleEn: 'daily nuts', price: '79.90', category: 'food' },
  { id: 'sku-tea', title: '明前龙井 250g', titleEn: 'longjing tea', price: '188.00', category: 'food' },
  { id: 'sku-beef', title: '原切牛排 10片', titleEn: 'steaks', price: '139.00', category: 'food' },
  { id: 'sku-coffee', title: '冻干咖啡 24颗', titleEn: 'instant coffee', price: '49.90', category: 'food' },
  { id: 'sku-noodle', title: '螺蛳粉 5袋装', titleEn: 'snail noodles', price: '39.90', category: 'food' },
  { id: 'sku-pillow', title: '乳胶枕 一对', titleEn: 'latex pillows', price: '159.00', category: 'home' },
  { id: 'sku-towel', title: '长绒棉浴巾', titleEn: 'bath towel', price: '69.00', category: 'home' },
  { id: 'sku-pan', title: '不粘炒锅 32cm', titleEn: 'frying pan', price: '219.00', category: 'home' },
  { id: 'sku-earbuds', title: '蓝牙耳机 主动降噪', titleEn: 'earbuds', price: '499.00', category: 'tech' },
  { id: 'sku-powerbank', title: '快充充电宝 20000mAh', titleEn: 'power bank', price: '129.00', category: 'tech' },
  { id: 'sku-shaver', title: '电动剃须刀', titleEn: 'shaver', price: '299.00', category: 'tech' },
  { id: 'sku-lamp', title: '护眼台灯', titleEn: 'desk lamp', price: '189.00', category: 'tech' },
];

/** `n` distinct products, drawn from one or two neighbouring categories (a creator's niche). */
export function pickProducts(rng: Rng, n: number): Product[] {
  const start = rng.int(0, CATALOG.length - 1);
  const span = Math.min(CATALOG.length, Math.max(n, rng.int(n, n + 6)));
  const pool: Product[] = [];
  for (let i = 0; i < span; i++) pool.push(CATALOG[(start + i) % CATALOG.length]!);
  return rng.shuffle(pool).slice(0, n);
}
