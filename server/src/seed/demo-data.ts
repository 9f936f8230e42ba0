/** Word lists for the demo organisation: names, places, companies and the product catalogue. */

/** [hanzi, pinyin] pairs, so the demo's e-mail addresses and WeChat ids match the names. */
// prettier-ignore
export const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'],
  ['黄', 'huang'], ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'],
  ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['林', 'lin'],
  ['高', 'gao'], ['罗', 'luo'], ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'],
  ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'], ['邓', 'deng'], ['曹', 'cao'],
  ['彭', 'peng'], ['曾', 'zeng'], ['肖', 'xiao'], ['田', 'tian'], ['董', 'dong'], ['潘', 'pan'],
  ['袁', 'yuan'], ['蔡', 'cai'], ['蒋', 'jiang'], ['余', 'yu'], ['于', 'yu'], ['杜', 'du'],
  ['叶', 'ye'], ['程', 'cheng'], ['魏', 'wei'], ['苏', 'su'], ['吕', 'lv'], ['丁', 'ding'],
  ['沈', 'shen'], ['任', 'ren'], ['姚', 'yao'], ['卢', 'lu'], ['傅', 'fu'], ['钟', 'zhong'],
  ['姜', 'jiang'], ['崔', 'cui'], ['谭', 'tan'], ['陆', 'lu'], ['范', 'fan'], ['汪', 'wang'],
];

// prettier-ignore
export const GIVEN_CHARS: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'],
  ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'],
  ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['秀', 'xiu'],
  ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'], ['桂', 'gui'], ['建', 'jian'], ['华', 'hua'],
  ['文', 'wen'], ['志', 'zhi'], ['宇', 'yu'], ['欣', 'xin'], ['晨', 'chen'], ['浩', 'hao'],
  ['婷', 'ting'], ['雪', 'xue'], ['鹏', 'peng'], ['辉', 'hui'], ['慧', 'hui'], ['琳', 'lin'],
  ['博', 'bo'], ['然', 'ran'], ['嘉', 'jia'], ['怡', 'yi'], ['思', 'si'], ['瑶', 'yao'],
  ['子', 'zi'], ['轩', 'xuan'], ['梓', 'zi'], ['涵', 'han'], ['俊', 'jun'], ['凯', 'kai'],
  ['海', 'hai'], ['波', 'bo'], ['峰', 'feng'], ['斌', 'bin'], ['颖', 'ying'], ['蕾', 'lei'],
];

export interface City {
  name: string;
  province: string;
  /** 6-digit administrative division code of a district, for credit codes. */
  division: string;
  areaCode: string;
  districts: readonly string[];
  roads: readonly string[];
  /** The city centre (WGS-84): demo accounts are placed around it, visits measured against them. */
  latitude: number;
  longitude: number;
}

/** City centres, WGS-84 [latitude, longitude] (the city government's square or the old centre). */
// prettier-ignore
export const CITY_CENTRES: Record<string, readonly [number, number]> = {
  上海: [31.2304, 121.4737], 杭州: [30.2741, 120.1551], 南京: [32.0603, 118.7969], 苏州: [31.2989, 120.5853],
  宁波: [29.8683, 121.544], 合肥: [31.8206, 117.2272], 无锡: [31.4912, 120.3119], 济南: [36.6512, 117.1201],
  广州: [23.1291, 113.2644], 深圳: [22.5431, 114.0579], 东莞: [23.0207, 113.7518], 佛山: [23.0215, 113.1214],
  厦门: [24.4798, 118.0894], 福州: [26.0745, 119.2965], 南宁: [22.817, 108.3665], 北京: [39.9042, 116.4074],
  天津: [39.3434, 117.3616], 石家庄: [38.0428, 114.5149], 太原: [37.8706, 112.5489], 呼和浩特: [40.8424, 111.749],
  成都: [30.5728, 104.0668], 重庆: [29.563, 106.5516], 昆明: [24.8801, 102.8329], 贵阳: [26.647, 106.6302],
  武汉: [30.5928, 114.3055], 长沙: [28.2282, 112.9388], 郑州: [34.7466, 113.6254], 西安: [34.3416, 108.9398],
  兰州: [36.0611, 103.8343], 沈阳: [41.8057, 123.4315], 大连: [38.914, 121.6147],
};

const city = (
  name: string,
  province: string,
  division: string,
  areaCode: string,
  districts: string[],
  roads: string[],
): City => {
  const [latitude, longitude] = CITY_CENTRES[name] ?? [NaN, NaN];
  return { name, province, division, areaCode, districts, roads, latitude, longitude };
};

export const CITIES_BY_REGION: Record<string, readonly City[]> = {
  华东: [
    city(
      '上海',
      '上海市',
      '310115',
      '021',
      ['浦东新区', '徐汇区', '闵行区', '静安区'],
      ['张江路', '漕河泾开发区宜山路', '龙华中路', '南京西路'],
    ),
    city(
      '杭州',
      '浙江省',
      '330106',
      '0571',
      ['西湖区', '滨江区', '余杭区'],
      ['文三路', '江南大道', '文一西路', '古墩路'],
    ),
    city(
      '南京',
      '江苏省',
      '320106',
      '025',
      ['鼓楼区', '建邺区', '江宁区'],
      ['中山北路', '江东中路', '双龙大道'],
    ),
    city(
      '苏州',
      '江苏省',
      '320505',
      '0512',
      ['工业园区', '虎丘区', '吴中区'],
      ['星湖街', '金鸡湖大道', '狮山路'],
    ),
    city(
      '宁波',
      '浙江省',
      '330212',
      '0574',
      ['鄞州区', '北仑区', '江北区'],
      ['天童南路', '明州路', '长兴路'],
    ),
    city(
      '合肥',
      '安徽省',
      '340104',
      '0551',
      ['蜀山区', '包河区', '高新区'],
      ['长江西路', '望江西路', '创新大道'],
    ),
    city(
      '无锡',
      '江苏省',
      '320214',
      '0510',
      ['新吴区', '滨湖区', '梁溪区'],
      ['长江路', '太湖大道', '人民中路'],
    ),
    city(
      '济南',
      '山东省',
      '370102',
      '0531',
      ['历下区', '高新区', '槐荫区'],
      ['经十路', '舜华路', '工业南路'],
    ),
  ],
  华南: [
    city(
      '广州',
      '广东省',
      '440106',
      '020',
      ['天河区', '黄埔区', '海珠区'],
      ['天河北路', '科学大道', '新港东路'],
    ),
    city(
      '深圳',
      '广东省',
      '440305',
      '0755',
      ['南山区', '福田区', '宝安区', '龙岗区'],
      ['科技园南区高新南七道', '深南大道', '宝安大道', '坂雪岗大道'],
    ),
    city(
      '东莞',
      '广东省',
      '441900',
      '0769',
      ['松山湖', '长安镇', '南城街道'],
      ['工业西路', '东门中路', '鸿福路'],
    ),
    city(
      '佛山',
      '广东省',
      '440604',
      '0757',
      ['禅城区', '南海区', '顺德区'],
      ['季华路', '桂澜路', '大良新城路'],
    ),
    city(
      '厦门',
      '福建省',
      '350203',
      '0592',
      ['思明区', '湖里区', '集美区'],
      ['软件园二期观日路', '湖滨南路', '杏林湾路'],
    ),
    city(
      '福州',
      '福建省',
      '350102',
      '0591',
      ['鼓楼区', '仓山区', '马尾区'],
      ['五四路', '浦上大道', '江滨东大道'],
    ),
    city('南宁', '广西壮族自治区', '450103', '0771', ['青秀区', '西乡塘区'], ['民族大道', '科园大道']),
  ],
  华北: [
    city(
      '北京',
      '北京市',
      '110108',
      '010',
      ['海淀区', '朝阳区', '丰台区', '大兴区'],
      ['中关村大街', '望京街', '丽泽路', '科创十三街'],
    ),
    city(
      '天津',
      '天津市',
      '120116',
      '022',
      ['滨海新区', '南开区', '西青区'],
      ['第五大街', '鞍山西道', '海泰发展六道'],
    ),
    city('石家庄', '河北省', '130102', '0311', ['长安区', '裕华区'], ['中山东路', '槐安东路']),
    city('太原', '山西省', '140105', '0351', ['小店区', '万柏林区'], ['长治路', '迎泽西大街']),
    city('呼和浩特', '内蒙古自治区', '150105', '0471', ['赛罕区', '新城区'], ['敕勒川大街', '新华大街']),
  ],
  西南: [
    city(
      '成都',
      '四川省',
      '510107',
      '028',
      ['武侯区', '高新区', '锦江区'],
      ['天府大道', '益州大道', '人民南路'],
    ),
    city(
      '重庆',
      '重庆市',
      '500112',
      '023',
      ['渝北区', '江北区', '九龙坡区'],
      ['金开大道', '建新北路', '科园一路'],
    ),
    city('昆明', '云南省', '530102', '0871', ['五华区', '盘龙区'], ['人民中路', '北京路']),
    city('贵阳', '贵州省', '520102', '0851', ['南明区', '观山湖区'], ['遵义路', '长岭北路']),
  ],
  华中: [
    city(
      '武汉',
      '湖北省',
      '420106',
      '027',
      ['武昌区', '洪山区', '东湖高新区'],
      ['中北路', '光谷大道', '珞喻路'],
    ),
    city('长沙', '湖南省', '430104', '0731', ['岳麓区', '雨花区'], ['麓谷大道', '韶山中路']),
    city('郑州', '河南省', '410105', '0371', ['金水区', '郑东新区'], ['花园路', '商务外环路']),
  ],
  西北: [
    city('西安', '陕西省', '610113', '029', ['雁塔区', '高新区'], ['科技路', '锦业路']),
    city('兰州', '甘肃省', '620102', '0931', ['城关区', '七里河区'], ['东岗西路', '西津西路']),
  ],
  东北: [
    city('沈阳', '辽宁省', '210106', '024', ['浑南区', '和平区'], ['创新路', '南京北街']),
    city('大连', '辽宁省', '210204', '0411', ['沙河口区', '甘井子区'], ['黄河路', '软件园路']),
  ],
};

/** Trade names (字号) with pinyin for web sites and e-mail domains. */
// prettier-ignore
export const TRADE_NAMES: readonly (readonly [string, string])[] = [
  ['恒信', 'hengxin'], ['鼎盛', 'dingsheng'], ['华瑞', 'huarui'], ['中联', 'zhonglian'], ['凯达', 'kaida'],
  ['汇通', 'huitong'], ['明泰', 'mingtai'], ['宏远', 'hongyuan'], ['瑞丰', 'ruifeng'], ['天成', 'tiancheng'],
  ['永安', 'yongan'], ['金桥', 'jinqiao'], ['博源', 'boyuan'], ['卓越', 'zhuoyue'], ['新锐', 'xinrui'],
  ['远景', 'yuanjing'], ['盛世', 'shengshi'], ['同创', 'tongchuang'], ['嘉禾', 'jiahe'], ['海纳', 'haina'],
  ['东方', 'dongfang'], ['星辰', 'xingchen'], ['睿智', 'ruizhi'], ['致远', 'zhiyuan'], ['安泰', 'antai'],
  ['锦程', 'jincheng'], ['润泽', 'runze'], ['立信', 'lixin'], ['万达', 'wanda'], ['德润', 'derun'],
  ['普华', 'puhua'], ['科瑞', 'kerui'], ['新航', 'xinhang'], ['佳和', 'jiahe'], ['宏图', 'hongtu'],
  ['华宇', 'huayu'], ['信达', 'xinda'], ['中科', 'zhongke'], ['银河', 'yinhe'], ['长青', 'changqing'],
  ['恒达', 'hengda'], ['精工', 'jinggong'], ['启明', 'qiming'], ['英诺', 'yingnuo'], ['协力', 'xieli'],
  ['弘毅', 'hongyi'], ['晨光', 'chenguang'], ['联创', 'lianchuang'], ['腾飞', 'tengfei'], ['众诚', 'zhongcheng'],
  ['泰和', 'taihe'], ['聚源', 'juyuan'], ['丰华', 'fenghua'], ['优品', 'youpin'], ['云帆', 'yunfan'],
  ['天翼', 'tianyi'], ['海川', 'haichuan'], ['北辰', 'beichen'], ['南方', 'nanfang'], ['鸿运', 'hongyun'],
];

/** Business descriptions (行业表述) per industry, for 城市+字号+行业+有限公司. */
export const BUSINESS_BY_INDUSTRY: Record<string, readonly string[]> = {
  manufacturing: ['精密机械', '智能装备', '汽车零部件', '新材料', '电子制造', '模具'],
  it: ['信息技术', '软件', '网络科技', '数据科技', '智能科技'],
  finance: ['融资租赁', '投资管理', '保险代理', '资产管理'],
  retail: ['商贸', '连锁超市', '电子商务', '百货'],
  healthcare: ['医疗器械', '生物医药', '健康管理', '医药连锁'],
  education: ['教育科技', '职业培训', '文化教育'],
  logistics: ['物流', '供应链管理', '国际货运', '冷链物流'],
  energy: ['新能源', '电力工程', '光伏科技', '储能科技'],
  construction: ['建设工程', '建筑设计', '装饰工程', '市政工程'],
  other: ['文化传媒', '餐饮管理', '农业发展', '环保科技'],
};

/** Public bodies have no 有限公司 and no company credit code of ours; a few for variety. */
export const GOVERNMENT_BODIES = [
  '数据资源管理局',
  '工业和信息化局',
  '政务服务中心',
  '市场监督管理局',
  '交通运输局',
];

export const CONTACT_TITLES: readonly (readonly [string, string])[] = [
  ['董事长', 'decision_maker'],
  ['总经理', 'decision_maker'],
  ['副总经理', 'decision_maker'],
  ['技术总监', 'influencer'],
  ['CIO', 'decision_maker'],
  ['财务总监', 'influencer'],
  ['IT 经理', 'evaluator'],
  ['信息中心主任', 'evaluator'],
  ['采购经理', 'gatekeeper'],
  ['采购专员', 'gatekeeper'],
  ['项目经理', 'champion'],
  ['生产经理', 'user'],
  ['运营主管', 'user'],
  ['仓储主管', 'user'],
  ['总经理助理', 'gatekeeper'],
];

export interface ProductSpec {
  sku: string;
  name: string;
  category: string;
  /** List price in yuan. */
  price: number;
  /**
   * What one unit costs us, in yuan: about 35–40 % of list for licences, 65–70 % for hardware,
   * 45–60 % for services and training, so demo quotes show believable margins.
   */
  cost: number;
  unit: string;
  description: string;
  /** Typical quantity range on a deal. */
  qty: readonly [number, number];
}

export const PRODUCTS: readonly ProductSpec[] = [
  {
    sku: 'YT-SW-MES',
    name: '云拓 MES 制造执行系统',
    category: '软件许可',
    price: 480000,
    cost: 168000,
    unit: '套',
    qty: [1, 1],
    description: '生产计划、工单、质量追溯，含 50 个用户许可',
  },
  {
    sku: 'YT-SW-WMS',
    name: '云拓 WMS 仓储管理系统',
    category: '软件许可',
    price: 260000,
    cost: 98800,
    unit: '套',
    qty: [1, 1],
    description: '入库、出库、库位与盘点管理',
  },
  {
    sku: 'YT-SW-IOT',
    name: '云拓 IoT 设备接入平台',
    category: '软件许可',
    price: 180000,
    cost: 72000,
    unit: '套',
    qty: [1, 1],
    description: '支持 Modbus、OPC UA、MQTT 设备接入',
  },
  {
    sku: 'YT-SW-BI',
    name: '云拓 BI 数据分析平台',
    category: '软件许可',
    price: 120000,
    cost: 48000,
    unit: '年',
    qty: [1, 3],
    description: '自助报表与驾驶舱，按年订阅',
  },
  {
    sku: 'YT-SW-OA',
    name: '云拓协同办公 OA',
    category: '软件许可',
    price: 60000,
    cost: 24000,
    unit: '年',
    qty: [1, 3],
    description: '审批流、公文与移动办公，按年订阅',
  },
  {
    sku: 'YT-SW-MOB',
    name: '移动端扩展模块',
    category: '软件许可',
    price: 30000,
    cost: 10500,
    unit: '套',
    qty: [1, 2],
    description: '钉钉 / 企业微信集成',
  },
  {
    sku: 'YT-SW-DMP',
    name: '云拓数据中台',
    category: '软件许可',
    price: 800000,
    cost: 320000,
    unit: '套',
    qty: [1, 1],
    description: '数据集成、治理与资产目录',
  },
  {
    sku: 'YT-HW-G200',
    name: '工业网关 YT-G200',
    category: '硬件设备',
    price: 6800,
    cost: 4420,
    unit: '台',
    qty: [5, 60],
    description: '4G/以太网双链路，DIN 导轨安装',
  },
  {
    sku: 'YT-HW-E500',
    name: '边缘计算服务器 YT-E500',
    category: '硬件设备',
    price: 68000,
    cost: 47600,
    unit: '台',
    qty: [1, 6],
    description: '工业级边缘服务器，含三年质保',
  },
  {
    sku: 'YT-HW-RF10',
    name: 'RFID 读写器 RF10',
    category: '硬件设备',
    price: 3200,
    cost: 2080,
    unit: '台',
    qty: [10, 80],
    description: 'UHF 超高频，远距离读取',
  },
  {
    sku: 'YT-HW-PAD',
    name: '工业平板 T10',
    category: '硬件设备',
    price: 8500,
    cost: 5780,
    unit: '台',
    qty: [5, 40],
    description: 'IP65 防护，车间工位终端',
  },
  {
    sku: 'YT-HW-SCAN',
    name: '智能扫码枪 S3',
    category: '硬件设备',
    price: 1200,
    cost: 780,
    unit: '台',
    qty: [10, 100],
    description: '一维/二维码，无线连接',
  },
  {
    sku: 'YT-HW-RACK',
    name: '机房服务器机柜',
    category: '硬件设备',
    price: 22000,
    cost: 15400,
    unit: '台',
    qty: [1, 4],
    description: '42U 标准机柜，含 PDU',
  },
  {
    sku: 'YT-SV-IMPL',
    name: '实施服务',
    category: '实施服务',
    price: 2500,
    cost: 1250,
    unit: '人天',
    qty: [10, 120],
    description: '需求调研、配置与上线支持',
  },
  {
    sku: 'YT-SV-DEV',
    name: '定制开发',
    category: '实施服务',
    price: 3000,
    cost: 1650,
    unit: '人天',
    qty: [10, 150],
    description: '按需求定制功能与接口开发',
  },
  {
    sku: 'YT-SV-MIGR',
    name: '数据迁移服务',
    category: '实施服务',
    price: 50000,
    cost: 27500,
    unit: '套',
    qty: [1, 1],
    description: '历史数据清洗与迁移',
  },
  {
    sku: 'YT-SV-OPS',
    name: '年度运维服务',
    category: '实施服务',
    price: 80000,
    cost: 36000,
    unit: '年',
    qty: [1, 3],
    description: '7×24 远程运维，季度巡检',
  },
  {
    sku: 'YT-SV-ONSITE',
    name: '驻场支持',
    category: '实施服务',
    price: 2000,
    cost: 1200,
    unit: '人天',
    qty: [10, 60],
    description: '工程师驻场支持',
  },
  {
    sku: 'YT-TR-ADMIN',
    name: '系统管理员培训',
    category: '培训',
    price: 4000,
    cost: 1800,
    unit: '人天',
    qty: [2, 10],
    description: '管理员配置与日常运维培训',
  },
  {
    sku: 'YT-TR-USER',
    name: '最终用户培训',
    category: '培训',
    price: 3000,
    cost: 1350,
    unit: '人天',
    qty: [2, 15],
    description: '面向一线用户的操作培训',
  },
  {
    sku: 'YT-TR-CERT',
    name: '认证工程师培训',
    category: '培训',
    price: 6000,
    cost: 3000,
    unit: '人天',
    qty: [3, 10],
    description: '含认证考试一次',
  },
];

export const LOST_REASONS = [
  '价格过高',
  '选择了竞品',
  '预算取消',
  '项目延期',
  '需求不匹配',
  '决策人变更',
  '客户自研',
];

export const NEXT_STEPS = [
  '安排技术交流会',
  '提交方案与报价',
  '约见采购负责人',
  '准备 POC 环境',
  '跟进合同审批',
  '邀请客户参观样板客户',
  '确认预算与立项时间',
  '发送商务条款修订版',
];

export const CALL_TOPICS = [
  '项目进展',
  '需求细节',
  '报价反馈',
  '上线计划',
  '付款进度',
  '续费意向',
  '试用情况',
  '招标时间',
];
export const MEETING_TOPICS = [
  '需求调研',
  '方案汇报',
  '技术交流',
  '商务谈判',
  '项目启动会',
  '季度回顾',
  '产品演示',
];
export const EMAIL_SUBJECTS = [
  '发送产品资料',
  '发送方案 V2',
  '发送报价单',
  '发送合同草稿',
  '会议纪要',
  '发送案例集',
  '发送培训计划',
];
export const TASK_SUBJECTS = [
  '整理客户需求清单',
  '准备报价单',
  '跟进合同盖章',
  '提交 POC 报告',
  '约下次拜访时间',
  '确认发票信息',
  '更新客户组织架构',
  '回访使用情况',
  '准备投标文件',
  '发送节日问候',
];
export const NOTES = [
  '客户对数据安全比较关注，需要私有化部署方案。',
  '竞争对手已报价，价格比我们低 15% 左右。',
  '决策链：IT 经理评估，总经理拍板，采购走流程。',
  '客户预算在下季度批复，先保持联系。',
  '现场演示效果好，生产经理很认可。',
  '客户希望先做一期试点，再推广到全集团。',
  '需要对接现有 ERP（用友 U8）。',
  '年底有采购窗口，注意跟进招标公告。',
];
export const LEAD_NOTES = [
  '展会上留的名片，对 MES 感兴趣。',
  '官网留言咨询仓储管理系统。',
  '老客户介绍，工厂正在数字化改造。',
  '参加了线上研讨会，希望获取案例资料。',
  '来电咨询报价。',
  '市场活动报名，公司规模约 300 人。',
];
