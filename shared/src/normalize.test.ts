import { describe, expect, it } from 'vitest';
import {
  companyKeys,
  emailKey,
  maskCompanyName,
  maskEmail,
  maskPersonName,
  maskPhone,
  normalizeCreditCode,
  phoneKey,
} from './normalize.js';

/** Spellings of one company that must meet as "same name" (strong key). */
const SAME: [string, string][] = [
  ['华为技术有限公司', '华为技术有限责任公司'],
  ['华为技术有限公司', '华为技术股份有限公司'],
  ['华为技术有限公司', '華為技術有限公司'],
  ['华为技术有限公司', ' 华为技术 有限公司 '],
  ['华为技术有限公司', '华为技术公司'],
  ['阿里巴巴（中国）有限公司', '阿里巴巴(中国)有限公司'],
  ['阿里巴巴（中国）有限公司', '阿里巴巴有限公司'],
  ['苏州恒远精密机械有限公司', '恒远精密机械(苏州)有限公司'],
  ['苏州恒远精密机械有限公司', '苏州市恒远精密机械有限公司'],
  ['苏州恒远精密机械有限公司', '江苏省苏州市恒远精密机械有限公司'],
  ['苏州恒远精密机械有限公司', '恒远精密机械（苏州市）有限公司'],
  ['上海星河贸易有限公司', '上海星河贸易公司'],
  ['上海星河贸易有限公司', '上海·星河贸易有限公司'],
  ['上海星河贸易有限公司', '上海星河贸易有限公司。'],
  ['上海星河贸易有限公司', '上海星河-贸易有限公司'],
  ['上海星河贸易有限公司', '上海市星河贸易有限责任公司'],
  ['北京字节跳动科技有限公司', '北京 字节跳动科技 有限公司'],
  ['中国平安保险（集团）股份有限公司', '中国平安保险股份有限公司'],
  ['海尔集团公司', '海尔集团'],
  ['海尔集团有限公司', '海尔有限公司'],
  ['腾讯科技(深圳)有限公司', '深圳腾讯科技有限公司'],
  ['深圳市腾讯计算机系统有限公司', '腾讯计算机系统(深圳)有限公司'],
  ['小米科技有限责任公司', '小米科技有限公司'],
  ['百度在线网络技术(北京)有限公司', '北京百度在线网络技术有限公司'],
  ['苹果电脑贸易（上海）有限公司', '上海苹果电脑贸易有限公司'],
  ['杭州云拓智能科技有限公司', '【杭州】云拓智能科技有限公司'],
  ['宁波舜宇光学科技（集团）有限公司', '宁波舜宇光学科技集团有限公司'],
  ['华为技术有限公司上海分公司', '华为技术上海分公司'],
  ['华为技术有限公司上海分公司', '华为技术有限公司（上海分公司）'],
  ['招商银行股份有限公司深圳分行', '招商银行深圳分行'],
  ['广州市白云山医药集团股份有限公司', '广州白云山医药集团股份有限公司'],
  ['北京京东世纪贸易有限公司', '京东世纪贸易(北京)有限公司'],
  ['浙江吉利控股集团有限公司', '浙江吉利控股集团'],
  ['美的集团股份有限公司', '美的集团'],
  ['比亚迪股份有限公司', '比亚迪股份公司'],
  ['青岛啤酒股份有限公司', '青岛啤酒股份'],
  ['重庆长安汽车股份有限公司', '重庆长安汽车股份有限公司\u3000'],
  ['成都天府软件园有限公司', '成都市天府软件园有限责任公司'],
  ['东莞市华发五金制品厂', '東莞市華發五金製品廠'],
  ['上海联影医疗科技股份有限公司', '联影医疗科技（上海）股份有限公司'],
  ['西门子（中国）有限公司', '西门子有限公司'],
  ['珠海格力电器股份有限公司', '格力电器(珠海)股份有限公司'],
  ['ＩＢＭ（中国）有限公司', 'IBM(中国)有限公司'],
  ['Apple Inc.', 'APPLE INC'],
  ['Siemens Ltd., China', 'SIEMENS LIMITED'],
  ['Microsoft Corporation', 'Microsoft Corp.'],
  ['Huawei Technologies Co., Ltd.', 'HUAWEI TECHNOLOGIES CO LTD'],
  ['SAP SE', 'sap'],
  ['Apple Computer Trading (Shanghai) Co., Ltd.', 'apple computer trading co ltd (shanghai)'],
];

/** Related names that must meet only as "similar name" (weak key), never as the same name. */
const SIMILAR: [string, string][] = [
  ['上海华为技术有限公司', '华为技术有限公司'],
  ['华为技术有限公司上海分公司', '华为技术有限公司'],
  ['深圳华为技术有限公司', '上海华为技术有限公司'],
  ['苏州恒远精密机械有限公司', '恒远精密机械有限公司'],
  ['江苏恒远精密机械有限公司', '苏州恒远精密机械有限公司'],
  ['广东省深圳市大疆创新科技有限公司', '大疆创新科技有限公司'],
  ['西门子（中国）有限公司', '西门子(上海)有限公司'],
  ['招商银行深圳分行', '招商银行股份有限公司'],
  ['腾讯科技(深圳)有限公司', '腾讯科技(上海)有限公司'],
  ['华为技术有限公司上海分公司', '华为技术有限公司北京分公司'],
];

/** Different companies that must not meet at all, however alike they look. */
const DIFFERENT: [string, string][] = [
  ['上海银行股份有限公司', '北京银行股份有限公司'],
  ['阿里巴巴（中国）有限公司', '阿里巴巴(中国)网络技术有限公司'],
  ['华为技术有限公司', '华为终端有限公司'],
  ['中国银行股份有限公司', '中国建设银行股份有限公司'],
  ['中国银行股份有限公司', '中国工商银行股份有限公司'],
  ['苏州恒远精密机械有限公司', '苏州恒远物流有限公司'],
  ['上海星河贸易有限公司', '上海星海贸易有限公司'],
  ['小米科技有限责任公司', '小米通讯技术有限公司'],
  ['北京大学', '上海大学'],
  ['深圳科技有限公司', '上海科技有限公司'],
  ['上海贸易有限公司', '北京贸易有限公司'],
  ['Apple Inc.', 'Applied Materials Inc.'],
  ['京东方科技集团股份有限公司', '京东科技集团'],
  ['苏州恒远精密机械有限公司', '苏州恒达精密机械有限公司'],
  ['平安银行股份有限公司', '中国平安保险(集团)股份有限公司'],
  ['长城汽车股份有限公司', '长城电脑有限公司'],
  ['中国石油天然气股份有限公司', '中国石油化工股份有限公司'],
  ['上海有限公司', '上海市有限公司'],
  ['大连万达集团股份有限公司', '万科企业股份有限公司'],
  ['美的集团股份有限公司', '美的置业集团有限公司'],
  ['杭州娃哈哈集团有限公司', '杭州哈哈集团有限公司'],
  ['宝山钢铁股份有限公司', '钢铁股份有限公司'],
];

describe('companyKeys', () => {
  it.each(SAME)('%s ≡ %s (same name)', (a, b) => {
    const ka = companyKeys(a);
    const kb = companyKeys(b);
    expect(ka.key).not.toBeNull();
    expect(ka.key).toBe(kb.key);
  });

  it.each(SIMILAR)('%s ≈ %s (similar name only)', (a, b) => {
    const ka = companyKeys(a);
    const kb = companyKeys(b);
    expect(ka.key).not.toBe(kb.key);
    expect(ka.weakKey).not.toBeNull();
    expect(ka.weakKey).toBe(kb.weakKey);
  });

  it.each(DIFFERENT)('%s ≠ %s', (a, b) => {
    const ka = companyKeys(a);
    const kb = companyKeys(b);
    if (ka.key !== null) expect(ka.key).not.toBe(kb.key);
    if (ka.weakKey !== null) expect(ka.weakKey).not.toBe(kb.weakKey);
  });

  it('has enough real-world cases to mean something', () => {
    expect(SAME.length + SIMILAR.length).toBeGreaterThanOrEqual(40);
    expect(DIFFERENT.length).toBeGreaterThanOrEqual(15);
  });

  it('shows the shape of the keys', () => {
    expect(companyKeys('恒远精密机械(苏州)有限公司')).toEqual({
      key: '苏州恒远精密机械',
      weakKey: '恒远精密机械',
    });
    expect(companyKeys('华为技术有限公司上海分公司')).toEqual({
      key: '华为技术|上海分公司',
      weakKey: '华为技术',
    });
    // a region and an industry word are no trade name: no weak key, so 上海银行 never meets 北京银行
    expect(companyKeys('上海银行股份有限公司')).toEqual({ key: '上海银行', weakKey: null });
    expect(companyKeys('北京大学').weakKey).toBeNull();
    // leading 中国 is part of the name (中国银行 is not 银行); only （中国） is noise
    expect(companyKeys('中国银行股份有限公司').key).toBe('中国银行');
  });

  it('gives nothing for empty or meaningless names', () => {
    for (const n of [null, undefined, '', '   ', '有限公司', '上海有限公司', '（中国）有限公司', '...']) {
      expect(companyKeys(n)).toEqual({ key: null, weakKey: null });
    }
  });
});

describe('phoneKey', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-138-1234-5678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['86-13812345678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['(138) 1234 5678', '13812345678'],
    ['013812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['138 1234 5678 ext 12', '13812345678'],
    ['021-6234 5678', '02162345678'],
    ['(021) 62345678', '02162345678'],
    ['（021）6234-5678', '02162345678'],
    ['021-62345678-801', '02162345678'],
    ['021-62345678 转 801', '02162345678'],
    ['021-62345678/62345679', '02162345678'],
    ['02162345678', '02162345678'],
    ['+86 21 6234 5678', '02162345678'],
    ['+86 (21) 6234-5678', '02162345678'],
    ['010-8888 6666', '01088886666'],
    ['0512-6523 4567', '051265234567'],
    ['0512-65234567-123', '051265234567'],
    ['0755-8888888', '07558888888'],
    ['400-820-8820', '4008208820'],
    ['+1 415 555 0100', '+14155550100'],
  ])('%s → %s', (raw, key) => {
    expect(phoneKey(raw)).toBe(key);
  });

  it.each(['6234 5678', '62345678', '12345', 'abc', '', null, '021-123', '12812345678'])(
    '%s cannot be placed → null',
    (raw) => {
      expect(phoneKey(raw)).toBeNull();
    },
  );
});

describe('emailKey and normalizeCreditCode', () => {
  it('trims and lower-cases e-mail, refuses what is not an address', () => {
    expect(emailKey('  Zhang.Wei@HengYuan.COM ')).toBe('zhang.wei@hengyuan.com');
    expect(emailKey('ｚｗ＠ｑｑ．ｃｏｍ')).toBe('zw@qq.com');
    expect(emailKey('not an email')).toBeNull();
    expect(emailKey(null)).toBeNull();
  });

  it('upper-cases the credit code and drops spaces', () => {
    expect(normalizeCreditCode(' 91310000ma1fl0xk38 ')).toBe('91310000MA1FL0XK38');
    expect(normalizeCreditCode('9131 0000 MA1F L0XK 38')).toBe('91310000MA1FL0XK38');
    expect(normalizeCreditCode('')).toBeNull();
  });
});

describe('masking for records outside the caller scope', () => {
  it.each([
    ['上海星河科技有限公司', '上海**科技有限公司'],
    ['恒远精密机械(苏州)有限公司', '**精密机械(苏州)有限公司'],
    ['江苏省苏州市恒远精密机械有限公司', '江苏省苏州市**精密机械有限公司'],
    ['华为技术有限公司上海分公司', '**技术有限公司上海分公司'],
    ['阿里巴巴（中国）网络技术有限公司', '****(中国)网络技术有限公司'],
    ['上海银行股份有限公司', '上海**股份有限公司'],
    ['小米', '**'],
    ['Apple Inc.', 'A***'],
  ])('%s → %s', (name, masked) => {
    expect(maskCompanyName(name)).toBe(masked);
  });

  it('never shows the trade name', () => {
    for (const [name, trade] of [
      ['苏州恒远精密机械有限公司', '恒远'],
      ['深圳市腾讯计算机系统有限公司', '腾讯'],
      ['北京字节跳动科技有限公司', '字节跳动'],
    ])
      expect(maskCompanyName(name!)).not.toContain(trade);
  });

  it('masks people, phones and e-mail', () => {
    expect(maskPersonName('张伟')).toBe('张*');
    expect(maskPersonName('欧阳娜娜')).toBe('欧**');
    expect(maskPersonName('John Smith')).toBe('J***');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('021-6234 5678')).toBe('021-****5678');
    expect(maskPhone('0512-65234567')).toBe('0512-****4567');
    expect(maskPhone('400-820-8820')).toBe('400-***-8820');
    expect(maskPhone('6234 5678')).toBe('****5678');
    expect(maskEmail('Zhang.Wei@HengYuan.com')).toBe('z***@h***.com');
    expect(maskEmail('abc@qq.com')).toBe('a***@qq.com');
  });
});
