// The words of the chat: templates per intent in Chinese and English, with slots ({p} product,
// {c} colour, {city}, {n}, {e} emoji, ...) filled per message. Bots and viewers draw from the same
// grammar, so no phrase belongs to bots alone.

export type Intent = 'greet' | 'askPrice' | 'askDetail' | 'praise' | 'hype' | 'bought' | 'missed' | 'chat' | 'complain';

export const ZH: Record<Intent, readonly string[]> = {
  greet: [
    '主播晚上好{e}', '来了来了{e}', '{city}的来报到', '第一次来直播间', '又来啦{e}', '主播好{x}', '打卡{e}', 'hello主播',
    '刚进来 错过了啥', '宝宝们好', '下班第一件事就是来看直播', '从{city}赶过来的{e}', '报道报道', '我来晚了{e}', '蹲到了{x}',
    '终于开播了', '每天都在等{e}', '点进来就走不动了', '{ha} 来了',
  ],
  askPrice: [
    '{p}多少钱{q}', '{p}现在什么价{q}', '{p}还有优惠吗', '{p}有没有券', '{p}今天多少', '{p}链接在哪{q}', '{p}是几号链接',
    '几号链接{q}', '{p}能便宜点吗', '{p}买{n}个有优惠吗', '{p}比旗舰店便宜吗', '{p}拍{n}件包邮吗', '这个价格包邮吗', '{p}有赠品吗',
    '上链接{x}', '{p}还会降价吗', '{p}到手多少钱', '{p}券怎么领', '怎么领券{q}', '{p}是最低价吗',
  ],
  askDetail: [
    '{p}是正品吗', '{p}发什么快递', '{city}几天能到', '{p}和上次的有什么区别', '{p}有没有小样', '{p}是哪里产的',
    '{p}可以七天无理由吗', '{p}什么时候发货', '{p}有现货吗', '{p}学生党适合吗', '{p}能试一下吗', '{p}有几个颜色',
    '{p}和{p2}哪个好', '{p}送人合适吗', '{p}包装好看吗', '{p}能开发票吗', '发{city}包邮吗', '{p}有没有套装',
  ],
  praise: [
    '好好看{e}', '太美了吧{e}', '{p}绝了', '主播好会搭', '这个颜色好显白', '{p}我已经回购{n}次了', '上次买的{p}很好用{e}',
    '质量真的好', '性价比好高', '{p}真的很香', '爱了爱了{e}', '{c}的好好看{x}', '{p}我妈也在用', '{p}用了{n}个月 真的可以',
    '主播皮肤好好', '这个上身效果好', '{p}颜值好高', '想要{c}的{e}', '看着就很高级', '{p}比图片好看', '{p}好适合秋天', '心动了{e}',
  ],
  hype: [
    '主播人美心善', '这个直播间太良心了', '大家快买 真的好用', '支持支持{e}', '关注主播不迷路', '家人们冲{x}', '冲冲冲{e}',
    '支持主播{e}', '主播辛苦了', '直播间福利太好了', '闭眼入{x}', '必须支持一下', '良心主播{e}', '今天的价格太划算了',
  ],
  bought: [
    '已拍{e}', '拍了{n}单', '已下单{x}', '抢到了{e}', '付款了', '拍了{p}', '给我妈也拍了一个', '已拍 等发货', '{p}已拍{x}',
    '拍了{n}件{e}', '下单了 期待', '终于抢到了{x}',
  ],
  missed: ['没抢到{e}', '怎么又没了', '能不能再上点库存', '手慢了', '还会补货吗', '{p}什么时候返场', '卡了没付上款', '库存太少了吧'],
  chat: [
    '背景音乐叫什么', '主播今天好漂亮', '{ha}', '笑死{e}', '主播几点下播', '明天还播吗', '你们都买了啥', '{city}下雨了',
    '刚下班来看看', '助理好可爱', '主播声音好好听', '今天好多人啊', '我也是{city}的', '主播喝口水吧', '{ha} 主播太逗了',
    '这个灯光好好看', '后面那个是什么', '主播的耳环哪里买的', '今天状态真好', '昨天怎么没播',
  ],
  complain: [
    '上次的还没发货', '客服一直不回', '比昨天贵了', '{p}缺货好几天了', '怎么申请退款', '能开发票吗', '{p}收到是坏的',
    '物流太慢了', '怎么没有赠品', '卡住了 刷新不出来',
  ],
};

export const EN: Record<Intent, readonly string[]> = {
  greet: [
    'hi {host}{e}', 'hello from {cityEn}', 'just joined!', 'first time here', 'good evening everyone', 'hey hey{e}', 'finally live{x}',
    'back again{e}', 'made it{x}', 'what did I miss?', 'hi all', 'watching from {cityEn}{e}',
  ],
  askPrice: [
    'how much is the {pe}?', 'price for {pe}?', 'is there a discount on the {pe}', 'any coupon today?', 'link for the {pe} pls',
    'which number is the {pe}?', 'free shipping on the {pe}?', 'is this the lowest price?', 'bundle deal if I get {n}?',
    'how do I get the coupon', 'link pls{x}', 'price?',
  ],
  askDetail: [
    'ship to {cityEn}?', 'how long does shipping take', 'is the {pe} authentic?', 'return policy?', 'can you try the {pe}?',
    'is the {pe} a good gift?', 'any bundle with the {pe}?', 'what colors does the {pe} come in?', '{pe} vs {pe2}, which one?',
  ],
  praise: [
    'love it{e}', 'so pretty{e}', 'the {pe} looks amazing', 'been using the {pe} for {n} months, great', 'great deal', 'omg need this',
    'you look great today', 'the {ce} one is gorgeous', 'quality looks solid', 'that color suits you{e}', 'my mom loves the {pe}',
  ],
  hype: [
    'best live ever{e}', 'everyone should buy this', 'support{x}', 'great stream{e}', 'love this channel', 'such a good deal, go go go',
    'follow the host guys', 'amazing host{e}',
  ],
  bought: ['just ordered{e}', 'bought {n}!', 'got it!', 'ordered the {pe}', 'done, paid', 'got the {pe}{x}', 'ordered {n} for my family'],
  missed: ['sold out already?', 'missed it{e}', 'restock pls', 'will it come back?', 'payment failed, sold out now'],
  chat: [
    "what's the song?", 'lol', '{haEn}{e}', 'what time do you end', 'same time tomorrow?', 'just got off work', 'so many people tonight',
    'drink some water', 'where are the earrings from?', 'love the lighting',
  ],
  complain: ["my last order hasn't shipped", 'customer service not replying', 'price went up?', 'mine arrived broken', 'shipping is so slow'],
};

export const EMOJI = ['😍', '❤️', '👍', '🔥', '🥰', '😂', '👏', '🎉', '💯', '🌹', '😭', '🤩', '✨', '💕', '😘', '🙏', '[爱心]', '[赞]', '[玫瑰]', '[呲牙]'];
export const COLORS_ZH = ['黑色', '白色', '米色', '粉色', '蓝色', '灰色', '杏色', '焦糖色', '奶白', '雾霾蓝', '酒红', '卡其'];
export const COLORS_EN = ['black', 'white', 'beige', 'pink', 'blue', 'grey', 'navy', 'cream', 'burgundy', 'khaki'];
export const SIZES = ['S码', 'M码', 'L码', 'XL', '均码', '大码', '小码', '36', '37', '38', '39'];
export const SIZES_EN = ['S', 'M', 'L', 'XL', 'size 6', 'size 8', 'one size'];
export const SKIN_ZH = ['油皮', '干皮', '混油皮', '敏感肌', '痘肌', '熟龄肌'];
export const SKIN_EN = ['oily', 'dry', 'combination', 'sensitive', 'acne-prone'];
export const CITIES_ZH = ['北京', '上海', '广州', '深圳', '杭州', '成都', '重庆', '武汉', '西安', '南京', '长沙', '郑州', '沈阳', '哈尔滨', '昆明', '厦门', '青岛', '苏州', '天津', '新疆', '海南', '内蒙'];
export const CITIES_EN = ['Singapore', 'KL', 'Jakarta', 'Manila', 'Bangkok', 'London', 'Toronto', 'Sydney', 'LA', 'New York', 'Dubai', 'Hong Kong'];
export const PRODUCT_NOUNS_EN = ['this one', 'the pinned one', 'it', 'the set', 'this item'];
export const QUESTION_END = ['', '', '?', '？', '呀', '啊', '呢', '??'];
export const EXCLAIM_END = ['', '', '!', '！', '!!', '～', '~', '！！！'];
export const LAUGH_ZH = ['哈哈', '哈哈哈', '哈哈哈哈', '哈哈哈哈哈哈', 'hhh', 'hhhhh', '笑死'];
export const LAUGH_EN = ['haha', 'hahaha', 'lol', 'lmao', 'hehe'];

export type Category = 'beauty' | 'fashion' | 'food' | 'home' | 'tech';

/** Questions that only make sense for some products. */
export const DETAIL_ZH: Record<Category, readonly string[]> = {
  beauty: ['{p}适合{skin}吗', '{p}保质期多久', '{p}能用多久', '{p}敏感肌能用吗', '{p}孕妇能用吗', '{p}多大容量', '{p}什么味道', '{p}男生能用吗', '{p}一天用几次', '{p}会不会搓泥', '{skin}用{p}会闷痘吗', '{p}要不要建立耐受'],
  fashion: ['{p}有{c}吗', '{p}{s}有货吗', '身高{h}体重{w}穿什么码', '主播试一下{c}的', '{p}洗了会缩水吗', '{p}起球吗', '{c}和{c}哪个好看', '{h}的能穿吗', '{p}会不会很厚', '{p}偏大还是偏小', '{p}什么面料', '{p}掉色吗'],
  food: ['{p}保质期多久', '{p}甜不甜', '{p}辣不辣', '{p}是什么口味', '{p}孕妇能吃吗', '{p}一袋多少克', '{p}小孩能吃吗', '{p}热量高吗', '{p}生产日期是几月的', '{p}要冷藏吗'],
  home: ['{p}多大尺寸', '{p}什么材质', '{p}好清洗吗', '{p}有味道吗', '{p}有{c}吗', '{p}能机洗吗', '{p}电磁炉能用吗', '{p}保修多久'],
  tech: ['{p}续航多久', '{p}保修多久', '{p}支持安卓吗', '{p}苹果能用吗', '{p}防水吗', '{p}充电多久', '{p}有{c}吗', '{p}降噪效果怎么样', '{p}能带上飞机吗', '{p}是国行吗'],
};

export const DETAIL_EN: Record<Category, readonly string[]> = {
  beauty: ['is it good for {skinEn} skin?', 'how long does the {pe} last?', 'is the {pe} fragrance free?', 'safe during pregnancy?', 'does the {pe} pill?'],
  fashion: ['does the {pe} come in {ce}?', 'is {sEn} in stock?', 'can you show the {ce} one', 'what size should I get at {h}cm', 'does the {pe} shrink?', 'true to size?'],
  food: ['is the {pe} spicy?', 'is it sweet?', 'expiry date?', 'kids can eat it?', 'does it need the fridge?'],
  home: ['what size is the {pe}?', 'is the {pe} machine washable?', 'what material?', 'does it smell?'],
  tech: ['battery life of the {pe}?', 'works with iPhone?', 'is the {pe} waterproof?', 'warranty?', 'how good is the noise cancelling?'],
};

/** Replies a crowd types when the host asks; the very same short text from many real viewers. */
export const WAVE_WORDS: Record<'one' | 'want', { zh: readonly string[]; zhWeights: readonly number[]; en: readonly string[]; enWeights: readonly number[] }> = {
  one: { zh: ['1', '11', '111', '1111', '扣1', '扣1了', '１'], zhWeights: [50, 12, 12, 6, 14, 3, 3], en: ['1', '11', '111', '+1', 'me'], enWeights: [55, 10, 10, 15, 10] },
  want: { zh: ['想要', '想要想要', '要', '要要要', '我要', '想要{e}'], zhWeights: [45, 10, 15, 12, 12, 6], en: ['want', 'want!', 'me!', 'I want', 'yes pls'], enWeights: [35, 15, 20, 15, 15] },
};

/** How often each intent is chosen by a viewer when nothing in particular is happening. */
export const INTENT_WEIGHTS: Record<Intent, number> = {
  greet: 10, askPrice: 16, askDetail: 18, praise: 16, hype: 4, bought: 0, missed: 0, chat: 14, complain: 3,
};
