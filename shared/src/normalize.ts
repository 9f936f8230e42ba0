/**
 * Keys for the duplicate check (查重/撞单): company names, phone numbers, e-mail addresses and
 * 统一社会信用代码 reduced to a canonical form, so that 「恒远精密机械（苏州）有限公司」 and
 * 「苏州市恒远精密机械有限公司」 meet, and 「+86 138-1234-5678」 meets 「13812345678」.
 *
 * Two keys per company name:
 * - `key` (strong, "same name"): legal form (有限公司, Co., Ltd. …), punctuation, width, case and
 *   noise such as （中国） removed; the administrative division (苏州, 江苏省苏州市, or （苏州）
 *   after the trade name, which Chinese naming rules treat alike) moved to the front; a branch
 *   (…上海分公司) kept apart at the end.
 * - `weakKey` ("similar name"): the same without the division and the branch, and only when what
 *   remains still has a distinctive trade name (字号): 「上海银行」 and 「北京银行」 both reduce to
 *   「银行」, which says nothing, so they get no weak key and never meet.
 *
 * Pure functions: the server stores the keys in indexed columns, the migration back-fills them.
 */

/** What a company name reduces to; null when nothing distinctive is left. */
export interface CompanyKeys {
  key: string | null;
  weakKey: string | null;
}

// Traditional characters common in company names, as pairs with their simplified forms (華为 …).
const T2S = new Map(
  (
    '華华 為为 國国 業业 電电 發发 東东 貿贸 實实 團团 機机 創创 訊讯 網网 際际 術术 產产 開开 場场 員员 ' +
    '無无 車车 書书 長长 門门 問问 時时 會会 學学 義义 達达 億亿 價价 體体 濟济 禮礼 傳传 銀银 質质 歐欧 ' +
    '龍龙 鳳凤 灣湾 廣广 營营 藥药 醫医 興兴 聯联 號号 鐵铁 鋼钢 飛飞 運运 輪轮 氣气 廠厂 製制 裝装 設设 ' +
    '計计 軟软 資资 視视 證证 險险 農农 貨货 縣县 區区 島岛 橋桥 節节 點点 環环 衛卫 頻频 陽阳 雲云 藝艺 ' +
    '樂乐 魚鱼 齊齐 鮮鲜 紙纸 線线 閩闽 滬沪 蘇苏 遼辽 贛赣 粵粤 瀋沈 漢汉 臺台 澤泽 寶宝 貝贝 買买 賣卖 ' +
    '測测 驗验 標标 準准 務务 輸输 進进 這这 與与 萬万 豐丰 匯汇 滙汇 鴻鸿 熱热 燈灯 應应 順顺 潤润 讀读 ' +
    '費费 溫温 錢钱 鑫鑫 緣缘 壽寿 瑪玛 紡纺 織织 綠绿 鋁铝 銅铜 錫锡 礦矿 漁渔 雙双 頭头 嶺岭 陸陆 灣湾'
  )
    .split(' ')
    .map((pair) => [pair[0]!, pair[1]!] as const),
);

/** Provinces and regions (省级). */
const PROVINCES = `北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南
四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门`;
/** Prefecture-level cities (地级). Place names that are also everyday trade names (朝阳, 安康 …) are left out. */
const CITIES = `石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同 阳泉 长治 晋城 朔州 晋中 运城
忻州 临汾 吕梁 呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 沈阳 大连 鞍山 抚顺 本溪 丹东
锦州 营口 阜新 辽阳 盘锦 铁岭 葫芦岛 长春 四平 辽源 白山 松原 延边 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春
佳木斯 七台河 牡丹江 黑河 绥化 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 杭州 宁波 温州
嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州
池州 宣城 福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 宜春 抚州 上饶 济南
青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡
焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州
恩施 长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西 广州 韶关 深圳 珠海 汕头 佛山 江门
湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港
玉林 百色 贺州 河池 来宾 崇左 海口 三亚 三沙 儋州 成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山
宜宾 广安 达州 雅安 巴中 资阳 阿坝 甘孜 凉山 贵阳 六盘水 遵义 铜仁 毕节 黔南 黔东南 黔西南 昆明 曲靖 玉溪 保山
昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏 拉萨 日喀则 昌都 林芝 山南 那曲 西安 铜川 宝鸡 咸阳 渭南
延安 汉中 榆林 商洛 兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏 甘南 西宁 海东 银川 石嘴山
吴忠 固原 中卫 乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 博尔塔拉 巴音郭楞 阿克苏 喀什 和田 伊犁 塔城 阿勒泰 石河子`;
/**
 * County-level cities and districts that often lead a company name (昆山, 浦东新区 …). Districts
 * that double as trade names (宝山 as in 宝山钢铁, 福田 as in 福田汽车, 白云, 南山 …) are left out.
 */
const COUNTIES = `昆山 江阴 常熟 张家港 太仓 宜兴 溧阳 丹阳 义乌 慈溪 余姚 诸暨 温岭 乐清 瑞安 海宁 桐乡 平湖 永康 晋江 石狮
南安 福清 顺德 番禺 萧山 余杭 鄞州 北仑 浦东 闵行 嘉定 松江 青浦 奉贤 海淀 丰台 昌平 顺义 龙岗 宝安 罗湖 江宁
滨海 两江 雄安`;

interface Region {
  name: string;
  /** What may follow the name in its full form (苏州市, 江苏省, 浦东新区). */
  suffixes: readonly string[];
}
const words = (list: string) => list.split(/\s+/).filter(Boolean);
const REGIONS: Region[] = [
  ...words(PROVINCES).map((name) => ({
    name,
    suffixes: ['壮族自治区', '回族自治区', '维吾尔自治区', '特别行政区', '自治区', '省', '市'],
  })),
  ...words(CITIES).map((name) => ({ name, suffixes: ['自治州', '地区', '市', '盟'] })),
  ...words(COUNTIES).map((name) => ({ name, suffixes: ['新区', '区', '县', '市'] })),
].sort((a, b) => b.name.length - a.name.length);
/** Regions by their first character, longest name first: the lookup runs for every name. */
const REGIONS_BY_FIRST = new Map<string, Region[]>();
for (const r of REGIONS) REGIONS_BY_FIRST.set(r.name[0]!, [...(REGIONS_BY_FIRST.get(r.name[0]!) ?? []), r]);
const LATIN_REGIONS: Record<string, string> = {
  china: '',
  prc: '',
  beijing: '北京',
  shanghai: '上海',
  tianjin: '天津',
  chongqing: '重庆',
  guangzhou: '广州',
  shenzhen: '深圳',
  hangzhou: '杭州',
  suzhou: '苏州',
  nanjing: '南京',
  wuhan: '武汉',
  chengdu: '成都',
  xiamen: '厦门',
  qingdao: '青岛',
  dalian: '大连',
  ningbo: '宁波',
  wuxi: '无锡',
  xian: '西安',
  hongkong: '香港',
  hk: '香港',
};

/** The division at the start of `text` (苏州, 苏州市, 内蒙古自治区), as [canonical name, length]. */
function leadingRegion(text: string): [string, number] | null {
  for (const r of REGIONS_BY_FIRST.get(text[0] ?? '') ?? []) {
    if (!text.startsWith(r.name)) continue;
    const suffix = r.suffixes.find((s) => text.startsWith(s, r.name.length));
    return [r.name, r.name.length + (suffix?.length ?? 0)];
  }
  return null;
}

/** Text that is nothing but divisions (苏州, 江苏省苏州市, shanghai): the most specific one; '' for China. */
function regionOf(text: string): string | null {
  if (text in LATIN_REGIONS) return LATIN_REGIONS[text]!;
  let rest = text;
  let found: string | null = null;
  while (rest) {
    const lead = leadingRegion(rest);
    if (!lead) return null;
    found = lead[0];
    rest = rest.slice(lead[1]);
  }
  return found;
}

/** Parenthesised text that is not part of a company's identity. */
const NOISE_IN_PARENS = new Set([
  '中国',
  '中國',
  '集团',
  '控股',
  '股份',
  '有限合伙',
  '普通合伙',
  '特殊普通合伙',
  '有限公司',
  'china',
  'prc',
  'group',
]);

/** Legal forms, longest first: removed from the end of the name (repeatedly). */
const LEGAL_FORMS = [
  '集团股份有限公司',
  '集团有限责任公司',
  '集团有限公司',
  '股份有限公司',
  '有限责任公司',
  '个人独资企业',
  '个体工商户',
  '合伙企业',
  '有限合伙',
  '普通合伙',
  '有限公司',
  '集团公司',
  '股份公司',
  '总公司',
  '公司',
  '集团',
  '股份',
];
/** Branch markers: 「…上海分公司」 is the Shanghai branch of the company before it. */
const BRANCHES = ['分公司', '分行', '支行', '分店', '办事处', '代表处', '营业部', '分厂', '分院', '分部'];
/** English legal forms and noise, removed from the end of a Latin name. */
const LATIN_LEGAL = new Set([
  'co',
  'company',
  'corp',
  'corporation',
  'inc',
  'incorporated',
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'plc',
  'gmbh',
  'ag',
  'se',
  'sa',
  'sas',
  'srl',
  'spa',
  'nv',
  'bv',
  'pte',
  'pty',
  'kk',
  'group',
  'holding',
  'holdings',
  'china',
  'prc',
]);
/**
 * Industry and business words (行业用语): what follows the trade name. A name whose core is
 * nothing but these after the region is removed (「银行」「科技」「贸易发展」) has no weak key.
 */
const INDUSTRY_WORDS =
  `科技 技术 信息 网络 软件 系统 数据 智能 云计算 电子商务 电子 电器 电气 通信 通讯 贸易 商贸 进出口 国际
实业 发展 投资 控股 咨询 管理 服务 机械 精密 制造 设备 工程 建设 建筑 装饰 装修 设计 物流 供应链 运输 医药 医疗
器械 生物 健康 化工 化学 食品 饮料 能源 新能源 材料 新材料 汽车 汽配 环保 环境 文化 传媒 广告 教育 培训 银行 证券
保险 信托 基金 资产 金融 租赁 地产 房地产 置业 物业 餐饮 酒店 百货 商业 零售 超市 农业 纺织 服装 服饰 印刷 包装
塑料 塑胶 钢铁 金属 五金 电力 光电 半导体 仪器 仪表 自动化 模具 家具 家居 人力资源 航空 重工 化纤 大学 学院 医院
集团 企业 工业 产业 有色 矿业 石油 化学 光学 机电 制品 电机 橡胶 玻璃 陶瓷 建材 水泥 照明 安防 网络科技 信息技术`
    .split(/\s+/)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);

/** Width (NFKC), case, traditional characters, and bracket styles made one. */
function fold(text: string): string {
  let s = text.normalize('NFKC').toLowerCase();
  s = [...s].map((ch) => T2S.get(ch) ?? ch).join('');
  return s.replace(/[【〔〖［[{｛]/g, '(').replace(/[】〕〗］\]}｝]/g, ')');
}

const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** Strips legal forms from the end of a Chinese (or mixed) name, and Latin legal words. */
function stripLegalForms(text: string): string {
  let s = text;
  for (let changed = true; changed;) {
    changed = false;
    s = s.replace(/[^\p{L}\p{N}]+$/u, '');
    for (const form of LEGAL_FORMS) {
      if (s.endsWith(form)) {
        s = s.slice(0, -form.length);
        changed = true;
        break;
      }
    }
    const latin = /(?:^|[^a-z0-9])([a-z]+)$/.exec(s);
    if (!changed && latin && LATIN_LEGAL.has(latin[1]!) && s.length > latin[1]!.length) {
      const before = s.slice(0, s.length - latin[1]!.length);
      // Only when something word-like stays in front: "Co" alone is a name.
      if (/[\p{L}\p{N}]/u.test(before)) {
        s = before;
        changed = true;
      }
    }
  }
  return s;
}

/** What is left after trailing industry words are removed: the trade name (字号). */
export function tradeName(core: string): string {
  let s = core;
  for (let changed = true; changed;) {
    changed = false;
    for (const word of INDUSTRY_WORDS) {
      if (s.endsWith(word)) {
        s = s.slice(0, -word.length);
        changed = true;
        break;
      }
    }
  }
  return s;
}

/** A trade name worth matching on: two Chinese characters, or three Latin letters/digits. */
function isDistinctive(trade: string): boolean {
  const han = (trade.match(/\p{Script=Han}/gu) ?? []).length;
  return han >= 2 || trade.length >= 3;
}

/** The keys of a company name. See the module comment. */
export function companyKeys(name: string | null | undefined): CompanyKeys {
  if (!name) return { key: null, weakKey: null };
  let s = fold(name).trim();

  // Parenthesised parts: noise is dropped, a region is remembered, anything else stays as text.
  let parenRegion: string | null = null;
  s = s.replace(/\(([^()]*)\)/g, (_all, inner: string) => {
    const c = inner.replace(NOT_WORD, '');
    if (NOISE_IN_PARENS.has(c) || c === '') return ' ';
    const region = regionOf(c);
    if (region !== null) {
      if (region) parenRegion ??= region;
      return ' ';
    }
    return ` ${inner} `;
  });
  s = s.replace(/[()]/g, ' ');

  // A branch at the end: the part between the company's legal form (or region) and the marker.
  let branch = '';
  const compact = s.replace(NOT_WORD, '');
  const marker = BRANCHES.find((b) => compact.endsWith(b) && compact.length > b.length + 1);
  if (marker) {
    const head = compact.slice(0, -marker.length);
    let cut = -1;
    for (const form of LEGAL_FORMS) {
      const at = head.lastIndexOf(form);
      if (at > 0 && at + form.length > cut) cut = at + form.length;
    }
    if (cut > 0 && cut < head.length) {
      branch = head.slice(cut) + marker;
      s = head.slice(0, cut);
    } else {
      // 「华为技术上海分公司」: no legal form, but a region just before the marker.
      for (let i = Math.max(1, head.length - 8); i < head.length; i++) {
        const region = regionOf(head.slice(i));
        if (region) {
          branch = region + marker;
          s = head.slice(0, i);
          break;
        }
      }
      if (!branch) {
        branch = marker;
        s = head;
      }
    }
  }

  s = stripLegalForms(s);
  // Latin words drop their spaces; stray punctuation goes.
  let core = s.replace(NOT_WORD, '');
  core = stripLegalForms(core);

  // Leading divisions (江苏省苏州市…): the most specific one counts.
  let region: string | null = null;
  for (let guard = 0; guard < 3; guard++) {
    const lead = leadingRegion(core);
    if (!lead || core.length - lead[1] < 2) break;
    region = lead[0];
    core = core.slice(lead[1]);
  }
  region ??= parenRegion;
  core = stripLegalForms(core);
  // Nothing but a place (「上海有限公司」) identifies no one.
  if (!core || regionOf(core) !== null) return { key: null, weakKey: null };

  const key = `${region ?? ''}${core}${branch ? `|${branch}` : ''}`;
  const weakKey = isDistinctive(tradeName(core)) ? core : null;
  return { key, weakKey };
}

/**
 * A phone number as digits: mobile numbers as 11 digits (1[3-9]…), landlines with their area
 * code and leading 0 (021-6234 5678 → 02162345678), 400/800 numbers as 10 digits, other
 * countries as +<digits>. The country code 86, separators and extensions are dropped. Null when
 * the number cannot be placed (no area code, too short), so that a bare 6234 5678 in Shanghai
 * never meets the same digits in Beijing.
 */
export function phoneKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.normalize('NFKC').toLowerCase().trim();
  // Extensions written out: 转 801, ext. 801, x801, #801, 分机801.
  s = s.split(/转|分机|ext\.?|extension|x|#|,|;/)[0]!;
  s = s.replace(/[()（）.\s]+/g, ' ').trim();
  const groups = s.split(/[\s\-–—/]+/).filter(Boolean);
  if (groups.length === 0) return null;
  let international = false;
  let first = groups[0]!;
  if (first.startsWith('+')) {
    international = true;
    first = first.slice(1);
  } else if (first.startsWith('00')) {
    international = true;
    first = first.slice(2);
  }
  groups[0] = first;
  if (groups.some((g) => !/^\d*$/.test(g))) return null;
  let digits = groups.join('');
  if (international || (groups.length > 1 && groups[0] === '86')) {
    if (!digits.startsWith('86')) return digits.length >= 7 ? `+${digits}` : null;
    digits = digits.slice(2);
    groups[0] = groups[0]!.slice(2);
    if (groups[0] === '') groups.shift();
    // From abroad the area code loses its 0: +86 21 6234 5678.
    if (!/^1[3-9]\d{9}$/.test(digits) && !digits.startsWith('0') && !/^[48]00/.test(digits)) {
      digits = `0${digits}`;
      groups[0] = `0${groups[0] ?? ''}`;
    }
  } else if (/^861[3-9]\d{9}$/.test(digits)) {
    digits = digits.slice(2);
  }
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  if (/^01[3-9]\d{9}$/.test(digits)) return digits.slice(1);
  if (/^[48]00\d{7}$/.test(digits)) return digits;
  if (digits.startsWith('0') && digits.length >= 10) {
    const area = /^0[12]/.test(digits) ? 3 : 4;
    let end = digits.length;
    if (end > area + 8) {
      // An extension follows (021-62345678-801): cut where a group ends 8 or 7 digits into the local number.
      const bounds = groups.map((_, i) => groups.slice(0, i + 1).join('').length);
      end = bounds.find((b) => b === area + 8) ?? bounds.find((b) => b === area + 7) ?? area + 8;
    }
    const local = digits.slice(area, end);
    if (local.length < 7 || /^[01]/.test(local)) return null;
    return digits.slice(0, end);
  }
  return null;
}

/** E-mail, trimmed and lower-cased; null unless it looks like an address. */
export function emailKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw.normalize('NFKC').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) ? s : null;
}

/** 统一社会信用代码 written with spaces, in lower case or full width: the 18 upper-case characters. */
export function normalizeCreditCode(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const s = raw
    .normalize('NFKC')
    .replace(/[\s-]+/g, '')
    .toUpperCase();
  return s || null;
}

// Masking (查重 across data scopes): a rep who hits another rep's customer learns that it
// exists and whose it is, not who it is.

/** 「上海星河科技有限公司」 → 「上海**科技有限公司」: the region and the legal and industry tail stay, the trade name goes. */
export function maskCompanyName(name: string): string {
  const s = name.normalize('NFKC').trim();
  if (!/\p{Script=Han}/u.test(s)) return s ? `${s[0]}***` : s;
  let start = 0;
  for (let guard = 0; guard < 3; guard++) {
    const lead = leadingRegion(s.slice(start));
    if (!lead || s.length - start - lead[1] < 2) break;
    start += lead[1];
  }
  let end = s.length;
  const tailPatterns: ((t: string) => number)[] = [
    (t) => /\([^()]*\)$/.exec(t)?.[0].length ?? 0,
    (t) => /[^\p{L}\p{N}]+$/u.exec(t)?.[0].length ?? 0,
    (t) => BRANCHES.find((b) => t.endsWith(b))?.length ?? 0,
    (t) => LEGAL_FORMS.find((f) => t.endsWith(f))?.length ?? 0,
    (t) => INDUSTRY_WORDS.find((w) => t.endsWith(w))?.length ?? 0,
    (t) => REGIONS.find((r) => t.endsWith(r.name))?.name.length ?? 0,
  ];
  for (let changed = true; changed;) {
    changed = false;
    const t = s.slice(start, end).replace(/（/g, '(').replace(/）/g, ')');
    for (const cut of tailPatterns) {
      const n = cut(t);
      // always leave something to hide
      if (n > 0 && t.length - n >= 1) {
        end -= n;
        changed = true;
        break;
      }
    }
  }
  const middle = end - start;
  return `${s.slice(0, start)}${'*'.repeat(Math.min(Math.max(middle, 2), 4))}${s.slice(end)}`;
}

/** 「张伟」 → 「张*」, 「欧阳娜娜」 → 「欧**」, 「John Smith」 → 「J***」. */
export function maskPersonName(name: string): string {
  const s = name.trim();
  if (!s) return s;
  const chars = [...s];
  if (/\p{Script=Han}/u.test(chars[0]!))
    return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 2) || 1)}`;
  return `${chars[0]}***`;
}

/** 138****5678, 021-****5678; what cannot be placed keeps its last four digits only. */
export function maskPhone(raw: string): string {
  const key = phoneKey(raw);
  if (key && /^1\d{10}$/.test(key)) return `${key.slice(0, 3)}****${key.slice(-4)}`;
  if (key && key.startsWith('0')) return `${key.slice(0, /^0[12]/.test(key) ? 3 : 4)}-****${key.slice(-4)}`;
  if (key && /^[48]00/.test(key)) return `${key.slice(0, 3)}-***-${key.slice(-4)}`;
  if (key) return `${key.slice(0, 3)}****${key.slice(-4)}`;
  const digits = raw.replace(/\D/g, '');
  return `****${digits.slice(-4)}`;
}

const PUBLIC_MAIL = new Set([
  'qq.com',
  'foxmail.com',
  '163.com',
  '126.com',
  'yeah.net',
  '139.com',
  'sina.com',
  'sohu.com',
  'aliyun.com',
  'gmail.com',
  'outlook.com',
  'hotmail.com',
  'yahoo.com',
  'icloud.com',
]);

/** 「zhang.wei@hengyuan.com」 → 「z***@h***.com」; public mail domains (qq.com …) stay, they say nothing. */
export function maskEmail(raw: string): string {
  const s = raw.trim().toLowerCase();
  const at = s.lastIndexOf('@');
  if (at < 1) return '***';
  const domain = s.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const maskedDomain = PUBLIC_MAIL.has(domain) || dot < 1 ? domain : `${domain[0]}***${domain.slice(dot)}`;
  return `${s[0]}***@${maskedDomain}`;
}
