// English UI strings. zh.ts must have exactly the same keys (checked by its type).
export const en = {
  app: {
    name: 'Tributary',
    tagline: 'Marketing, distribution and traffic for marketplaces',
  },
  nav: {
    overview: 'Overview',
    merchants: 'Merchants',
  },
  roles: {
    operator: 'Operator',
    merchant: 'Merchant',
    creator: 'Creator',
    agency: 'Agency',
    promoter: 'Promoter',
    integration: 'Integration',
  },
  header: {
    logout: 'Log out',
    switchLanguage: '中文',
    switchLanguageTitle: 'Switch to Chinese',
  },
  login: {
    title: 'Sign in to Tributary',
    user: 'Login',
    userPlaceholder: 'operator, merchant or creator',
    password: 'Password',
    submit: 'Sign in',
    userRequired: 'Enter your login',
    passwordRequired: 'Enter your password',
    failed: 'Sign-in failed',
    demoTitle: 'Demo accounts',
    demoLogins: 'Logins',
    demoPassword: 'Password',
  },
  kpi: {
    gmv: 'GMV',
    orders: 'Orders',
    buyers: 'Buyers',
    visitors: 'Visitors',
    conversion: 'Conversion',
    merchants: 'Active / all merchants',
  },
  range: {
    label: 'Period',
    days: '{{count}} days',
    span: '{{from}} to {{to}}',
  },
  overview: {
    operatorTitle: 'Marketplace overview',
    trendTitle: 'Daily trend',
    topMerchants: 'Top merchants by GMV',
    share: 'Share of GMV',
    noData: 'No data for this period yet.',
  },
  series: {
    gmv: 'GMV (¥)',
    orders: 'Orders',
    visitors: 'Visitors',
  },
  merchantType: {
    self: 'Self-operated',
    pop: 'POP',
  },
  merchants: {
    title: 'Merchants',
    search: 'Search by name',
    name: 'Name',
    type: 'Type',
    stores: 'Stores',
    onboarded: 'Onboarded',
    total: '{{count}} merchants',
    back: 'All merchants',
  },
  partner: {
    title: 'Your earnings will appear here',
    body: 'Creator, agency and promoter earnings arrive with the commissions capability, which Tributary has not shipped yet. Until then there is nothing to show for your account here.',
  },
  integration: {
    title: 'Integration account',
    body: 'Integration accounts talk to Tributary through the REST API. See the API reference at /docs.',
  },
  errors: {
    forbiddenTitle: 'Not allowed',
    forbiddenBody: 'Your account may not view this page.',
    notFoundTitle: 'Not found',
    notFoundBody: 'This page or record does not exist.',
    genericTitle: 'Something went wrong',
    network: 'The server could not be reached.',
    retry: 'Try again',
    home: 'Back to overview',
  },
};

/** The shape every language must provide: the same keys, any strings. */
export type Messages = Shape<typeof en>;
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
