// Simplified Chinese UI strings, typed against en.ts so no key goes missing.
import type { Messages } from './en';

export const zh: Messages = {
  app: {
    name: 'Tributary',
    tagline: '面向电商平台的营销、分销与流量系统',
  },
  nav: {
    overview: '概览',
    merchants: '商家',
  },
  roles: {
    operator: '平台运营',
    merchant: '商家',
    creator: '达人',
    agency: '机构',
    promoter: '推广者',
    integration: '系统集成',
  },
  header: {
    logout: '退出登录',
    switchLanguage: 'English',
    switchLanguageTitle: '切换为英文',
  },
  login: {
    title: '登录 Tributary',
    user: '账号',
    userPlaceholder: 'operator、merchant 或 creator',
    password: '密码',
    submit: '登录',
    userRequired: '请输入账号',
    passwordRequired: '请输入密码',
    failed: '登录失败',
    demoTitle: '演示账号',
    demoLogins: '账号',
    demoPassword: '密码（通用）',
  },
  kpi: {
    gmv: '成交额',
    orders: '订单数',
    buyers: '买家数',
    visitors: '访客数',
    conversion: '转化率',
    merchants: '活跃商家 / 商家总数',
  },
  range: {
    label: '统计周期',
    days: '近 {{count}} 天',
    span: '{{from}} 至 {{to}}',
  },
  overview: {
    operatorTitle: '平台概览',
    trendTitle: '每日趋势',
    topMerchants: '成交额排名靠前的商家',
    share: '成交额占比',
    noData: '该周期暂无数据。',
  },
  series: {
    gmv: '成交额（元）',
    orders: '订单数',
    visitors: '访客数',
  },
  merchantType: {
    self: '自营',
    pop: 'POP',
  },
  merchants: {
    title: '商家',
    search: '按名称搜索',
    name: '名称',
    type: '类型',
    stores: '店铺数',
    onboarded: '入驻时间',
    total: '共 {{count}} 个商家',
    back: '全部商家',
  },
  partner: {
    title: '您的收益将在这里展示',
    body: '达人、机构和推广者的收益将随佣金结算能力一同上线，Tributary 目前尚未提供该能力。在此之前，这里暂无您账号的数据可展示。',
  },
  integration: {
    title: '系统集成账号',
    body: '系统集成账号通过 REST API 与 Tributary 交互，接口文档见 /docs。',
  },
  errors: {
    forbiddenTitle: '无权访问',
    forbiddenBody: '您的账号无权查看此页面。',
    notFoundTitle: '未找到',
    notFoundBody: '该页面或记录不存在。',
    genericTitle: '出错了',
    network: '无法连接服务器。',
    retry: '重试',
    home: '返回概览',
  },
};
